//! ML023 shell-form-cmd: `CMD` or `ENTRYPOINT` in shell form, so signals never reach the server.

use crate::instructions::{CommandForm, InstructionKind};
use crate::lint::{Edit, Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML023",
    name: "shell-form-cmd",
    severity: Severity::Warning,
    aliases: &["DL3025", "JSONArgsRecommended"],
    summary: "Shell-form CMD/ENTRYPOINT runs under `/bin/sh -c`, which does not pass SIGTERM on.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML023.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for (index, instruction, node) in facts.instructions() {
        let (keyword, line) = match &instruction.kind {
            InstructionKind::Cmd(line) => ("CMD", line),
            InstructionKind::Entrypoint(line) => ("ENTRYPOINT", line),
            _ => continue,
        };
        if line.form != CommandForm::Shell || node.rest.trim().is_empty() {
            continue;
        }
        // A SHELL instruction means the author chose the shell on purpose (BuildKit skips the check then too).
        let shell_set = instruction.stage.is_some_and(|stage| {
            facts.stage_chain(stage).iter().filter_map(|&s| facts.stage(s)).any(|stage| {
                facts
                    .stage_instructions(stage)
                    .any(|(i, other)| i < index && matches!(other.kind, InstructionKind::Shell(_)))
            })
        });
        if shell_set {
            continue;
        }
        let finding = report.add(
            node.rest_span,
            format!(
                "in shell form the command runs as `/bin/sh -c \"{}\"`: the shell is PID 1 and does not pass \
                 SIGTERM on, so `docker stop` cannot let the model server finish its requests and kills it after the \
                 timeout. Use the JSON form.",
                node.rest.trim()
            ),
        );
        if let Some(json) = json_form(&node.rest) {
            let span = node.rest_span;
            finding.with_fix(
                format!("Write {keyword} in JSON form"),
                vec![Edit { start: span.offset as usize, end: span.end_offset as usize, replacement: json }],
            );
        }
    }
}

/// `python app.py --port 8000` → `["python", "app.py", "--port", "8000"]`, only when the words need no shell:
/// no quotes, escapes, variables, globs or operators.
fn json_form(command: &str) -> Option<String> {
    if command.contains('\n') || command.chars().any(|ch| "\"'\\$`|&;<>(){}*?[]#~".contains(ch)) {
        return None;
    }
    let words: Vec<String> = command.split_whitespace().map(|word| format!("\"{word}\"")).collect();
    (!words.is_empty()).then(|| format!("[{}]", words.join(", ")))
}
