//! The quiz block: one question loaded from `quizzes/<id>.txt`, answered by committing first; then every
//! option's explanation is revealed.

use dockerlab_course::blocks::QuizBlock;
use dockerlab_course::quiz::Attempt;
use leptos::prelude::*;

use crate::content;

#[component]
pub fn QuizBlockView(block: QuizBlock) -> impl IntoView {
    let id = block.id.clone();
    let quiz = LocalResource::new(move || {
        let id = id.clone();
        async move { content::quiz(&id).await }
    });
    let (attempt, set_attempt) = signal(Attempt::default());
    let group = format!("quiz-{}", block.id);

    view! {
        <section class="block block-quiz" data-block="quiz" aria-label="Quiz">
            <p class="block-kind">"Quiz"</p>
            {move || match quiz.get() {
                None => view! { <p class="loading" role="status">"Loading the question…"</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice-error" role="alert">{error}</p> }.into_any(),
                Some(Ok(file)) => {
                    let quiz_for_result = file.quiz.clone();
                    let group = group.clone();
                    view! {
                        {(!file.problems.is_empty())
                            .then(|| {
                                let list = file.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                                view! { <p class="notice notice-error" role="alert">{format!("quizzes/{}: {list}", file.file)}</p> }
                            })}
                        <fieldset class="quiz" disabled=move || attempt.get().committed>
                            <legend class="block-title" inner_html=file.quiz.question_html.clone()></legend>
                            {file
                                .quiz
                                .options
                                .iter()
                                .enumerate()
                                .map(|(index, option)| {
                                    let correct = index == file.quiz.answer;
                                    let why = option.why_html.clone();
                                    view! {
                                        <div
                                            class="quiz-option"
                                            class:chosen=move || attempt.get().choice == Some(index)
                                            class:correct=move || attempt.get().committed && correct
                                        >
                                            <label>
                                                <input
                                                    type="radio"
                                                    name=group.clone()
                                                    prop:checked=move || attempt.get().choice == Some(index)
                                                    on:change=move |_| set_attempt.update(|attempt| attempt.choose(index))
                                                />
                                                <span inner_html=option.text_html.clone()></span>
                                            </label>
                                            <Show when=move || attempt.get().committed>
                                                <p class="quiz-why">
                                                    <strong>{if correct { "Correct answer. " } else { "Not this one. " }}</strong>
                                                    <span inner_html=why.clone()></span>
                                                </p>
                                            </Show>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        <div class="quiz-actions">
                            <button
                                type="button"
                                class="button"
                                disabled=move || { let attempt = attempt.get(); attempt.choice.is_none() || attempt.committed }
                                on:click=move |_| set_attempt.update(Attempt::commit)
                            >
                                "Commit my answer"
                            </button>
                            <p class="quiz-result" aria-live="polite">
                                {move || match attempt.get().result(&quiz_for_result) {
                                    None => String::new(),
                                    Some(true) => "Right. Every option's explanation is shown above.".to_owned(),
                                    Some(false) => format!(
                                        "Not quite: the answer is option {}. Read why each option is right or wrong above.",
                                        quiz_for_result.answer + 1
                                    ),
                                }}
                            </p>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
