//! Real ML Dockerfiles from `shared/corpus/ml-dockerfiles/` must parse and lower without a single error.

use std::fs;
use std::path::Path;

use dockerlab_engine::{analyze, AnalyzeOptions};

#[test]
fn corpus_files_have_no_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/ml-dockerfiles");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("the corpus folder exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().is_some_and(|name| name != "SOURCES.tsv"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "expected the 12 corpus files, found {}", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        let analysis = analyze(&text, &AnalyzeOptions::default());
        let errors: Vec<String> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("  line {}: [{}] {}", d.span.line, d.code, d.message))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{}:\n{}", path.display(), errors.join("\n")));
        }
        assert!(!analysis.lowered.stages.is_empty(), "{} has no stages", path.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
