//! ML002 base-latest: a `FROM` image tagged `latest` without a digest.

use crate::instructions::StageBase;
use crate::lint::facts::{tag_range, ImageRef};
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML002",
    name: "base-latest",
    severity: Severity::Warning,
    aliases: &["DL3007"],
    summary: "A base image tagged `latest` changes under you.",
    lesson: "base-images",
    doc: include_str!("../docs/ML002.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        if !matches!(stage.base, StageBase::Image(_)) {
            continue;
        }
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        let image = ImageRef::parse(&from.image.raw);
        if image.tag.as_deref() != Some("latest") || image.digest.is_some() {
            continue;
        }
        let span = match tag_range(&from.image.raw, from.image.span.offset as usize) {
            Some((start, end)) if from.image.span.end_offset as usize >= end => facts.span(start, end),
            _ => from.image.span,
        };
        report.add(
            span,
            format!(
                "`{}` follows whatever was pushed last: the same Dockerfile builds a different image next month, \
                 with a different Python or CUDA underneath your model. Pin a version tag.",
                from.image.raw
            ),
        );
    }
}
