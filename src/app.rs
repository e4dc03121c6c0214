//! The app shell: header with the main navigation, the current page, and the footer.

use leptos::prelude::*;

use crate::pages::{
    HomePage, LessonPage, LessonsPage, NotFoundPage, PlaygroundPage, QuizItemPage, QuizKindPage, QuizzesPage,
};
use crate::route::Route;

fn current_route() -> Route {
    let fragment = web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default();
    Route::from_fragment(&fragment)
}

#[component]
pub fn App() -> impl IntoView {
    crate::progress::provide_progress();
    let (route, set_route) = signal(current_route());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| set_route.set(current_route()));
    on_cleanup(move || listener.remove());

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
                Route::Lessons => view! { <LessonsPage /> }.into_any(),
                Route::Lesson { id, .. } => view! { <LessonPage id=id anchor=anchor /> }.into_any(),
                Route::Playground => view! { <PlaygroundPage /> }.into_any(),
                Route::Quizzes => view! { <QuizzesPage /> }.into_any(),
                Route::QuizKind(kind) => view! { <QuizKindPage kind=kind /> }.into_any(),
                Route::Quiz { kind, id } => view! { <QuizItemPage kind=kind id=id /> }.into_any(),
                Route::NotFound => view! { <NotFoundPage /> }.into_any(),
            }}
        </main>
        <footer class="site-footer">
            <p>
                "Dockerlab runs entirely in your browser: nothing is uploaded and no Docker install is needed."
            </p>
        </footer>
    }
}
