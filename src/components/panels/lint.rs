//! The Lint panel: findings grouped by severity, each with its explanation, its lesson and its quick fix.

use dockerlab_engine::lint::Edit;
use leptos::prelude::*;

use crate::playground::derive::{FindingView, LintView};

fn group_title(severity: &str, count: usize) -> String {
    let name = match severity {
        "error" => "Errors",
        "warning" => "Warnings",
        "info" => "Info",
        _ => "Style",
    };
    format!("{name} ({count})")
}

fn finding_item(finding: FindingView, severity: &'static str, on_fix: Callback<Vec<Edit>>) -> impl IntoView {
    let FindingView { code, line, column, message, summary, lesson, fix, .. } = finding;
    view! {
        <li class=format!("finding finding-{severity}")>
            <p class="finding-head">
                <code class="finding-code">{code}</code>
                <span class="finding-where">{format!("line {line}, column {column}")}</span>
            </p>
            <p class="finding-message">{message}</p>
            <p class="finding-why">{summary}</p>
            <p class="finding-actions">
                <a href=format!("#/lessons/{lesson}")>{format!("Lesson: {}", lesson.replace('-', " "))}</a>
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
}

/// The findings of one severity, keyed by what each shows: a keystroke rebuilds only the findings it changed.
fn group_of<'v>(view: &'v LintView, severity: &str) -> Option<&'v Vec<FindingView>> {
    view.groups.iter().find(|(name, _)| *name == severity).map(|(_, group)| group)
}

#[component]
fn FindingGroup(lint: Memo<LintView>, severity: &'static str, on_fix: Callback<Vec<Edit>>) -> impl IntoView {
    // Keys and positions only: a finding is copied out of the view when its item is built, not at every keystroke.
    let findings = move || {
        lint.with(|view| {
            group_of(view, severity)
                .map(|group| group.iter().map(FindingView::render_key).enumerate().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let finding_at = move |index: usize| {
        lint.with_untracked(|view| group_of(view, severity).and_then(|group| group.get(index).cloned()))
    };
    let count = move || lint.with(|view| group_of(view, severity).map_or(0, Vec::len));
    view! {
        <h3 class=format!("lint-group lint-{severity}")>{move || group_title(severity, count())}</h3>
        <ul class="lint-list">
            <For
                each=findings
                key=|(_, key)| *key
                children=move |(index, _)| finding_at(index).map(|finding| finding_item(finding, severity, on_fix))
            />
        </ul>
    }
}

#[component]
pub fn LintPanel(lint: Memo<LintView>, #[prop(into)] on_fix: Callback<Vec<Edit>>) -> impl IntoView {
    let severities =
        Memo::new(move |_| lint.with(|view| view.groups.iter().map(|(name, _)| *name).collect::<Vec<_>>()));
    view! {
        <section class="panel panel-lint" role="region" aria-label="Lint">
            <h2 class="panel-heading">"Lint"</h2>
            {move || {
                severities.with(Vec::is_empty).then(|| view! { <p class="lint-clear">"No findings: nothing to fix."</p> })
            }}
            <For
                each=move || severities.get()
                key=|severity| *severity
                children=move |severity| view! { <FindingGroup lint=lint severity=severity on_fix=on_fix /> }
            />
        </section>
    }
}
