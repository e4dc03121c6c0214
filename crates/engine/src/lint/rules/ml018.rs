//! ML018 consecutive-runs: two single-command RUNs in a row that could be one layer.

use crate::instructions::InstructionKind;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML018",
    name: "consecutive-runs",
    severity: Severity::Info,
    aliases: &["DL3059"],
    summary: "Consecutive one-command RUNs each make a layer; merge them unless the split is on purpose.",
    lesson: "images-and-layers",
    doc: include_str!("../docs/ML018.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    let instructions = &facts.lowered().instructions;
    let nodes = &facts.tree().nodes;
    let runs = facts.runs();
    for pair in runs.windows(2) {
        let (first, second) = (&pair[0], &pair[1]);
        if first.onbuild || second.onbuild || second.index != first.index + 1 {
            continue;
        }
        if !matches!(instructions[second.index].kind, InstructionKind::Run(_)) || first.stage != second.stage {
            continue;
        }
        let flags = |index: usize| nodes[index].flags.iter().map(|flag| flag.text.as_str()).collect::<Vec<_>>();
        if flags(first.index) != flags(second.index) || first.commands.len() != 1 || second.commands.len() != 1 {
            continue;
        }
        let line = instructions[first.index].start_line;
        report.add(
            instructions[second.index].keyword_span,
            format!(
                "this RUN and the one on line {line} each hold one command, so the image gets two layers where one \
                 would do. Join them with `&&`, unless you keep them apart on purpose so that a slow step (a large \
                 download, a torch install) stays cached when the other changes."
            ),
        );
    }
}
