//! Parsing Compose files: the course's stack, the syntaxes Compose accepts, and located errors.

use dockerlab_engine::compose::model::MountKind;
use dockerlab_engine::compose::{analyze, Condition, ParseOptions};

const STACK: &str = include_str!("compose/ml-stack.yaml");
const EDGES: &str = include_str!("compose/edge-cases.yaml");

fn codes(text: &str) -> Vec<(&'static str, u32, u32)> {
    analyze(text, &ParseOptions::default()).diagnostics.iter().map(|d| (d.code, d.span.line, d.span.column)).collect()
}

#[test]
fn the_fixture_is_the_lessons_stack() {
    let lesson = include_str!("../../../lessons/compose-ml-stack.md");
    assert!(lesson.contains(STACK.trim_end()), "tests/compose/ml-stack.yaml drifted from the lesson's yaml block");
}

#[test]
fn the_course_stack_reads_completely() {
    let analysis = analyze(STACK, &ParseOptions::default());
    assert!(analysis.diagnostics.iter().all(|d| !d.is_error()), "{:#?}", analysis.diagnostics);
    let file = &analysis.file;
    let names: Vec<&str> = file.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["feature-store", "tracking", "train", "api", "prometheus", "grafana"]);
    let train = file.service("train").unwrap();
    assert_eq!(train.profiles, ["train"]);
    assert_eq!(train.build.as_ref().unwrap().context, "./training");
    assert_eq!(train.depends_on[0].condition, Condition::ServiceHealthy);
    assert_eq!(train.depends_on[1].condition, Condition::ServiceStarted);
    assert_eq!(train.environment[0].value.as_deref(), Some("http://tracking:5000"));
    assert!(train.volumes[0].read_only && train.volumes[0].kind == MountKind::Bind);
    let api = file.service("api").unwrap();
    let check = api.healthcheck.as_ref().unwrap();
    assert_eq!(
        (check.interval_s, check.timeout_s, check.retries, check.start_period_s),
        (Some(10.0), Some(3.0), Some(5), Some(30.0))
    );
    assert_eq!(api.ports[0].published.as_deref(), Some("8000"));
    let tracking = file.service("tracking").unwrap();
    assert_eq!(tracking.volumes[0].kind, MountKind::Volume);
    assert_eq!(tracking.command.as_ref().unwrap().value[0], "mlflow");
    assert_eq!(file.volumes[0].name, "mlflow-data");
    assert_eq!(file.service("grafana").unwrap().depends_on[0].service, "prometheus");
}

#[test]
fn anchors_merge_keys_interpolation_and_long_syntax() {
    let mut options = ParseOptions::default();
    options.env.insert("TAG".into(), "2.1".into());
    let analysis = analyze(EDGES, &options);
    let api = analysis.file.service("api").unwrap();
    assert_eq!(api.image.as_ref().unwrap().value, "ghcr.io/acme/api:2.1");
    assert_eq!(api.restart.as_deref(), Some("unless-stopped"));
    assert_eq!(api.environment[0].name, "LOG_LEVEL");
    assert_eq!(api.ports[1].host_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(api.ports[1].target, "9000");
    assert_eq!(api.volumes[0].kind, MountKind::Bind);
    let trainer = analysis.file.service("trainer").unwrap();
    assert_eq!(trainer.build.as_ref().unwrap().args, vec![("TORCH".to_string(), Some("2.3".to_string()))]);
    assert_eq!(trainer.gpus[0].count.as_deref(), Some("1"));
    // `${DB_PASSWORD}` is unset: an empty value and a located warning.
    assert!(codes(EDGES).contains(&("compose-interpolation", 27, 9)), "{:?}", codes(EDGES));
}

#[test]
fn yaml_errors_are_located() {
    assert_eq!(codes("services:\n  a:\n    image: [x\n"), [("compose-yaml", 4, 1)]);
    assert_eq!(codes("services:\n  a:\n    image: x\n  a:\n    image: y\n"), [("compose-yaml", 4, 3)]);
}

#[test]
fn structure_errors_are_located() {
    assert_eq!(codes("services:\n  a:\n    image: redis:7\n    imgae: x\n"), [("compose-unknown-key", 4, 5)]);
    assert_eq!(
        codes("services:\n  a:\n    ports: [\"80:http\"]\n    image: redis:7\n"),
        [("compose-structure", 3, 13)]
    );
    assert_eq!(codes("services:\n  a:\n    x-note: fine\n    restart: always\n"), [("compose-structure", 2, 3)]);
    assert_eq!(codes("- a\n"), [("compose-structure", 1, 1)]);
    assert_eq!(codes(""), [("compose-structure", 1, 1)]);
    assert_eq!(
        codes("services:\n  a:\n    image: redis:7\n    healthcheck:\n      interval: soon\n"),
        [("compose-structure", 5, 17)]
    );
}

#[test]
fn never_panics_and_locates_inside_the_text_on_every_prefix() {
    for text in [STACK, EDGES] {
        for (end, _) in text.char_indices() {
            let prefix = &text[..end];
            for diagnostic in analyze(prefix, &ParseOptions::default()).diagnostics {
                assert!(
                    diagnostic.span.end_offset as usize <= prefix.len() && diagnostic.span.line >= 1,
                    "{diagnostic:?}"
                );
            }
        }
    }
}
