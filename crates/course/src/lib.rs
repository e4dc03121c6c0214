//! Dockerlab's course as data: lesson front matter, Markdown rendered into sanitised HTML segments and typed
//! interactive blocks, the lesson index, quizzes with commit-then-reveal grading, and the preset projects the
//! blocks refer to. Like the engine, this crate knows nothing of the web and does no I/O: the app fetches the
//! files and hands their text in, and the tests read them from disk.
//!
//! ```
//! use dockerlab_course::lesson::parse_lesson;
//!
//! let text = "---\nid: hello\ntitle: Hello\nsummary: A first lesson.\norder: 1\nminutes: 5\n---\n\n## Goals\n\nLearn.\n";
//! let (lesson, problems) = parse_lesson(text);
//! assert!(problems.is_empty(), "{problems:?}");
//! assert_eq!(lesson.meta.title, "Hello");
//! assert_eq!(lesson.toc[0].anchor, "goals");
//! ```

pub mod blocks;
pub mod course;
pub mod exercise;
pub mod fields;
pub mod front_matter;
pub mod highlight;
pub mod html;
pub mod interview;
pub mod lesson;
pub mod markdown;
pub mod playground;
pub mod presets;
pub mod problem;
pub mod progress;
pub mod project;
pub mod quiz;
pub mod rebuild;
pub mod schedule;
pub mod sections;

pub use problem::Problem;
