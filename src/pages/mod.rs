//! One module per top-level page of the app.

mod home;
mod lesson;
mod lessons;
mod not_found;
mod playground;
mod quiz_exercise;
mod quiz_interview;
mod quizzes;

pub use home::HomePage;
pub use lesson::LessonPage;
pub use lessons::LessonsPage;
pub use not_found::NotFoundPage;
pub use playground::{embed_request, EmbedPage, EmbedRequest, PlaygroundPage};
pub use quizzes::{QuizItemPage, QuizKindPage, QuizzesPage};
