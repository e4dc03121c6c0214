//! The Build cache panel: the build history as a timeline, buttons for the events between builds, each rebuild
//! animating hit or miss per line with its reason and time, and a predict mode that asks the learner first.

use leptos::prelude::*;

use dockerlab_engine::cache::Grade;

use crate::playground::derive::{seconds, BuildView, CacheView, EventKind, StepView};

fn step_row(index: usize, step: StepView) -> impl IntoView {
    let status = match step.status {
        "hit" => "CACHED",
        "miss" => "RUN",
        _ => "SKIP",
    };
    view! {
        <li class=format!("step step-{}", step.status) style=format!("--i:{index};") data-line=step.line>
            <span class="step-status">{status}</span>
            <span class="step-line">{format!("L{}", step.line)}</span>
            <code class="step-text">{step.text}</code>
            <span class="step-time">{seconds(step.seconds)}</span>
            <span class="step-reason">{format!("{} ({})", step.reason, step.rule)}</span>
        </li>
    }
}

/// One build of the timeline. It stays in place while the learner types: its summary follows the history, and
/// its steps are keyed by what each shows, so a keystroke rebuilds only the steps it changed.
fn build_item(cache: Signal<CacheView>, number: usize, animate: bool) -> impl IntoView {
    let build =
        Memo::new(move |_| cache.with(|cache| cache.builds.iter().find(|build| build.number == number).cloned()));
    let latest = Memo::new(move |_| cache.with(|cache| cache.builds.len() == number));
    let summary = move || {
        build.with(|build| match build {
            Some(BuildView { error: Some(_), .. }) => "could not run".to_owned(),
            Some(build) => format!(
                "{} · {} step{} rebuilt",
                seconds(build.total_seconds),
                build.rebuilt,
                if build.rebuilt == 1 { "" } else { "s" }
            ),
            None => String::new(),
        })
    };
    let title = move || build.with(|build| build.as_ref().map(|b| format!("Build {}: {}", b.number, b.label)));
    let error = move || build.with(|build| build.as_ref().and_then(|b| b.error.clone()));
    // Keys and positions only: a step is copied out of the build when its row is built.
    let steps = move || {
        build.with(|build| {
            build
                .as_ref()
                .map(|b| b.steps.iter().map(StepView::render_key).enumerate().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let step_at =
        move |index: usize| build.with_untracked(|build| build.as_ref().and_then(|b| b.steps.get(index).cloned()));
    view! {
        <li class="timeline-build" class:latest=latest data-build=number>
            <details prop:open=latest>
                <summary><strong>{title}</strong>" — "{summary}</summary>
                {move || error().map(|error| view! { <p class="notice notice-error">{error}</p> })}
                <ol class="step-list" class:animate=animate>
                    <For
                        each=steps
                        key=|step: &(usize, u64)| *step
                        children=move |(index, _)| step_at(index).map(|step| step_row(index, step))
                    />
                </ol>
            </details>
        </li>
    }
}

/// The builds of a history, newest last; a rebuild animates as it arrives.
#[component]
pub fn CacheTimeline(#[prop(into)] cache: Signal<CacheView>) -> impl IntoView {
    // The builds present when the timeline first draws do not animate; a build added later does, once.
    let drawn = StoredValue::new(false);
    Effect::new(move |_| drawn.set_value(true));
    let numbers = move || cache.with(|cache| cache.builds.iter().map(|build| build.number).collect::<Vec<_>>());
    view! {
        <ol class="timeline" aria-label="Build history">
            <For
                each=numbers
                key=|number| *number
                children=move |number| build_item(cache, number, drawn.get_value() && number > 1)
            />
        </ol>
    }
}

#[component]
pub fn CachePanel(
    cache: Memo<CacheView>,
    /// The recorded events; the panel adds to it and clears it.
    events: Signal<Vec<String>>,
    #[prop(into)] set_events: Callback<Vec<String>>,
    /// Grades the lines marked for the pending event against the rebuild it makes, through the engine.
    #[prop(into)]
    grade_prediction: Callback<(String, Vec<u32>), Result<Grade, String>>,
) -> impl IntoView {
    let (predict, set_predict) = signal(false);
    let (pending, set_pending) = signal(None::<String>);
    let (marked, set_marked) = signal(Vec::<u32>::new());
    let (grade, set_grade) = signal(None::<Grade>);
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
        let graded = grade_prediction.run((line.clone(), marked.get_untracked()));
        push(line);
        set_grade.set(graded.ok());
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
                            <p class="notice" class:notice-tip=grade.correct class:notice-warning=!grade.correct role="status">
                                {if grade.correct {
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
