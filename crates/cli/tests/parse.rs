//! End-to-end tests of `dockerlab parse`: the real binary on files, as a user runs it.

use std::path::PathBuf;
use std::process::{Command, Output};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn dockerlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockerlab")).args(args).output().expect("the dockerlab binary runs")
}

fn write_temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dockerlab-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_sound_dockerfile_lists_its_stages_and_exits_zero() {
    let path = write_temp(
        "multi.Dockerfile",
        "FROM python:3.12 AS build\nRUN pip wheel -w /wheels torch\nFROM python:3.12-slim\n\
         COPY --from=build /wheels /wheels\nCMD [\"python\", \"serve.py\"]\n",
    );
    let output = dockerlab(&["parse", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("2 stages, 5 instructions, 0 errors"), "{stdout}");
    assert!(stdout.contains("stage 0 \"build\" from python:3.12"), "{stdout}");
    assert!(stdout.contains("stage 1 from python:3.12-slim (target)"), "{stdout}");
}

#[test]
fn an_error_is_located_with_a_suggestion_and_exits_one() {
    let path = write_temp("typo.Dockerfile", "FROM python:3.12-slim\n  RUNN pip install torch\nWORKDIR /app\n");
    let output = dockerlab(&["parse", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stderr.contains("typo.Dockerfile:2:3: error: unknown instruction: RUNN [unknown-instruction]"), "{stderr}");
    assert!(stderr.contains("did you mean RUN?"), "{stderr}");
    // The lines after the broken one are still analysed.
    assert!(stdout.contains("WORKDIR /app"), "{stdout}");
}

#[test]
fn dump_format_matches_buildkit_test_data() {
    let case = shared().join("conformance/buildkit-parser/testfiles/brimstone-consuldock");
    let output = dockerlab(&["parse", "--format", "buildkit", case.join("Dockerfile").to_str().unwrap()]);
    assert!(output.status.success());
    let expected = std::fs::read_to_string(case.join("result")).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

#[test]
fn json_format_is_valid_json_with_stages_and_diagnostics() {
    let path = write_temp("json.Dockerfile", "ARG BASE=python:3.11\nFROM ${BASE}-slim\nRUN echo hi\n");
    let output = dockerlab(&["parse", "--format", "json", path.to_str().unwrap()]);
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value["lowered"]["stages"][0]["base"]["value"], "python:3.11-slim");
    assert_eq!(value["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn build_args_reach_the_from_line() {
    let path = write_temp("arg.Dockerfile", "ARG BASE=python:3.11\nFROM ${BASE}-slim\n");
    let output = dockerlab(&["parse", "--build-arg", "BASE=python:3.12", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("from python:3.12-slim"));
}

#[test]
fn a_missing_file_is_a_clear_usage_error() {
    let output = dockerlab(&["parse", "/nonexistent/Dockerfile"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read /nonexistent/Dockerfile"), "{stderr}");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dockerlab"))
        .args(["parse", "--format", "buildkit", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"from alpine AS Build\nRUN [\"echo\", \"hi\"]\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "(from \"alpine\" \"AS\" \"Build\")\n(run \"echo\" \"hi\")\n");
}

#[test]
fn negative_conformance_cases_are_rejected_with_a_located_error() {
    let dir = shared().join("conformance/buildkit-parser/testfiles-negative");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file = entry.unwrap().path().join("Dockerfile");
        let output = dockerlab(&["parse", "--format", "buildkit", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{}: {stderr}", file.display());
        let location = format!("{}:", file.display());
        let first = stderr.lines().next().unwrap_or("");
        let rest = first.strip_prefix(&location).unwrap_or_else(|| panic!("not located: {first}"));
        let mut parts = rest.splitn(3, ':');
        let (line, column) = (parts.next().unwrap(), parts.next().unwrap());
        assert!(line.parse::<u32>().is_ok() && column.parse::<u32>().is_ok(), "{first}");
        assert!(parts.next().unwrap().starts_with(" error: "), "{first}");
    }
}
