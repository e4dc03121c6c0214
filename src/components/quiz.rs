//! Misconception questions: one question, answered by committing first (on the quizzes page, with how sure
//! the learner is); then every option's explanation is revealed. The lesson block loads its question from
//! `quizzes/<id>.txt`; the quizzes page hands one in. Committed answers go into the learner's progress.

use dockerlab_course::blocks::QuizBlock;
use dockerlab_course::progress::Answer;
use dockerlab_course::quiz::{Attempt, Confidence, Quiz};
use leptos::prelude::*;

use crate::content;
use crate::progress::use_progress;

#[component]
pub fn QuizBlockView(block: QuizBlock) -> impl IntoView {
    let id = block.id.clone();
    let quiz = LocalResource::new(move || {
        let id = id.clone();
        async move { content::quiz(&id).await }
    });

    view! {
        <section class="block block-quiz" data-block="quiz" aria-label="Quiz">
            <p class="block-kind">"Quiz"</p>
            {move || match quiz.get() {
                None => view! { <p class="loading" role="status">"Loading the question…"</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice-error" role="alert">{error}</p> }.into_any(),
                Some(Ok(file)) => {
                    view! {
                        {(!file.problems.is_empty())
                            .then(|| {
                                let list = file.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                                view! { <p class="notice notice-error" role="alert">{format!("quizzes/{}: {list}", file.file)}</p> }
                            })}
                        <QuizView quiz=file.quiz.clone() ask_confidence=false />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// One question with commit-then-reveal. With `ask_confidence`, the learner also says how sure they are
/// before they can commit.
#[component]
pub fn QuizView(quiz: Quiz, ask_confidence: bool) -> impl IntoView {
    let store = use_progress();
    let initial = if ask_confidence { Attempt::with_confidence() } else { Attempt::default() };
    let (attempt, set_attempt) = signal(initial);
    let group = format!("quiz-{}", quiz.id);
    let quiz_for_result = quiz.clone();
    let quiz_id = quiz.id.clone();
    let answer = quiz.answer;
    let commit = move |_| {
        set_attempt.update(Attempt::commit);
        let now = attempt.get_untracked();
        if let (true, Some(choice)) = (now.committed, now.choice) {
            store.update(|progress| {
                progress
                    .record_answer(&quiz_id, Answer { choice, correct: choice == answer, confidence: now.confidence })
            });
        }
    };
    let confidence_group = format!("confidence-{}", quiz.id);

    view! {
        <fieldset class="quiz" disabled=move || attempt.get().committed>
            <legend class="block-title" inner_html=quiz.question_html.clone()></legend>
            {quiz
                .options
                .iter()
                .enumerate()
                .map(|(index, option)| {
                    let correct = index == quiz.answer;
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
        {ask_confidence
            .then(|| {
                view! {
                    <fieldset class="quiz-confidence" disabled=move || attempt.get().committed>
                        <legend>"How sure are you?"</legend>
                        {Confidence::ALL
                            .into_iter()
                            .map(|level| {
                                view! {
                                    <label class="confidence-option">
                                        <input
                                            type="radio"
                                            name=confidence_group.clone()
                                            prop:checked=move || attempt.get().confidence == Some(level)
                                            on:change=move |_| set_attempt.update(|attempt| attempt.set_confidence(level))
                                        />
                                        {level.label()}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                }
            })}
        <div class="quiz-actions">
            <button
                type="button"
                class="button"
                disabled=move || !attempt.get().can_commit()
                on:click=commit
            >
                "Commit my answer"
            </button>
            <p class="quiz-result" aria-live="polite">
                {move || {
                    let now = attempt.get();
                    let sure = now.confidence == Some(Confidence::Sure);
                    match now.result(&quiz_for_result) {
                        None => String::new(),
                        Some(true) => "Right. Every option's explanation is shown above.".to_owned(),
                        Some(false) if sure => format!(
                            "Not quite, and you were certain: that is exactly the belief worth replacing. The answer \
                             is option {}; read why each option is right or wrong above.",
                            quiz_for_result.answer + 1
                        ),
                        Some(false) => format!(
                            "Not quite: the answer is option {}. Read why each option is right or wrong above.",
                            quiz_for_result.answer + 1
                        ),
                    }
                }}
            </p>
        </div>
    }
}
