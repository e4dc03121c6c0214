//! ML015 apt-lists-kept: `apt-get update` without removing `/var/lib/apt/lists` in the same RUN.

use crate::instructions::StageBase;
use crate::lint::{Edit, Facts, Report, Rule, RunView, Severity};

pub const RULE: Rule = Rule {
    code: "ML015",
    name: "apt-lists-kept",
    severity: Severity::Info,
    aliases: &["DL3009"],
    summary: "Package lists from `apt-get update` stay in the layer unless removed in the same RUN.",
    lesson: "base-images",
    doc: include_str!("../docs/ML015.md"),
    needs_context: false,
    check,
};

fn removes_lists(run: &RunView) -> bool {
    run.commands.iter().any(|command| {
        command.program() == Some("rm")
            && command.arguments().iter().any(|word| word.text.trim_end_matches(['*', '/']) == "/var/lib/apt/lists")
    })
}

fn check(facts: &Facts, report: &mut Report) {
    let stages = &facts.lowered().stages;
    for run in facts.runs() {
        // Only layers that end up in an image matter: the last stage and stages other stages are built FROM.
        let counts = run.stage.is_some_and(|stage| {
            stage + 1 == stages.len() || stages.iter().any(|other| other.base == StageBase::Stage(stage))
        });
        if !counts || removes_lists(run) || run.has_cache_mount_on("/var/lib/apt/lists") {
            continue;
        }
        let calls = run.apt_calls();
        let Some(update) = calls.iter().find(|call| call.is("update")) else { continue };
        let end = update.subcommand.map_or(update.program.end, |word| word.end);
        let finding = report.add(
            facts.span(update.program.start, end),
            "the package lists that `apt-get update` downloads stay in this layer, and deleting them in a later RUN \
             does not make the image smaller. End this RUN with `&& rm -rf /var/lib/apt/lists/*`, or use a cache \
             mount on /var/lib/apt/lists.",
        );
        // Append the clean-up at the end of the command, only for a plain shell-form RUN.
        let node = run.node;
        if node.heredocs.is_empty() && node.form == crate::syntax::ArgumentForm::Text {
            let end = node.rest_span.end_offset as usize;
            finding.with_fix(
                "Remove the apt lists in the same RUN",
                vec![Edit { start: end, end, replacement: " && rm -rf /var/lib/apt/lists/*".into() }],
            );
        }
    }
}
