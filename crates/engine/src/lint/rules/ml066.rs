//! ML066 maintainer: the deprecated `MAINTAINER` instruction.

use crate::instructions::InstructionKind;
use crate::lint::{Edit, Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML066",
    name: "maintainer",
    severity: Severity::Warning,
    aliases: &["MaintainerDeprecated", "DL4000"],
    summary: "`MAINTAINER` is deprecated; use a label.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML066.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for (_, instruction, node) in facts.instructions() {
        let InstructionKind::Maintainer(maintainer) = &instruction.kind else { continue };
        let finding = report.add(
            node.keyword_span,
            "MAINTAINER is deprecated; record the author as `LABEL org.opencontainers.image.authors=\"…\"`, which tools \
             and registries read.",
        );
        let value = maintainer.name.raw.trim();
        if !value.is_empty() && node.span.end_line == node.span.line && node.heredocs.is_empty() {
            let escaped = value.trim_matches('"').replace('\\', "\\\\").replace('"', "\\\"");
            finding.with_fix(
                "Replace with an authors label",
                vec![Edit {
                    start: node.keyword_span.offset as usize,
                    end: node.span.end_offset as usize,
                    replacement: format!("LABEL org.opencontainers.image.authors=\"{escaped}\""),
                }],
            );
        }
    }
}
