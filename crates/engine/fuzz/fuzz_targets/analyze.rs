//! Fuzzes the whole Dockerfile pipeline: parsing, lowering, the highlight tokens and the dump must never panic,
//! and every span they report must lie inside the text.
#![no_main]

use dockerlab_engine::diagnostic::Span;
use dockerlab_engine::{analyze, AnalyzeOptions};
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, span: Span, what: &str) {
    let (start, end) = (span.offset as usize, span.end_offset as usize);
    assert!(start <= end, "{what}: span runs backwards: {span:?}");
    assert!(end <= text.len(), "{what}: span ends past the text: {span:?}");
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{what}: {span:?}");
}

fuzz_target!(|data: &[u8]| {
    // Build arguments and a target come from the first line, so those code paths are explored too.
    let text = String::from_utf8_lossy(data);
    let mut options = AnalyzeOptions::default();
    if let Some((header, _)) = text.split_once('\n') {
        if let Some(rest) = header.strip_prefix("#!args ") {
            for pair in rest.split(' ') {
                match pair.split_once('=') {
                    Some(("target", stage)) => options.target = Some(stage.to_string()),
                    Some((name, value)) => {
                        options.build_args.insert(name.to_string(), value.to_string());
                    }
                    None => {}
                }
            }
        }
    }
    let analysis = analyze(&text, &options);
    for diagnostic in &analysis.diagnostics {
        check_span(&text, diagnostic.span, diagnostic.code);
    }
    for token in analysis.tree.tokens(&text) {
        check_span(&text, token.span, "token");
    }
    for instruction in &analysis.lowered.instructions {
        check_span(&text, instruction.span, "instruction");
    }
    let _ = analysis.tree.dump();
});
