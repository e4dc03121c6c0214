//! ML020 last-user-root: the last `USER` of a stage switches (back) to root.

use crate::instructions::InstructionKind;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML020",
    name: "last-user-root",
    severity: Severity::Warning,
    aliases: &["DL3002"],
    summary: "The stage ends running as root.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML020.md"),
    needs_context: false,
    check,
};

/// `root`, `0`, `root:group`, `0:0`.
pub(crate) fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        let last_user = facts.stage_instructions(stage).filter_map(|(_, instruction)| match &instruction.kind {
            InstructionKind::User(user) => Some(user),
            _ => None,
        });
        if let Some(user) = last_user.last() {
            if is_root(&user.user.value) {
                report.add(
                    user.user.span,
                    "the stage ends as root, so the server and every library it loads run with full rights in the \
                     container: a hostile pickle or an exploited endpoint owns it. Switch to an unprivileged user \
                     after the steps that need root.",
                );
            }
        }
    }
}
