//! End-to-end tests of `dockerlab cache`: the real binary on real files and folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn dockerlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockerlab")).args(args).output().expect("the dockerlab binary runs")
}

/// A fresh folder per test, so tests running in parallel do not share files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dockerlab-cache-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, path: &str, text: &str) -> PathBuf {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(&full, text).unwrap();
    full
}

fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

const COPY_ALL_FIRST: &str =
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"src/serve.py\"]\n";

#[test]
fn json_lists_every_instruction_with_status_reason_and_time() {
    let dir = temp_dir("json");
    let dockerfile = write(&dir, "Dockerfile", COPY_ALL_FIRST);
    let output = dockerlab(&["cache", dockerfile.to_str().unwrap(), "--edit", "src/train.py", "--format", "json"]);
    let value = json(&output);
    let instructions = value["instructions"].as_array().expect("an instructions array");
    let summary: Vec<(u64, &str, &str, &str)> = instructions
        .iter()
        .map(|step| {
            (
                step["line"].as_u64().unwrap(),
                step["instruction"].as_str().unwrap(),
                step["stage"].as_str().unwrap(),
                step["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "FROM", "0", "hit"),
            (2, "WORKDIR", "0", "hit"),
            (3, "COPY", "0", "miss"),
            (4, "RUN", "0", "miss"),
            (5, "CMD", "0", "hit")
        ]
    );
    assert_eq!(instructions[2]["reason"], "src/train.py changed");
    assert!(instructions[3]["reason"].as_str().unwrap().contains("earlier step was rebuilt"));
    assert!(instructions[3]["seconds"].as_f64().unwrap() > 60.0);
    assert_eq!(instructions[0]["seconds"].as_f64(), Some(0.0));
    assert!(
        value["first_build"]["total_seconds"].as_f64().unwrap() > value["rebuild"]["total_seconds"].as_f64().unwrap()
    );
}

#[test]
fn a_real_folder_is_the_context_and_dockerignore_applies() {
    let dir = temp_dir("folder");
    write(&dir, "requirements.txt", "fastapi==0.111.0\n");
    write(&dir, "app/main.py", "print('hi')\n");
    write(&dir, "notes/todo.md", "- ship it\n");
    write(&dir, ".env", "TOKEN=secret\n");
    write(&dir, ".dockerignore", "notes\n.env\n");
    let dockerfile = write(
        &dir,
        "Dockerfile",
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
    );
    let context = dir.to_str().unwrap();
    let run = |edit: &str| {
        json(&dockerlab(&[
            "cache",
            dockerfile.to_str().unwrap(),
            "--context",
            context,
            "--edit",
            edit,
            "--format",
            "json",
        ]))
    };
    let statuses = |value: &Value| -> Vec<String> {
        value["instructions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|step| step["status"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(statuses(&run("app/main.py")), ["hit", "hit", "hit", "miss"]);
    assert_eq!(statuses(&run("requirements.txt")), ["hit", "miss", "miss", "miss"]);
    // Excluded by .dockerignore: not in the context, so no step changes.
    assert_eq!(statuses(&run("notes/todo.md")), ["hit", "hit", "hit", "hit"]);
    let value = run("app/main.py");
    assert_eq!(value["context"]["files_before"], 6);
    assert_eq!(value["context"]["files_after"], 4);
    assert_eq!(value["context"]["secrets"][0]["path"], ".env");
    assert_eq!(value["context"]["secrets"][0]["sent"], false);
}

#[test]
fn text_output_explains_and_totals() {
    let dir = temp_dir("text");
    let dockerfile = write(&dir, "Dockerfile", COPY_ALL_FIRST);
    let output = dockerlab(&["cache", dockerfile.to_str().unwrap(), "--edit", "notebooks/exploration.ipynb"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("notebooks/exploration.ipynb changed"), "{stdout}");
    assert!(stdout.contains("(2 of 4 layer steps rebuilt)"), "{stdout}");
    assert!(stdout.contains("[secret-in-layer]"), "{stdout}");
}

#[test]
fn target_and_build_args_reach_the_simulation() {
    let dir = temp_dir("target");
    let dockerfile = write(
        &dir,
        "Dockerfile",
        "FROM python:3.12-slim AS base\nARG V=1\nRUN echo $V\nFROM base AS test\nRUN pytest\nFROM base AS prod\nCMD [\"x\"]\n",
    );
    let value = json(&dockerlab(&[
        "cache",
        dockerfile.to_str().unwrap(),
        "--target",
        "test",
        "--build-arg",
        "V=2",
        "--event",
        "build-arg V=3",
        "--format",
        "json",
    ]));
    let statuses: Vec<&str> =
        value["instructions"].as_array().unwrap().iter().map(|step| step["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["hit", "hit", "miss", "miss", "miss", "skipped", "skipped"]);
    assert!(value["instructions"][2]["reason"].as_str().unwrap().contains("V changed (2 → 3)"));
    assert_eq!(value["instructions"][5]["stage"], "prod");
}

#[test]
fn editing_a_file_that_is_not_there_is_a_usage_error() {
    let dir = temp_dir("missing");
    let dockerfile = write(&dir, "Dockerfile", COPY_ALL_FIRST);
    let output = dockerlab(&["cache", dockerfile.to_str().unwrap(), "--edit", "no/such/file.py"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("there is no no/such/file.py in the build context"));
}
