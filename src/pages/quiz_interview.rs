//! One interview question: answer (in the box or in your head), reveal the model answer and its checklist,
//! tick the points you made, grade yourself; the Leitner schedule decides when it comes back.

use dockerlab_course::interview::InterviewQuestion;
use dockerlab_course::schedule::{review_queue, SelfGrade};
use leptos::prelude::*;

use crate::progress::{today, use_progress};
use crate::route::{QuizKind, Route};

#[component]
pub fn InterviewView(question: InterviewQuestion, ids: Vec<String>) -> impl IntoView {
    let store = use_progress();
    let revealed = RwSignal::new(false);
    let graded = RwSignal::new(None::<SelfGrade>);
    let ticked = RwSignal::new(0usize);
    let id = question.id.clone();
    let points = question.points_html.clone();
    let point_count = points.len();
    let answer_html = question.answer_html.clone();
    let grade = Callback::new(move |grade: SelfGrade| {
        let today = today();
        store.update(|progress| progress.review(&id, grade, today));
        graded.set(Some(grade));
    });
    let id_for_card = question.id.clone();
    let id_for_next = question.id.clone();
    let next = move || {
        let today = today();
        store.progress.with(|progress| {
            let refs: Vec<&str> = ids.iter().map(String::as_str).filter(|other| *other != id_for_next).collect();
            review_queue(&refs, |other| progress.interview.get(other).copied(), today)
                .first()
                .map(|next| Route::Quiz { kind: QuizKind::Interview, id: (*next).to_owned() }.href())
        })
    };

    view! {
        <section class="block block-interview" data-block="interview" aria-label="Interview question">
            <p class="block-kind">{format!("Interview · {}", question.topic)}</p>
            <h2 class="block-title" inner_html=question.question_html.clone()></h2>
            <label class="interview-answer">
                "Your answer (optional: answering in your head works too)"
                <textarea rows="6" disabled=move || revealed.get()></textarea>
            </label>
            <div class="quiz-actions">
                <button type="button" class="button" disabled=move || revealed.get() on:click=move |_| revealed.set(true)>
                    "Reveal the model answer"
                </button>
            </div>
            <Show when=move || revealed.get()>
                <div class="model-answer">
                    <h3>"A model answer"</h3>
                    <p inner_html=answer_html.clone()></p>
                    <h3>"Key points: tick the ones you made"</h3>
                    <ul class="checklist">
                        {points
                            .iter()
                            .map(|point| {
                                view! {
                                    <li>
                                        <label>
                                            <input
                                                type="checkbox"
                                                on:change=move |event| {
                                                    let on = event_target_checked(&event);
                                                    ticked.update(|n| if on { *n += 1 } else { *n = n.saturating_sub(1) });
                                                }
                                            />
                                            <span inner_html=point.clone()></span>
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <p class="checklist-count">{move || format!("{} of {point_count} points made.", ticked.get())}</p>
                    <fieldset class="self-grade" disabled=move || graded.get().is_some()>
                        <legend>"How did you do?"</legend>
                        {SelfGrade::ALL
                            .into_iter()
                            .map(|level| view! {
                                <button
                                    type="button"
                                    class="button-quiet"
                                    aria-pressed=move || (graded.get() == Some(level)).to_string()
                                    on:click=move |_| grade.run(level)
                                >
                                    {level.label()}
                                </button>
                            })
                            .collect_view()}
                    </fieldset>
                </div>
            </Show>
            <Show when=move || graded.get().is_some()>
                <p class="quiz-result" role="status">
                    {
                        let id = id_for_card.clone();
                        move || {
                            let today = today();
                            store.progress.with(|progress| match progress.interview.get(&id) {
                                Some(card) if card.due <= today => format!("Box {}: it comes back later today.", card.leitner_box),
                                Some(card) => format!(
                                    "Box {}: it comes back in {} day{}.",
                                    card.leitner_box,
                                    card.due - today,
                                    if card.due - today == 1 { "" } else { "s" }
                                ),
                                None => String::new(),
                            })
                        }
                    }
                </p>
                <p class="quiz-next">
                    {
                        let next = next.clone();
                        move || match next() {
                            Some(href) => view! { <a href=href>"Next in the review queue →"</a> }.into_any(),
                            None => view! { <a href=Route::QuizKind(QuizKind::Interview).href()>"The review queue is empty: back to the list"</a> }.into_any(),
                        }
                    }
                </p>
            </Show>
        </section>
    }
}
