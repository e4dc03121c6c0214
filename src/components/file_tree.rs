//! The project's files as a tree, drawn the same way by the Project pane (a file is a button that opens it) and
//! the Context panel (each file with its size, whether the build gets it, and Edit and Remove buttons), and the
//! form that adds a file, which both show. The rows come from [`crate::playground::tree`].

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::playground::derive::{bytes, FileView};
use crate::playground::state::removable;
use crate::playground::tree::{self, FileRow, FolderRow, TreeRow};

/// What a file row offers.
#[derive(Clone, Copy)]
pub enum TreeMode {
    /// The file's name is a button that opens it; the open file is marked as the current one.
    Open { selected: RwSignal<Option<String>> },
    /// The file's name, size and fate in the build, with Edit and Remove buttons.
    Actions { on_edit: Callback<String>, on_remove: Callback<String> },
}

/// The tree. Folders open and close with a button each; rows are keyed by what they show, so a change to one
/// file redraws that row only and the button that has focus keeps it.
#[component]
pub fn FileTree(
    #[prop(into)] files: Signal<Vec<FileView>>,
    mode: TreeMode,
    /// The list's accessible name.
    label: &'static str,
    /// Whether folders start closed (the narrow Project pane) rather than open.
    #[prop(optional)]
    start_closed: bool,
) -> impl IntoView {
    // The folders the learner opened or closed, against where they started.
    let toggled = RwSignal::new(BTreeSet::<String>::new());
    let rows =
        move || files.with(|files| tree::visible(tree::rows(files), |folder| is_open(toggled, start_closed, folder)));
    view! {
        <ul class="file-tree" aria-label=label>
            <For
                each=rows
                key=|row| row.clone()
                children=move |row| match row {
                    TreeRow::Folder(folder) => folder_row(folder, toggled, start_closed, mode).into_any(),
                    TreeRow::File(file) => file_row(file, mode).into_any(),
                }
            />
        </ul>
    }
}

/// A folder is open when it started open and was not toggled, or started closed and was.
fn is_open(toggled: RwSignal<BTreeSet<String>>, start_closed: bool, folder: &str) -> bool {
    toggled.with(|toggled| toggled.contains(folder)) == start_closed
}

fn folder_row(
    folder: FolderRow,
    toggled: RwSignal<BTreeSet<String>>,
    start_closed: bool,
    mode: TreeMode,
) -> impl IntoView {
    let path = folder.path.clone();
    let open = {
        let path = path.clone();
        move || is_open(toggled, start_closed, &path)
    };
    let glyph = open.clone();
    let expanded = open.clone();
    let toggle = move |_| {
        toggled.update(|toggled| {
            if !toggled.remove(&path) {
                toggled.insert(path.clone());
            }
        })
    };
    let status = match mode {
        TreeMode::Actions { .. } => Some(format!("{} of {} sent", folder.sent, folder.files)),
        TreeMode::Open { .. } => None,
    };
    view! {
        <li class="file file-folder-row" class:file-ignored=folder.sent == 0 style=format!("--depth:{};", folder.depth)>
            <button
                type="button"
                class="folder-toggle"
                aria-expanded=move || expanded().to_string()
                title=format!("{} files", folder.files)
                on:click=toggle
            >
                <span class="folder-glyph" aria-hidden="true">{move || if glyph() { "▾" } else { "▸" }}</span>
                {folder.name}
            </button>
            <span class="file-size">{bytes(folder.bytes)}</span>
            {status.map(|status| view! { <span class="file-status">{status}</span> })}
        </li>
    }
}

fn file_row(row: FileRow, mode: TreeMode) -> impl IntoView {
    let FileRow { file, name, depth } = row;
    let path = file.path.clone();
    // Read aloud with its folder: the indentation that shows it is not read.
    let folder = path.strip_suffix(name.as_str()).unwrap_or_default().to_owned();
    let class = if file.has_text { "file file-text" } else { "file" };
    let details = match mode {
        TreeMode::Open { selected } => {
            let current = path.clone();
            let open = path.clone();
            view! {
                <button
                    type="button"
                    class="file-open file-name"
                    aria-label=path.clone()
                    aria-current=move || selected.with(|selected| selected.as_deref() == Some(current.as_str())).then_some("true")
                    on:click=move |_| selected.set(Some(open.clone()))
                >
                    {name}
                </button>
                <span class="file-size">{bytes(file.size)}</span>
            }
            .into_any()
        }
        TreeMode::Actions { on_edit, on_remove } => {
            let status = match (file.sent, file.decided_by) {
                (true, _) => "sent".to_owned(),
                (false, Some(line)) => format!("ignored (line {line})"),
                (false, None) => "ignored".to_owned(),
            };
            let edit = path.clone();
            let remove = path.clone();
            view! {
                <span class="file-name"><span class="visually-hidden">{folder}</span>{name}</span>
                <span class="file-size">{bytes(file.size)}</span>
                <span class="file-status">{status}</span>
                {file.secret.map(|kind| view! { <span class="file-badge">{format!("secret: {kind}")}</span> })}
                <span class="file-actions">
                    <button type="button" class="button-small" aria-label=format!("Edit {path}") on:click=move |_| on_edit.run(edit.clone())>
                        "Edit"
                    </button>
                    {removable(&path)
                        .then(|| {
                            view! {
                                <button type="button" class="button-small" aria-label=format!("Remove {path}") on:click=move |_| on_remove.run(remove.clone())>
                                    "Remove"
                                </button>
                            }
                        })}
                </span>
            }
            .into_any()
        }
    };
    view! {
        <li class=class class:file-ignored=!file.sent class:file-secret=file.secret.is_some() style=format!("--depth:{depth};")>
            {details}
        </li>
    }
}

/// Adds a file: a text file the learner can write in when no size is given, else a file of that size.
/// `on_add` gets the path and the size as typed and answers with the path added or why nothing was.
#[component]
pub fn AddFileForm(
    #[prop(into)] on_add: Callback<(String, String), Result<String, String>>,
    /// Makes the ids of this form's parts unique on the page.
    id: &'static str,
) -> impl IntoView {
    let (path, set_path) = signal(String::new());
    let (size, set_size) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let help = format!("{id}-help");
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match on_add.run((path.get_untracked(), size.get_untracked())) {
            Ok(_) => {
                set_error.set(None);
                set_path.set(String::new());
                set_size.set(String::new());
            }
            Err(problem) => set_error.set(Some(problem)),
        }
    };
    view! {
        <form class="add-file" on:submit=submit>
            <label>
                "New file "
                <input type="text" placeholder="notes/todo.md" spellcheck="false" autocapitalize="off" prop:value=path on:input=move |event| set_path.set(event_target_value(&event)) />
            </label>
            <label>
                "Size "
                <input type="text" size="6" placeholder="text" aria-describedby=help.clone() prop:value=size on:input=move |event| set_size.set(event_target_value(&event)) />
            </label>
            <button type="submit">"Add file"</button>
            <p class="add-file-help" id=help>"No size: a text file to write in. A size (3M, 10k): a data file."</p>
        </form>
        {move || error.get().map(|error| view! { <p class="notice notice-error" role="alert">{error}</p> })}
    }
}

/// The recorded project changes that no longer apply, one notice each (the Project pane and the Context panel).
#[component]
pub fn ProblemNotices(#[prop(into)] problems: Signal<Vec<String>>) -> impl IntoView {
    move || {
        problems
            .get()
            .into_iter()
            .map(|problem| view! { <p class="notice notice-warning">{format!("Not applied: {problem}")}</p> })
            .collect_view()
    }
}
