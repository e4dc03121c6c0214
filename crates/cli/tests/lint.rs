//! End-to-end tests of `dockerlab lint`: the real binary, every output format parsed, exit codes by threshold.

use std::path::PathBuf;
use std::process::{Command, Output};

fn dockerlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockerlab")).args(args).output().expect("the dockerlab binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dockerlab-lint-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// A Dockerfile whose worst finding is a warning (ML011, pip without --no-cache-dir) plus infos.
const WARNING: &str = "FROM python:3.12-slim\nRUN pip install torch==2.3.1\nUSER app\nCMD [\"python\", \"serve.py\"]\n";
/// Only style: a lowercase keyword among upper-case ones, with everything else silenced.
const STYLE: &str = "# dockerlab global ignore=ML003,ML021\nFROM python:3.12-slim\nrun echo a\nRUN echo b && echo c\n";

#[test]
fn json_lists_findings_with_the_promised_fields() {
    let dir = temp_dir("json");
    let file = write(&dir, "Dockerfile", WARNING);
    let output = dockerlab(&["lint", "--format", "json", &file]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let findings = findings.as_array().expect("an array");
    let pip = findings.iter().find(|f| f["code"] == "ML011").expect("ML011 reported");
    for field in ["file", "line", "column", "end_line", "code", "aliases", "severity", "message"] {
        assert!(!pip[field].is_null(), "missing {field}");
    }
    assert_eq!(pip["aliases"], serde_json::json!(["DL3042"]));
    assert_eq!(
        (pip["line"].as_u64(), pip["column"].as_u64(), pip["severity"].as_str()),
        (Some(2), Some(5), Some("warning"))
    );
    assert_eq!(pip["file"].as_str(), Some(file.as_str()));
}

#[test]
fn exit_code_follows_the_failure_threshold() {
    let dir = temp_dir("threshold");
    let warning = write(&dir, "warning.Dockerfile", WARNING);
    let style = write(&dir, "style.Dockerfile", STYLE);
    let code = |args: &[&str]| dockerlab(args).status.code();
    assert_eq!(code(&["lint", &warning]), Some(1), "default threshold info fails on a warning");
    assert_eq!(code(&["lint", "--failure-threshold", "warning", &warning]), Some(1));
    assert_eq!(code(&["lint", "--failure-threshold", "error", &warning]), Some(0));
    assert_eq!(code(&["lint", "--failure-threshold", "none", &warning]), Some(0));
    assert_eq!(code(&["lint", &style]), Some(0), "style does not fail at info");
    assert_eq!(code(&["lint", "--failure-threshold", "style", &style]), Some(1));
    assert_eq!(code(&["lint", &dir.join("missing").to_string_lossy()]), Some(2), "unreadable file");
}

#[test]
fn sarif_is_valid_json_in_the_2_1_0_shape() {
    let dir = temp_dir("sarif");
    let file = write(&dir, "Dockerfile", WARNING);
    let output = dockerlab(&["lint", "--format", "sarif", &file]);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert!(run["tool"]["driver"]["rules"].as_array().is_some_and(|rules| rules.len() > 40));
    let result = run["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "ML011").expect("ML011");
    assert_eq!(result["level"], "warning");
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

#[test]
fn checkstyle_is_well_formed_xml() {
    let dir = temp_dir("checkstyle");
    // Quotes and angle brackets in messages must be escaped.
    let file =
        write(&dir, "Dockerfile", "FROM python:3.12-slim\nMAINTAINER Ada <ada@example.com>\nCMD python \"serve.py\"\n");
    let output = dockerlab(&["lint", "--format", "checkstyle", &file]);
    let text = String::from_utf8(output.stdout).unwrap();
    let document = roxmltree::Document::parse(&text).expect("well-formed XML");
    let errors: Vec<_> = document.descendants().filter(|node| node.has_tag_name("error")).collect();
    assert!(errors.iter().any(|node| node.attribute("source") == Some("dockerlab.ML066")));
    assert!(errors.iter().all(|node| node.attribute("line").is_some() && node.attribute("message").is_some()));
}

#[test]
fn tty_underlines_and_context_enables_dockerignore_rules() {
    let dir = temp_dir("context");
    let file = write(&dir, "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n");
    write(&dir, ".env", "HF_TOKEN=hf_x\n");
    write(&dir, "data/train.csv", "a,b\n1,2\n");
    let without = String::from_utf8(dockerlab(&["lint", &file]).stdout).unwrap();
    assert!(!without.contains("ML050"));
    let with = String::from_utf8(dockerlab(&["lint", "--context", dir.to_str().unwrap(), &file]).stdout).unwrap();
    assert!(with.contains("warning[ML050]") && with.contains("error[ML031]"), "{with}");
    assert!(with.contains("3 | COPY . .\n  |      ^"), "{with}");
}
