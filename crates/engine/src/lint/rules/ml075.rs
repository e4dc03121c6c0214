//! ML075 expose-invalid-format: `EXPOSE` with a host port or address, which belongs to `docker run -p`.

use crate::instructions::InstructionKind;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML075",
    name: "expose-invalid-format",
    severity: Severity::Warning,
    aliases: &["ExposeInvalidFormat"],
    summary: "EXPOSE takes container ports only; host mappings belong to `docker run -p`.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML075.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for (_, instruction, _) in facts.instructions() {
        let InstructionKind::Expose(expose) = &instruction.kind else { continue };
        for port in &expose.ports {
            if port.value.contains(':') {
                report.add(
                    port.span,
                    format!(
                        "`{}` maps a host address or port, which an image cannot decide: EXPOSE documents the \
                         container port only (`EXPOSE 8000`); publish with `docker run -p 8000:8000`.",
                        port.raw
                    ),
                );
            }
        }
    }
}
