//! BuildKit's own parser test data, run against our parser: every positive case must dump byte for byte like
//! BuildKit's `result` file, every negative case must produce an error diagnostic, and the line-number case must
//! report BuildKit's ranges. All mismatches are reported at once so one run shows the whole picture.

use std::fs;
use std::path::{Path, PathBuf};

use dockerlab_engine::diagnostic::Severity;
use dockerlab_engine::syntax::Dockerfile;

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/buildkit-parser")
}

fn case_dirs(folder: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(conformance_dir().join(folder))
        .unwrap_or_else(|error| panic!("cannot read {folder}: {error}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    String::from_utf8(bytes).expect("conformance files are UTF-8")
}

#[test]
fn positive_cases_dump_like_buildkit() {
    let dirs = case_dirs("testfiles");
    assert_eq!(dirs.len(), 33, "expected BuildKit's 33 positive cases");
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let parsed = Dockerfile::parse(&read(&dir.join("Dockerfile")));
        let expected = read(&dir.join("result"));
        let actual = parsed.dump() + "\n";
        if actual != expected {
            failures.push(format!("--- {name}\nexpected:\n{expected}actual:\n{actual}"));
        }
        let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        if !errors.is_empty() {
            failures.push(format!("--- {name}: unexpected errors {errors:#?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), dirs.len(), failures.join("\n"));
}

#[test]
fn negative_cases_report_errors() {
    let dirs = case_dirs("testfiles-negative");
    assert_eq!(dirs.len(), 4, "expected BuildKit's 4 negative cases");
    let failing: Vec<String> = dirs
        .iter()
        .filter(|dir| {
            let parsed = Dockerfile::parse(&read(&dir.join("Dockerfile")));
            !parsed.diagnostics.iter().any(|d| d.severity == Severity::Error)
        })
        .map(|dir| dir.display().to_string())
        .collect();
    assert!(failing.is_empty(), "no error diagnostic for: {failing:?}");
}

#[test]
fn line_numbers_match_buildkit() {
    let parsed = Dockerfile::parse(&read(&conformance_dir().join("testfile-line/Dockerfile")));
    let ranges: Vec<(u32, u32)> = parsed.tree.nodes.iter().map(|node| (node.start_line, node.end_line)).collect();
    assert_eq!(ranges, vec![(5, 5), (11, 12), (17, 31)]);
    assert_eq!(parsed.tree.directives.len(), 1, "the upper-case ESCAPE directive is recognised");
    assert_eq!(parsed.tree.directives[0].name, "escape");
    let warnings: Vec<_> = parsed.diagnostics.iter().filter(|d| d.code == "NoEmptyContinuation").collect();
    assert_eq!(warnings.len(), 1, "one warning for the RUN with empty continuation lines");
    assert_eq!(warnings[0].span.line, 19, "pointing at the first empty line");
}
