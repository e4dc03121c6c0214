//! ML052 copy-ignored-file: a `COPY`/`ADD` source that `.dockerignore` excludes.

use crate::context::{clean_relative, Pattern};
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML052",
    name: "copy-ignored-file",
    severity: Severity::Warning,
    aliases: &["CopyIgnoredFile"],
    summary: "A COPY source is excluded by `.dockerignore`, so the builder never receives it.",
    lesson: "dockerignore",
    doc: include_str!("../docs/ML052.md"),
    needs_context: true,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    let Some(ignore) = facts.ignore.as_ref() else { return };
    // With `!` exceptions, what survives inside an excluded folder cannot be judged from the patterns alone.
    if ignore.has_exceptions() {
        return;
    }
    for (_, _, copy) in facts.context_copies() {
        for source in &copy.sources {
            let path = clean_relative(&source.value);
            if Facts::is_remote_source(&source.value) || path == "." || Pattern::has_wildcards(&path) {
                continue;
            }
            let Some(pattern) = ignore.deciding_pattern(&path).filter(|pattern| !pattern.exception) else { continue };
            report.add(
                source.span,
                format!(
                    "`{}` is excluded by .dockerignore line {} (`{}`), so the builder never receives it and this COPY \
                     fails or copies nothing. Remove the pattern or stop copying the file.",
                    source.raw, pattern.line, pattern.text
                ),
            );
        }
    }
}
