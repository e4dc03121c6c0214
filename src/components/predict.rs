//! Predict the rebuild: a Dockerfile and a change to the project; the learner marks the lines that will run
//! again, commits, and the cache simulator grades each line and shows the simulated rebuild with its reasons.
//! Lessons' `dockerlab-predict` blocks and the quizzes page share [`PredictView`].

use dockerlab_course::blocks::PredictBlock;
use dockerlab_course::rebuild::{self, for_block};
use dockerlab_engine::cache::{Grade, Prediction, Status};
use leptos::prelude::*;

use crate::progress::use_progress;

#[component]
pub fn PredictBlockView(block: PredictBlock) -> impl IntoView {
    let prediction = for_block(&block);
    view! {
        <section class="block block-predict" data-block="predict" aria-label="Predict the rebuild">
            <p class="block-kind">"Predict the rebuild"</p>
            <h3 class="block-title">{block.question.clone()}</h3>
            <p class="block-event"><strong>"The change: "</strong>{block.event.describe()}"."</p>
            <details class="context-files">
                <summary>{format!("Build context: {}", block.preset.title)}</summary>
                <ul>
                    {block
                        .preset
                        .files
                        .iter()
                        .map(|file| view! { <li><code>{file.path}</code>" — "{file.note}</li> })
                        .collect_view()}
                </ul>
            </details>
            <PredictView dockerfile=block.dockerfile.clone() prediction=prediction record_id=None />
        </section>
    }
}

/// The marking, grading and reveal. `record_id` names the quiz in the learner's progress, when it has one.
#[component]
pub fn PredictView(
    dockerfile: String,
    prediction: Result<Prediction, String>,
    record_id: Option<String>,
) -> impl IntoView {
    let prediction =
        match prediction {
            Ok(prediction) => prediction,
            Err(error) => return view! {
                <p class="notice notice-error" role="alert">{format!("The build could not be simulated: {error}")}</p>
            }
            .into_any(),
        };
    let store = use_progress();
    let marked = RwSignal::new(Vec::<u32>::new());
    let graded = RwSignal::new(None::<Grade>);
    let for_grading = prediction.clone();
    let check = move |_| {
        let grade = rebuild::grade(&for_grading, &marked.get_untracked());
        if let Some(id) = &record_id {
            store.update(|progress| progress.record_prediction(id, grade.correct));
        }
        graded.set(Some(grade));
    };
    let lines: Vec<(u32, String)> =
        dockerfile.lines().enumerate().map(|(index, text)| (index as u32 + 1, text.to_owned())).collect();
    let choices = prediction.choices.clone();
    let steps = prediction.rebuild.steps.clone();
    let total = prediction.rebuild.total_seconds;

    view! {
        <div class="predict">
            <p class="predict-help">
                "Tick every line that runs again in the rebuild, then check. Lines without a box make no layer "
                "of their own."
            </p>
            <ol class="predict-lines" aria-label="Dockerfile lines">
                {lines
                    .into_iter()
                    .map(|(line, text)| {
                        let choosable = choices.contains(&line);
                        let state = move || {
                            graded.get().map(|grade| {
                                if grade.right.contains(&line) {
                                    "right"
                                } else if grade.missed.contains(&line) {
                                    "missed"
                                } else if grade.extra.contains(&line) {
                                    "extra"
                                } else {
                                    ""
                                }
                            })
                        };
                        let label = format!("Line {line} rebuilds");
                        view! {
                            <li class="predict-line" data-line=line data-state=move || state().unwrap_or("")>
                                <span class="predict-number">{line}</span>
                                {choosable
                                    .then(|| {
                                        view! {
                                            <input
                                                type="checkbox"
                                                aria-label=label.clone()
                                                disabled=move || graded.get().is_some()
                                                prop:checked=move || marked.get().contains(&line)
                                                on:change=move |_| marked.update(|marked| {
                                                    match marked.iter().position(|&l| l == line) {
                                                        Some(at) => { marked.remove(at); }
                                                        None => marked.push(line),
                                                    }
                                                })
                                            />
                                        }
                                    })}
                                <code>{text}</code>
                                <span class="predict-verdict">
                                    {move || match state() {
                                        Some("right") => "✓ rebuilds: you said so",
                                        Some("missed") => "✗ rebuilds: you missed it",
                                        Some("extra") => "✗ cached: you said it rebuilds",
                                        _ => "",
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <div class="quiz-actions">
                <button type="button" class="button" disabled=move || graded.get().is_some() on:click=check>
                    "Check my prediction"
                </button>
                <button
                    type="button"
                    class="button-quiet"
                    disabled=move || graded.get().is_none()
                    on:click=move |_| { graded.set(None); marked.set(Vec::new()); }
                >
                    "Try again"
                </button>
                <p class="quiz-result" aria-live="polite">
                    {move || graded.get().map(|grade| {
                        if grade.correct {
                            "Right: exactly those lines rebuild.".to_owned()
                        } else {
                            format!(
                                "Not quite: {} missed, {} marked that stay cached. The simulated rebuild is below.",
                                grade.missed.len(),
                                grade.extra.len()
                            )
                        }
                    })}
                </p>
            </div>
            <Show when=move || graded.get().is_some()>
                <table class="simulated-build">
                    <caption>{format!("The simulated rebuild (about {total:.0} s)")}</caption>
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Step"</th><th scope="col">"Result"</th><th scope="col">"Why"</th></tr></thead>
                    <tbody>
                        {steps
                            .iter()
                            .filter(|step| step.status != Status::Skipped)
                            .map(|step| {
                                let status = match step.status {
                                    Status::Miss => "runs again",
                                    Status::Hit if step.layer => "cached",
                                    _ => "no layer",
                                };
                                view! {
                                    <tr class=format!("status-{}", step.status.as_str())>
                                        <td>{step.line}</td>
                                        <td><code>{step.keyword}</code></td>
                                        <td>{status}</td>
                                        <td>{step.reason.text()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </Show>
        </div>
    }
    .into_any()
}
