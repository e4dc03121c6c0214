//! Compose lint rules: one "catches" and one "does not catch" case per rule.

use dockerlab_engine::compose::lint::RULES;
use dockerlab_engine::compose::{analyze, ParseOptions};

fn fires(code: &str, text: &str) -> bool {
    analyze(text, &ParseOptions::default()).diagnostics.iter().any(|d| d.code == code)
}

fn svc(body: &str) -> String {
    format!("services:\n  api:\n{body}")
}

#[test]
fn every_rule_has_a_catch_and_a_miss() {
    let cases: &[(&str, String, String)] = &[
        ("compose-image-unpinned", svc("    image: python:latest\n"), svc("    image: python:3.12-slim\n")),
        ("compose-image-unpinned", svc("    image: redis\n"), svc("    image: redis@sha256:abc\n")),
        (
            "compose-secret-in-environment",
            svc("    image: a:1\n    environment:\n      HF_TOKEN: hf_123\n"),
            svc("    image: a:1\n    environment:\n      HF_TOKEN: ${HF_TOKEN}\n"),
        ),
        (
            "compose-model-volume-writable",
            svc("    image: a:1\n    volumes: [\"./models:/app/models\"]\n"),
            svc("    image: a:1\n    volumes: [\"./models:/app/models:ro\"]\n"),
        ),
        (
            "compose-healthy-without-healthcheck",
            "services:\n  db:\n    image: a:1\n  api:\n    image: a:1\n    depends_on:\n      db:\n        condition: service_healthy\n".into(),
            "services:\n  db:\n    image: a:1\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n  api:\n    image: a:1\n    depends_on:\n      db:\n        condition: service_healthy\n".into(),
        ),
        ("compose-port-all-interfaces", svc("    image: a:1\n    ports: [\"8000:8000\"]\n"), svc("    image: a:1\n    ports: [\"127.0.0.1:8000:8000\"]\n")),
        (
            "compose-job-without-profile",
            "services:\n  train:\n    build: .\n".into(),
            "services:\n  train:\n    build: .\n    profiles: [train]\n".into(),
        ),
        (
            "compose-gpu-reservation",
            svc("    image: a:1\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: all\n"),
            svc("    image: a:1\n    deploy:\n      resources:\n        limits:\n          memory: 4g\n"),
        ),
        ("compose-unknown-service", svc("    image: a:1\n    depends_on: [db]\n"), svc("    image: a:1\n")),
        (
            "compose-depends-cycle",
            "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on: [a]\n".into(),
            "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n".into(),
        ),
        (
            "compose-undefined-volume",
            svc("    image: a:1\n    volumes: [\"cache:/cache\"]\n"),
            svc("    image: a:1\n    volumes: [\"cache:/cache\"]\nvolumes:\n  cache:\n"),
        ),
        (
            "compose-profile-dependency",
            svc("    image: a:1\n    depends_on: [gpu]\n  gpu:\n    image: a:1\n    profiles: [gpu]\n"),
            svc("    image: a:1\n    profiles: [gpu]\n    depends_on: [gpu]\n  gpu:\n    image: a:1\n    profiles: [gpu]\n"),
        ),
    ];
    for (code, catches, misses) in cases {
        assert!(fires(code, catches), "{code} should catch:\n{catches}");
        assert!(!fires(code, misses), "{code} should not catch:\n{misses}");
    }
    for (code, _) in RULES {
        assert!(cases.iter().any(|(c, _, _)| c == code), "{code} has no case");
    }
}

#[test]
fn the_course_stack_gets_teaching_findings_only() {
    let stack = include_str!("compose/ml-stack.yaml");
    let found: Vec<(&str, u32)> =
        analyze(stack, &ParseOptions::default()).diagnostics.iter().map(|d| (d.code, d.span.line)).collect();
    // Three published ports and nothing worse: the lesson's stack is the good example.
    assert_eq!(
        found,
        [("compose-port-all-interfaces", 15), ("compose-port-all-interfaces", 34), ("compose-port-all-interfaces", 57)]
    );
}
