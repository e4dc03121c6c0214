//! The app shell: header with the main navigation, the current page, and the footer.

use leptos::prelude::*;

use crate::lazy::{self, lazily};
use crate::pages::{HomePage, NotFoundPage};
use crate::route::Route;
use crate::tables::provide_tables;

fn current_route() -> Route {
    let fragment = web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default();
    Route::from_fragment(&fragment)
}

#[component]
pub fn App() -> impl IntoView {
    crate::progress::provide_progress();
    provide_tables();
    let (route, set_route) = signal(current_route());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| set_route.set(current_route()));
    on_cleanup(move || listener.remove());

    // The service worker is registered outside the app (assets/offline.js), so that a build without it, such as
    // a single file opened from disk, runs the same app; the app only shows what it reports.
    let (offline, set_offline) = signal(crate::browser::offline_ready());
    let offline_listener =
        window_event_listener_untyped(crate::browser::OFFLINE_READY_EVENT, move |_| set_offline.set(true));
    on_cleanup(move || offline_listener.remove());

    // Moving between headings of one lesson changes the route but not the page: the page is not rebuilt, it
    // only scrolls (the lesson page follows `anchor`).
    let page = Memo::new(move |_| route.get().page());
    let anchor = Memo::new(move |_| route.get().anchor());

    // The document title follows the page so that history entries and tabs are told apart. A lesson sets its
    // own title once it has loaded.
    Effect::new(move |_| {
        let title = match page.get() {
            Route::Home => "Dockerlab: learn Docker for machine learning".to_owned(),
            Route::Lesson { .. } => return,
            other => format!("{} · Dockerlab", other.title()),
        };
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&title);
        }
    });

    view! {
        <header class="site-header">
            <a class="brand" href=Route::Home.href()>
                <span class="brand-mark" aria-hidden="true">"▦"</span>
                " Dockerlab"
            </a>
            <nav aria-label="Main">
                <ul>
                    {Route::NAVIGATION
                        .into_iter()
                        .map(|target| {
                            view! {
                                <li>
                                    <a
                                        href=target.href()
                                        aria-current=move || (page.get().section() == target).then_some("page")
                                    >
                                        {target.title()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
        <main id="main">
            {move || match page.get() {
                Route::Home => view! { <HomePage /> }.into_any(),
                // Every other page arrives in a module of its own the first time it opens (src/lazy.rs).
                Route::Lessons => lazily(lazy::lessons()),
                Route::Lesson { id, .. } => lazily(lazy::lesson(id, anchor)),
                Route::Playground => lazily(lazy::playground()),
                Route::Quizzes => lazily(lazy::quizzes()),
                Route::QuizKind(kind) => lazily(lazy::quiz_kind(kind)),
                Route::Quiz { kind, id } => lazily(lazy::quiz(kind, id)),
                Route::NotFound => view! { <NotFoundPage /> }.into_any(),
            }}
        </main>
        <footer class="site-footer">
            <p>
                "Dockerlab runs entirely in your browser: nothing is uploaded and no Docker install is needed."
            </p>
            // Present from the start and empty until the copy is complete, so that screen readers announce the
            // change once.
            <p class="offline-status" role="status">
                {move || offline.get().then_some("Available offline")}
            </p>
        </footer>
    }
}
