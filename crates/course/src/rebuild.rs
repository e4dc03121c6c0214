//! Predict-the-rebuild questions: a Dockerfile, a project and one or more events; the learner marks the lines
//! that rebuild and the cache simulator grades the answer (`quizzes/predict/<id>.txt`).
//!
//! ```text
//! id: code-edit
//! question: You change one function in src/serve.py. Which steps run again?
//! project: default
//! event: edit src/serve.py
//! explain: The install comes before the code, so it stays cached.
//! ---
//! FROM python:3.12-slim
//! …
//! ```
//!
//! The same grading serves the lessons' `dockerlab-predict` blocks through [`for_block`].

use dockerlab_engine::cache::{self, Event, Grade, Prediction};

use crate::blocks::PredictBlock;
use crate::fields::{parse_fields, FieldReader};
use crate::front_matter::is_id;
use crate::markdown::render_inline;
use crate::project;
use crate::sections::split_sections;
use crate::Problem;

/// One predict-the-rebuild question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebuildQuestion {
    pub id: String,
    /// Sanitised HTML.
    pub question_html: String,
    /// `default` or a preset id.
    pub project: String,
    pub events: Vec<Event>,
    /// Sanitised HTML shown after grading; may be empty.
    pub explain_html: String,
    pub dockerfile: String,
}

/// Parses a predict file. Never fails: problems come back located.
pub fn parse_rebuild(text: &str) -> (RebuildQuestion, Vec<Problem>) {
    let (header, sections) = split_sections(text);
    let (fields, mut problems) = parse_fields(&header, 1);
    let mut reader = FieldReader::new(&fields, 1);
    reader.reject_unknown(&["id", "question", "project", "event", "explain"]);
    let id = reader.required("id");
    if !id.is_empty() && !is_id(&id) {
        reader.problems.push(Problem::new(1, format!("id {id:?} must use lower-case letters, digits and hyphens")));
    }
    let question_html = render_inline(&reader.required("question"));
    let project = reader.optional("project").map_or(project::DEFAULT_PROJECT.to_owned(), |f| f.value.clone());
    if !project::is_known(&project) {
        let line = reader.optional("project").map_or(0, |f| f.line);
        reader
            .problems
            .push(Problem::new(line, format!("no project is called {project:?}; use default or a preset id")));
    }
    let explain_html = reader.optional("explain").map(|f| render_inline(&f.value)).unwrap_or_default();
    let mut events = Vec::new();
    for field in fields.iter().filter(|field| field.key == "event") {
        match Event::parse(&field.value) {
            Ok(event) => events.push(event),
            Err(error) => reader.problems.push(Problem::new(field.line, error)),
        }
    }
    if events.is_empty() {
        reader.problems.push(Problem::new(0, "a predict question needs at least one `event`"));
    }
    let dockerfile = match sections.as_slice() {
        [section] if section.name.is_empty() && !section.text.is_empty() => section.text.clone(),
        _ => {
            reader.problems.push(Problem::new(0, "put the Dockerfile after a line with only `---`"));
            String::new()
        }
    };
    problems.append(&mut reader.problems);
    let question = RebuildQuestion { id, question_html, project, events, explain_html, dockerfile };
    if problems.is_empty() {
        if let Err(error) = question.predict() {
            problems.push(Problem::new(0, error));
        }
    }
    (question, problems)
}

impl RebuildQuestion {
    /// Runs the simulator: a first build, the events, and the rebuild.
    pub fn predict(&self) -> Result<Prediction, String> {
        let context = project::context(&self.project).ok_or_else(|| format!("no project {:?}", self.project))?;
        let mut world = project::world(&self.dockerfile, context);
        for event in &self.events {
            project::ensure_file(&mut world, event);
        }
        cache::predict(world, &self.events)
    }
}

/// The simulation for a lesson's predict block: the preset's context, the block's Dockerfile and its event.
pub fn for_block(block: &PredictBlock) -> Result<Prediction, String> {
    let event = project::block_event(&block.event);
    let mut world = project::world(&block.dockerfile, project::preset_context(block.preset));
    project::ensure_file(&mut world, &event);
    cache::predict(world, &[event])
}

/// Grades the lines a learner marked.
pub fn grade(prediction: &Prediction, marked: &[u32]) -> Grade {
    cache::grade(prediction, marked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    const FILE: &str = "id: demo\nquestion: What rebuilds?\nevent: edit src/serve.py\n---\nFROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY src/ src/\nCMD [\"python\", \"src/serve.py\"]\n";

    #[test]
    fn code_edit_rebuilds_only_the_code_copy() {
        let (question, problems) = parse_rebuild(FILE);
        assert!(problems.is_empty(), "{problems:?}");
        let prediction = question.predict().unwrap();
        assert_eq!(prediction.rebuilt_lines, [5]);
        assert!(grade(&prediction, &[5]).correct);
        let wrong = grade(&prediction, &[4, 5]);
        assert_eq!((wrong.correct, wrong.extra), (false, vec![4]));
    }

    #[test]
    fn bad_events_and_missing_dockerfiles_are_reported() {
        let (_, problems) = parse_rebuild("id: x\nquestion: Q\nevent: explode src/\nproject: mars\n");
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(messages.iter().any(|m| m.contains("unknown event")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("mars")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("---")), "{messages:?}");
    }

    #[test]
    fn lesson_blocks_are_graded_over_their_preset() {
        let preset = presets::find("lgbm-api").unwrap();
        let block = PredictBlock {
            preset,
            dockerfile: preset.dockerfile.to_owned(),
            event: crate::blocks::ContextEvent::Edit("app/serve.py".into()),
            question: String::new(),
        };
        let prediction = for_block(&block).unwrap();
        // COPY app/ and everything after it that makes a layer: the model copy and the user.
        assert_eq!(prediction.rebuilt_lines, [12, 13, 15]);
    }
}
