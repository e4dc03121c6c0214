//! Quiz support: for a Dockerfile and an event, which instructions rebuild, so the UI can ask the learner first
//! and then grade the answer line by line.

use serde::Serialize;

use super::history::{Event, History, World};
use super::{BuildReport, Status};

/// The answer to "after this event, what rebuilds?".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// First lines of the instructions that run again, in file order.
    pub rebuilt_lines: Vec<u32>,
    /// Lines of the instructions a learner could choose from: those that make a layer in a stage that is built.
    pub choices: Vec<u32>,
    pub first: BuildReport,
    pub rebuild: BuildReport,
}

/// Builds once, applies the events, and reports what the rebuild redoes.
pub fn predict(world: World, events: &[Event]) -> Result<Prediction, String> {
    let mut history = History::new(world);
    let first = history.build().clone();
    for event in events {
        history.apply(event)?;
    }
    Ok(prediction(first, history.build().clone()))
}

/// What the next build of a history redoes after `event`, against the history's last build (a first build when
/// it has none). The history's cache holds every earlier build, as the builder's would.
pub fn predict_next(mut history: History, event: &Event) -> Result<Prediction, String> {
    let first = match history.builds().last() {
        Some(last) => last.clone(),
        None => history.build().clone(),
    };
    history.apply(event)?;
    Ok(prediction(first, history.build().clone()))
}

fn prediction(first: BuildReport, rebuild: BuildReport) -> Prediction {
    let rebuilt_lines = rebuild.rebuilt().map(|step| step.line).collect();
    let choices = rebuild
        .steps
        .iter()
        .filter(|step| step.layer && step.status != Status::Skipped)
        .map(|step| step.line)
        .collect();
    Prediction { rebuilt_lines, choices, first, rebuild }
}

/// How a learner's answer compares with the simulator's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    pub correct: bool,
    /// Lines the learner rightly said rebuild.
    pub right: Vec<u32>,
    /// Lines that rebuild but the learner did not choose.
    pub missed: Vec<u32>,
    /// Lines the learner chose that do not rebuild.
    pub extra: Vec<u32>,
}

/// Grades a set of lines (any order, duplicates allowed) against a prediction.
pub fn grade(prediction: &Prediction, answer: &[u32]) -> Grade {
    let mut answer = answer.to_vec();
    answer.sort_unstable();
    answer.dedup();
    let expected = &prediction.rebuilt_lines;
    let right: Vec<u32> = answer.iter().copied().filter(|line| expected.contains(line)).collect();
    let missed: Vec<u32> = expected.iter().copied().filter(|line| !answer.contains(line)).collect();
    let extra: Vec<u32> = answer.iter().copied().filter(|line| !expected.contains(line)).collect();
    Grade { correct: missed.is_empty() && extra.is_empty(), right, missed, extra }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_first_keeps_the_install_when_code_changes() {
        let dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n\
                          RUN pip install -r requirements.txt\nCOPY src/ src/\nCMD [\"python\", \"src/serve.py\"]\n";
        let prediction =
            predict(World::with_default_project(dockerfile), &[Event::Edit("src/train.py".into())]).unwrap();
        assert_eq!(prediction.rebuilt_lines, [5]);
        assert_eq!(prediction.choices, [1, 2, 3, 4, 5]);
        assert!(grade(&prediction, &[5]).correct);
        let wrong = grade(&prediction, &[4, 5, 5]);
        assert_eq!((wrong.correct, wrong.right, wrong.extra, wrong.missed), (false, vec![5], vec![4], vec![]));
    }

    #[test]
    fn the_next_build_is_predicted_against_the_history_so_far() {
        let dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n\
                          RUN pip install -r requirements.txt\nCOPY src/ src/\nCMD [\"python\", \"src/serve.py\"]\n";
        let mut history = History::new(World::with_default_project(dockerfile));
        history.build();
        history.apply(&Event::Append("requirements.txt".into(), "lightgbm==4.3.0".into())).unwrap();
        history.build();
        // After the requirements changed and were rebuilt, touching nothing rebuilds nothing...
        let quiet = predict_next(history.clone(), &Event::Touch("README.md".into())).unwrap();
        assert_eq!(quiet.rebuilt_lines, Vec::<u32>::new());
        assert_eq!(quiet.first.number, 2);
        // ...and the same change as before, against a fresh first build, would rebuild from line 3.
        let again = predict_next(history, &Event::Edit("requirements.txt".into())).unwrap();
        assert_eq!(again.rebuilt_lines, [3, 4, 5]);
        assert!(grade(&again, &[3, 4, 5]).correct);
        let fresh =
            predict_next(History::new(World::with_default_project(dockerfile)), &Event::Edit("src/train.py".into()))
                .unwrap();
        assert_eq!((fresh.first.number, fresh.rebuilt_lines), (1, vec![5]));
    }
}
