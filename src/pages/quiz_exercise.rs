//! One fix-this-Dockerfile exercise: the task, the goals, an editor holding the learner's draft (kept in their
//! progress), and the engine's verdict on every goal each time they check.

use dockerlab_course::exercise::{Exercise, GoalResult};
use leptos::prelude::*;

use crate::progress::use_progress;

#[component]
pub fn ExerciseView(exercise: Exercise) -> impl IntoView {
    let store = use_progress();
    let draft = store
        .progress
        .with_untracked(|progress| progress.exercises.get(&exercise.id).map(|record| record.draft.clone()))
        .filter(|draft| !draft.is_empty())
        .unwrap_or_else(|| exercise.dockerfile.clone());
    let text = RwSignal::new(draft);
    let results = RwSignal::new(None::<Vec<GoalResult>>);
    let goals: Vec<String> = exercise.goals.iter().map(|goal| goal.describe()).collect();
    let for_check = exercise.clone();
    let check = move |_| {
        let current = text.get_untracked();
        let checked = for_check.check(&current);
        let solved = checked.iter().all(|result| result.passed);
        store.update(|progress| progress.save_draft(&for_check.id, &current, solved));
        results.set(Some(checked));
    };
    let flawed = exercise.dockerfile.clone();
    let solution = exercise.solution.clone();
    let all_passed = move || results.get().is_some_and(|results| results.iter().all(|result| result.passed));

    view! {
        <h1>{exercise.title.clone()}</h1>
        <section class="block block-exercise" data-block="exercise" aria-label="Exercise">
            <p class="block-kind">"Fix this Dockerfile"</p>
            <p inner_html=exercise.task_html.clone()></p>
            <h2 class="exercise-goals-title">"Goals"</h2>
            <ul class="exercise-goals">
                {goals.into_iter().map(|goal| view! { <li>{goal}</li> }).collect_view()}
            </ul>
            <label class="exercise-editor">
                "Dockerfile"
                <textarea
                    rows="16"
                    spellcheck="false"
                    prop:value=move || text.get()
                    on:input=move |event| { text.set(event_target_value(&event)); results.set(None); }
                ></textarea>
            </label>
            <div class="quiz-actions">
                <button type="button" class="button" on:click=check>"Check the goals"</button>
                <button
                    type="button"
                    class="button-quiet"
                    on:click=move |_| { text.set(flawed.clone()); results.set(None); }
                >
                    "Start again from the flawed file"
                </button>
            </div>
            {move || results.get().map(|results| view! {
                <ul class="goal-results" aria-label="Goal results">
                    {results
                        .into_iter()
                        .map(|result| view! {
                            <li class="goal-result" data-passed=result.passed.to_string()>
                                <strong>{if result.passed { "✓ " } else { "✗ " }}{result.goal}</strong>
                                " — "{result.detail}
                            </li>
                        })
                        .collect_view()}
                </ul>
            })}
            <p class="quiz-result" aria-live="polite">
                {move || match results.get() {
                    None => String::new(),
                    Some(_) if all_passed() => "Every goal passes. Well done.".to_owned(),
                    Some(results) => format!(
                        "{} of {} goals pass. Keep editing.",
                        results.iter().filter(|r| r.passed).count(),
                        results.len()
                    ),
                }}
            </p>
            <details class="exercise-solution">
                <summary>"Show one solution"</summary>
                <pre class="code"><code>{solution}</code></pre>
            </details>
        </section>
    }
}
