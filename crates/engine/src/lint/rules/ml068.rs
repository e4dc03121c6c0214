//! ML068 workdir-relative: the first `WORKDIR` of a stage chain is relative, so it depends on the base image.

use crate::instructions::InstructionKind;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML068",
    name: "workdir-relative",
    severity: Severity::Warning,
    aliases: &["WorkdirRelativePath", "DL3000"],
    summary: "A relative first WORKDIR lands wherever the base image's working directory is.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML068.md"),
    needs_context: false,
    check,
};

fn is_absolute(path: &str) -> bool {
    let path = path.trim_matches(|ch| ch == '"' || ch == '\'');
    let bytes = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('$')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

fn check(facts: &Facts, report: &mut Report) {
    for (index, instruction, _) in facts.instructions() {
        let InstructionKind::Workdir(workdir) = &instruction.kind else { continue };
        if is_absolute(&workdir.path.raw) {
            continue;
        }
        let Some(stage) = instruction.stage else { continue };
        let earlier = facts.stage_chain(stage).iter().filter_map(|&s| facts.stage(s)).any(|stage| {
            facts
                .stage_instructions(stage)
                .any(|(i, other)| i < index && matches!(other.kind, InstructionKind::Workdir(_)))
        });
        if !earlier {
            report.add(
                workdir.path.span,
                format!(
                    "`{}` is relative to the base image's working directory, which this Dockerfile does not set: \
                     `/` for python images, `/workspace` for some ML images. Use an absolute path such as `/app`.",
                    workdir.path.raw
                ),
            );
        }
    }
}
