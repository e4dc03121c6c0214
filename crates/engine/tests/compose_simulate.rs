//! Simulating `docker compose up`, `up SERVICE`, `--profile X up` and `run --rm` on the course's stack and on
//! edge cases (cycles, unknown services, a profile-only dependency).

use dockerlab_engine::compose::simulate::StepKind;
use dockerlab_engine::compose::{analyze, graph, simulate, Command, ParseOptions, Plan, Scenario};

const STACK: &str = include_str!("compose/ml-stack.yaml");

fn plan(text: &str, scenario: &Scenario) -> Plan {
    simulate(&analyze(text, &ParseOptions::default()).file, scenario)
}

#[test]
fn plain_up_leaves_training_out_and_orders_by_conditions() {
    let plan = plan(STACK, &Scenario::up(&[]));
    assert_eq!(plan.order(), ["feature-store", "tracking", "api", "prometheus", "grafana"]);
    assert_eq!(plan.skipped[0].name, "train");
    assert!(plan.skipped[0].reason.contains("profile train"));
    let store = plan.service("feature-store").unwrap();
    let api = plan.service("api").unwrap();
    let prometheus = plan.service("prometheus").unwrap();
    // The API waits for Redis to be healthy; Prometheus waits for the API to be healthy.
    assert!(api.started_s.unwrap() > store.healthy_s.unwrap());
    assert!(prometheus.started_s.unwrap() > api.healthy_s.unwrap());
    assert!(prometheus.steps.iter().any(|s| s.kind == StepKind::Wait && s.label.contains("api healthy")));
    // start_period 30 s: ready after 15 s, checks every 10 s → healthy after two checks.
    assert_eq!(api.healthy_s.unwrap() - api.started_s.unwrap(), 20.0);
    assert_eq!(plan.command_line, "docker compose up");
}

#[test]
fn a_profile_adds_training_and_changes_the_timeline() {
    let plain = plan(STACK, &Scenario::up(&[]));
    let with_train = plan(STACK, &Scenario::up(&["train"]));
    assert!(with_train.order().contains(&"train"));
    assert_eq!(with_train.command_line, "docker compose --profile train up");
    let train = with_train.service("train").unwrap();
    assert!(train.started_s.unwrap() > with_train.service("feature-store").unwrap().healthy_s.unwrap());
    assert_ne!(plain.total_s, with_train.total_s);
}

#[test]
fn run_starts_dependencies_then_the_job_once() {
    let scenario = Scenario { command: Command::Run { service: "train".into() }, profiles: vec!["train".into()] };
    let plan = plan(STACK, &scenario);
    assert_eq!(plan.order(), ["feature-store", "tracking", "train"]);
    let train = plan.service("train").unwrap();
    assert!(train.exited_s.is_some());
    assert!(train.steps.iter().any(|s| s.kind == StepKind::Job && s.label.contains("--rm")));
    assert_eq!(plan.command_line, "docker compose --profile train run --rm train");
}

#[test]
fn up_one_service_brings_its_dependencies_only() {
    let scenario = Scenario { command: Command::Up { services: vec!["grafana".into()] }, profiles: vec![] };
    let plan = plan(STACK, &scenario);
    assert_eq!(plan.order(), ["feature-store", "api", "prometheus", "grafana"]);
    assert_eq!(plan.service("api").unwrap().reason, "dependency of prometheus");
    let unknown = Scenario { command: Command::Up { services: vec!["nope".into()] }, profiles: vec![] };
    assert_eq!(self::plan(STACK, &unknown).problems, ["no such service: nope"]);
}

#[test]
fn naming_a_profiled_service_enables_it() {
    let scenario = Scenario { command: Command::Up { services: vec!["train".into()] }, profiles: vec![] };
    assert_eq!(plan(STACK, &scenario).order(), ["feature-store", "tracking", "train"]);
}

#[test]
fn cycles_block_the_services_on_them() {
    let text = "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on: [a]\n  c:\n    image: x:1\n";
    let plan = plan(text, &Scenario::up(&[]));
    assert_eq!(plan.order(), ["c"]);
    assert!(plan.service("a").unwrap().blocked.as_deref().unwrap().contains("cycle"));
    assert!(graph(&analyze(text, &ParseOptions::default()).file).nodes.iter().all(|n| n.layer <= 3));
}

#[test]
fn unknown_and_profile_only_dependencies_block_the_dependent() {
    let text = "services:\n  api:\n    image: x:1\n    depends_on: [ghost]\n";
    assert!(plan(text, &Scenario::up(&[]))
        .service("api")
        .unwrap()
        .blocked
        .as_deref()
        .unwrap()
        .contains("not a service"));
    let text =
        "services:\n  api:\n    image: x:1\n    depends_on: [gpu]\n  gpu:\n    image: x:1\n    profiles: [gpu]\n";
    let plain = plan(text, &Scenario::up(&[]));
    assert!(plain.service("api").unwrap().blocked.as_deref().unwrap().contains("only in profile gpu"));
    assert_eq!(plan(text, &Scenario::up(&["gpu"])).order(), ["gpu", "api"]);
    let optional = text.replace("depends_on: [gpu]", "depends_on:\n      gpu:\n        required: false");
    assert_eq!(plan(&optional, &Scenario::up(&[])).order(), ["api"]);
}

#[test]
fn healthy_dependency_without_a_healthcheck_blocks() {
    let text = "services:\n  db:\n    image: x:1\n  api:\n    image: x:1\n    depends_on:\n      db:\n        condition: service_healthy\n";
    let plan = plan(text, &Scenario::up(&[]));
    assert_eq!(plan.order(), ["db"]);
    assert!(plan.service("api").unwrap().blocked.as_deref().unwrap().contains("no health check"));
}

#[test]
fn completed_successfully_waits_for_the_job_to_exit() {
    let text = "services:\n  fetch-model:\n    image: x:1\n  api:\n    image: x:1\n    depends_on:\n      fetch-model:\n        condition: service_completed_successfully\n";
    let plan = plan(text, &Scenario::up(&[]));
    let fetch = plan.service("fetch-model").unwrap();
    assert!(plan.service("api").unwrap().started_s.unwrap() > fetch.exited_s.unwrap());
}

#[test]
fn the_graph_layers_follow_dependencies() {
    let file = analyze(STACK, &ParseOptions::default()).file;
    let graph = graph(&file);
    let layer = |name: &str| graph.nodes.iter().find(|n| n.name == name).unwrap().layer;
    assert_eq!((layer("feature-store"), layer("api"), layer("prometheus"), layer("grafana")), (0, 1, 2, 3));
    assert_eq!(graph.edges.len(), 5);
}

#[test]
fn the_compose_figures_read_cleanly() {
    let figures = dockerlab_engine::compose::simulate::compose_timings();
    assert!(figures.errors.is_empty(), "{:?}", figures.errors);
    for name in ["health_interval_s", "container_create_s", "job_run_s", "build_service_s", "service_ready_s"] {
        assert!(figures.setting(name) > 0.0, "{name}");
    }
}
