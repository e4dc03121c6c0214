//! ML072 invalid-default-arg-in-from: with the ARG defaults alone, a `FROM` image reference is empty or invalid.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML072",
    name: "invalid-default-arg-in-from",
    severity: Severity::Warning,
    aliases: &["InvalidDefaultArgInFrom"],
    summary: "Without `--build-arg`, the FROM image expands to an invalid reference.",
    lesson: "base-images",
    doc: include_str!("../docs/ML072.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        if !from.image.has_variables() {
            continue;
        }
        let value = from.image.value.as_str();
        let invalid = value.is_empty()
            || value.ends_with(':')
            || value.ends_with('@')
            || value.starts_with(':')
            || value.starts_with('/')
            || value.ends_with('/')
            || value.contains(":@")
            || value.contains("//");
        if invalid {
            report.add(
                from.image.span,
                format!(
                    "with the ARG defaults, `{}` becomes `{value}`, which is not a valid image: the build fails \
                     unless every caller passes `--build-arg`. Give the ARG a working default.",
                    from.image.raw
                ),
            );
        }
    }
}
