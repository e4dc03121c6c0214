//! The Dockerfile playground block: edit a Dockerfile and see it highlighted, its stages and its located
//! problems at once; when the block names an event, the build-cache timeline of the playground shows what the
//! rebuild after it reuses and what it runs again.

use dockerlab_course::blocks::{ContextEvent, PlaygroundBlock};
use dockerlab_course::{playground, project};
use dockerlab_engine::cache::History;
use leptos::prelude::*;

use super::panels::CacheTimeline;
use crate::playground::derive::replay;

/// The block's event in the engine's one-line event language.
fn event_line(event: &ContextEvent) -> String {
    match event {
        ContextEvent::Edit(path) => format!("edit {path}"),
        ContextEvent::Add(path) => format!("add {path} 4k"),
        ContextEvent::Remove(path) => format!("remove {path}"),
    }
}

#[component]
pub fn PlaygroundBlockView(block: PlaygroundBlock) -> impl IntoView {
    let original = block.dockerfile.clone();
    let (text, set_text) = signal(block.dockerfile.clone());
    let analysis = Memo::new(move |_| playground::view(&text.get()));
    let title = block.title.clone().unwrap_or_else(|| "Try it: edit the Dockerfile".to_owned());
    let label = title.clone();
    let event_path = block.event.as_ref().map(|event| event.path().to_owned());
    let event_text = block.event.as_ref().map(|event| event.describe());
    let rows = block.dockerfile.lines().count().clamp(6, 24);
    let preset = block.preset;
    let block_event = block.event.clone();
    let rebuild = Memo::new(move |_| {
        let event = block_event.as_ref()?;
        let mut world = project::world(&text.get(), project::preset_context(preset));
        project::ensure_file(&mut world, &project::block_event(event));
        let analysis = world.analyze();
        Some(replay(History::new(world), &analysis, &[event_line(event)]))
    });
    let timeline = Signal::derive(move || rebuild.get().unwrap_or_default());

    view! {
        <section class="block block-playground" data-block="playground" aria-label=label>
            <p class="block-kind">"Playground"</p>
            <h3 class="block-title">{title}</h3>
            <div class="playground-grid">
                <div class="playground-editor">
                    <label class="panel-title" for=format!("dockerfile-{}", block.preset.id)>"Dockerfile"</label>
                    <textarea
                        id=format!("dockerfile-{}", block.preset.id)
                        class="dockerfile-input"
                        rows=rows
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=move || text.get()
                        on:input=move |event| set_text.set(event_target_value(&event))
                    ></textarea>
                    <button type="button" class="button-quiet" on:click=move |_| set_text.set(original.clone())>
                        "Reset"
                    </button>
                </div>
                <div class="playground-view">
                    <p class="panel-title">"As the engine reads it"</p>
                    <pre class="code lang-dockerfile" inner_html=move || analysis.with(|view| view.highlighted_html.clone())></pre>
                </div>
            </div>
            <div class="playground-panels">
                <div>
                    <p class="panel-title">"Stages"</p>
                    {move || {
                        let stages = analysis.with(|view| view.stages.clone());
                        if stages.is_empty() {
                            view! { <p class="muted">"No FROM yet, so no stage."</p> }.into_any()
                        } else {
                            view! {
                                <ol class="stage-list">
                                    {stages
                                        .into_iter()
                                        .map(|stage| {
                                            view! {
                                                <li>
                                                    <strong>{stage.name}</strong>
                                                    {format!(" from {} (line {}), {} step{}", stage.base, stage.line, stage.steps, if stage.steps == 1 { "" } else { "s" })}
                                                    {(!stage.reachable).then_some(" · not needed by the target")}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            }
                                .into_any()
                        }
                    }}
                </div>
                <div>
                    <p class="panel-title">"Problems"</p>
                    {move || {
                        let diagnostics = analysis.with(|view| view.diagnostics.clone());
                        if diagnostics.is_empty() {
                            view! { <p class="muted diagnostics-clear">"None: the builder would accept this file."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="diagnostic-list">
                                    {diagnostics
                                        .into_iter()
                                        .map(|diagnostic| {
                                            view! {
                                                <li class=format!("diagnostic diagnostic-{}", diagnostic.severity)>
                                                    <span class="diagnostic-where">
                                                        {format!("line {}, column {}", diagnostic.line, diagnostic.column)}
                                                    </span>
                                                    " "
                                                    <span class="diagnostic-severity">{diagnostic.severity}</span>
                                                    ": "
                                                    {diagnostic.message}
                                                    {diagnostic.hint.map(|hint| view! { <span class="diagnostic-hint">{format!(" {hint}")}</span> })}
                                                    " "
                                                    <code class="diagnostic-code">{diagnostic.code}</code>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </div>
            <details class="context-files">
                <summary>{format!("Build context: {} ({} entries)", block.preset.title, block.preset.files.len())}</summary>
                <ul>
                    {block
                        .preset
                        .files
                        .iter()
                        .map(|file| {
                            let changed = event_path.as_deref() == Some(file.path);
                            view! {
                                <li class:changed=changed>
                                    <code>{file.path}</code>
                                    " — "
                                    {file.note}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </details>
            {event_text
                .map(|event| {
                    view! {
                        <p class="block-event"><strong>"Then: "</strong>{event}"."</p>
                        <div class="block-rebuild" role="region" aria-label="Build cache">
                            <p class="panel-title">"The first build, then the rebuild after that change"</p>
                            <CacheTimeline cache=timeline />
                        </div>
                    }
                })}
        </section>
    }
}
