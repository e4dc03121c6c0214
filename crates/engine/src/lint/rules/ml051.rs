//! ML051 dockerignore-incomplete: `.dockerignore` exists but lets notebooks, data, virtualenvs, .git or .env through.

use crate::context::secret_kind;
use crate::lint::costs::{about, bytes_mb};
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML051",
    name: "dockerignore-incomplete",
    severity: Severity::Warning,
    aliases: &[],
    summary: "`.dockerignore` misses notebooks, data, virtualenvs, .git or .env that the context holds.",
    lesson: "dockerignore",
    doc: include_str!("../docs/ML051.md"),
    needs_context: true,
    check,
};

fn first_segment(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

fn is_git(path: &str) -> bool {
    first_segment(path) == ".git"
}

fn is_env_file(path: &str) -> bool {
    secret_kind(path).is_some_and(|kind| kind.contains(".env"))
}

fn is_virtualenv(path: &str) -> bool {
    matches!(first_segment(path), ".venv" | "venv" | ".virtualenv" | "env") && path.contains('/')
}

fn is_data(path: &str) -> bool {
    matches!(first_segment(path), "data" | "datasets" | "dataset") && path.contains('/')
}

fn is_notebook(path: &str) -> bool {
    path.ends_with(".ipynb") || path.contains(".ipynb_checkpoints/")
}

/// Recognises the paths of one kind of file.
pub(crate) type Recognise = fn(&str) -> bool;

/// The kinds of files a `.dockerignore` for an ML project should exclude, with how to recognise them.
pub(crate) const CATEGORIES: [(&str, Recognise); 5] = [
    (".git", is_git),
    ("data", is_data),
    ("virtualenvs", is_virtualenv),
    ("notebooks", is_notebook),
    (".env", is_env_file),
];

fn check(facts: &Facts, report: &mut Report) {
    let (Some(context), Some(ignore)) = (facts.context, facts.ignore.as_ref()) else { return };
    let broad = facts
        .context_copies()
        .into_iter()
        .find_map(|(_, _, copy)| copy.sources.iter().find(|source| super::is_whole_context(&source.value)));
    let Some(source) = broad else { return };
    let mut gaps = Vec::new();
    for (label, category) in CATEGORIES {
        let sent: Vec<_> =
            context.files().iter().filter(|file| category(&file.path) && !ignore.is_excluded(&file.path)).collect();
        if !sent.is_empty() {
            let bytes: u64 = sent.iter().map(|file| file.size).sum();
            gaps.push(format!("{label} ({})", about(bytes_mb(bytes))));
        }
    }
    if gaps.is_empty() {
        return;
    }
    report.add(
        source.span,
        format!(
            ".dockerignore does not exclude {}, so `COPY {}` sends them to the builder and bakes them into the image, \
             and any change to them invalidates this layer. Add them to .dockerignore.",
            gaps.join(", "),
            source.raw
        ),
    );
}
