//! Quizzes and exercises.

use leptos::prelude::*;

use super::NotBuiltYet;

#[component]
pub fn QuizzesPage() -> impl IntoView {
    view! {
        <h1>"Quizzes"</h1>
        <NotBuiltYet promise="Misconception questions, predict-the-rebuild puzzles, fix-this-Dockerfile \
            exercises and interview practice will be here." />
    }
}
