//! The engine's size tables (measured pip, apt and base-image figures), loaded when a page first needs them.
//!
//! They are half a megabyte of JSON, so the app does not carry them in its code: the landing page never waits for
//! them. The pages that estimate sizes or build times (lessons, quizzes, the playground and its embeds) sit inside
//! [`WithTables`], which fetches `data/*.json` once (or takes them from the single-file page, through
//! [`fetch_text`]), installs them in the engine and then shows its children. If a file cannot be loaded the page
//! still opens, with a notice that sizes and times are missing, rather than showing nothing.

use dockerlab_engine::size::data::{self, Sources};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::content::fetch_text;

/// Where the loading stands; shared by every page through the context.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Load {
    NotStarted,
    Loading,
    Ready,
    Failed(String),
}

#[derive(Clone, Copy)]
struct TablesContext(RwSignal<Load>);

/// Makes the loading state available to the pages; called once by the app's root (and the embed's).
pub fn provide_tables() {
    let initial = if data::installed() { Load::Ready } else { Load::NotStarted };
    provide_context(TablesContext(RwSignal::new(initial)));
}

async fn load() -> Result<(), String> {
    let mut texts = Vec::with_capacity(Sources::FILES.len());
    for file in Sources::FILES {
        texts.push(fetch_text(&format!("data/{file}")).await?);
    }
    let sources = Sources { pip: &texts[0], apt: &texts[1], images: &texts[2], assumptions: &texts[3] };
    match data::install(sources) {
        Some(errors) if !errors.is_empty() => Err(errors.join("; ")),
        _ => Ok(()),
    }
}

fn start(state: RwSignal<Load>) {
    if state.get_untracked() != Load::NotStarted {
        return;
    }
    state.set(Load::Loading);
    spawn_local(async move {
        let outcome = load().await;
        state.set(match outcome {
            Ok(()) => Load::Ready,
            Err(error) => Load::Failed(error),
        });
    });
}

/// Shows `children` once the size tables are installed, loading them first if need be. On failure the children
/// are shown anyway, below a notice that names what failed.
#[component]
pub fn WithTables(children: ChildrenFn) -> impl IntoView {
    let state = use_context::<TablesContext>().map(|context| context.0).unwrap_or_else(|| {
        provide_tables();
        expect_context::<TablesContext>().0
    });
    start(state);
    move || match state.get() {
        Load::NotStarted | Load::Loading => {
            view! { <p class="loading" role="status">"Loading the measured size tables…"</p> }.into_any()
        }
        Load::Ready => children().into_any(),
        Load::Failed(error) => view! {
            <p class="notice notice-error" role="alert">
                "The size tables could not be loaded, so sizes and build times are missing: " {error}
            </p>
            {children()}
        }
        .into_any(),
    }
}
