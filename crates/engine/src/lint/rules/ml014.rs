//! ML014 apt-no-install-recommends: `apt-get install` that also pulls in recommended packages.

use crate::lint::{Edit, Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML014",
    name: "apt-no-install-recommends",
    severity: Severity::Info,
    aliases: &["DL3015"],
    summary: "`apt-get install` without `--no-install-recommends` installs extras nobody asked for.",
    lesson: "base-images",
    doc: include_str!("../docs/ML014.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for run in facts.runs() {
        for call in run.apt_calls() {
            if call.tool != "apt-get" || !call.is("install") || call.skips_recommends() {
                continue;
            }
            let Some(install) = call.subcommand else { continue };
            report
                .add(
                    facts.span(call.program.start, install.end),
                    "apt also installs every package the ones you named merely recommend: documentation, X11 \
                     libraries, extra tools. In slim ML images that often adds more than the packages themselves. \
                     Add `--no-install-recommends` and name what you need.",
                )
                .with_fix(
                    "Add --no-install-recommends",
                    vec![Edit { start: install.end, end: install.end, replacement: " --no-install-recommends".into() }],
                );
        }
    }
}
