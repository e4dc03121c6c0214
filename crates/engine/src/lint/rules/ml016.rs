//! ML016 apt-no-yes: `apt-get install` that would stop at apt's confirmation prompt.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML016",
    name: "apt-no-yes",
    severity: Severity::Warning,
    aliases: &["DL3014"],
    summary: "`apt-get install` without `-y` waits for an answer no build can give.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML016.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for run in facts.runs() {
        for call in run.apt_calls() {
            if call.tool != "apt-get" || !call.is("install") || call.assumes_yes() || call.packages.is_empty() {
                continue;
            }
            let Some(install) = call.subcommand else { continue };
            report.add(
                facts.span(call.program.start, install.end),
                "a build has no terminal, so apt's \"Do you want to continue?\" gets no answer and the install aborts \
                 as soon as it needs more than it was asked for. Add `-y`.",
            );
        }
    }
}
