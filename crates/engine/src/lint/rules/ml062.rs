//! ML062 empty-continuation: an empty line inside a `\` continuation.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML062",
    name: "empty-continuation",
    severity: Severity::Warning,
    aliases: &["NoEmptyContinuation"],
    summary: "Empty lines inside a continued instruction are deprecated and will become errors.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML062.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for span in &facts.tree().empty_continuation_lines {
        report.add(
            *span,
            "this empty line sits inside a continued instruction: the builder skips it today, but it will become an \
             error, and it makes a long RUN look like two. Delete it or end the previous line without `\\`.",
        );
    }
}
