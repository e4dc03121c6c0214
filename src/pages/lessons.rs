//! The lesson list and lesson reader.

use leptos::prelude::*;

use super::NotBuiltYet;

#[component]
pub fn LessonsPage() -> impl IntoView {
    view! {
        <h1>"Lessons"</h1>
        <NotBuiltYet promise="Lessons on images and layers, the build cache, base images, .dockerignore, \
            shipping model files, Compose and production habits will be listed here, each with live examples." />
    }
}
