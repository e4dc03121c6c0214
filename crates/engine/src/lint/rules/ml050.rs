//! ML050 dockerignore-missing: the whole project is copied and there is no `.dockerignore`.

use crate::lint::costs::{about, bytes_mb};
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML050",
    name: "dockerignore-missing",
    severity: Severity::Warning,
    aliases: &[],
    summary: "No `.dockerignore`: `COPY .` sends and bakes in .git, data, virtualenvs and secrets.",
    lesson: "dockerignore",
    doc: include_str!("../docs/ML050.md"),
    needs_context: true,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    let Some(context) = facts.context else { return };
    if context.dockerignore().is_some() {
        return;
    }
    let broad = facts
        .context_copies()
        .into_iter()
        .find_map(|(_, _, copy)| copy.sources.iter().find(|source| super::is_whole_context(&source.value)));
    let Some(source) = broad else { return };
    let mut parts = Vec::new();
    for (label, category) in super::ml051::CATEGORIES {
        let bytes: u64 = context.files().iter().filter(|file| category(&file.path)).map(|file| file.size).sum();
        let count = context.files().iter().filter(|file| category(&file.path)).count();
        if count > 0 {
            parts.push(format!("{label} ({})", about(bytes_mb(bytes))));
        }
    }
    let listed = if parts.is_empty() { String::new() } else { format!(", including {}", parts.join(", ")) };
    report.add(
        source.span,
        format!(
            "there is no .dockerignore, so `COPY {}` sends the whole folder to the builder and into the image: {}{listed}. \
             Every change to any of it also invalidates this layer. Add a .dockerignore that excludes .git, data, \
             virtualenvs, notebooks and .env.",
            source.raw,
            about(bytes_mb(context.total_size()))
        ),
    );
}
