//! Loading the quiz files of every kind from the static host: `quizzes/index.txt` for misconception questions
//! and `quizzes/<kind>/index.txt` for the others. Parsing and every check are the course crate's; this module
//! only fetches text and pairs each item with the file it came from and its problems.

use std::rc::Rc;

use dockerlab_course::course::parse_index;
use dockerlab_course::exercise::{parse_exercise, Exercise};
use dockerlab_course::interview::{parse_interview, InterviewQuestion};
use dockerlab_course::quiz::{parse_quiz, Quiz};
use dockerlab_course::rebuild::{parse_rebuild, RebuildQuestion};
use dockerlab_course::Problem;

use crate::content::fetch_text;
use crate::route::QuizKind;

/// One loaded item.
pub struct Item<T> {
    /// The path under `quizzes/`.
    pub file: String,
    pub id: String,
    pub value: T,
    pub problems: Vec<Problem>,
}

/// Every item of a kind, in index order, with files that failed to load.
pub struct Loaded<T> {
    pub items: Vec<Rc<Item<T>>>,
    pub problems: Vec<String>,
}

impl<T> Loaded<T> {
    pub fn get(&self, id: &str) -> Option<Rc<Item<T>>> {
        self.items.iter().find(|item| item.id == id).cloned()
    }

    pub fn ids(&self) -> Vec<&str> {
        self.items.iter().map(|item| item.id.as_str()).collect()
    }
}

/// The folder under `quizzes/` a kind's files live in.
pub fn folder(kind: QuizKind) -> &'static str {
    match kind {
        QuizKind::Misconceptions => "",
        QuizKind::Predict => "predict/",
        QuizKind::Interview => "interview/",
        QuizKind::Exercises => "exercises/",
    }
}

async fn load<T>(
    kind: QuizKind,
    parse: fn(&str) -> (T, Vec<Problem>),
    id_of: fn(&T) -> &str,
) -> Result<Loaded<T>, String> {
    let folder = folder(kind);
    let index = fetch_text(&format!("quizzes/{folder}index.txt")).await?;
    let (files, index_problems) = parse_index(&index, ".txt");
    let mut problems: Vec<String> =
        index_problems.iter().map(|problem| format!("quizzes/{folder}index.txt, {problem}")).collect();
    let texts = futures::future::join_all(files.iter().map(|file| async move {
        let path = format!("{folder}{file}");
        let text = fetch_text(&format!("quizzes/{path}")).await;
        (file.clone(), path, text)
    }))
    .await;
    let mut items = Vec::new();
    for (file, path, text) in texts {
        match text {
            Ok(text) => {
                let (value, mut item_problems) = parse(&text);
                let id = id_of(&value).to_owned();
                if format!("{id}.txt") != file {
                    item_problems.push(Problem::new(1, format!("the file quizzes/{path} holds {id:?}")));
                }
                items.push(Rc::new(Item { file: path, id, value, problems: item_problems }));
            }
            Err(error) => problems.push(error),
        }
    }
    Ok(Loaded { items, problems })
}

pub async fn misconceptions() -> Result<Loaded<Quiz>, String> {
    load(QuizKind::Misconceptions, parse_quiz, |quiz| &quiz.id).await
}

pub async fn predict() -> Result<Loaded<RebuildQuestion>, String> {
    load(QuizKind::Predict, parse_rebuild, |question| &question.id).await
}

pub async fn interview() -> Result<Loaded<InterviewQuestion>, String> {
    load(QuizKind::Interview, parse_interview, |question| &question.id).await
}

pub async fn exercises() -> Result<Loaded<Exercise>, String> {
    load(QuizKind::Exercises, parse_exercise, |exercise| &exercise.id).await
}
