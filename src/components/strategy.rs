//! The model-strategy block: the ways to ship one model, side by side. The comparison figures wait for the
//! strategy engine; the strategies themselves are listed now.

use dockerlab_course::blocks::StrategyBlock;
use leptos::prelude::*;

use super::NotYet;

#[component]
pub fn StrategyBlockView(block: StrategyBlock) -> impl IntoView {
    view! {
        <section class="block block-strategy" data-block="strategy" aria-label="Model-shipping strategies">
            <p class="block-kind">"Compare strategies"</p>
            <h3 class="block-title">{format!("Shipping {}", block.model)}</h3>
            <ul class="strategy-list">
                {block
                    .strategies
                    .iter()
                    .map(|strategy| view! { <li><strong>{strategy.title()}</strong><p>{strategy.how()}</p></li> })
                    .collect_view()}
            </ul>
            <NotYet>
                "the side-by-side comparison (image size, start-up time, what a model update costs) needs the "
                "model-strategy engine, which is still being written. The strategies are listed by name until then."
            </NotYet>
        </section>
    }
}
