//! ML004 alpine-for-ml: Python ML packages installed on an Alpine (musl) base image.

use crate::lint::facts::ImageRef;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML004",
    name: "alpine-for-ml",
    severity: Severity::Warning,
    aliases: &[],
    summary: "Alpine uses musl libc, for which most ML wheels do not exist.",
    lesson: "base-images",
    doc: include_str!("../docs/ML004.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        let Some(image) = facts.root_image(stage.index) else { continue };
        let image = ImageRef::parse(image);
        let alpine = image.repository() == "alpine" || image.tag.as_deref().is_some_and(|tag| tag.contains("alpine"));
        if !alpine {
            continue;
        }
        let installs_python = facts.runs().iter().filter(|run| run.stage == Some(stage.index)).any(|run| {
            run.pip_installs()
                .iter()
                .any(|install| !install.packages.is_empty() || !install.requirement_files.is_empty())
        });
        if !installs_python {
            continue;
        }
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        report.add(
            from.image.span,
            format!(
                "`{}` is Alpine, which uses musl libc. PyTorch and TensorFlow publish no musl wheels and much of the \
                 scientific stack has few, so pip compiles from source (slow, needs compilers) or fails. Use a \
                 Debian-based `-slim` image instead.",
                from.image.raw
            ),
        );
    }
}
