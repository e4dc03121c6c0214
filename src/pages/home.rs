//! The landing page: what Dockerlab teaches and where to start.

use leptos::prelude::*;

use crate::route::Route;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">"Learn Docker for machine learning, right in your browser"</h1>
            <p class="lead">
                "A model that trains on your laptop and then fails in production is rarely a modelling problem. "
                "It is a different Python, a missing system library, another CUDA, a file that never made it "
                "into the image. Dockerlab shows you why that happens and how containers stop it, with a "
                "simulated Docker you can poke at without installing anything."
            </p>
        </section>
        <section aria-labelledby="offer-title">
            <h2 id="offer-title">"What you will find here"</h2>
            <ul class="cards">
                <li class="card">
                    <h3><a href=Route::Lessons.href()>"Lessons"</a></h3>
                    <p>
                        "Images and layers, the build cache and what invalidates it, slim, full, Alpine and "
                        "CUDA base images, "<code>".dockerignore"</code>", where large model files belong, "
                        "Compose stacks for ML, and the habits that keep production images safe and reproducible."
                    </p>
                </li>
                <li class="card">
                    <h3><a href=Route::Playground.href()>"Playground"</a></h3>
                    <p>
                        "Edit a Dockerfile and a small ML project and see at once which layers a rebuild "
                        "reuses or redoes and why, how big each layer is, and lint findings that explain "
                        "their cost in ML terms."
                    </p>
                </li>
                <li class="card">
                    <h3><a href=Route::Quizzes.href()>"Quizzes"</a></h3>
                    <p>
                        "Commit to an answer before you see why: the classic misconceptions, "
                        "predict-the-rebuild puzzles, Dockerfiles to fix, and interview practice."
                    </p>
                </li>
            </ul>
        </section>
        <section aria-labelledby="how-title">
            <h2 id="how-title">"How it works"</h2>
            <p>
                "Everything runs in this page, compiled from Rust to WebAssembly. Your files never leave your "
                "machine, the page makes no request to any other site, and it can be hosted as plain static files."
            </p>
        </section>
    }
}
