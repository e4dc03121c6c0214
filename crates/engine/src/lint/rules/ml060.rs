//! ML060 stage-name-casing: a stage name with capital letters (BuildKit lower-cases it anyway).

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML060",
    name: "stage-name-casing",
    severity: Severity::Style,
    aliases: &["StageNameCasing"],
    summary: "Stage names should be lowercase.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML060.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        let Some(name) = &from.stage_name else { continue };
        if name.raw.chars().any(|ch| ch.is_uppercase()) {
            report.add(
                name.span,
                format!(
                    "stage name `{}` is stored as `{}`: BuildKit lower-cases stage names, so write it in lowercase \
                     to match how `--target` and `COPY --from` see it.",
                    name.raw,
                    name.raw.to_lowercase()
                ),
            );
        }
    }
}
