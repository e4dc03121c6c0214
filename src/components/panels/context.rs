//! The Context panel: the project's files beside its `.dockerignore`, what the build sends, the context size
//! before and after, and secrets warnings. The file tree and the add form are the Project pane's
//! ([`crate::components::file_tree`]); here each file shows whether it is sent, with Edit and Remove buttons.

use leptos::prelude::*;

use crate::components::file_tree::{AddFileForm, FileTree, ProblemNotices, TreeMode};
use crate::playground::derive::{bytes, ContextView};

#[component]
pub fn ContextPanel(
    context: Memo<ContextView>,
    #[prop(into)] dockerignore: Signal<String>,
    #[prop(into)] on_dockerignore: Callback<String>,
    /// Edit a file: the page opens a text file in the Project pane and marks any other file as changed.
    #[prop(into)]
    on_edit: Callback<String>,
    #[prop(into)] on_remove: Callback<String>,
    #[prop(into)] on_add: Callback<(String, String), Result<String, String>>,
    #[prop(into)] problems: Signal<Vec<String>>,
) -> impl IntoView {
    let files = Signal::derive(move || context.with(|context| context.files.clone()));
    view! {
        <section class="panel panel-context" role="region" aria-label="Context">
            <h2 class="panel-heading">"Context"</h2>
            {move || {
                let view = context.get();
                view! {
                    <dl class="totals">
                        <div><dt>"Before .dockerignore"</dt><dd data-total="before">{format!("{} in {} files", bytes(view.bytes_before), view.files_before)}</dd></div>
                        <div><dt>"Sent to the builder"</dt><dd data-total="after">{format!("{} in {} files", bytes(view.bytes_after), view.files_after)}</dd></div>
                    </dl>
                    {view
                        .secrets
                        .iter()
                        .filter(|secret| secret.sent)
                        .map(|secret| {
                            view! {
                                <p class="notice notice-warning secret-warning" role="note">
                                    <strong>"Secret sent: "</strong>
                                    <code>{secret.path.clone()}</code>
                                    {format!(" ({}) goes to the builder, and into the image if a COPY picks it up. Ignore it in .dockerignore.", secret.kind)}
                                </p>
                            }
                        })
                        .collect_view()}
                }
            }}
            <div class="context-grid">
                <div class="context-files-panel">
                    <h3 class="panel-subheading">"Project files"</h3>
                    <FileTree files=files mode=TreeMode::Actions { on_edit, on_remove } label="Files and what is sent" />
                    <AddFileForm on_add=on_add id="context-add" />
                    <ProblemNotices problems=problems />
                </div>
                <div class="context-ignore-panel">
                    <label class="panel-subheading" for="playground-dockerignore">".dockerignore"</label>
                    <textarea
                        id="playground-dockerignore"
                        class="dockerignore-input"
                        rows="10"
                        spellcheck="false"
                        placeholder="data/\n.venv/\n.env"
                        prop:value=move || dockerignore.get()
                        on:input=move |event| on_dockerignore.run(event_target_value(&event))
                    ></textarea>
                    {move || {
                        context
                            .get()
                            .ignore_problems
                            .into_iter()
                            .map(|problem| view! { <p class="notice notice-warning">{problem}</p> })
                            .collect_view()
                    }}
                </div>
            </div>
        </section>
    }
}
