//! The Layers panel: one bar per layer sized by its bytes, the base image apart, wasted bytes shown, and the
//! instruction with its size breakdown on hover or focus.

use leptos::prelude::*;

use crate::playground::derive::{bytes, LayerView, LayersView};

fn breakdown(layer: &LayerView) -> impl IntoView {
    let parts = layer.parts.clone();
    let unknowns = layer.unknowns.clone();
    view! {
        <div class="layer-detail" role="tooltip">
            <code class="layer-instruction">{layer.text.clone()}</code>
            <p>
                {format!("{} uncompressed, {} compressed", bytes(layer.bytes), bytes(layer.compressed_bytes))}
                {(layer.wasted_bytes > 0).then(|| format!(", {} wasted (removed or overwritten later)", bytes(layer.wasted_bytes)))}
            </p>
            {(!parts.is_empty())
                .then(|| {
                    view! {
                        <ul class="layer-parts">
                            {parts
                                .into_iter()
                                .map(|(what, size, removed)| {
                                    view! {
                                        <li class:removed=removed>
                                            {format!("{what}: {}{}", bytes(size), if removed { " (removed in the same step)" } else { "" })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            {unknowns.into_iter().map(|unknown| view! { <p class="layer-unknown">{unknown}</p> }).collect_view()}
        </div>
    }
}

fn layer_row(layer: LayerView) -> impl IntoView {
    let label = format!(
        "Line {}: {}, {}{}",
        layer.line,
        layer.text,
        bytes(layer.bytes),
        if layer.wasted_bytes > 0 { format!(", {} wasted", bytes(layer.wasted_bytes)) } else { String::new() }
    );
    let wasted_share = if layer.bytes == 0 { 0.0 } else { layer.wasted_bytes as f64 / layer.bytes as f64 };
    view! {
        <li class="layer" tabindex="0" aria-label=label>
            <span class="layer-line">{format!("L{}", layer.line)}</span>
            <code class="layer-text">{layer.text.clone()}</code>
            <span class="layer-bar" style=format!("--share:{:.4};", layer.share.max(0.004))>
                <span class="layer-bar-wasted" style=format!("--wasted:{wasted_share:.4};")></span>
            </span>
            <span class="layer-size">{bytes(layer.bytes)}</span>
            {breakdown(&layer)}
        </li>
    }
}

/// The learner's layers, keyed by what each row shows: a keystroke usually changes one layer, and only that row is
/// rebuilt (a 300-line Dockerfile has a couple of hundred rows, each with its breakdown).
#[component]
fn LayerRows(layers: Memo<LayersView>) -> impl IntoView {
    view! {
        <For
            each=move || {
                layers.with(|view| view.layers.iter().map(LayerView::render_key).enumerate().collect::<Vec<_>>())
            }
            key=|(_, key)| *key
            children=move |(index, _)| layers.with_untracked(|view| view.layers.get(index).cloned()).map(layer_row)
        />
    }
}

#[component]
pub fn LayersPanel(layers: Memo<LayersView>) -> impl IntoView {
    // Each part follows only what it shows, so that a keystroke does not rebuild the whole list.
    let empty = Memo::new(move |_| layers.with(|view| view.layers.is_empty()));
    let base = Memo::new(move |_| layers.with(|view| view.base.clone()));
    view! {
        <section class="panel panel-layers" role="region" aria-label="Layers">
            <h2 class="panel-heading">"Layers"</h2>
            {move || {
                let view = layers.get();
                view! {
                    <dl class="totals">
                        <div><dt>"Uncompressed"</dt><dd data-total="uncompressed">{bytes(view.total_bytes)}</dd></div>
                        <div><dt>"Compressed (pulled)"</dt><dd data-total="compressed">{bytes(view.compressed_bytes)}</dd></div>
                        <div><dt>"Wasted"</dt><dd data-total="wasted">{bytes(view.wasted_bytes)}</dd></div>
                    </dl>
                }
            }}
            {move || {
                base.get()
                    .map(|base| {
                        view! {
                            <div class="layer-base">
                                <p class="panel-subheading">"Base image (pulled once, shared by images built on it)"</p>
                                <ol class="layer-list">{layer_row(base)}</ol>
                            </div>
                        }
                    })
            }}
            <p class="panel-subheading">"Your layers"</p>
            {move || {
                if empty.get() {
                    view! { <p class="muted">"No layer yet: RUN, COPY and ADD make layers."</p> }.into_any()
                } else {
                    view! { <ol class="layer-list"><LayerRows layers=layers /></ol> }.into_any()
                }
            }}
            <p class="muted small">"Hover over or focus a layer for what its bytes are. Sizes are estimates from measured package and image sizes."</p>
        </section>
    }
}
