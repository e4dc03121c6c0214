//! ML063 instruction-casing: keywords that break the file's majority case.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML063",
    name: "instruction-casing",
    severity: Severity::Style,
    aliases: &["ConsistentInstructionCasing"],
    summary: "Instruction keywords should all be upper case or all lower case.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML063.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    let nodes = &facts.tree().nodes;
    let is_upper = |text: &str| text == text.to_uppercase();
    let is_lower = |text: &str| text == text.to_lowercase();
    let upper = nodes.iter().filter(|node| is_upper(&node.keyword_text)).count();
    let lower = nodes.iter().filter(|node| is_lower(&node.keyword_text)).count();
    let majority_lower = lower > upper;
    for node in nodes {
        let text = node.keyword_text.as_str();
        let fits = if majority_lower { is_lower(text) } else { is_upper(text) };
        if !fits && !text.is_empty() {
            let expected = if majority_lower { text.to_lowercase() } else { text.to_uppercase() };
            report.add(
                node.keyword_span,
                format!("`{text}` does not match the file's keyword case; write `{expected}`."),
            );
        }
    }
}
