//! ML017 apt-not-apt-get: the interactive `apt` front end used in a build script.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML017",
    name: "apt-not-apt-get",
    severity: Severity::Warning,
    aliases: &["DL3027"],
    summary: "`apt` is meant for people at a terminal; scripts should use `apt-get`.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML017.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for run in facts.runs() {
        for call in run.apt_calls() {
            if call.tool == "apt" {
                report.add(
                    facts.span(call.program.start, call.program.end),
                    "`apt` is the interactive front end: its command-line interface may change between releases and \
                     it warns that it is not for scripts. Use `apt-get` in Dockerfiles.",
                );
            }
        }
    }
}
