//! ML064 duplicate-stage-name: two stages with the same name.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML064",
    name: "duplicate-stage-name",
    severity: Severity::Error,
    aliases: &["DuplicateStageName", "DL3024"],
    summary: "Stage names must be unique.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML064.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    let stages = &facts.lowered().stages;
    for (position, stage) in stages.iter().enumerate() {
        let Some(name) = &stage.name else { continue };
        let Some(earlier) = stages[..position].iter().find(|other| other.name.as_ref() == Some(name)) else { continue };
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        let Some(word) = &from.stage_name else { continue };
        let line = facts.lowered().instructions[earlier.from_instruction].start_line;
        report.add(
            word.span,
            format!("stage `{name}` is already defined on line {line}; `COPY --from={name}` and `--target` become ambiguous. Rename one."),
        );
    }
}
