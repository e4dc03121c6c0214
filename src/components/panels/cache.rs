//! The Build cache panel: the build history as a timeline, buttons for the events between builds, each rebuild
//! animating hit or miss per line with its reason and time, and a predict mode that asks the learner first.

use leptos::prelude::*;

use crate::playground::derive::{seconds, BuildView, CacheView, EventKind, PredictionGrade};

fn build_item(build: BuildView, latest: bool, animate: bool) -> impl IntoView {
    let summary = match &build.error {
        Some(_) => "could not run".to_owned(),
        None => format!(
            "{} · {} step{} rebuilt",
            seconds(build.total_seconds),
            build.rebuilt,
            if build.rebuilt == 1 { "" } else { "s" }
        ),
    };
    let steps = build.steps.clone();
    let body = view! {
        {build.error.clone().map(|error| view! { <p class="notice notice-error">{error}</p> })}
        <ol class="step-list" class:animate=animate>
            {steps
                .into_iter()
                .enumerate()
                .map(|(index, step)| {
                    view! {
                        <li class=format!("step step-{}", step.status) style=format!("--i:{index};") data-line=step.line>
                            <span class="step-status">{if step.status == "hit" { "CACHED" } else if step.status == "miss" { "RUN" } else { "SKIP" }}</span>
                            <span class="step-line">{format!("L{}", step.line)}</span>
                            <code class="step-text">{step.text}</code>
                            <span class="step-time">{seconds(step.seconds)}</span>
                            <span class="step-reason">{format!("{} ({})", step.reason, step.rule)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    };
    let title = format!("Build {}: {}", build.number, build.label);
    view! {
        <li class="timeline-build" class:latest=latest data-build=build.number>
            <details open=latest>
                <summary><strong>{title}</strong>" — "{summary}</summary>
                {body}
            </details>
        </li>
    }
}

/// The builds of a history, newest last; the newest animates when it is new.
#[component]
pub fn CacheTimeline(#[prop(into)] cache: Signal<CacheView>) -> impl IntoView {
    let seen = StoredValue::new(0usize);
    view! {
        <ol class="timeline" aria-label="Build history">
            {move || {
                let builds = cache.get().builds;
                let count = builds.len();
                let animate = count > seen.get_value();
                seen.set_value(count);
                builds
                    .into_iter()
                    .map(|build| {
                        let latest = build.number == count;
                        build_item(build, latest, latest && animate && count > 1)
                    })
                    .collect_view()
            }}
        </ol>
    }
}

#[component]
pub fn CachePanel(
    cache: Memo<CacheView>,
    /// The recorded events; the panel adds to it and clears it.
    events: Signal<Vec<String>>,
    #[prop(into)] set_events: Callback<Vec<String>>,
) -> impl IntoView {
    let (predict, set_predict) = signal(false);
    let (pending, set_pending) = signal(None::<String>);
    let (marked, set_marked) = signal(Vec::<u32>::new());
    let (grade, set_grade) = signal(None::<PredictionGrade>);
    let push = move |line: String| {
        let mut list = events.get_untracked();
        list.push(line);
        set_events.run(list);
    };
    let choose = move |kind: EventKind| {
        let line = cache.with_untracked(|cache| kind.line(cache, events.with_untracked(Vec::len) + 1));
        set_grade.set(None);
        if predict.get_untracked() {
            set_marked.set(Vec::new());
            set_pending.set(Some(line));
        } else {
            push(line);
        }
    };
    let check = move |_| {
        let Some(line) = pending.get_untracked() else { return };
        set_pending.set(None);
        push(line);
        let actual = cache.with_untracked(|cache| cache.builds.last().map(BuildView::missed_lines).unwrap_or_default());
        set_grade.set(Some(PredictionGrade::new(&actual, &marked.get_untracked())));
    };
    view! {
        <section class="panel panel-cache" role="region" aria-label="Build cache">
            <h2 class="panel-heading">"Build cache"</h2>
            <p class="muted small">"Change something, then rebuild: each step is reused (CACHED) or run again, with the reason."</p>
            <div class="event-buttons" role="group" aria-label="Change, then rebuild">
                {EventKind::ALL
                    .into_iter()
                    .map(|kind| {
                        view! {
                            <button type="button" disabled=move || pending.get().is_some() on:click=move |_| choose(kind)>
                                {kind.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="cache-options">
                <label>
                    <input type="checkbox" prop:checked=predict on:change=move |event| set_predict.set(event_target_checked(&event)) />
                    " Predict first"
                </label>
                <button type="button" class="button-quiet" on:click=move |_| {
                    set_pending.set(None);
                    set_grade.set(None);
                    set_events.run(Vec::new());
                }>"Start over"</button>
            </div>
            {move || {
                pending
                    .get()
                    .map(|line| {
                        let steps = cache.with(|cache| cache.builds.last().map(|build| build.steps.clone()).unwrap_or_default());
                        view! {
                            <fieldset class="predict-form">
                                <legend>{format!("Before the rebuild ({line}): which steps will run again?")}</legend>
                                {steps
                                    .into_iter()
                                    .map(|step| {
                                        let line = step.line;
                                        view! {
                                            <label class="predict-choice">
                                                <input type="checkbox" on:change=move |event| {
                                                    let on = event_target_checked(&event);
                                                    set_marked.update(|marked| {
                                                        marked.retain(|known| *known != line);
                                                        if on { marked.push(line); }
                                                    });
                                                } />
                                                {format!(" L{line}: {}", step.text)}
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                                <button type="button" class="button-primary" on:click=check>"Rebuild and check"</button>
                            </fieldset>
                        }
                    })
            }}
            {move || {
                grade
                    .get()
                    .map(|grade| {
                        let lines = |lines: &[u32]| lines.iter().map(|line| format!("L{line}")).collect::<Vec<_>>().join(", ");
                        view! {
                            <p class="notice" class:notice-tip=grade.correct() class:notice-warning=!grade.correct() role="status">
                                {if grade.correct() {
                                    "Right: exactly those steps ran again.".to_owned()
                                } else {
                                    format!(
                                        "Not quite. Missed: {}. Marked but cached: {}.",
                                        if grade.missed.is_empty() { "none".to_owned() } else { lines(&grade.missed) },
                                        if grade.extra.is_empty() { "none".to_owned() } else { lines(&grade.extra) },
                                    )
                                }}
                            </p>
                        }
                    })
            }}
            <CacheTimeline cache=cache />
        </section>
    }
}
