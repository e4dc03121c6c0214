//! The learner's progress as one versioned JSON document, stored by the app under one key. This module owns
//! the shape, reading (with migration and an explicit result for anything unreadable) and the small updates
//! the quiz kinds make; the app owns where it is stored.
//!
//! Reading never fails: [`load`] returns the progress to use and, when it had to start again, why, so the
//! page can say so instead of breaking.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::quiz::Confidence;
use crate::schedule::{Card, SelfGrade};

/// The schema this build writes. Version 1 is the first.
pub const VERSION: u32 = 1;

/// A committed answer to a misconception question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The option chosen, from 0.
    pub choice: usize,
    pub correct: bool,
    pub confidence: Option<Confidence>,
}

/// The best result at a predict-the-rebuild question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PredictRecord {
    pub attempts: u32,
    pub solved: bool,
}

/// An exercise: the learner's draft and whether every goal passed once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExerciseRecord {
    pub draft: String,
    pub solved: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    pub version: u32,
    #[serde(default)]
    pub misconceptions: BTreeMap<String, Answer>,
    #[serde(default)]
    pub predict: BTreeMap<String, PredictRecord>,
    #[serde(default)]
    pub interview: BTreeMap<String, Card>,
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseRecord>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: VERSION,
            misconceptions: BTreeMap::new(),
            predict: BTreeMap::new(),
            interview: BTreeMap::new(),
            exercises: BTreeMap::new(),
        }
    }
}

/// What reading a stored document came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// Nothing was stored: a fresh start, nothing to tell.
    Empty,
    /// Read as it was.
    Current,
    /// Read from an older version and brought up to date.
    Migrated { from: u32 },
    /// Unreadable (not JSON, the wrong shape, or a version this build does not know): started again.
    Reset { reason: String },
}

impl Loaded {
    /// A sentence for the page, when the learner should be told.
    pub fn notice(&self) -> Option<String> {
        match self {
            Loaded::Empty | Loaded::Current => None,
            Loaded::Migrated { from } => Some(format!("Your saved progress was upgraded from version {from}.")),
            Loaded::Reset { reason } => {
                Some(format!("Your saved progress could not be read ({reason}), so it starts again from empty."))
            }
        }
    }
}

/// Reads a stored document. `None` means nothing was stored.
pub fn load(text: Option<&str>) -> (Progress, Loaded) {
    let Some(text) = text.filter(|text| !text.trim().is_empty()) else {
        return (Progress::default(), Loaded::Empty);
    };
    match read(text) {
        Ok((progress, None)) => (progress, Loaded::Current),
        Ok((progress, Some(from))) => (progress, Loaded::Migrated { from }),
        Err(reason) => (Progress::default(), Loaded::Reset { reason }),
    }
}

/// Reads a document for import: unlike [`load`], a bad file is an error and the current progress is kept.
pub fn import(text: &str) -> Result<Progress, String> {
    read(text).map(|(progress, _)| progress)
}

/// Parses and migrates; the version it migrated from, if any.
fn read(text: &str) -> Result<(Progress, Option<u32>), String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| "it is not JSON".to_owned())?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| "it has no version number".to_owned())?;
    match version {
        0 => {
            // Version 0 was the shape used while the quizzes page was being written: misconception answers
            // only, as `answers`. Kept as the example of how a migration reads an older document.
            let answers = value.get("answers").cloned().unwrap_or_default();
            let misconceptions: BTreeMap<String, Answer> =
                serde_json::from_value(answers).map_err(|error| format!("version 0 answers: {error}"))?;
            Ok((Progress { misconceptions, ..Progress::default() }, Some(0)))
        }
        1 => {
            serde_json::from_value(value).map(|p| (p, None)).map_err(|error| format!("it has the wrong shape: {error}"))
        }
        other => Err(format!("it was written by a newer Dockerlab, version {other}")),
    }
}

impl Progress {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn record_answer(&mut self, id: &str, answer: Answer) {
        self.misconceptions.insert(id.to_owned(), answer);
    }

    pub fn record_prediction(&mut self, id: &str, correct: bool) {
        let record = self.predict.entry(id.to_owned()).or_default();
        record.attempts += 1;
        record.solved |= correct;
    }

    pub fn review(&mut self, id: &str, grade: SelfGrade, today: i64) {
        self.interview.entry(id.to_owned()).or_insert_with(|| Card::new(today)).review(grade, today);
    }

    pub fn save_draft(&mut self, id: &str, draft: &str, solved: bool) {
        let record = self.exercises.entry(id.to_owned()).or_default();
        record.draft = draft.to_owned();
        record.solved |= solved;
    }

    /// Misconceptions answered wrongly while the learner was certain: the ones worth another look.
    pub fn confident_misses(&self) -> usize {
        self.misconceptions.values().filter(|a| !a.correct && a.confidence == Some(Confidence::Sure)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json() {
        let mut progress = Progress::default();
        progress.record_answer("a", Answer { choice: 1, correct: false, confidence: Some(Confidence::Sure) });
        progress.record_prediction("p", false);
        progress.record_prediction("p", true);
        progress.review("q", SelfGrade::Good, 10);
        progress.save_draft("e", "FROM x\n", true);
        let (loaded, how) = load(Some(&progress.to_json()));
        assert_eq!(how, Loaded::Current);
        assert_eq!(loaded, progress);
        assert_eq!(loaded.predict["p"], PredictRecord { attempts: 2, solved: true });
        assert_eq!(loaded.confident_misses(), 1);
    }

    #[test]
    fn nothing_stored_is_a_quiet_fresh_start() {
        assert_eq!(load(None), (Progress::default(), Loaded::Empty));
        assert_eq!(load(Some("  ")).1, Loaded::Empty);
    }

    #[test]
    fn corrupt_wrong_shape_and_future_documents_reset_with_a_reason() {
        for (text, reason) in [
            ("{not json", "not JSON"),
            ("[1, 2]", "no version"),
            ("{\"version\": 1, \"misconceptions\": 3}", "wrong shape"),
            ("{\"version\": 1, \"surprise\": true}", "wrong shape"),
            ("{\"version\": 9}", "newer Dockerlab"),
        ] {
            let (progress, how) = load(Some(text));
            assert_eq!(progress, Progress::default());
            match how {
                Loaded::Reset { reason: got } => assert!(got.contains(reason), "{text}: {got}"),
                other => panic!("{text}: {other:?}"),
            }
            assert!(import(text).is_err());
        }
        assert!(load(Some("{x")).1.notice().unwrap().contains("starts again"));
    }

    #[test]
    fn version_0_is_migrated() {
        let (progress, how) = load(Some(
            "{\"version\": 0, \"answers\": {\"a\": {\"choice\": 2, \"correct\": true, \"confidence\": null}}}",
        ));
        assert_eq!(how, Loaded::Migrated { from: 0 });
        assert_eq!(progress.version, VERSION);
        assert!(progress.misconceptions["a"].correct);
    }
}
