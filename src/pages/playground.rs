//! The Dockerfile playground: editor, virtual project and analysis panels.

use leptos::prelude::*;

use super::NotBuiltYet;

#[component]
pub fn PlaygroundPage() -> impl IntoView {
    view! {
        <h1>"Playground"</h1>
        <NotBuiltYet promise="The playground will let you edit a Dockerfile and a small ML project and see \
            layers, build-cache decisions, image sizes and lint findings update as you type." />
    }
}
