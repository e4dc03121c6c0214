//! ML080 cd-in-run: `cd` inside RUN, where WORKDIR says the same thing visibly.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML080",
    name: "cd-in-run",
    severity: Severity::Style,
    aliases: &["DL3003"],
    summary: "Use WORKDIR rather than `cd` to change directory.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML080.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for run in facts.runs() {
        // One finding per RUN is enough to make the point.
        if let Some(command) = run.commands.iter().find(|command| command.program() == Some("cd")) {
            let Some(index) = command.program_index() else { continue };
            let word = &command.words[index];
            report.add(
                facts.span(word.start, word.end),
                "`cd` lasts only for this RUN, so the next instruction silently runs somewhere else. Use `WORKDIR` \
                 to set the directory for the steps that follow (a `cd` into a just-unpacked source tree is fine \
                 to keep if you ignore this).",
            );
        }
    }
}
