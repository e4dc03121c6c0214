//! ML003 base-not-digest-pinned: the shipped image's base is pinned by tag only.

use crate::instructions::StageBase;
use crate::lint::facts::ImageRef;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML003",
    name: "base-not-digest-pinned",
    severity: Severity::Info,
    aliases: &[],
    summary: "For production, pin the final image's base by digest as well as by tag.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML003.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    // Only the stage that is shipped: builder stages matter less, and one note per file is enough.
    let Some(root) = facts.final_chain().last().copied() else { return };
    let Some(stage) = facts.stage(root) else { return };
    if !matches!(stage.base, StageBase::Image(_)) {
        return;
    }
    let Some((_, from)) = super::from_of(facts, stage) else { return };
    if from.image.raw.contains('$') {
        return;
    }
    let image = ImageRef::parse(&from.image.value);
    // Untagged and `latest` images have their own, stronger findings.
    let tagged = image.tag.as_deref().is_some_and(|tag| tag != "latest");
    if tagged && image.digest.is_none() {
        report.add(
            from.image.span,
            format!(
                "`{}` is a tag, and tags are re-pushed (security rebuilds, new patch releases): two deployments of \
                 the same commit can run on different bases. For production, add the digest: \
                 `{}@sha256:…` (from `docker buildx imagetools inspect`).",
                from.image.raw, from.image.raw
            ),
        );
    }
}
