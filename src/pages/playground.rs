//! The Dockerfile playground: the editor and its virtual project beside the panels, share links, and the same
//! view without the site's chrome for `?embed=<panel>`.

use dockerlab_engine::lint::{apply_edits, Edit};
use leptos::html::Textarea;
use leptos::leptos_dom::helpers::{set_timeout_with_handle, window_event_listener, TimeoutHandle};
use leptos::prelude::*;

use crate::browser;
use crate::components::editor::DockerfileEditor;
use crate::components::panels::{CachePanel, ContextPanel, LayersPanel, LintPanel, StrategiesPanel};
use crate::components::project::{focus_soon, ProjectPane, FILE_TEXT_ID};
use crate::playground::state::{FileAction, StrategyFigures, DOCKERFILE};
use crate::playground::{derive, presets, share, Panel, PlaygroundState};
use crate::route::{playground_fragment, query_param};

const STORAGE_KEY: &str = "dockerlab.playground.v1";
/// How long the state must stay unchanged before it is saved.
const SAVE_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);

/// What `?embed=<panel>&theme=…` asked for, read from `location.search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbedRequest {
    pub panel: Panel,
}

/// The embed request of this page, if any; sets the requested theme as a side effect.
pub fn embed_request() -> Option<EmbedRequest> {
    let (search, _) = browser::location_parts();
    let panel = query_param(&search, "embed")?;
    browser::set_theme(&query_param(&search, "theme").unwrap_or_default());
    Some(EmbedRequest { panel: Panel::from_id(&panel).unwrap_or_default() })
}

/// The state to start from: a share link, else the last session (when storage works), else the default; with a
/// notice when a link could not be read.
fn initial_state(embed: bool) -> (PlaygroundState, Option<String>) {
    let (_, fragment) = browser::location_parts();
    if let Some(data) = query_param(&fragment, "s") {
        return match share::decode(&data) {
            Ok(state) => (state, None),
            Err(error) => (
                PlaygroundState::default(),
                Some(format!("This share link could not be opened: {error}. The default playground is shown instead.")),
            ),
        };
    }
    let saved = (!embed).then(|| browser::storage_get(STORAGE_KEY)).flatten();
    (saved.and_then(|data| share::decode(&data).ok()).unwrap_or_default(), None)
}

#[component]
pub fn PlaygroundPage() -> impl IntoView {
    view! { <Playground embed=None /> }
}

/// The embedded view: one panel and the editor, no header or footer.
#[component]
pub fn EmbedPage(request: EmbedRequest) -> impl IntoView {
    Effect::new(move |_| browser::report_height_to_parent());
    crate::tables::provide_tables();
    view! {
        <main id="main" class="embed">
            <crate::tables::WithTables>
                <Playground embed=Some(request.panel) />
            </crate::tables::WithTables>
        </main>
    }
}

#[component]
fn Playground(embed: Option<Panel>) -> impl IntoView {
    let (mut start, notice) = initial_state(embed.is_some());
    if let Some(panel) = embed {
        start.panel = panel;
    }
    let initial_text = start.dockerfile.clone();
    let state = RwSignal::new(start);

    // The text in the textarea. It leads `state.dockerfile` by at most a frame: a keystroke redraws the editor's
    // text at once, and the state (so the analysis, the marks and every panel) catches up in a task after that
    // frame is painted. The typed character never waits for the analysis, and keys typed faster than the
    // analysis runs are analysed together.
    let typed = RwSignal::new(initial_text.clone());
    let behind = StoredValue::new(false);
    let catch_up = move || {
        if behind.try_update_value(std::mem::take).unwrap_or(false) {
            let text = typed.get_untracked();
            state.update(|state| state.dockerfile = text);
        }
    };

    if embed.is_none() {
        // Saving deflates the whole state, so it waits until the learner pauses typing, and happens at once when
        // the page is left or reloaded.
        let pending = StoredValue::new(None::<TimeoutHandle>);
        let save = move || {
            catch_up();
            if let Some(handle) = pending.try_update_value(Option::take).flatten() {
                handle.clear();
            }
            let data = state.with_untracked(share::encode);
            browser::storage_set(STORAGE_KEY, &data);
        };
        Effect::new(move |_| {
            state.track();
            if let Some(handle) = pending.try_update_value(Option::take).flatten() {
                handle.clear();
            }
            pending.set_value(set_timeout_with_handle(save, SAVE_PAUSE).ok());
        });
        let leaving = window_event_listener(leptos::ev::pagehide, move |_| {
            if pending.with_value(Option::is_some) {
                save();
            }
        });
        on_cleanup(move || {
            leaving.remove();
            if pending.try_with_value(Option::is_some).unwrap_or(false) {
                save();
            }
        });
    }

    // The panel shown changes no derivation. The shared part (the replayed project, one analysis, the lint
    // findings) is computed once per change; each panel derives from it in its own memo, and memos are lazy, so
    // a change computes the editor's marks, the panel on screen and the Project pane's file list (the Context
    // panel's memo, which it shares) only. A keystroke first redraws the editor's text alone (`text`), and the
    // rest follows after that frame (`catch_up`).
    // The panel shown, the open file and the strategy figures change no analysis: they are left out of its input.
    let input = Memo::new(move |_| {
        state.with(|state| PlaygroundState {
            panel: Panel::Layers,
            open: None,
            strategy: StrategyFigures::default(),
            ..state.clone()
        })
    });
    let started = StoredValue::new(None::<f64>);
    // A new input always makes a new analysis: comparing the old and new ones field by field would cost more than
    // it could save.
    let common = Memo::new_with_compare(
        move |_| {
            started.set_value(Some(browser::now()));
            input.with(derive::shared)
        },
        |_, _| true,
    );
    let text = Memo::new(move |_| typed.with(|typed| derive::text_view(typed)));
    let marks = Memo::new(move |_| common.with(derive::marks));
    let layers = Memo::new(move |_| common.with(derive::layers));
    let cache = Memo::new(move |_| common.with(derive::cache));
    let lint = Memo::new(move |_| common.with(derive::lint));
    let context = Memo::new(move |_| common.with(derive::context));
    let strategy = Memo::new(move |_| common.with(derive::strategy));
    let problems = Signal::derive(move || common.with(|common| common.problems.clone()));
    let panel = Memo::new(move |_| state.with(|state| state.panel));
    // Records one figure per change: from the start of the shared analysis until the editor's marks and the panel
    // on screen are derived (a panel switch alone records nothing).
    Effect::new(move |_| {
        marks.track();
        match panel.get() {
            Panel::Layers => layers.track(),
            Panel::Cache => cache.track(),
            Panel::Lint => lint.track(),
            Panel::Context => context.track(),
            Panel::Strategies => strategy.track(),
            Panel::Compose => {}
        }
        let mut taken = None;
        started.update_value(|value| taken = value.take());
        if let Some(started) = taken {
            browser::record_timing(browser::now() - started);
        }
    });

    let textarea = NodeRef::<Textarea>::new();
    // Replaces the whole text from outside the editor (a preset, a quick fix): the element is updated in place.
    let replace_text = move |text: String| {
        if let Some(element) = textarea.get_untracked() {
            element.set_value(&text);
        }
        behind.set_value(false);
        typed.set(text.clone());
        state.update(|state| state.dockerfile = text);
    };
    let on_input = Callback::new(move |text: String| {
        typed.set(text);
        if !behind.get_value() {
            behind.set_value(true);
            browser::after_next_paint(catch_up);
        }
    });
    let on_fix = Callback::new(move |edits: Vec<Edit>| {
        // A fix's edits are offsets into the analysed text. Were the textarea a keystroke ahead of it, they would
        // land in the wrong place: the analysis catches up instead, and the list then offers fixes for the text
        // as it is.
        if behind.get_value() {
            catch_up();
            return;
        }
        let text = state.with_untracked(|state| apply_edits(&state.dockerfile, &edits));
        replace_text(text);
    });
    // The Project pane and the Context panel change files through here. A refused action leaves the state as it
    // was, so nothing is redrawn or saved for it.
    let on_file = Callback::new(move |action: FileAction| {
        let mut next = state.get_untracked();
        let done = next.apply(&action);
        if done.is_ok() {
            state.set(next);
        }
        done
    });
    // The file open in the Project pane (the full page only; an embed has no pane). It is part of the state, so a
    // share link and a reload open the same file.
    let selected = RwSignal::new(state.with_untracked(|state| state.open.clone()));
    Effect::new(move |_| {
        let open = selected.get();
        if state.with_untracked(|state| state.open != open) {
            state.update(|state| state.open = open);
        }
    });
    let open_file = Memo::new(move |_| {
        let path = selected.get()?;
        common.with(|common| derive::open_file(common, &path))
    });
    let files = Signal::derive(move || context.with(|context| context.files.clone()));
    // A new text file opens in the Project pane, ready to be written.
    let on_add = Callback::new(move |(path, size): (String, String)| {
        let added = on_file.run(FileAction::Add { path, size: size.clone() })?;
        if size.trim().is_empty() && embed.is_none() {
            selected.set(Some(added.clone()));
        }
        Ok(added)
    });
    let on_remove = Callback::new(move |path: String| {
        let _ = on_file.run(FileAction::Remove(path));
    });
    // The Context panel's Edit: the Dockerfile is in the editor, a text file opens in the Project pane, and any
    // other file (or any file in an embed, which has no pane) gets new content of the same size.
    let on_edit = Callback::new(move |path: String| {
        let has_text =
            common.with_untracked(|common| common.world.context.get(&path).is_some_and(|file| file.text.is_some()));
        if path == DOCKERFILE {
            focus_soon("playground-dockerfile");
        } else if has_text && embed.is_none() {
            selected.set(Some(path));
            focus_soon(FILE_TEXT_ID);
        } else {
            let _ = on_file.run(FileAction::MarkChanged(path));
        }
    });
    let on_dockerignore = Callback::new(move |text: String| state.update(|state| state.dockerignore = text));
    let events = Signal::derive(move || state.with(|state| state.events.clone()));
    let set_events = Callback::new(move |events: Vec<String>| state.update(|state| state.events = events));
    let grade_prediction = Callback::new(move |(pending, marked): (String, Vec<u32>)| {
        common.with_untracked(|common| derive::grade_prediction(common, &pending, &marked))
    });
    let dockerignore = Signal::derive(move || state.with(|state| state.dockerignore.clone()));
    let figures = Memo::new(move |_| state.with(|state| state.strategy));
    let set_figures = Callback::new(move |figures: StrategyFigures| state.update(|state| state.strategy = figures));

    let share_link = move || {
        let data = state.with_untracked(share::encode);
        (format!("{}{}", browser::base_url(), playground_fragment(&data)), data)
    };
    let (shared, set_shared) = signal(None::<String>);
    let (embed_open, set_embed_open) = signal(false);

    // One arm per panel of `Panel::ALL`; a new panel (Compose) is one more variant and one more arm.
    let panel_view = move || match panel.get() {
        Panel::Layers => view! { <LayersPanel layers=layers /> }.into_any(),
        Panel::Cache => view! {
            <CachePanel cache=cache events=events set_events=set_events grade_prediction=grade_prediction />
        }
        .into_any(),
        Panel::Lint => view! { <LintPanel lint=lint on_fix=on_fix /> }.into_any(),
        Panel::Context => view! {
            <ContextPanel
                context=context
                dockerignore=dockerignore
                on_dockerignore=on_dockerignore
                on_edit=on_edit
                on_remove=on_remove
                on_add=on_add
                problems=problems
            />
        }
        .into_any(),
        Panel::Strategies => {
            view! { <StrategiesPanel strategy=strategy figures=figures set_figures=set_figures /> }.into_any()
        }
        Panel::Compose => view! { <crate::components::compose::ComposePlaygroundPanel /> }.into_any(),
    };

    let editor_column = view! {
        <div class="playground-editor-column">
            <div class="editor-toolbar">
                <label>
                    "Preset "
                    <select on:change=move |event| {
                        if let Some(preset) = presets::find(&event_target_value(&event)) {
                            replace_text(preset.dockerfile.to_owned());
                        }
                    }>
                        <option value="" selected=true disabled=true>"Load a preset…"</option>
                        {presets::PRESETS.iter().map(|preset| view! { <option value=preset.id>{preset.title}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <DockerfileEditor initial=initial_text text=text marks=marks textarea=textarea on_input=on_input />
        </div>
    };

    if embed.is_some() {
        return view! {
            <div class="playground playground-embedded">
                {notice.map(|notice| view! { <p class="notice notice-warning" role="alert">{notice}</p> })}
                {editor_column}
                <div class="playground-panels-column">{panel_view}</div>
                <p class="embed-footer">
                    <a
                        href=move || { state.track(); share_link().0 }
                        target="_blank"
                        rel="noopener"
                    >"Open in full playground"</a>
                    " · Dockerlab runs in your browser; nothing is uploaded."
                </p>
            </div>
        }
        .into_any();
    }

    view! {
        <h1>"Playground"</h1>
        <p class="lede">"Edit the Dockerfile; every panel follows as you type. Nothing leaves your browser."</p>
        {notice.map(|notice| view! { <p class="notice notice-warning" role="alert">{notice}</p> })}
        <div class="share-bar">
            <button type="button" on:click=move |_| {
                catch_up();
                let (url, data) = share_link();
                browser::replace_fragment(&playground_fragment(&data));
                browser::copy_text(&url);
                set_shared.set(Some(url));
            }>"Share link"</button>
            <button type="button" aria-expanded=move || embed_open.get().to_string() on:click=move |_| set_embed_open.update(|open| *open = !*open)>
                "Embed"
            </button>
        </div>
        {move || {
            shared
                .get()
                .map(|url| {
                    view! {
                        <p class="share-result" role="status">
                            <label>"Link to this state (also copied): " <input type="text" readonly=true class="share-url" prop:value=url /></label>
                        </p>
                    }
                })
        }}
        {move || {
            embed_open
                .get()
                .then(|| {
                    let (_, data) = share_link();
                    let current = panel.get();
                    let snippet = format!(
                        "<iframe src=\"{base}?embed={id}&theme=auto{fragment}\" title=\"Dockerlab: {title}\" \
                         style=\"width:100%;border:0\" height=\"640\" loading=\"lazy\"></iframe>\n\
                         <script>addEventListener(\"message\",e=>{{if(e.data&&e.data.type===\"dockerlab:height\")\
                         for(const f of document.querySelectorAll(\"iframe\"))if(f.contentWindow===e.source)\
                         f.style.height=e.data.height+\"px\"}})</script>",
                        base = browser::base_url(),
                        id = current.id(),
                        fragment = playground_fragment(&data),
                        title = current.title(),
                    );
                    view! {
                        <div class="embed-dialog" role="dialog" aria-label="Embed this demo">
                            <p>{format!("Paste this where the {} demo should appear. The script lets the frame grow with its content.", current.title())}</p>
                            <textarea readonly=true rows="5" aria-label="Embed code" class="embed-code" prop:value=snippet></textarea>
                            <button type="button" on:click=move |_| set_embed_open.set(false)>"Close"</button>
                        </div>
                    }
                })
        }}
        <div class="playground playground-full">
            {editor_column}
            <ProjectPane files=files open=open_file selected=selected on_file=on_file on_add=on_add problems=problems />
            <div class="playground-panels-column">
                <div class="panel-bar" role="group" aria-label="Panels">
                    {Panel::ALL
                        .into_iter()
                        .map(|item| {
                            view! {
                                <button
                                    type="button"
                                    class="panel-tab"
                                    aria-pressed=move || (panel.get() == item).to_string()
                                    on:click=move |_| state.update(|state| state.panel = item)
                                >
                                    {item.title()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                {panel_view}
            </div>
        </div>
    }
    .into_any()
}
