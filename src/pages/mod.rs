//! One module per top-level page of the app.

mod home;
mod lesson;
mod lessons;
mod not_found;
mod playground;
mod quizzes;

pub use home::HomePage;
pub use lesson::LessonPage;
pub use lessons::LessonsPage;
pub use not_found::NotFoundPage;
pub use playground::PlaygroundPage;
pub use quizzes::QuizzesPage;

use leptos::prelude::*;

/// The plain notice a page shows while the part of the product behind it is not built.
#[component]
fn NotBuiltYet(
    /// What the page will offer once it is built.
    promise: &'static str,
) -> impl IntoView {
    view! {
        <div class="notice notice-info" role="status">
            <p><strong>"Not built yet. "</strong> "This page has no working content so far."</p>
            <p>{promise}</p>
        </div>
    }
}
