//! Build histories, durations, secrets in layers, predictions, and robustness of the cache simulator.

use dockerlab_engine::cache::{grade, predict, Event, History, Status, World};
use dockerlab_engine::context::DEFAULT_MODEL_PATH;

const REQUIREMENTS_FIRST: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n\
                                  RUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"src/serve.py\"]\n";

fn statuses(history: &History) -> Vec<&'static str> {
    history.builds().last().unwrap().steps.iter().map(|step| step.status.as_str()).collect()
}

#[test]
fn a_history_of_builds_with_events_between_them() {
    let mut history = History::new(World::with_default_project(REQUIREMENTS_FIRST));
    let first = history.build().clone();
    assert!(first.steps.iter().filter(|step| step.layer).all(|step| step.status == Status::Miss));
    assert_eq!(first.steps[0].reason.code(), "first-pull");
    assert_eq!(first.steps[2].reason.code(), "first-build");

    history.apply(&Event::Edit("src/train.py".into())).unwrap();
    history.build();
    assert_eq!(statuses(&history), ["hit", "hit", "hit", "hit", "miss", "hit"]);

    history.apply(&Event::Replace(DEFAULT_MODEL_PATH.into(), Some(450_000_000))).unwrap();
    history.build();
    assert_eq!(statuses(&history), ["hit", "hit", "hit", "hit", "miss", "hit"]);

    history.apply(&Event::MoveTag("python:3.12-slim".into())).unwrap();
    history.build();
    assert_eq!(statuses(&history), ["miss", "miss", "miss", "miss", "miss", "hit"]);

    // Nothing changed since: everything is cached, and the estimate is only the context transfer.
    let last = history.build().clone();
    assert!(last.rebuilt().next().is_none());
    assert!((last.total_seconds - last.context_seconds).abs() < 1e-9);
    assert_eq!(history.builds().len(), 5);
    assert_eq!(history.builds()[4].number, 5);
}

#[test]
fn reverting_an_edit_finds_the_old_layers_again() {
    let mut history = History::new(World::with_default_project(REQUIREMENTS_FIRST));
    history.build();
    let original = history.world().dockerfile.clone();
    history.apply(&Event::Dockerfile(original.replace("COPY . .", "COPY src/ src/"))).unwrap();
    history.build();
    history.apply(&Event::Dockerfile(original)).unwrap();
    history.build();
    assert_eq!(statuses(&history), ["hit", "hit", "hit", "hit", "hit", "hit"]);
}

#[test]
fn durations_follow_the_work_done() {
    let mut history = History::new(World::with_default_project(REQUIREMENTS_FIRST));
    let first = history.build().clone();
    history.apply(&Event::Edit("src/train.py".into())).unwrap();
    let rebuild = history.build().clone();
    // The first build installs PyTorch: minutes. The rebuild copies the context again: much less.
    assert!(first.total_seconds > 180.0, "{}", first.total_seconds);
    assert!(rebuild.total_seconds < first.total_seconds / 4.0, "{} vs {}", rebuild.total_seconds, first.total_seconds);
    let install = first.step_at_line(4).unwrap();
    assert!(install.seconds > 120.0 && install.note.as_deref().unwrap_or("").contains("Python packages"));
    // Hits cost nothing.
    assert_eq!(rebuild.step_at_line(4).unwrap().seconds, 0.0);
}

#[test]
fn a_dockerignore_shrinks_the_context_and_keeps_secrets_out_of_layers() {
    let mut world = World::with_default_project(REQUIREMENTS_FIRST);
    let mut history = History::new(world.clone());
    let without = history.build().clone();
    let copied: Vec<&str> = without.secrets_copied.iter().map(|copy| copy.path.as_str()).collect();
    assert_eq!(copied, [".env", "configs/gcp-credentials.json"]);
    assert!(without.diagnostics.iter().any(|d| d.code == "secret-in-layer" && d.span.line == 5));

    world.context.set_text(".dockerignore", ".git\n.venv\ndata\ncheckpoints\n.env\nconfigs/*credentials*\n");
    let mut history = History::new(world);
    let with = history.build().clone();
    assert!(with.secrets_copied.is_empty());
    assert!(with.context_bytes * 3 < without.context_bytes);
    assert!(with.context_seconds < without.context_seconds);
}

#[test]
fn a_copy_of_something_not_in_the_context_is_reported_at_its_line() {
    let mut history = History::new(World::with_default_project("FROM python:3.12-slim\nCOPY weights/ /w/\n"));
    let report = history.build();
    let diagnostic = report.diagnostics.iter().find(|d| d.code == "copy-source-not-found").expect("reported");
    assert_eq!(diagnostic.span.line, 2);
}

#[test]
fn prediction_and_grading_for_a_quiz() {
    let dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n";
    let prediction = predict(World::with_default_project(dockerfile), &[Event::Edit("README.md".into())]).unwrap();
    assert_eq!(prediction.rebuilt_lines, [3, 4]);
    let answer = grade(&prediction, &[4]);
    assert!(!answer.correct);
    assert_eq!(answer.missed, [3]);
    assert!(predict(World::with_default_project(dockerfile), &[Event::Edit("missing.py".into())]).is_err());
}

#[test]
fn broken_and_hostile_dockerfiles_never_panic() {
    let inputs = [
        "",
        "RUN echo before any FROM\n",
        "FROM\nRUN\nCOPY\n",
        "FROM a AS b\nFROM b AS a\nCOPY --from=c /x /y\nCOPY --from=9 /x /y\n",
        "FROM python\nCOPY [\"unterminated\nRUN --mount=type=cache echo\nWORKDIR\nUSER\nENV\nARG\n",
        "FROM python\nCOPY ../../etc/passwd /x\nCOPY /absolute/../.. /y\nADD --checksum=sha256:x https://e/x /x\n",
        "FROM python\nCOPY [a-  /x\nCOPY ** /y\nCOPY *[ /z\nRUN --mount=type=bind,from=nowhere,source=x echo\n",
        "FROM scratch\nCOPY <<EOF /x\nhello\nEOF\nONBUILD RUN echo\nHEALTHCHECK NONE\n",
    ];
    for input in inputs {
        let mut history = History::new(World::with_default_project(input));
        let first = history.build().clone();
        history.apply(&Event::Edit("src".into())).unwrap();
        history.apply(&Event::Dockerfile(format!("{input}\nRUN echo more\n"))).unwrap();
        let second = history.build().clone();
        let lines = input.lines().count() as u32 + 2;
        for step in first.steps.iter().chain(&second.steps) {
            assert!(step.line >= 1 && step.line <= lines, "{input:?}: line {}", step.line);
            assert!(step.seconds.is_finite() && step.seconds >= 0.0);
            assert!(!step.reason.text().is_empty());
        }
    }
}
