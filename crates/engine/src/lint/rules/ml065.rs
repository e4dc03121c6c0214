//! ML065 reserved-stage-name: a stage named `scratch` or `context`.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML065",
    name: "reserved-stage-name",
    severity: Severity::Warning,
    aliases: &["ReservedStageName", "DL3063"],
    summary: "`scratch` and `context` are reserved and cannot name a stage.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML065.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        let Some(word) = &from.stage_name else { continue };
        if matches!(word.value.as_str(), "scratch" | "context") {
            report.add(
                word.span,
                format!("`{}` is a reserved name (the empty image, or a named build context); `FROM {}` would not refer to this stage. Pick another name.", word.raw, word.value),
            );
        }
    }
}
