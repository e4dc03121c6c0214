//! The Context panel: the project's files beside its `.dockerignore`, what the build sends, the context size
//! before and after, and secrets warnings. Files can be edited (new content), added and removed.

use leptos::prelude::*;

use crate::playground::derive::{bytes, ContextView};

#[component]
pub fn ContextPanel(
    context: Memo<ContextView>,
    #[prop(into)] dockerignore: Signal<String>,
    #[prop(into)] on_dockerignore: Callback<String>,
    /// A project change in the event language (`remove .env`).
    #[prop(into)]
    on_change: Callback<String>,
    #[prop(into)] problems: Signal<Vec<String>>,
) -> impl IntoView {
    let (new_path, set_new_path) = signal(String::new());
    let (new_size, set_new_size) = signal("10k".to_owned());
    let (error, set_error) = signal(None::<String>);
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let path = new_path.get_untracked();
        let path = path.trim();
        if path.is_empty() || path.contains(char::is_whitespace) {
            set_error.set(Some("Give the file a path without spaces, such as notes/todo.md.".to_owned()));
            return;
        }
        set_error.set(None);
        on_change.run(format!("add {path} {}", new_size.get_untracked().trim()));
        set_new_path.set(String::new());
    };
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
                    <ul class="file-tree">
                        {move || {
                            context
                                .get()
                                .files
                                .into_iter()
                                .map(|file| {
                                    let depth = file.path.matches('/').count();
                                    let (folder, name) = file.path.rsplit_once('/').map(|(folder, name)| (format!("{folder}/"), name.to_owned())).unwrap_or_default();
                                    let name = if name.is_empty() { file.path.clone() } else { name };
                                    let edit_path = file.path.clone();
                                    let remove_path = file.path.clone();
                                    let status = match (file.sent, file.decided_by) {
                                        (true, _) => "sent".to_owned(),
                                        (false, Some(line)) => format!("ignored (line {line})"),
                                        (false, None) => "ignored".to_owned(),
                                    };
                                    view! {
                                        <li class="file" class:file-ignored=!file.sent class:file-secret=file.secret.is_some() style=format!("--depth:{depth};")>
                                            <span class="file-name"><span class="file-folder">{folder}</span>{name}</span>
                                            <span class="file-size">{bytes(file.size)}</span>
                                            <span class="file-status">{status}</span>
                                            {file.secret.map(|kind| view! { <span class="file-badge">{format!("secret: {kind}")}</span> })}
                                            <span class="file-actions">
                                                <button type="button" class="button-small" aria-label=format!("Edit {}", file.path) on:click=move |_| on_change.run(format!("edit {edit_path}"))>"Edit"</button>
                                                <button type="button" class="button-small" aria-label=format!("Remove {}", file.path) on:click=move |_| on_change.run(format!("remove {remove_path}"))>"Remove"</button>
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                    <form class="add-file" on:submit=add>
                        <label>"New file " <input type="text" placeholder="notes/todo.md" prop:value=new_path on:input=move |event| set_new_path.set(event_target_value(&event)) /></label>
                        <label>"Size " <input type="text" size="6" prop:value=new_size on:input=move |event| set_new_size.set(event_target_value(&event)) /></label>
                        <button type="submit">"Add file"</button>
                    </form>
                    {move || error.get().map(|error| view! { <p class="notice notice-error" role="alert">{error}</p> })}
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|problem| view! { <p class="notice notice-warning">{format!("Not applied: {problem}")}</p> })
                            .collect_view()
                    }}
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
