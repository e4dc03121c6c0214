//! ML082 copy-relative-no-workdir: `COPY` to a relative destination before any WORKDIR.

use crate::instructions::InstructionKind;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML082",
    name: "copy-relative-no-workdir",
    severity: Severity::Warning,
    aliases: &["DL3045"],
    summary: "A relative COPY destination with no WORKDIR set lands in the base image's working directory.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML082.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for (index, instruction, _) in facts.instructions() {
        let InstructionKind::Copy(copy) = &instruction.kind else { continue };
        let destination = copy.destination.raw.trim_matches(|ch| ch == '"' || ch == '\'');
        let bytes = destination.as_bytes();
        let absolute = destination.starts_with('/')
            || destination.starts_with('$')
            || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':');
        if absolute || destination.is_empty() {
            continue;
        }
        let Some(stage) = instruction.stage else { continue };
        let workdir_set = facts.stage_chain(stage).iter().filter_map(|&s| facts.stage(s)).any(|stage| {
            facts
                .stage_instructions(stage)
                .any(|(i, other)| i < index && matches!(other.kind, InstructionKind::Workdir(_)))
        });
        if !workdir_set {
            report.add(
                copy.destination.span,
                format!(
                    "`{}` is relative, and no WORKDIR is set yet, so the files land in the base image's working \
                     directory (`/` for python images, `/workspace` for some ML images). Set `WORKDIR /app` first or \
                     copy to an absolute path.",
                    copy.destination.raw
                ),
            );
        }
    }
}
