//! The page shown for a link that names no page.

use leptos::prelude::*;

use crate::route::Route;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>
            "This link does not lead to a page of Dockerlab. "
            <a href=Route::Home.href()>"Go to the start page"</a>
            "."
        </p>
    }
}
