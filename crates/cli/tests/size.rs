//! End-to-end tests of `dockerlab size`: the real binary on a Dockerfile and a context folder.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const IMAGES: &str = include_str!("../../engine/data/base-images.json");
const PIP: &str = include_str!("../../engine/data/pip-packages.json");

fn dockerlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockerlab")).args(args).output().expect("the dockerlab binary runs")
}

fn project(files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dockerlab-size-test-{}-{}", std::process::id(), files.len()));
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    dir
}

fn published(reference: &str) -> u64 {
    let images: Value = serde_json::from_str(IMAGES).unwrap();
    let image = images["images"].as_array().unwrap().iter().find(|i| i["reference"] == reference).unwrap();
    image["uncompressed_bytes"].as_u64().unwrap()
}

#[test]
fn json_has_the_documented_shape_and_reads_requirements_from_the_context() {
    let dir = project(&[
        ("Dockerfile", "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py .\n"),
        ("requirements.txt", "numpy\n"),
        ("app.py", "print('hello')\n"),
    ]);
    let dockerfile = dir.join("Dockerfile");
    let output =
        dockerlab(&["size", dockerfile.to_str().unwrap(), "--context", dir.to_str().unwrap(), "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let layers = report["layers"].as_array().unwrap();
    let lines: Vec<u64> = layers.iter().map(|l| l["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![0, 3, 4, 5]);
    let keywords: Vec<&str> = layers.iter().map(|l| l["instruction"].as_str().unwrap()).collect();
    assert_eq!(keywords, vec!["FROM", "COPY", "RUN", "COPY"]);
    assert!(layers.iter().all(|l| l["bytes"].is_u64() && l["unknowns"].is_array()));
    assert_eq!(layers[0]["bytes"].as_u64().unwrap(), published("python:3.11-slim-bookworm"));
    let pip: Value = serde_json::from_str(PIP).unwrap();
    assert_eq!(layers[2]["bytes"].as_u64().unwrap(), pip["packages"]["numpy"]["installed_bytes"].as_u64().unwrap());
    assert_eq!(layers[3]["bytes"].as_u64().unwrap(), "print('hello')\n".len() as u64);
    for key in ["total_bytes", "compressed_bytes", "wasted_bytes"] {
        assert!(report[key].is_u64(), "{key}");
    }
    assert!(report["unknowns"].is_array());
}

#[test]
fn text_names_unknowns_and_assume_overrides_them() {
    let dir =
        project(&[("Dockerfile", "FROM python:3.11-slim\nRUN pip install --no-cache-dir not-a-measured-package-x\n")]);
    let dockerfile = dir.join("Dockerfile");
    let output = dockerlab(&["size", dockerfile.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("--assume 'pip:not-a-measured-package-x=BYTES'"), "{stdout}");
    let output = dockerlab(&[
        "size",
        dockerfile.to_str().unwrap(),
        "--format",
        "json",
        "--assume",
        "pip:not-a-measured-package-x=7",
    ]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["layers"][1]["bytes"].as_u64(), Some(7));
}

#[test]
fn a_missing_file_is_an_error_with_exit_code_two() {
    let output = dockerlab(&["size", "/nonexistent/Dockerfile"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
}
