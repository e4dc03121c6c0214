//! The lesson list: every lesson in course order, with its summary and estimated minutes.

use leptos::prelude::*;

use crate::components::{LoadError, Loading};
use crate::content;

#[component]
pub fn LessonsPage() -> impl IntoView {
    let course = LocalResource::new(content::course);
    view! {
        <h1>"Lessons"</h1>
        <p class="lead">
            "Each lesson tells one part of the story of shipping ML code in containers, with a live example "
            "beside every idea. They build on each other, so the order below is a good one to follow."
        </p>
        {move || match course.get() {
            None => view! { <Loading what="the lessons" /> }.into_any(),
            Some(Err(error)) => view! { <LoadError message=error /> }.into_any(),
            Some(Ok(loaded)) => {
                let problems = loaded.problems.clone();
                view! {
                    {(!problems.is_empty())
                        .then(|| {
                            view! {
                                <div class="notice notice-error" role="alert">
                                    <p><strong>"Some course files have problems."</strong></p>
                                    <ul>{problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                                </div>
                            }
                        })}
                    <ol class="lesson-list">
                        {loaded
                            .course
                            .lessons
                            .iter()
                            .map(|file| {
                                let meta = file.lesson.meta.clone();
                                view! {
                                    <li class="lesson-card">
                                        <h2>
                                            <a href=format!("#/lessons/{}", meta.id)>{meta.title}</a>
                                        </h2>
                                        <p>{meta.summary}</p>
                                        <p class="lesson-meta">{format!("About {} minutes", meta.minutes)}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }
        }}
    }
}
