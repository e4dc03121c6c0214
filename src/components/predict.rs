//! The "predict which layers rebuild" block: a Dockerfile, a change to the project, and a question. Checking
//! the learner's answer needs the cache simulator, and the block says so.

use dockerlab_course::blocks::PredictBlock;
use dockerlab_course::highlight::{highlight, Lang};
use leptos::prelude::*;

use super::NotYet;

#[component]
pub fn PredictBlockView(block: PredictBlock) -> impl IntoView {
    let html = highlight(Lang::Dockerfile, &block.dockerfile);
    view! {
        <section class="block block-predict" data-block="predict" aria-label="Predict the rebuild">
            <p class="block-kind">"Predict the rebuild"</p>
            <h3 class="block-title">{block.question}</h3>
            <pre class="code lang-dockerfile" data-lang="Dockerfile" inner_html=html></pre>
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
            <NotYet>
                "checking your prediction needs the build-cache simulator, which is still being written. Until "
                "then, work it out on paper: find the first instruction whose inputs the change touches."
            </NotYet>
        </section>
    }
}
