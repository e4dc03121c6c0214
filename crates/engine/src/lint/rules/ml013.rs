//! ML013 apt-update-alone: `apt-get update` in a RUN of its own, before a later RUN that installs.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML013",
    name: "apt-update-alone",
    severity: Severity::Warning,
    aliases: &[],
    summary: "`apt-get update` cached in its own layer goes stale when the install line changes.",
    lesson: "images-and-layers",
    doc: include_str!("../docs/ML013.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    let runs = facts.runs();
    for (position, run) in runs.iter().enumerate() {
        let calls = run.apt_calls();
        let Some(update) = calls.iter().find(|call| call.is("update")) else { continue };
        if calls.iter().any(|call| call.is("install")) {
            continue;
        }
        let later_install = runs[position + 1..]
            .iter()
            .filter(|later| later.stage == run.stage && later.onbuild == run.onbuild)
            .find(|later| later.apt_calls().iter().any(|call| call.is("install")));
        let Some(later) = later_install else { continue };
        let line = facts.lowered().instructions[later.index].start_line;
        let end = update.subcommand.map_or(update.program.end, |word| word.end);
        report.add(
            facts.span(update.program.start, end),
            format!(
                "`apt-get update` is cached as a layer of its own. When you later add a package to the install on \
                 line {line}, that RUN re-runs with the old package lists from this cached layer, and apt fails with \
                 404 errors or installs outdated versions. Run `apt-get update && apt-get install …` in one RUN."
            ),
        );
    }
}
