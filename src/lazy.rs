//! The pages, each loaded on demand: the code that the landing page does not need stays out of the first download.
//!
//! Every function here is a Leptos `#[lazy]` function, a split point: the release build (`scripts/split-wasm.mjs`)
//! moves each one, with what only it uses, into a WebAssembly module of its own that the browser fetches the
//! first time the page opens (the service worker keeps them all for offline use). Code shared by several pages
//! goes into shared modules. Pages that estimate sizes or build times wait for the size tables ([`WithTables`])
//! inside their module, so the landing page's module holds neither the tables' reader nor the engine.

use leptos::prelude::*;

use crate::pages::{
    EmbedPage, EmbedRequest, LessonPage, LessonsPage, PlaygroundPage, QuizItemPage, QuizKindPage, QuizzesPage,
};
use crate::route::QuizKind;
use crate::tables::WithTables;

/// Shows the page `load` produces, with a loading note while its module arrives.
pub fn lazily(load: impl std::future::Future<Output = AnyView> + 'static) -> AnyView {
    // Suspend asks for a Send future; the app is single-threaded in the browser.
    let load = send_wrapper::SendWrapper::new(load);
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>{Suspend::new(load)}</Suspense>
    }
    .into_any()
}

#[lazy]
pub fn lessons() -> AnyView {
    view! { <WithTables><LessonsPage /></WithTables> }.into_any()
}

#[lazy]
pub fn lesson(id: String, anchor: Memo<Option<String>>) -> AnyView {
    view! { <WithTables><LessonPage id=id.clone() anchor=anchor /></WithTables> }.into_any()
}

#[lazy]
pub fn playground() -> AnyView {
    view! { <WithTables><PlaygroundPage /></WithTables> }.into_any()
}

#[lazy]
pub fn quizzes() -> AnyView {
    view! { <WithTables><QuizzesPage /></WithTables> }.into_any()
}

#[lazy]
pub fn quiz_kind(kind: QuizKind) -> AnyView {
    view! { <WithTables><QuizKindPage kind=kind /></WithTables> }.into_any()
}

#[lazy]
pub fn quiz(kind: QuizKind, id: String) -> AnyView {
    view! { <WithTables><QuizItemPage kind=kind id=id.clone() /></WithTables> }.into_any()
}

#[lazy]
pub fn embed(request: EmbedRequest) -> AnyView {
    view! { <EmbedPage request=request /> }.into_any()
}
