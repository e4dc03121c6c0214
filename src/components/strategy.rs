//! The model-strategy block: the ways to ship one model, side by side, with the figures of the engine's
//! strategy comparison (the same table as the playground's Model strategies panel).

use dockerlab_course::blocks::StrategyBlock;
use dockerlab_engine::strategy::Inputs;
use leptos::prelude::*;

use super::panels::StrategyComparison;

/// The model size a lesson names ("a 900 MB model", "a 1.3 GB checkpoint"), in MB.
fn model_megabytes(words: &str) -> Option<f64> {
    let tokens: Vec<&str> = words.split_whitespace().collect();
    tokens.windows(2).find_map(|pair| {
        let number: f64 = pair[0].replace(',', "").parse().ok()?;
        match pair[1].trim_end_matches(|c: char| !c.is_ascii_alphabetic()).to_ascii_uppercase().as_str() {
            "MB" => Some(number),
            "GB" => Some(number * 1000.0),
            _ => None,
        }
    })
}

#[component]
pub fn StrategyBlockView(block: StrategyBlock) -> impl IntoView {
    let inputs = RwSignal::new(Inputs {
        model_mb: model_megabytes(&block.model).unwrap_or_else(|| Inputs::default().model_mb),
        ..Inputs::default()
    });
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
            <div class="strategy-inputs">
                <label class="strategy-input">
                    <span>"Model size"</span>
                    <input
                        type="number"
                        min="0"
                        prop:value=move || inputs.with(|inputs| inputs.model_mb.to_string())
                        on:input=move |event| {
                            if let Ok(value) = event_target_value(&event).parse::<f64>() {
                                inputs.update(|inputs| inputs.model_mb = value);
                            }
                        }
                    />
                    <span class="unit">"MB"</span>
                </label>
                <label class="strategy-input">
                    <span>"Replicas"</span>
                    <input
                        type="number"
                        min="0"
                        prop:value=move || inputs.with(|inputs| inputs.replicas.to_string())
                        on:input=move |event| {
                            if let Ok(value) = event_target_value(&event).parse::<f64>() {
                                inputs.update(|inputs| inputs.replicas = value);
                            }
                        }
                    />
                </label>
            </div>
            <StrategyComparison inputs=inputs current=Signal::derive(|| None) />
            <p class="muted small">"Try every figure in the playground's Model strategies panel."</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::model_megabytes;

    #[test]
    fn the_model_size_is_read_from_the_lesson_words() {
        assert_eq!(model_megabytes("a 900 MB sentence-embedding model"), Some(900.0));
        assert_eq!(model_megabytes("a 1.3 GB checkpoint"), Some(1300.0));
        assert_eq!(model_megabytes("a model"), None);
    }
}
