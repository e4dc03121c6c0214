//! ML001 base-untagged: a `FROM` image with neither a tag nor a digest.

use crate::instructions::StageBase;
use crate::lint::facts::ImageRef;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML001",
    name: "base-untagged",
    severity: Severity::Warning,
    aliases: &["DL3006"],
    summary: "A base image without a tag silently means `:latest`.",
    lesson: "base-images",
    doc: include_str!("../docs/ML001.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        if !matches!(stage.base, StageBase::Image(_)) {
            continue;
        }
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        // An image written as a variable is decided by build arguments; there is nothing to read here.
        if from.image.raw.contains('$') {
            continue;
        }
        let image = ImageRef::parse(&from.image.value);
        if image.tag.is_none() && image.digest.is_none() {
            report.add(
                from.image.span,
                format!(
                    "`{}` has no tag, so it means `{}:latest`, which moves whenever a new release is pushed: a \
                     rebuild can silently change the Python, CUDA or framework version your model was tested \
                     with. Pin a version tag such as `python:3.12-slim`.",
                    from.image.raw, from.image.raw
                ),
            );
        }
    }
}
