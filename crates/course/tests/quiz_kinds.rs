//! Checks every quiz file of every kind on disk: misconception questions (`quizzes/`), predict-the-rebuild
//! (`quizzes/predict/`), interview practice (`quizzes/interview/`) and fix-this-Dockerfile exercises
//! (`quizzes/exercises/`). Each parses without a problem and is named after its id; every predict question
//! simulates; every exercise's flawed Dockerfile fails a goal and its reference solution passes them all.

use std::fs;
use std::path::{Path, PathBuf};

use dockerlab_course::course::parse_index;
use dockerlab_course::exercise::parse_exercise;
use dockerlab_course::interview::parse_interview;
use dockerlab_course::quiz::parse_quiz;
use dockerlab_course::rebuild::{grade, parse_rebuild};
use dockerlab_course::Problem;

fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../quizzes").join(name)
}

/// Every file the folder's index lists, checked against the folder and parsed; returns (file, id, item).
fn load<T>(name: &str, parse: fn(&str) -> (T, Vec<Problem>), id: fn(&T) -> String) -> Vec<(String, T)> {
    let dir = folder(name);
    let index = fs::read_to_string(dir.join("index.txt")).expect("index.txt");
    let (files, problems) = parse_index(&index, ".txt");
    assert!(problems.is_empty(), "quizzes/{name}/index.txt: {problems:?}");
    let mut on_disk: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".txt") && name != "index.txt")
        .collect();
    on_disk.sort();
    let mut listed = files.clone();
    listed.sort();
    assert_eq!(listed, on_disk, "quizzes/{name}/index.txt must list exactly the files beside it");
    files
        .into_iter()
        .map(|file| {
            let text = fs::read_to_string(dir.join(&file)).unwrap();
            let (item, problems) = parse(&text);
            assert!(problems.is_empty(), "quizzes/{name}/{file}: {problems:?}");
            assert_eq!(file, format!("{}.txt", id(&item)), "quizzes/{name}/{file} is named after its id");
            (file, item)
        })
        .collect()
}

#[test]
fn there_are_at_least_thirty_misconceptions_each_option_explained() {
    let quizzes = load("", parse_quiz, |quiz| quiz.id.clone());
    assert!(quizzes.len() >= 30, "{} misconception questions", quizzes.len());
    for (file, quiz) in &quizzes {
        assert!(quiz.options.iter().all(|option| !option.why_html.is_empty()), "{file}");
    }
}

#[test]
fn every_predict_question_simulates_and_has_a_partial_answer() {
    let questions = load("predict", parse_rebuild, |question| question.id.clone());
    assert!(questions.len() >= 5, "{} predict questions", questions.len());
    for (file, question) in &questions {
        let prediction = question.predict().unwrap_or_else(|error| panic!("{file}: {error}"));
        assert!(!prediction.rebuilt_lines.is_empty(), "{file}: something rebuilds");
        assert!(
            prediction.rebuilt_lines.len() < prediction.choices.len(),
            "{file}: something stays cached, or the question is trivial: {:?} of {:?}",
            prediction.rebuilt_lines,
            prediction.choices
        );
        assert!(grade(&prediction, &prediction.rebuilt_lines).correct);
        assert!(!grade(&prediction, &prediction.choices).correct, "{file}: marking every line is wrong");
    }
}

#[test]
fn there_are_at_least_fifteen_interview_questions_with_checklists() {
    let questions = load("interview", parse_interview, |question| question.id.clone());
    assert!(questions.len() >= 15, "{} interview questions", questions.len());
    for (file, question) in &questions {
        assert!(question.points_html.len() >= 3, "{file}: a checklist of at least three points");
    }
}

#[test]
fn every_exercise_fails_as_given_and_passes_with_its_solution() {
    let exercises = load("exercises", parse_exercise, |exercise| exercise.id.clone());
    assert!(exercises.len() >= 10, "{} exercises", exercises.len());
    let mut report = Vec::new();
    for (file, exercise) in &exercises {
        let flawed = exercise.check(&exercise.dockerfile);
        assert!(flawed[0].passed, "{file}: the flawed Dockerfile still parses: {:?}", flawed[0]);
        if flawed.iter().all(|result| result.passed) {
            report.push(format!("{file}: the flawed Dockerfile already passes every goal: {flawed:#?}"));
        }
        let solved = exercise.check(&exercise.solution);
        let failing: Vec<_> = solved.iter().filter(|result| !result.passed).collect();
        if !failing.is_empty() {
            report.push(format!("{file}: the solution fails {failing:#?}"));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}
