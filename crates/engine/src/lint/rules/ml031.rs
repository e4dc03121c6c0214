//! ML031 secret-file-copied: a `.env`, key or credentials file copied from the context into a layer.

use crate::context::secret_kind;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML031",
    name: "secret-file-copied",
    severity: Severity::Error,
    aliases: &[],
    summary: "A secrets file from the project ends up inside the image.",
    lesson: "dockerignore",
    doc: include_str!("../docs/ML031.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for (_, _, copy) in facts.context_copies() {
        for source in &copy.sources {
            if Facts::is_remote_source(&source.value) {
                continue;
            }
            // Named directly in the Dockerfile.
            if let Some(kind) = secret_kind(source.value.trim_end_matches('/')) {
                report.add(
                    source.span,
                    format!(
                        "`{}` is {kind}; copied into a layer it stays readable by anyone with the image, even if a \
                         later RUN deletes it. Mount it for the step that needs it (`RUN --mount=type=secret`) or pass \
                         it at run time.",
                        source.raw
                    ),
                );
                continue;
            }
            // Selected through a directory or `.` when the context is known.
            let secrets: Vec<String> = super::selected_files(facts, &source.value)
                .iter()
                .filter_map(|file| secret_kind(&file.path).map(|_| file.path.clone()))
                .collect();
            if let Some(first) = secrets.first() {
                let more = if secrets.len() > 1 { format!(" and {} more", secrets.len() - 1) } else { String::new() };
                report.add(
                    source.span,
                    format!(
                        "`COPY {}` takes `{first}`{more} into the image: secrets in a layer are readable by anyone with \
                         the image. Exclude them in .dockerignore (`.env`, `*.pem`, credentials files).",
                        source.raw
                    ),
                );
            }
        }
    }
}
