//! ML021 no-user: the shipped image never sets a `USER`, so it runs as root unless the base image says otherwise.

use crate::instructions::{InstructionKind, StageBase};
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML021",
    name: "no-user",
    severity: Severity::Info,
    aliases: &[],
    summary: "The final image sets no `USER`, so it runs as root unless its base image sets one.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML021.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    let chain = facts.final_chain();
    let Some(&target) = chain.first() else { return };
    let sets_user = chain.iter().filter_map(|&index| facts.stage(index)).any(|stage| {
        facts.stage_instructions(stage).any(|(_, instruction)| matches!(instruction.kind, InstructionKind::User(_)))
    });
    if sets_user {
        return;
    }
    let Some(stage) = facts.stage(target) else { return };
    // `FROM scratch` images usually hold one static binary and no user database at all.
    if facts.root_image(target).is_none()
        && chain.iter().any(|&index| facts.stage(index).is_some_and(|s| s.base == StageBase::Scratch))
    {
        return;
    }
    let Some((_, from)) = super::from_of(facts, stage) else { return };
    report.add(
        from.image.span,
        "the image never sets USER, so unless the base image does, the model server runs as root: code in a \
         downloaded checkpoint or a bug in a request handler gets full rights in the container. Create a user and \
         add `USER` before CMD.",
    );
}
