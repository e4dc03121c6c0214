//! Parsing and lowering never panic: every prefix of BuildKit's conformance inputs, prefixes of the real ML
//! Dockerfiles, and thousands of randomly mangled variants (fixed seed, so failures reproduce) all go through the
//! whole pipeline, and the spans that come out must lie inside the text.

use std::fs;
use std::path::{Path, PathBuf};

use dockerlab_engine::diagnostic::Span;
use dockerlab_engine::syntax::Dockerfile;
use dockerlab_engine::{analyze, AnalyzeOptions};

/// xorshift64*: a tiny deterministic generator, enough to mangle text reproducibly.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

fn inputs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut paths: Vec<PathBuf> = Vec::new();
    for folder in ["conformance/buildkit-parser/testfiles", "conformance/buildkit-parser/testfiles-negative"] {
        for entry in fs::read_dir(root.join(folder)).unwrap() {
            paths.push(entry.unwrap().path().join("Dockerfile"));
        }
    }
    paths.push(root.join("conformance/buildkit-parser/testfile-line/Dockerfile"));
    for entry in fs::read_dir(root.join("corpus/ml-dockerfiles")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|name| name != "SOURCES.tsv") {
            paths.push(path);
        }
    }
    paths.sort();
    paths.into_iter().map(|path| (path.display().to_string(), fs::read_to_string(&path).unwrap())).collect()
}

fn assert_span_inside(span: &Span, text: &str, context: &str) {
    let (start, end) = (span.offset as usize, span.end_offset as usize);
    assert!(start <= end && end <= text.len(), "{context}: span {span:?} outside text");
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{context}: split char");
}

/// Runs the whole pipeline and checks what can be checked about any input.
fn exercise(text: &str, context: &str) {
    let analysis = analyze(text, &AnalyzeOptions::default());
    for diagnostic in &analysis.diagnostics {
        assert_span_inside(&diagnostic.span, text, context);
    }
    for node in &analysis.tree.nodes {
        assert_span_inside(&node.span, text, context);
        for argument in &node.arguments {
            assert_span_inside(&argument.span, text, context);
        }
        for flag in &node.flags {
            assert_span_inside(&flag.span, text, context);
        }
    }
    let _ = analysis.tree.dump();
    let tokens = analysis.tree.tokens(text);
    for pair in tokens.windows(2) {
        assert!(pair[0].span.end_offset <= pair[1].span.offset, "{context}: overlapping tokens");
    }
    for token in &tokens {
        assert_span_inside(&token.span, text, context);
    }
}

#[test]
fn every_prefix_of_the_conformance_inputs() {
    for (name, text) in inputs().iter().filter(|(name, _)| name.contains("conformance")) {
        for (end, _) in text.char_indices() {
            exercise(&text[..end], &format!("{name} prefix {end}"));
        }
        exercise(text, name);
    }
}

#[test]
fn prefixes_of_the_corpus() {
    // Every prefix of the 72 kB corpus would be 72 000 parses of up to 13 kB each, over a minute in a debug build.
    // Every line end plus a stride that still cuts lines in the middle of flags, quotes, continuations and
    // heredocs keeps the test to a few seconds.
    for (name, text) in inputs().iter().filter(|(name, _)| name.contains("corpus")) {
        for (end, ch) in text.char_indices() {
            if ch == '\n' || end % 23 == 0 {
                exercise(&text[..end], &format!("{name} prefix {end}"));
            }
        }
    }
}

#[test]
fn random_edits_never_panic() {
    const PIECES: &[&str] = &[
        "\\",
        "\\\n",
        "`",
        "\"",
        "'",
        "$",
        "${",
        "}",
        "[",
        "]",
        "<<",
        "<<-",
        "EOF",
        "\n",
        "\r\n",
        " ",
        "\t",
        "--",
        "=",
        "#",
        ",",
        "♥",
        "\u{feff}",
        "\0",
        "ONBUILD ",
        "FROM ",
        "COPY --from=",
        "RUN --mount=",
        "AS ",
        "{\"",
        "\\u",
        "# escape=`\n",
        "HEALTHCHECK ",
        "ENV ",
        "ARG ",
    ];
    let mut random = Random(0x5EED_D0C4_E7F1_1E00);
    for (name, text) in inputs() {
        for round in 0..60 {
            let mut mangled = text.clone();
            for _ in 0..1 + random.below(4) {
                let mut at = random.below(mangled.len() + 1);
                while !mangled.is_char_boundary(at) {
                    at -= 1;
                }
                match random.below(3) {
                    0 => mangled.insert_str(at, PIECES[random.below(PIECES.len())]),
                    1 => {
                        let mut end = (at + random.below(40)).min(mangled.len());
                        while !mangled.is_char_boundary(end) {
                            end -= 1;
                        }
                        mangled.replace_range(at..end, "");
                    }
                    _ => {
                        let byte = (random.next() % 128) as u8 as char;
                        mangled.insert(at, byte);
                    }
                }
            }
            exercise(&mangled, &format!("{name} round {round}"));
        }
    }
}

#[test]
fn hostile_shapes() {
    let long_line = format!("FROM a\nRUN {}\n", "x".repeat(70_000));
    let deep_onbuild = format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(5_000));
    let many_continuations = format!("FROM a\nRUN a \\\n{}b\n", "\\\n".repeat(10_000));
    let many_heredocs = format!("FROM a\nRUN {}\n", "<<EOF ".repeat(2_000));
    let nested_json = format!("FROM a\nCMD {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let too_long = Dockerfile::parse(&long_line);
    assert!(too_long.diagnostics.iter().any(|d| d.code == "line-too-long"), "a line over 64 KiB is reported");
    for text in [long_line, deep_onbuild, many_continuations, many_heredocs, nested_json] {
        exercise(&text, "hostile");
    }
}

#[test]
fn a_300_line_file_is_fast() {
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG BASE=python:3.12-slim\nFROM ${BASE} AS base\n");
    for index in 0..100 {
        text.push_str(&format!("ENV VAR_{index}=value_{index} PATH=/opt/bin:$PATH\n"));
        text.push_str(&format!("RUN --mount=type=cache,target=/root/.cache/pip pip install pkg{index} && \\\n"));
        text.push_str("    echo done\n");
    }
    let started = std::time::Instant::now();
    let analysis = analyze(&text, &AnalyzeOptions::default());
    let elapsed = started.elapsed();
    assert!(analysis.diagnostics.is_empty(), "{:?}", analysis.diagnostics.first());
    // Generous for an unoptimised test build on a busy machine; release builds are far faster.
    assert!(elapsed.as_millis() < 250, "took {elapsed:?}");
}
