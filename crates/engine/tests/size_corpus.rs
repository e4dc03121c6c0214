//! Every Dockerfile of the ML corpus (`../shared/corpus/ml-dockerfiles`) gets an estimate, with its unknowns named.

use std::path::PathBuf;

use dockerlab_engine::instructions::InstructionKind;
use dockerlab_engine::size::{estimate, SizeOptions};
use dockerlab_engine::{analyze, AnalyzeOptions};

fn corpus() -> Vec<(String, String)> {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/ml-dockerfiles");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", directory.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.file_name().is_some_and(|n| n.to_string_lossy().contains("Dockerfile")))
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_file_gets_an_estimate_with_its_unknowns() {
    let files = corpus();
    assert_eq!(files.len(), 12, "the corpus has twelve Dockerfiles");
    let mut summary = Vec::new();
    for (name, text) in &files {
        let analysis = analyze(text, &AnalyzeOptions::default());
        let report = estimate(&analysis, None, &SizeOptions::default());
        assert!(!report.layers.is_empty(), "{name}: no layers");
        assert_eq!(report.layers[0].line, 0, "{name}: the base image comes first, at line 0");
        assert!(report.total_bytes > 0, "{name}: an image of nothing");
        assert!(report.compressed_bytes <= report.total_bytes, "{name}: compressed above uncompressed");
        // Every layer points at an instruction of the file that makes layers.
        for layer in &report.layers[1..] {
            let instruction = analysis.lowered.instructions.iter().find(|i| i.start_line == layer.line);
            let instruction =
                instruction.unwrap_or_else(|| panic!("{name}: layer at line {} has no instruction", layer.line));
            assert!(
                matches!(
                    instruction.kind,
                    InstructionKind::Run(_) | InstructionKind::Copy(_) | InstructionKind::Add(_)
                ),
                "{name}: line {} is not RUN, COPY or ADD",
                layer.line
            );
        }
        // Without a context every COPY or ADD from the context is an assumption, and says so.
        for layer in report.layers.iter().filter(|l| l.instruction == "COPY" && l.bytes > 0) {
            assert!(
                !layer.unknowns.is_empty(),
                "{name}: COPY at line {} sized without a context or an unknown",
                layer.line
            );
        }
        for unknown in &report.unknowns {
            assert!(
                !unknown.key.is_empty() && !unknown.message.is_empty() && !unknown.assumption.is_empty(),
                "{name}: {unknown:?}"
            );
        }
        let flat: usize = report.layers.iter().map(|l| l.unknowns.len()).sum();
        assert_eq!(flat, report.unknowns.len(), "{name}: the report lists every layer's unknowns");
        summary.push(format!(
            "{name}: {} layers, {:.2} GB, {:.2} GB compressed, {} unknowns",
            report.layers.len(),
            report.total_bytes as f64 / 1e9,
            report.compressed_bytes as f64 / 1e9,
            report.unknowns.len()
        ));
    }
    println!("{}", summary.join("\n"));
}

/// Half-typed Dockerfiles: every prefix of every corpus file (cut at a char boundary every few dozen bytes) gets
/// an estimate without panicking, and every unknown still names its assumption.
#[test]
fn every_prefix_of_the_corpus_gets_an_estimate() {
    for (name, text) in corpus() {
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let report =
                    estimate(&analyze(&text[..cut], &AnalyzeOptions::default()), None, &SizeOptions::default());
                assert!(report.unknowns.iter().all(|u| !u.assumption.is_empty()), "{name} cut at {cut}");
            }
            cut += 61;
        }
    }
}
