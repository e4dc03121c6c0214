//! Components shared by pages: loading and error states, the live blocks of lessons (one file each), and the
//! playground's editor, panels, Project pane and the file tree the pane and the Context panel share.

pub mod compose;
mod diagram;
pub mod editor;
pub mod file_tree;
pub mod panels;
mod playground;
mod predict;
pub mod project;
mod quiz;
mod strategy;

use dockerlab_course::blocks::Block;
use leptos::prelude::*;

pub use diagram::DiagramBlockView;
pub use playground::PlaygroundBlockView;
pub use predict::{PredictBlockView, PredictView};
pub use quiz::{QuizBlockView, QuizView};
pub use strategy::StrategyBlockView;

/// A live block of a lesson, by kind.
#[component]
pub fn BlockView(block: Block) -> impl IntoView {
    match block {
        Block::Playground(block) => view! { <PlaygroundBlockView block=block /> }.into_any(),
        Block::Predict(block) => view! { <PredictBlockView block=block /> }.into_any(),
        Block::Strategy(block) => view! { <StrategyBlockView block=block /> }.into_any(),
        Block::Quiz(block) => view! { <QuizBlockView block=block /> }.into_any(),
        Block::Diagram(block) => view! { <DiagramBlockView block=block /> }.into_any(),
        Block::Compose(block) => view! { <compose::ComposeBlockView block=block /> }.into_any(),
    }
}

/// Shown while files are on their way.
#[component]
pub fn Loading(what: &'static str) -> impl IntoView {
    view! { <p class="loading" role="status">{format!("Loading {what}…")}</p> }
}

/// Shown when a file could not be loaded: what failed and what to try.
#[component]
pub fn LoadError(message: String) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert">
            <p><strong>"This could not be loaded. "</strong>{message}</p>
            <p>"Reload the page to try again. If you host this copy, check that the lessons/ folder was deployed."</p>
        </div>
    }
}
