//! ML074 expose-proto-casing: `EXPOSE 8000/TCP` with an upper-case protocol.

use crate::instructions::InstructionKind;
use crate::lint::{Edit, Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML074",
    name: "expose-proto-casing",
    severity: Severity::Style,
    aliases: &["ExposeProtoCasing"],
    summary: "The protocol in EXPOSE should be lowercase.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML074.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for (_, instruction, _) in facts.instructions() {
        let InstructionKind::Expose(expose) = &instruction.kind else { continue };
        for port in &expose.ports {
            let Some((_, protocol)) = port.raw.split_once('/') else { continue };
            if protocol == protocol.to_lowercase() {
                continue;
            }
            let finding =
                report.add(port.span, format!("write the protocol in lowercase: `{}`.", port.raw.to_lowercase()));
            if port.raw == port.value && port.span.end_offset as usize - port.span.offset as usize == port.raw.len() {
                finding.with_fix(
                    "Lowercase the protocol",
                    vec![Edit {
                        start: port.span.offset as usize,
                        end: port.span.end_offset as usize,
                        replacement: port.raw.to_lowercase(),
                    }],
                );
            }
        }
    }
}
