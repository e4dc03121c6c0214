//! ML061 from-as-casing: `FROM` and `AS` written in different case.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML061",
    name: "from-as-casing",
    severity: Severity::Style,
    aliases: &["FromAsCasing"],
    summary: "`FROM` and `AS` should use the same case.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML061.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        let Some(node) = facts.tree().nodes.get(stage.from_instruction) else { continue };
        let Some(as_word) = &from.as_keyword else { continue };
        let keyword = node.keyword_text.as_str();
        let upper = keyword == keyword.to_uppercase();
        let lower = keyword == keyword.to_lowercase();
        let mismatch = (upper && as_word.raw != as_word.raw.to_uppercase())
            || (lower && as_word.raw != as_word.raw.to_lowercase());
        if (upper || lower) && mismatch {
            report.add(
                as_word.span,
                format!("`{keyword}` and `{}` are in different case; write them the same way.", as_word.raw),
            );
        }
    }
}
