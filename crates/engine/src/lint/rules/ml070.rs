//! ML070 legacy-key-value: `ENV key value` or `LABEL key value` without `=`.

use crate::instructions::InstructionKind;
use crate::lint::{Edit, Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML070",
    name: "legacy-key-value",
    severity: Severity::Style,
    aliases: &["LegacyKeyValueFormat"],
    summary: "`ENV key value` is the legacy form; write `ENV key=value`.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML070.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for (_, instruction, node) in facts.instructions() {
        let (keyword, pairs) = match &instruction.kind {
            InstructionKind::Env(pairs) => ("ENV", pairs),
            InstructionKind::Label(pairs) => ("LABEL", pairs),
            _ => continue,
        };
        let Some(pair) = pairs.pairs.iter().find(|pair| pair.legacy) else { continue };
        let finding = report.add(
            node.rest_span,
            format!(
                "`{keyword} {} {}` is the legacy whitespace form, which cannot set several variables and reads \
                 everything after the name as the value. Write `{keyword} {}=…`.",
                pair.key.raw,
                pair.value.raw.trim(),
                pair.key.raw
            ),
        );
        let value = pair.value.raw.trim();
        let simple = !value.is_empty() && !value.contains(['"', '\'', '\\', '\n']);
        if simple && pairs.pairs.len() == 1 {
            let value = if value.contains(char::is_whitespace) { format!("\"{value}\"") } else { value.to_string() };
            finding.with_fix(
                "Use key=value",
                vec![Edit {
                    start: node.rest_span.offset as usize,
                    end: node.rest_span.end_offset as usize,
                    replacement: format!("{}={value}", pair.key.raw),
                }],
            );
        }
    }
}
