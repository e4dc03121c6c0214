//! The Model strategies panel: bake, download at start-up and mount side by side for the learner's figures,
//! with bar charts, and the strategy the current Dockerfile uses. The figures come from the engine's
//! `strategy` module; the lesson's strategy block reuses [`StrategyComparison`].

use dockerlab_engine::strategy::{self, Inputs, Outcome, Strategy};
use leptos::prelude::*;

use crate::playground::derive::{seconds, StrategyView};
use crate::playground::state::StrategyFigures;

fn megabytes(value: f64) -> String {
    if value >= 1000.0 {
        format!("{:.1} GB", value / 1000.0)
    } else {
        format!("{value:.0} MB")
    }
}

/// One compared figure: its label, how to print it, and how to read it from an outcome.
struct Figure {
    label: &'static str,
    value: fn(&Outcome) -> f64,
    print: fn(f64) -> String,
}

const FIGURES: [Figure; 6] = [
    Figure { label: "Image size (compressed)", value: |outcome| outcome.image_mb, print: megabytes },
    Figure { label: "Pushed per model update", value: |outcome| outcome.pushed_per_update_mb, print: megabytes },
    Figure { label: "Pulled per model update", value: |outcome| outcome.pulled_per_update_mb, print: megabytes },
    Figure { label: "Rebuild per model update", value: |outcome| outcome.rebuild_seconds, print: seconds },
    Figure { label: "Cold start", value: |outcome| outcome.cold_start_seconds, print: seconds },
    Figure { label: "Transfer per week", value: |outcome| outcome.weekly_transfer_mb, print: megabytes },
];

/// The side-by-side table with a bar per cell, the `current` strategy's column marked.
#[component]
pub fn StrategyComparison(
    #[prop(into)] inputs: Signal<Inputs>,
    #[prop(into)] current: Signal<Option<Strategy>>,
) -> impl IntoView {
    let outcomes = Memo::new(move |_| strategy::compare(&inputs.get()));
    view! {
        <div class="strategy-table-wrap">
            <table class="strategy-table">
                <thead>
                    <tr>
                        <th scope="col">"Figure"</th>
                        {Strategy::ALL
                            .into_iter()
                            .map(|strategy| {
                                view! {
                                    <th scope="col" class:current=move || current.get() == Some(strategy)>
                                        {strategy.title()}
                                        {move || (current.get() == Some(strategy)).then_some(view! { <span class="badge">"your Dockerfile"</span> })}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let outcomes = outcomes.get();
                        let mut rows = FIGURES
                            .iter()
                            .map(|figure| {
                                let values: Vec<f64> = outcomes.iter().map(figure.value).collect();
                                let largest = values.iter().copied().fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
                                view! {
                                    <tr>
                                        <th scope="row">{figure.label}</th>
                                        {values
                                            .into_iter()
                                            .map(|value| {
                                                view! {
                                                    <td>
                                                        <span class="chart-bar" style=format!("--share:{:.4};", value / largest) aria-hidden="true"></span>
                                                        <span class="chart-value">{(figure.print)(value)}</span>
                                                    </td>
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any();
                        let fits = view! {
                            <tr>
                                <th scope="row">"Reproducible"</th>
                                {outcomes.iter().map(|outcome| view! { <td class=format!("fit fit-{}", outcome.reproducibility.name())><strong>{outcome.reproducibility.name()}</strong>": "{outcome.reproducibility_why}</td> }).collect_view()}
                            </tr>
                            <tr>
                                <th scope="row">"Air-gapped site"</th>
                                {outcomes.iter().map(|outcome| view! { <td class=format!("fit fit-{}", outcome.air_gapped.name())><strong>{outcome.air_gapped.name()}</strong>": "{outcome.air_gapped_why}</td> }).collect_view()}
                            </tr>
                        };
                        rows = view! { {rows} {fits} }.into_any();
                        rows
                    }}
                </tbody>
            </table>
        </div>
    }
}

fn number_input(label: &'static str, unit: &'static str, value: Signal<f64>, set: Callback<f64>) -> impl IntoView {
    view! {
        <label class="strategy-input">
            <span>{label}</span>
            <input
                type="number"
                min="0"
                step="any"
                prop:value=move || value.get().to_string()
                on:input=move |event| {
                    if let Ok(number) = event_target_value(&event).parse::<f64>() {
                        set.run(number);
                    }
                }
            />
            <span class="unit">{unit}</span>
        </label>
    }
}

#[component]
pub fn StrategiesPanel(
    strategy: Memo<StrategyView>,
    /// The figures the learner typed; the ones not given follow the project and the engine's defaults.
    figures: Memo<StrategyFigures>,
    #[prop(into)] set_figures: Callback<StrategyFigures>,
) -> impl IntoView {
    // The model and image sizes start from the project and the estimate; the rest from the engine's defaults.
    let inputs = Memo::new(move |_| {
        let defaults = Inputs::default();
        let given = figures.get();
        strategy.with(|view| Inputs {
            model_mb: given.model_mb.unwrap_or(view.model_mb),
            app_image_mb: view.app_image_mb,
            updates_per_week: given.updates_per_week.unwrap_or(defaults.updates_per_week),
            replicas: given.replicas.unwrap_or(defaults.replicas),
            bandwidth_mbit_s: given.bandwidth_mbit_s.unwrap_or(defaults.bandwidth_mbit_s),
            cold_starts_per_week: given.cold_starts_per_week.unwrap_or(defaults.cold_starts_per_week),
        })
    });
    let field = move |read: fn(&Inputs) -> f64, write: fn(&mut StrategyFigures, f64)| {
        (
            Signal::derive(move || inputs.with(read)),
            Callback::new(move |value: f64| {
                if value.is_finite() && value >= 0.0 {
                    let mut given = figures.get_untracked();
                    write(&mut given, value);
                    set_figures.run(given);
                }
            }),
        )
    };
    let (model, set_model) = field(|inputs| inputs.model_mb, |given, value| given.model_mb = Some(value));
    let (updates, set_updates) =
        field(|inputs| inputs.updates_per_week, |given, value| given.updates_per_week = Some(value));
    let (replicas, set_replicas) = field(|inputs| inputs.replicas, |given, value| given.replicas = Some(value));
    let (bandwidth, set_bandwidth) =
        field(|inputs| inputs.bandwidth_mbit_s, |given, value| given.bandwidth_mbit_s = Some(value));
    let (cold, set_cold) =
        field(|inputs| inputs.cold_starts_per_week, |given, value| given.cold_starts_per_week = Some(value));
    let current = Signal::derive(move || strategy.with(|view| view.detected.as_ref().map(|found| found.0)));
    view! {
        <section class="panel panel-strategies" role="region" aria-label="Model strategies">
            <h2 class="panel-heading">"Model strategies"</h2>
            <p class="strategy-detected" role="status">
                {move || match strategy.get().detected {
                    Some((found, line, evidence)) => format!("Your Dockerfile uses: {} (line {line}). {evidence}", found.title()),
                    None => "Your Dockerfile does not handle a model file yet: no COPY of weights, no download at start-up, no volume.".to_owned(),
                }}
            </p>
            <div class="strategy-inputs">
                {number_input("Model size", "MB", model, set_model)}
                {number_input("Updates per week", "", updates, set_updates)}
                {number_input("Replicas", "", replicas, set_replicas)}
                {number_input("Bandwidth", "Mbit/s", bandwidth, set_bandwidth)}
                {number_input("Cold starts per week", "", cold, set_cold)}
            </div>
            <p class="muted small">
                {move || format!("The image without the model is estimated at {} compressed from your Dockerfile. ", megabytes(inputs.with(|inputs| inputs.app_image_mb)))}
                "Cold starts assume a node with nothing cached. Rates and defaults come from the engine's data files, with their sources."
            </p>
            <StrategyComparison inputs=inputs current=current />
        </section>
    }
}
