//! One lesson: its header, table of contents, sanitised text with live blocks in between, and the way on.

use std::rc::Rc;

use dockerlab_course::course::LessonFile;
use dockerlab_course::markdown::Segment;
use leptos::prelude::*;

use crate::components::{BlockView, LoadError, Loading};
use crate::content::{self, LoadedCourse};

#[component]
pub fn LessonPage(
    /// The lesson id from the route.
    id: String,
    /// The heading to scroll to, from the route.
    anchor: Memo<Option<String>>,
) -> impl IntoView {
    let course = LocalResource::new(content::course);
    let lesson_id = id.clone();

    // Scroll once the lesson is on the page, and again whenever the route names another heading. Without an
    // anchor a lesson opens at its top, as a new page would.
    Effect::new(move |_| {
        let loaded = course.get().is_some();
        let anchor = anchor.get();
        if !loaded {
            return;
        }
        request_animation_frame(move || {
            let Some(window) = web_sys::window() else { return };
            match anchor.and_then(|anchor| window.document()?.get_element_by_id(&anchor)) {
                Some(element) => element.scroll_into_view(),
                None => window.scroll_to_with_x_and_y(0.0, 0.0),
            }
        });
    });

    // The tab shows the lesson's title once it is known.
    Effect::new(move |_| {
        let title = match course.get() {
            Some(Ok(loaded)) => match loaded.course.get(&lesson_id) {
                Some(file) => format!("{} · Dockerlab", file.lesson.meta.title),
                None => "Lesson not found · Dockerlab".to_owned(),
            },
            Some(Err(_)) => "Lessons could not be loaded · Dockerlab".to_owned(),
            None => "Lesson · Dockerlab".to_owned(),
        };
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&title);
        }
    });

    move || match course.get() {
        None => view! { <Loading what="the lesson" /> }.into_any(),
        Some(Err(error)) => view! { <LoadError message=error /> }.into_any(),
        Some(Ok(loaded)) => match loaded.course.position(&id) {
            Some(position) => view! { <LessonView loaded=loaded.clone() position=position /> }.into_any(),
            None => view! {
                <h1>"Lesson not found"</h1>
                <p class="notice notice-error" role="alert">
                    {format!("No lesson has the id “{id}”. It may have been renamed or removed. ")}
                    <a href="#/lessons">"See every lesson"</a>
                    "."
                </p>
            }
            .into_any(),
        },
    }
}

#[component]
fn LessonView(loaded: Rc<LoadedCourse>, position: usize) -> impl IntoView {
    let lessons = &loaded.course.lessons;
    let file: &LessonFile = &lessons[position];
    let meta = file.lesson.meta.clone();
    let before = position.checked_sub(1).map(|at| lessons[at].lesson.meta.clone());
    let after = lessons.get(position + 1).map(|next| next.lesson.meta.clone());
    let prerequisites: Vec<(String, String)> = meta
        .prerequisites
        .iter()
        .map(|id| {
            let title = loaded.course.get(id).map_or_else(|| id.clone(), |other| other.lesson.meta.title.clone());
            (id.clone(), title)
        })
        .collect();
    let problems: Vec<String> = file.problems.iter().map(|problem| format!("{}, {problem}", file.file)).collect();
    let toc = file.lesson.toc.clone();
    let segments = file.lesson.segments.clone();

    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="#/lessons">"Lessons"</a>
            <span aria-hidden="true">" › "</span>
            {format!("Lesson {} of {}", position + 1, lessons.len())}
        </nav>
        <article class="lesson">
            <header class="lesson-header">
                <h1 id="lesson-title">{meta.title.clone()}</h1>
                <p class="lead">{meta.summary.clone()}</p>
                <p class="lesson-meta">
                    {format!("About {} minutes", meta.minutes)}
                    {(!prerequisites.is_empty())
                        .then(|| {
                            view! {
                                " · Builds on "
                                {prerequisites
                                    .into_iter()
                                    .enumerate()
                                    .map(|(index, (id, title))| {
                                        view! {
                                            {(index > 0).then_some(", ")}
                                            <a href=format!("#/lessons/{id}")>{title}</a>
                                        }
                                    })
                                    .collect_view()}
                            }
                        })}
                </p>
            </header>
            {(!problems.is_empty())
                .then(|| {
                    view! {
                        <div class="notice notice-error" role="alert">
                            <p><strong>"This lesson file has problems. "</strong>"An instructor can fix them in the file:"</p>
                            <ul>{problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                        </div>
                    }
                })}
            <div class="lesson-layout">
                <nav class="toc" aria-label="On this page">
                    <p class="toc-title">"On this page"</p>
                    <ol>
                        {toc
                            .into_iter()
                            .map(|entry| {
                                view! {
                                    <li class=format!("toc-level-{}", entry.level)>
                                        <a href=format!("#/lessons/{}/{}", meta.id, entry.anchor)>{entry.text}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                </nav>
                <div class="lesson-body">
                    {segments
                        .into_iter()
                        .map(|segment| match segment {
                            // Sanitised by the course crate: raw HTML from the file was escaped there.
                            Segment::Html(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
                            Segment::Block(block) => view! { <BlockView block=block /> }.into_any(),
                        })
                        .collect_view()}
                </div>
            </div>
            <nav class="prev-next" aria-label="Previous and next lesson">
                {before
                    .map(|meta| {
                        view! {
                            <a class="prev" rel="prev" href=format!("#/lessons/{}", meta.id)>
                                <span class="prev-next-label">"← Previous"</span>
                                <span>{meta.title}</span>
                            </a>
                        }
                    })}
                {after
                    .map(|meta| {
                        view! {
                            <a class="next" rel="next" href=format!("#/lessons/{}", meta.id)>
                                <span class="prev-next-label">"Next →"</span>
                                <span>{meta.title}</span>
                            </a>
                        }
                    })}
            </nav>
        </article>
    }
}
