//! Ignore comments, handled once for every rule: hadolint's, BuildKit's `check` directive, and Dockerlab's own.

use dockerlab_engine::lint::{lint, LintOptions};

fn codes(text: &str) -> Vec<&'static str> {
    lint(text, &LintOptions::default(), None).into_iter().map(|finding| finding.code).collect()
}

const PIP: &str = "RUN pip install torch\n";

#[test]
fn hadolint_ignore_above_an_instruction_silences_its_aliases() {
    let text = format!("FROM python:3.12-slim\n# hadolint ignore=DL3042,DL3013\n{PIP}RUN pip install numpy\n");
    let lines: Vec<u32> = lint(&text, &LintOptions::default(), None)
        .into_iter()
        .filter(|f| f.code == "ML011" || f.code == "ML012")
        .map(|f| f.span.line)
        .collect();
    assert_eq!(lines, [4, 4], "only the unannotated RUN keeps its findings");
}

#[test]
fn hadolint_global_ignore_silences_the_file() {
    let text = format!("# hadolint global ignore=DL3042\nFROM python:3.12-slim\n{PIP}");
    assert!(!codes(&text).contains(&"ML011"));
    assert!(codes(&text).contains(&"ML012"));
}

#[test]
fn check_directive_skips_buildkit_checks() {
    let text = "# check=skip=JSONArgsRecommended\nFROM python:3.12-slim\nCMD python serve.py\n";
    assert!(!codes(text).contains(&"ML023"));
    let all = "# check=skip=all\nFROM python:3.12-slim AS Build\nCMD python serve.py\n";
    let found = codes(all);
    assert!(!found.contains(&"ML023") && !found.contains(&"ML060"));
    assert!(found.contains(&"ML003"), "skip=all leaves rules that are not BuildKit checks");
    let per_instruction = "FROM python:3.12-slim\n# check=skip=JSONArgsRecommended\nCMD python serve.py\n";
    assert!(!codes(per_instruction).contains(&"ML023"));
}

#[test]
fn dockerlab_ignore_takes_codes_names_and_aliases() {
    for pragma in ["ML011", "pip-no-cache-dir", "DL3042", "ml011"] {
        let text = format!("FROM python:3.12-slim\n# dockerlab ignore={pragma}\n{PIP}");
        assert!(!codes(&text).contains(&"ML011"), "{pragma}");
    }
    let global = format!("# dockerlab global ignore=ML012\nFROM python:3.12-slim\n{PIP}");
    assert!(!codes(&global).contains(&"ML012"));
}

#[test]
fn ignores_do_not_leak_to_other_instructions_or_rules() {
    let text = format!("FROM python:3.12-slim\n# hadolint ignore=DL3008\n{PIP}");
    assert!(codes(&text).contains(&"ML011"));
    let text = format!("FROM python:3.12-slim\n# a comment: hadolint ignore=DL3042 is how you would do it\n{PIP}");
    assert!(codes(&text).contains(&"ML011"));
}
