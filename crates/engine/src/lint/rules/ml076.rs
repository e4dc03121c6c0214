//! ML076 repeated-cmd: more than one CMD, ENTRYPOINT or HEALTHCHECK in a stage; only the last counts.

use crate::instructions::InstructionKind;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML076",
    name: "repeated-cmd",
    severity: Severity::Warning,
    aliases: &["MultipleInstructionsDisallowed"],
    summary: "Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML076.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        for keyword in ["CMD", "ENTRYPOINT", "HEALTHCHECK"] {
            let found: Vec<_> = facts
                .stage_instructions(stage)
                .filter(|(_, instruction)| match &instruction.kind {
                    InstructionKind::Cmd(_) => keyword == "CMD",
                    InstructionKind::Entrypoint(_) => keyword == "ENTRYPOINT",
                    InstructionKind::Healthcheck(_) => keyword == "HEALTHCHECK",
                    _ => false,
                })
                .collect();
            let Some((_, last)) = found.last() else { continue };
            for (_, instruction) in &found[..found.len() - 1] {
                report.add(
                    instruction.keyword_span,
                    format!(
                        "this {keyword} is replaced by the one on line {} and never takes effect; remove it.",
                        last.start_line
                    ),
                );
            }
        }
    }
}
