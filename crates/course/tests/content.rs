//! Checks every real lesson and quiz file on disk: that each parses without a problem, every Dockerfile in a
//! lesson parses without error, every block's reference (quiz id, preset) resolves, every link between lessons
//! resolves, and each lesson has learning goals, a live block and a recap.

use std::fs;
use std::path::{Path, PathBuf};

use dockerlab_course::blocks::Block;
use dockerlab_course::course::{parse_index, Course, LessonFile, QuizFile};
use dockerlab_course::lesson::parse_lesson;
use dockerlab_course::quiz::parse_quiz;
use dockerlab_engine::{analyze, AnalyzeOptions};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The files an index lists, after checking that the index and the folder agree.
fn indexed(folder: &str, extension: &str) -> Vec<(String, String)> {
    let dir = repository().join(folder);
    let index = fs::read_to_string(dir.join("index.txt")).expect("index.txt");
    let (files, problems) = parse_index(&index, extension);
    assert!(problems.is_empty(), "{folder}/index.txt: {problems:?}");
    let mut on_disk: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(extension) && name != "index.txt")
        .collect();
    on_disk.sort();
    let mut listed = files.clone();
    listed.sort();
    assert_eq!(listed, on_disk, "{folder}/index.txt must list exactly the {extension} files in {folder}/");
    files
        .into_iter()
        .map(|file| (fs::read_to_string(dir.join(&file)).unwrap(), file))
        .map(|(text, file)| (file, text))
        .collect()
}

fn quizzes() -> Vec<QuizFile> {
    indexed("quizzes", ".txt")
        .into_iter()
        .map(|(file, text)| {
            let (quiz, problems) = parse_quiz(&text);
            QuizFile { file, quiz, problems }
        })
        .collect()
}

fn course() -> Course {
    let quizzes = quizzes();
    let ids: Vec<&str> = quizzes.iter().map(|file| file.quiz.id.as_str()).collect();
    let lessons = indexed("lessons", ".md")
        .into_iter()
        .map(|(file, text)| {
            let (lesson, problems) = parse_lesson(&text);
            LessonFile { file, lesson, problems }
        })
        .collect();
    Course::assemble(lessons, Some(&ids))
}

#[test]
fn every_lesson_parses_and_every_reference_resolves() {
    let course = course();
    assert!(course.lessons.len() >= 10, "the course has {} lessons", course.lessons.len());
    let problems: Vec<String> = course
        .lessons
        .iter()
        .flat_map(|file| file.problems.iter().map(move |problem| format!("lessons/{}: {problem}", file.file)))
        .collect();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}

#[test]
fn every_quiz_parses_and_is_named_after_its_id() {
    for file in quizzes() {
        assert!(file.problems.is_empty(), "quizzes/{}: {:?}", file.file, file.problems);
        assert_eq!(file.file, format!("{}.txt", file.quiz.id));
    }
}

#[test]
fn answers_are_spread_over_positions() {
    // A course whose right answer is always the second option teaches a pattern, not Docker.
    let answers: Vec<usize> = quizzes().iter().map(|file| file.quiz.answer).collect();
    for position in 0..3 {
        assert!(answers.contains(&position), "no quiz has option {} right: {answers:?}", position + 1);
    }
}

#[test]
fn every_dockerfile_in_a_lesson_parses_without_error() {
    let mut count = 0;
    for file in course().lessons {
        for dockerfile in &file.lesson.dockerfiles {
            let analysis = analyze(&dockerfile.text, &AnalyzeOptions::default());
            let errors: Vec<String> = analysis
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is_error())
                .map(|diagnostic| {
                    format!("line {}: {}", dockerfile.line + diagnostic.span.line - 1, diagnostic.message)
                })
                .collect();
            assert!(errors.is_empty(), "lessons/{}: {errors:?}", file.file);
            count += 1;
        }
    }
    assert!(count >= 8, "only {count} Dockerfiles in the lessons");
}

#[test]
fn every_lesson_has_goals_a_live_block_and_a_recap() {
    for file in course().lessons {
        let lesson = &file.lesson;
        let first = lesson.toc.first().map(|entry| entry.text.as_str());
        let last = lesson.toc.iter().rfind(|entry| entry.level == 2).map(|entry| entry.text.as_str());
        assert_eq!(first, Some("Learning goals"), "lessons/{}", file.file);
        assert_eq!(last, Some("Recap"), "lessons/{}", file.file);
        assert!(lesson.blocks().count() >= 1, "lessons/{} has no live block", file.file);
        assert!(lesson.meta.minutes > 0 && !lesson.meta.summary.is_empty(), "lessons/{}", file.file);
    }
}

#[test]
fn the_course_covers_every_topic_of_the_brief_in_order() {
    let ids: Vec<String> = course().lessons.iter().map(|file| file.lesson.meta.id.clone()).collect();
    assert_eq!(
        ids,
        [
            "why-ml-breaks",
            "what-is-a-container",
            "images-and-layers",
            "first-ml-dockerfile",
            "dockerignore",
            "base-images",
            "shipping-models",
            "compose-ml-stack",
            "production-habits",
            "reproducibility",
        ]
    );
}

#[test]
fn every_block_kind_is_used_somewhere() {
    let course = course();
    let kinds: Vec<&str> = course.lessons.iter().flat_map(|file| file.lesson.blocks().map(Block::kind)).collect();
    for kind in dockerlab_course::blocks::KINDS {
        assert!(kinds.contains(&kind), "no lesson uses {kind}");
    }
}
