//! Interview practice: a question, a model answer and the key points a good answer covers
//! (`quizzes/interview/<id>.txt`). The learner answers, reveals, ticks the points they made and grades
//! themself; [`crate::schedule`] decides when the question comes back.
//!
//! ```text
//! id: why-containers-ml
//! question: Why do containers matter more for ML than for a typical web service?
//! answer: A model's behaviour depends on …
//! point: the CUDA, cuDNN and driver stack has to line up
//! point: …
//! ```

use crate::fields::{parse_fields, FieldReader};
use crate::front_matter::is_id;
use crate::markdown::render_inline;
use crate::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewQuestion {
    pub id: String,
    /// Sanitised HTML.
    pub question_html: String,
    /// Sanitised HTML.
    pub answer_html: String,
    /// Sanitised HTML, one per key point.
    pub points_html: Vec<String>,
    /// A short topic label for the list ("caching", "security").
    pub topic: String,
}

pub fn parse_interview(text: &str) -> (InterviewQuestion, Vec<Problem>) {
    let (fields, mut problems) = parse_fields(text, 1);
    let mut reader = FieldReader::new(&fields, 1);
    reader.reject_unknown(&["id", "question", "answer", "point", "topic"]);
    let id = reader.required("id");
    if !id.is_empty() && !is_id(&id) {
        reader.problems.push(Problem::new(1, format!("id {id:?} must use lower-case letters, digits and hyphens")));
    }
    let question_html = render_inline(&reader.required("question"));
    let answer_html = render_inline(&reader.required("answer"));
    let topic = reader.required("topic");
    let points_html: Vec<String> =
        fields.iter().filter(|field| field.key == "point").map(|field| render_inline(&field.value)).collect();
    if points_html.len() < 2 {
        reader.problems.push(Problem::new(0, "an interview question needs at least two `point`s for the checklist"));
    }
    problems.append(&mut reader.problems);
    (InterviewQuestion { id, question_html, answer_html, points_html, topic }, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_answer_and_checklist() {
        let (question, problems) = parse_interview(
            "id: q\ntopic: caching\nquestion: Why?\nanswer: Because `layers`.\npoint: one\npoint: two\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(question.points_html, ["one", "two"]);
        assert_eq!(question.answer_html, "Because <code>layers</code>.");
        let (_, problems) = parse_interview("id: q\ntopic: t\nquestion: Why?\nanswer: a\npoint: one\n");
        assert_eq!(problems.len(), 1);
    }
}
