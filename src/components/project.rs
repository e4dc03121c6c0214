//! The Project pane beside the editor: the project's files as a tree, the open file, and a form to add one.
//! A text file opens in a text box whose every change is a `write` change of the project, so the panels read the
//! new text as the learner types; a file known only by its size (data, weights, most code) can be marked changed
//! or removed. The Dockerfile opens in the editor, and `.dockerignore` is the Context panel's text.

use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use crate::components::file_tree::{AddFileForm, FileTree, ProblemNotices, TreeMode};
use crate::playground::derive::{bytes, FileKind, FileView, OpenFile};
use crate::playground::state::{removable, FileAction};

/// The id of the open file's text box, for moving focus to it.
pub const FILE_TEXT_ID: &str = "project-file-text";
const HEADING_ID: &str = "project-heading";

/// Moves focus to the element with this id once the page has drawn it.
pub fn focus_soon(id: &'static str) {
    request_animation_frame(move || {
        if let Some(element) =
            document().get_element_by_id(id).and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

#[component]
pub fn ProjectPane(
    #[prop(into)] files: Signal<Vec<FileView>>,
    /// The file open in the pane, derived from `selected`.
    open: Memo<Option<OpenFile>>,
    selected: RwSignal<Option<String>>,
    /// Writes, removals and marks; answers with the path changed or why nothing was.
    #[prop(into)]
    on_file: Callback<FileAction, Result<String, String>>,
    #[prop(into)] on_add: Callback<(String, String), Result<String, String>>,
    /// Recorded changes that no longer apply.
    #[prop(into)]
    problems: Signal<Vec<String>>,
) -> impl IntoView {
    let (status, set_status) = signal(String::new());
    // The open file's box is drawn again only when another file (or another kind of file) opens, never while the
    // learner types in it.
    let shown = Memo::new(move |_| open.with(|file| file.as_ref().map(|file| (file.path.clone(), file.kind))));
    let remove = Callback::new(move |path: String| match on_file.run(FileAction::Remove(path.clone())) {
        Ok(_) => {
            selected.set(None);
            set_status.set(format!("Removed {path}."));
            focus_soon(HEADING_ID);
        }
        Err(problem) => set_status.set(problem),
    });
    let add = Callback::new(move |input: (String, String)| {
        let added = on_add.run(input)?;
        set_status.set(format!("Added {added}."));
        Ok(added)
    });
    view! {
        <section class="project-pane" aria-labelledby=HEADING_ID>
            <h2 class="panel-heading" id=HEADING_ID tabindex="-1">"Project"</h2>
            <FileTree files=files mode=TreeMode::Open { selected } label="Project files" start_closed=true />
            {move || {
                shown
                    .get()
                    .map(|(path, kind)| match kind {
                        FileKind::Text | FileKind::Dockerignore => {
                            text_file(path, kind, open, on_file, remove).into_any()
                        }
                        FileKind::Opaque => opaque_file(path, open, on_file, remove, set_status).into_any(),
                        FileKind::Dockerfile => dockerfile(open).into_any(),
                    })
                    .unwrap_or_else(|| {
                        view! {
                            <p class="project-hint">
                                "Open a file to read or change it. Text files open in a text box; data and model files can be marked as changed."
                            </p>
                        }
                        .into_any()
                    })
            }}
            <AddFileForm on_add=add id="project-add" />
            <p class="project-status" role="status">{status}</p>
            <ProblemNotices problems=problems />
        </section>
    }
}

fn size_of(open: Memo<Option<OpenFile>>) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    move || open.with(|file| file.as_ref().map(|file| bytes(file.size)).unwrap_or_default())
}

fn text_file(
    path: String,
    kind: FileKind,
    open: Memo<Option<OpenFile>>,
    on_file: Callback<FileAction, Result<String, String>>,
    remove: Callback<String>,
) -> impl IntoView {
    let textarea = NodeRef::<Textarea>::new();
    let initial = open.with_untracked(|file| file.as_ref().map(|file| file.text.clone()).unwrap_or_default());
    // The box is the learner's, as the Dockerfile editor is: its text is replaced only when the project's text
    // changed elsewhere (the Context panel's .dockerignore box), never while it holds the same file, so the caret
    // and native undo stay put.
    Effect::new(move |_| {
        let text = open.with(|file| file.as_ref().map(|file| file.text.clone()));
        if let (Some(text), Some(element)) = (text, textarea.get()) {
            if element.value() != text {
                element.set_value(&text);
            }
        }
    });
    let write = {
        let path = path.clone();
        move |event: leptos::ev::Event| {
            let text = event_target_value(&event);
            let _ = on_file.run(FileAction::Write { path: path.clone(), text });
        }
    };
    let note = match kind {
        FileKind::Dockerignore => "The Context panel's .dockerignore: each line keeps matching files out of the build.",
        _ if path.starts_with("requirements") => {
            "pip installs what this file lists: the Layers panel follows as you type."
        }
        _ => "Every panel reads the new text as you type.",
    };
    let removed = path.clone();
    view! {
        <div class="project-file">
            <div class="project-file-head">
                <label for=FILE_TEXT_ID>"File " <code>{path.clone()}</code></label>
                <span class="file-size">{size_of(open)}</span>
            </div>
            <textarea
                id=FILE_TEXT_ID
                class="project-file-input"
                rows="9"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                node_ref=textarea
                prop:value=initial
                on:input=write
            ></textarea>
            <p class="project-file-note">{note}</p>
            <div class="project-file-actions">
                <button type="button" class="button-small" aria-label=format!("Remove {path}") on:click=move |_| remove.run(removed.clone())>
                    "Remove"
                </button>
            </div>
        </div>
    }
}

fn opaque_file(
    path: String,
    open: Memo<Option<OpenFile>>,
    on_file: Callback<FileAction, Result<String, String>>,
    remove: Callback<String>,
    set_status: WriteSignal<String>,
) -> impl IntoView {
    let marked = path.clone();
    let removed = path.clone();
    view! {
        <div class="project-file">
            <div class="project-file-head">
                <code>{path.clone()}</code>
                <span class="file-size">{size_of(open)}</span>
            </div>
            <p class="project-file-note">
                "The playground knows this file by its size and a fingerprint of its content, not by its text. "
                "Marking it changed gives it new content of the same size, which is all the build cache compares."
            </p>
            <div class="project-file-actions">
                <button
                    type="button"
                    class="button-small"
                    aria-label=format!("Mark {path} as changed")
                    on:click=move |_| {
                        set_status.set(match on_file.run(FileAction::MarkChanged(marked.clone())) {
                            Ok(path) => format!("{path} has new content."),
                            Err(problem) => problem,
                        })
                    }
                >
                    "Mark as changed"
                </button>
                {removable(&path)
                    .then(|| {
                        view! {
                            <button type="button" class="button-small" aria-label=format!("Remove {path}") on:click=move |_| remove.run(removed.clone())>
                                "Remove"
                            </button>
                        }
                    })}
            </div>
        </div>
    }
}

fn dockerfile(open: Memo<Option<OpenFile>>) -> impl IntoView {
    view! {
        <div class="project-file">
            <div class="project-file-head">
                <code>"Dockerfile"</code>
                <span class="file-size">{size_of(open)}</span>
            </div>
            <p class="project-file-note">"The Dockerfile is the text in the editor."</p>
            <div class="project-file-actions">
                <button type="button" class="button-small" on:click=move |_| focus_soon("playground-dockerfile")>
                    "Go to the editor"
                </button>
            </div>
        </div>
    }
}
