//! The Lint panel: findings grouped by severity, each with its explanation, its lesson and its quick fix.

use dockerlab_engine::lint::Edit;
use leptos::prelude::*;

use crate::playground::derive::LintView;

fn group_title(severity: &str, count: usize) -> String {
    let name = match severity {
        "error" => "Errors",
        "warning" => "Warnings",
        "info" => "Info",
        _ => "Style",
    };
    format!("{name} ({count})")
}

#[component]
pub fn LintPanel(lint: Memo<LintView>, #[prop(into)] on_fix: Callback<Vec<Edit>>) -> impl IntoView {
    view! {
        <section class="panel panel-lint" role="region" aria-label="Lint">
            <h2 class="panel-heading">"Lint"</h2>
            {move || {
                let view = lint.get();
                if view.count == 0 {
                    return view! { <p class="lint-clear">"No findings: nothing to fix."</p> }.into_any();
                }
                view.groups
                    .into_iter()
                    .map(|(severity, findings)| {
                        view! {
                            <h3 class=format!("lint-group lint-{severity}")>{group_title(severity, findings.len())}</h3>
                            <ul class="lint-list">
                                {findings
                                    .into_iter()
                                    .map(|finding| {
                                        let fix = finding.fix.clone();
                                        view! {
                                            <li class=format!("finding finding-{severity}")>
                                                <p class="finding-head">
                                                    <code class="finding-code">{finding.code}</code>
                                                    <span class="finding-where">{format!("line {}, column {}", finding.line, finding.column)}</span>
                                                </p>
                                                <p class="finding-message">{finding.message.clone()}</p>
                                                <p class="finding-why">{finding.summary}</p>
                                                <p class="finding-actions">
                                                    <a href=format!("#/lessons/{}", finding.lesson)>{format!("Lesson: {}", finding.lesson.replace('-', " "))}</a>
                                                    {fix.map(|(title, edits)| {
                                                        view! {
                                                            <button type="button" class="button-small" on:click=move |_| on_fix.run(edits.clone())>
                                                                {format!("Fix: {title}")}
                                                            </button>
                                                        }
                                                    })}
                                                </p>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </section>
    }
}
