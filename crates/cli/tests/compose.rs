//! End-to-end tests of `dockerlab compose`: the real binary on the course's stack and on broken files.

use std::path::PathBuf;
use std::process::{Command, Output};

const STACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../engine/tests/compose/ml-stack.yaml");

fn dockerlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockerlab")).args(args).output().expect("the dockerlab binary runs")
}

fn write(name: &str, text: &str) -> String {
    let dir: PathBuf = std::env::temp_dir().join(format!("dockerlab-compose-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn text_shows_graph_timeline_and_findings() {
    let output = dockerlab(&["compose", STACK]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{text}");
    assert!(text.contains("6 services, profiles: train"), "{text}");
    assert!(text.contains("prometheus → api (service_healthy)"), "{text}");
    assert!(text.contains("docker compose up (simulated"), "{text}");
    assert!(text.contains("train            not started: only in profile train"), "{text}");
    assert!(text.contains("ml-stack.yaml:34:13"), "{text}");
}

#[test]
fn profiles_and_services_change_the_plan() {
    let output = dockerlab(&["compose", STACK, "--profile", "train", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let started: Vec<&str> =
        json["plan"]["services"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(started.contains(&"train"), "{started:?}");
    assert_eq!(json["plan"]["command_line"], "docker compose --profile train up");

    let output = dockerlab(&["compose", STACK, "--service", "api", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let started: Vec<&str> =
        json["plan"]["services"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(started, ["feature-store", "api"]);
    assert_eq!(json["diagnostics"][0]["span"]["line"], 15);
}

#[test]
fn run_simulates_a_one_off_job() {
    let output = dockerlab(&["compose", STACK, "--run", "train"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("docker compose run --rm train"), "{text}");
    assert!(text.contains("run, then exit and remove (--rm)"), "{text}");
}

#[test]
fn errors_exit_with_one_and_are_located() {
    let file = write(
        "cycle.yaml",
        "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on: [a]\n",
    );
    let output = dockerlab(&["compose", &file]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("cycle.yaml:4:18") && text.contains("compose-depends-cycle"), "{text}");
    let output = dockerlab(&["compose", STACK, "--service", "nope"]);
    assert_eq!(output.status.code(), Some(1));
    let output = dockerlab(&["compose", "/no/such/compose.yaml"]);
    assert_eq!(output.status.code(), Some(2));
}
