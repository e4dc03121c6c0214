//! Quizzes: one file per question in `quizzes/`, and the commit-then-reveal attempt.
//!
//! A quiz file is `key: value` lines (see [`crate::fields`]):
//!
//! ```text
//! id: writable-layer
//! question: You `pip install` a package inside a running container, then remove the container and start a
//!   new one from the same image. Is the package there?
//! option: Yes: the container saved it.
//! why: A container's changes live in its own writable layer, which goes away with the container.
//! option: No: the new container starts from the image, which never changed.
//! why: Right. To keep the package, add it to the Dockerfile and rebuild.
//! answer: 2
//! ```
//!
//! Every `option` is followed by its `why`, shown to the learner after they commit; `answer` is the number of
//! the correct option, counting from 1. Text may use inline Markdown (code spans, emphasis, links).

use crate::fields::{parse_fields, FieldReader};
use crate::front_matter::is_id;
use crate::markdown::render_inline;
use crate::Problem;

/// One answer a learner can pick, with the explanation revealed after committing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizOption {
    /// Sanitised HTML.
    pub text_html: String,
    /// Sanitised HTML.
    pub why_html: String,
}

/// A single-answer question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quiz {
    pub id: String,
    /// Sanitised HTML.
    pub question_html: String,
    pub options: Vec<QuizOption>,
    /// Index of the correct option (from 0).
    pub answer: usize,
}

impl Quiz {
    pub fn is_correct(&self, choice: usize) -> bool {
        choice == self.answer
    }
}

/// Parses a quiz file. Never fails: problems come back located to lines of the file.
pub fn parse_quiz(text: &str) -> (Quiz, Vec<Problem>) {
    let (fields, mut problems) = parse_fields(text, 1);
    let mut reader = FieldReader::new(&fields, 1);
    reader.reject_unknown(&["id", "question", "option", "why", "answer"]);
    let id = reader.required("id");
    if !id.is_empty() && !is_id(&id) {
        reader.problems.push(Problem::new(1, format!("id {id:?} must use lower-case letters, digits and hyphens")));
    }
    let question_html = render_inline(&reader.required("question"));
    let answer_line = reader.optional("answer").map_or(1, |field| field.line);
    let answer_text = reader.required("answer");

    let mut options: Vec<(QuizOption, bool)> = Vec::new();
    for field in &fields {
        match field.key.as_str() {
            "option" => {
                options.push((QuizOption { text_html: render_inline(&field.value), why_html: String::new() }, false))
            }
            "why" => match options.last_mut() {
                Some((option, has_why)) if !*has_why => {
                    option.why_html = render_inline(&field.value);
                    *has_why = true;
                }
                _ => reader.problems.push(Problem::new(field.line, "each `why` follows the `option` it explains")),
            },
            _ => {}
        }
    }
    if options.len() < 2 {
        reader.problems.push(Problem::new(0, "a quiz needs at least two `option`s"));
    }
    if options.iter().any(|(_, has_why)| !has_why) {
        reader.problems.push(Problem::new(0, "every `option` needs a `why` line after it"));
    }
    let answer = match answer_text.parse::<usize>() {
        Ok(number) if number >= 1 && number <= options.len() => number - 1,
        _ if answer_text.is_empty() => 0,
        _ => {
            reader.problems.push(Problem::new(
                answer_line,
                format!("`answer` must be the number of an option, 1 to {}, found {answer_text:?}", options.len()),
            ));
            0
        }
    };
    problems.append(&mut reader.problems);
    let options = options.into_iter().map(|(option, _)| option).collect();
    (Quiz { id, question_html, options, answer }, problems)
}

/// How sure the learner is of their answer, asked before the reveal. A confident wrong answer is the
/// misconception the question is there to catch, so the quizzes page counts those separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Guessing,
    Unsure,
    Sure,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::Guessing, Confidence::Unsure, Confidence::Sure];

    pub fn label(self) -> &'static str {
        match self {
            Confidence::Guessing => "Guessing",
            Confidence::Unsure => "Fairly sure",
            Confidence::Sure => "Certain",
        }
    }
}

/// A learner's attempt at a quiz: pick (and, on the quizzes page, say how sure), then commit, then every
/// explanation is revealed. After committing the choice is final, so the reveal cannot be used to shop for the
/// right answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attempt {
    pub choice: Option<usize>,
    pub confidence: Option<Confidence>,
    /// Whether committing needs a confidence as well as a choice.
    pub needs_confidence: bool,
    pub committed: bool,
}

impl Attempt {
    /// An attempt that cannot be committed until the learner says how sure they are.
    pub fn with_confidence() -> Attempt {
        Attempt { needs_confidence: true, ..Attempt::default() }
    }

    /// Picks an option; ignored once committed.
    pub fn choose(&mut self, option: usize) {
        if !self.committed {
            self.choice = Some(option);
        }
    }

    /// Says how sure the learner is; ignored once committed.
    pub fn set_confidence(&mut self, confidence: Confidence) {
        if !self.committed {
            self.confidence = Some(confidence);
        }
    }

    /// Whether [`Attempt::commit`] would commit now.
    pub fn can_commit(&self) -> bool {
        !self.committed && self.choice.is_some() && (!self.needs_confidence || self.confidence.is_some())
    }

    /// Commits the current choice; does nothing without one (or without a confidence when one is needed).
    pub fn commit(&mut self) {
        if self.can_commit() {
            self.committed = true;
        }
    }

    /// Whether the committed choice is right; `None` before committing.
    pub fn result(&self, quiz: &Quiz) -> Option<bool> {
        match (self.committed, self.choice) {
            (true, Some(choice)) => Some(quiz.is_correct(choice)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIZ: &str = "id: demo\nquestion: Which is `right`?\noption: This one\nwhy: No.\noption: That one\nwhy: Yes,\n  because.\nanswer: 2\n";

    #[test]
    fn parses_options_explanations_and_answer() {
        let (quiz, problems) = parse_quiz(QUIZ);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(quiz.id, "demo");
        assert_eq!(quiz.question_html, "Which is <code>right</code>?");
        assert_eq!(quiz.options.len(), 2);
        assert_eq!(quiz.options[1].why_html, "Yes, because.");
        assert_eq!(quiz.answer, 1);
    }

    #[test]
    fn reports_missing_why_bad_answer_and_too_few_options() {
        let (_, problems) = parse_quiz("id: x\nquestion: Q\noption: only\nanswer: 3\n");
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "a quiz needs at least two `option`s",
                "every `option` needs a `why` line after it",
                "line 4: `answer` must be the number of an option, 1 to 1, found \"3\"",
            ]
        );
        let (_, problems) =
            parse_quiz("id: x\nquestion: Q\nwhy: early\noption: a\nwhy: a\noption: b\nwhy: b\nanswer: 1\n");
        assert_eq!(problems, vec![Problem::new(3, "each `why` follows the `option` it explains")]);
    }

    #[test]
    fn quiz_text_is_sanitised() {
        let (quiz, _) = parse_quiz("id: x\nquestion: <script>alert(1)</script>\noption: [a](javascript:alert(1))\nwhy: w\noption: b\nwhy: w\nanswer: 1\n");
        assert!(!quiz.question_html.contains("<script"), "{}", quiz.question_html);
        assert!(!quiz.options[0].text_html.contains("javascript:"), "{}", quiz.options[0].text_html);
    }

    #[test]
    fn commit_then_reveal() {
        let (quiz, _) = parse_quiz(QUIZ);
        let mut attempt = Attempt::default();
        attempt.commit();
        assert!(!attempt.committed, "nothing to commit without a choice");
        attempt.choose(0);
        assert_eq!(attempt.result(&quiz), None, "no verdict before committing");
        attempt.commit();
        attempt.choose(1);
        assert_eq!(attempt.choice, Some(0), "a committed choice is final");
        assert_eq!(attempt.result(&quiz), Some(false));
    }

    #[test]
    fn a_confidence_is_needed_before_committing_when_asked_for() {
        let (quiz, _) = parse_quiz(QUIZ);
        let mut attempt = Attempt::with_confidence();
        attempt.choose(1);
        attempt.commit();
        assert!(!attempt.committed, "no confidence yet");
        attempt.set_confidence(Confidence::Sure);
        assert!(attempt.can_commit());
        attempt.commit();
        attempt.set_confidence(Confidence::Guessing);
        assert_eq!(attempt.confidence, Some(Confidence::Sure), "final after committing");
        assert_eq!(attempt.result(&quiz), Some(true));
    }
}
