//! The quizzes page (`#/quizzes`): a section per kind with every item and the learner's progress on it, the
//! progress tools, one kind's list (`#/quizzes/<kind>`, for interview practice the review queue) and one item
//! (`#/quizzes/<kind>/<id>`).

use std::rc::Rc;

use dockerlab_course::progress::Progress;
use dockerlab_course::schedule::review_queue;
use leptos::prelude::*;

use super::quiz_exercise::ExerciseView;
use super::quiz_interview::InterviewView;
use crate::components::{LoadError, Loading, PredictView, QuizView};
use crate::progress::{today, use_progress, ProgressTools};
use crate::quiz_content::{self, Loaded};
use crate::route::{QuizKind, Route};

/// What the list shows for every item of a kind: id, title (plain text), and the learner's status.
#[derive(Clone)]
struct Entry {
    id: String,
    title: String,
}

/// The items of a kind as list entries, with load problems.
async fn entries(kind: QuizKind) -> Result<(Vec<Entry>, Vec<String>), String> {
    fn collect<T>(loaded: Loaded<T>, title: impl Fn(&T) -> String) -> (Vec<Entry>, Vec<String>) {
        let mut problems = loaded.problems.clone();
        for item in &loaded.items {
            if !item.problems.is_empty() {
                let list = item.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                problems.push(format!("quizzes/{}: {list}", item.file));
            }
        }
        let entries =
            loaded.items.iter().map(|item| Entry { id: item.id.clone(), title: title(&item.value) }).collect();
        (entries, problems)
    }
    Ok(match kind {
        QuizKind::Misconceptions => collect(quiz_content::misconceptions().await?, |q| plain(&q.question_html)),
        QuizKind::Predict => collect(quiz_content::predict().await?, |q| plain(&q.question_html)),
        QuizKind::Interview => collect(quiz_content::interview().await?, |q| plain(&q.question_html)),
        QuizKind::Exercises => collect(quiz_content::exercises().await?, |e| e.title.clone()),
    })
}

/// The text of sanitised inline HTML, for list entries: tags dropped, the few entities the course writes decoded.
fn plain(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The learner's status on one item, as a short label.
fn status(kind: QuizKind, id: &str, progress: &Progress, today: i64) -> (&'static str, String) {
    match kind {
        QuizKind::Misconceptions => match progress.misconceptions.get(id) {
            Some(answer) if answer.correct => ("done", "answered right".into()),
            Some(_) => ("missed", "answered wrong".into()),
            None => ("new", "not tried".into()),
        },
        QuizKind::Predict => match progress.predict.get(id) {
            Some(record) if record.solved => ("done", "solved".into()),
            Some(record) => ("missed", format!("{} tries", record.attempts)),
            None => ("new", "not tried".into()),
        },
        QuizKind::Interview => match progress.interview.get(id) {
            Some(card) if card.is_due(today) => ("due", format!("box {}, due now", card.leitner_box)),
            Some(card) => ("done", format!("box {}, due in {} days", card.leitner_box, card.due - today)),
            None => ("new", "new".into()),
        },
        QuizKind::Exercises => match progress.exercises.get(id) {
            Some(record) if record.solved => ("done", "every goal passed".into()),
            Some(_) => ("missed", "started".into()),
            None => ("new", "not tried".into()),
        },
    }
}

fn blurb(kind: QuizKind) -> &'static str {
    match kind {
        QuizKind::Misconceptions => {
            "Common beliefs about containers that do not hold. Pick an answer, say how sure you are, and commit \
             before any explanation appears."
        }
        QuizKind::Predict => {
            "A Dockerfile and a change to the project: mark the lines that rebuild, and the cache simulator \
             grades you line by line."
        }
        QuizKind::Interview => {
            "Questions an interviewer asks about Docker for ML. Answer, compare with a model answer and its key \
             points, grade yourself; a Leitner schedule brings each question back when it is due."
        }
        QuizKind::Exercises => {
            "A flawed Dockerfile and goals the engine checks: cache behaviour, image size, the user, lint \
             findings. Edit until every goal passes."
        }
    }
}

/// The list of one kind's items with the learner's status on each.
#[component]
fn KindList(kind: QuizKind, limit_to: Option<Vec<String>>) -> impl IntoView {
    let store = use_progress();
    let loaded = LocalResource::new(move || entries(kind));
    let today = today();
    view! {
        {move || match loaded.get() {
            None => view! { <Loading what="the questions" /> }.into_any(),
            Some(Err(error)) => view! { <LoadError message=error /> }.into_any(),
            Some(Ok((entries, problems))) => {
                let entries: Vec<Entry> = match &limit_to {
                    Some(ids) => ids.iter().filter_map(|id| entries.iter().find(|e| &e.id == id).cloned()).collect(),
                    None => entries,
                };
                view! {
                    {(!problems.is_empty())
                        .then(|| view! {
                            <div class="notice notice-error" role="alert">
                                <p><strong>"Some quiz files have problems."</strong></p>
                                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            </div>
                        })}
                    <ol class="quiz-list" data-kind=kind.slug()>
                        {entries
                            .into_iter()
                            .map(|entry| {
                                let id = entry.id.clone();
                                let href = Route::Quiz { kind, id: entry.id.clone() }.href();
                                let state = Signal::derive(move || store.progress.with(|p| status(kind, &id, p, today)));
                                view! {
                                    <li class="quiz-entry">
                                        <a href=href>{entry.title}</a>
                                        <span class="quiz-status" data-state=move || state.get().0>{move || state.get().1}</span>
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

#[component]
pub fn QuizzesPage() -> impl IntoView {
    let store = use_progress();
    let confident_misses = move || store.progress.with(Progress::confident_misses);
    view! {
        <h1>"Quizzes"</h1>
        <p class="lead">
            "Four ways to test what you know: misconception questions, predicting a rebuild, interview practice "
            "and fixing flawed Dockerfiles. The graded kinds are checked by the same engine as the playground."
        </p>
        <ProgressTools />
        <Show when=move || { confident_misses() > 0 }>
            <p class="notice notice-pending" role="note">
                {move || format!(
                    "{} misconception{} answered wrongly while certain: those are worth a second look.",
                    confident_misses(),
                    if confident_misses() == 1 { "" } else { "s" }
                )}
            </p>
        </Show>
        <div class="quiz-sections">
            {QuizKind::ALL
                .into_iter()
                .map(|kind| {
                    view! {
                        <section class="quiz-section" aria-labelledby=format!("kind-{}", kind.slug())>
                            <h2 id=format!("kind-{}", kind.slug())>
                                <a href=Route::QuizKind(kind).href()>{kind.title()}</a>
                            </h2>
                            <p>{blurb(kind)}</p>
                            <KindList kind=kind limit_to=None />
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// One kind's list; for interview practice, the review queue first.
#[component]
pub fn QuizKindPage(kind: QuizKind) -> impl IntoView {
    view! {
        <p class="breadcrumb"><a href=Route::Quizzes.href()>"← All quizzes"</a></p>
        <h1>{kind.title()}</h1>
        <p class="lead">{blurb(kind)}</p>
        {(kind == QuizKind::Interview).then(|| view! { <ReviewQueue /> })}
        {(kind != QuizKind::Interview).then(|| view! { <KindList kind=kind limit_to=None /> })}
    }
}

/// The interview questions due today, most overdue first, then the ones never seen.
#[component]
fn ReviewQueue() -> impl IntoView {
    let store = use_progress();
    let loaded = LocalResource::new(|| async { quiz_content::interview().await.map(Rc::new) });
    view! {
        {move || match loaded.get() {
            None => view! { <Loading what="the questions" /> }.into_any(),
            Some(Err(error)) => view! { <LoadError message=error /> }.into_any(),
            Some(Ok(loaded)) => {
                let ids: Vec<String> = loaded.ids().into_iter().map(str::to_owned).collect();
                let today = today();
                let queue = store.progress.with(|progress| {
                    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                    review_queue(&refs, |id| progress.interview.get(id).copied(), today)
                        .into_iter()
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                });
                let later: Vec<String> = ids.iter().filter(|id| !queue.contains(id)).cloned().collect();
                view! {
                    <section class="review-queue" aria-labelledby="review-heading">
                        <h2 id="review-heading">{format!("To review today: {}", queue.len())}</h2>
                        {queue.first().map(|first| view! {
                            <p><a class="button" href=Route::Quiz { kind: QuizKind::Interview, id: first.clone() }.href()>"Start the review"</a></p>
                        })}
                        {queue.is_empty().then(|| view! { <p>"Nothing is due. Come back tomorrow."</p> })}
                        <KindList kind=QuizKind::Interview limit_to=Some(queue.clone()) />
                    </section>
                    {(!later.is_empty()).then(|| view! {
                        <section class="review-later" aria-labelledby="later-heading">
                            <h2 id="later-heading">"Scheduled for later"</h2>
                            <KindList kind=QuizKind::Interview limit_to=Some(later) />
                        </section>
                    })}
                }
                    .into_any()
            }
        }}
    }
}

/// The link to the item after `id` in `ids`, if any.
fn next_link(kind: QuizKind, ids: &[&str], id: &str) -> Option<String> {
    let at = ids.iter().position(|other| *other == id)?;
    ids.get(at + 1).map(|next| Route::Quiz { kind, id: (*next).to_owned() }.href())
}

fn problems_notice<T>(item: &crate::quiz_content::Item<T>) -> Option<AnyView> {
    (!item.problems.is_empty()).then(|| {
        let list = item.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        view! { <p class="notice notice-error" role="alert">{format!("quizzes/{}: {list}", item.file)}</p> }.into_any()
    })
}

fn missing(kind: QuizKind, id: &str) -> AnyView {
    view! {
        <div class="notice notice-error" role="alert">
            <p>{format!("There is no {} question with the id {id:?}.", kind.title().to_lowercase())}</p>
            <p><a href=Route::QuizKind(kind).href()>"See the list"</a></p>
        </div>
    }
    .into_any()
}

/// One item of one kind.
#[component]
pub fn QuizItemPage(kind: QuizKind, id: String) -> impl IntoView {
    let body = LocalResource::new({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move { load_item(kind, id).await }
        }
    });
    view! {
        <p class="breadcrumb">
            <a href=Route::Quizzes.href()>"Quizzes"</a>" › "<a href=Route::QuizKind(kind).href()>{kind.title()}</a>
        </p>
        <article class="quiz-page" data-kind=kind.slug()>
            {move || match body.get() {
                None => view! { <Loading what="the question" /> }.into_any(),
                Some(Err(error)) => view! { <LoadError message=error /> }.into_any(),
                Some(Ok(item)) => item.view(),
            }}
        </article>
    }
}

/// A loaded item, ready to show.
enum ItemBody {
    Missing(QuizKind, String),
    Misconception(Rc<crate::quiz_content::Item<dockerlab_course::quiz::Quiz>>, Option<String>),
    Predict(Rc<crate::quiz_content::Item<dockerlab_course::rebuild::RebuildQuestion>>, Option<String>),
    Interview(Rc<crate::quiz_content::Item<dockerlab_course::interview::InterviewQuestion>>, Vec<String>),
    Exercise(Rc<crate::quiz_content::Item<dockerlab_course::exercise::Exercise>>, Option<String>),
}

async fn load_item(kind: QuizKind, id: String) -> Result<Rc<ItemBody>, String> {
    let body = match kind {
        QuizKind::Misconceptions => {
            let loaded = quiz_content::misconceptions().await?;
            match loaded.get(&id) {
                Some(item) => ItemBody::Misconception(item, next_link(kind, &loaded.ids(), &id)),
                None => ItemBody::Missing(kind, id),
            }
        }
        QuizKind::Predict => {
            let loaded = quiz_content::predict().await?;
            match loaded.get(&id) {
                Some(item) => ItemBody::Predict(item, next_link(kind, &loaded.ids(), &id)),
                None => ItemBody::Missing(kind, id),
            }
        }
        QuizKind::Interview => {
            let loaded = quiz_content::interview().await?;
            let ids = loaded.ids().into_iter().map(str::to_owned).collect();
            match loaded.get(&id) {
                Some(item) => ItemBody::Interview(item, ids),
                None => ItemBody::Missing(kind, id),
            }
        }
        QuizKind::Exercises => {
            let loaded = quiz_content::exercises().await?;
            match loaded.get(&id) {
                Some(item) => ItemBody::Exercise(item, next_link(kind, &loaded.ids(), &id)),
                None => ItemBody::Missing(kind, id),
            }
        }
    };
    Ok(Rc::new(body))
}

fn next_view(kind: QuizKind, next: Option<String>) -> impl IntoView {
    view! {
        <p class="quiz-next">
            {match next {
                Some(href) => view! { <a href=href>"Next question →"</a> }.into_any(),
                None => view! { <a href=Route::QuizKind(kind).href()>"Back to the list"</a> }.into_any(),
            }}
        </p>
    }
}

impl ItemBody {
    fn view(&self) -> AnyView {
        match self {
            ItemBody::Missing(kind, id) => missing(*kind, id),
            ItemBody::Misconception(item, next) => view! {
                <h1>"Misconception check"</h1>
                {problems_notice(item)}
                <section class="block block-quiz" data-block="quiz" aria-label="Question">
                    <QuizView quiz=item.value.clone() ask_confidence=true />
                </section>
                {next_view(QuizKind::Misconceptions, next.clone())}
            }
            .into_any(),
            ItemBody::Predict(item, next) => {
                let question = &item.value;
                let events = question.events.iter().map(ToString::to_string).collect::<Vec<_>>().join(", then ");
                let explain = question.explain_html.clone();
                view! {
                    <h1>"Predict the rebuild"</h1>
                    {problems_notice(item)}
                    <section class="block block-predict" data-block="predict" aria-label="Predict the rebuild">
                        <h2 class="block-title" inner_html=question.question_html.clone()></h2>
                        <p class="block-event"><strong>"After a first build: "</strong>{events}"."</p>
                        <PredictView
                            dockerfile=question.dockerfile.clone()
                            prediction=question.predict()
                            record_id=Some(question.id.clone())
                        />
                        {(!explain.is_empty()).then(|| view! {
                            <details class="predict-explain"><summary>"The idea behind it"</summary><p inner_html=explain></p></details>
                        })}
                    </section>
                    {next_view(QuizKind::Predict, next.clone())}
                }
                .into_any()
            }
            ItemBody::Interview(item, ids) => view! {
                <h1>"Interview practice"</h1>
                {problems_notice(item)}
                <InterviewView question=item.value.clone() ids=ids.clone() />
            }
            .into_any(),
            ItemBody::Exercise(item, next) => view! {
                {problems_notice(item)}
                <ExerciseView exercise=item.value.clone() />
                {next_view(QuizKind::Exercises, next.clone())}
            }
            .into_any(),
        }
    }
}
