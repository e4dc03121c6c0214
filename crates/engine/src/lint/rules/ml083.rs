//! ML083 pipe-without-pipefail: a pipe in RUN whose first command's failure would go unnoticed.

use crate::instructions::InstructionKind;
use crate::lint::shell::Separator;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML083",
    name: "pipe-without-pipefail",
    severity: Severity::Warning,
    aliases: &["DL4006"],
    summary: "Without `pipefail`, a failed download piped into another command still passes.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML083.md"),
    needs_context: false,
    check,
};

/// Whether the SHELL in effect before instruction `index` lets a failing pipe pass: the default `/bin/sh -c`, or a
/// POSIX shell without `-o pipefail`. A non-POSIX shell (PowerShell, cmd) is out of the rule's reach.
fn pipe_failures_hidden(facts: &Facts, stage: usize, index: usize) -> bool {
    for stage in facts.stage_chain(stage) {
        let Some(stage) = facts.stage(stage) else { continue };
        let last =
            facts.stage_instructions(stage).filter(|(i, _)| *i < index).filter_map(
                |(_, instruction)| match &instruction.kind {
                    InstructionKind::Shell(shell) => Some(shell),
                    _ => None,
                },
            );
        if let Some(shell) = last.last() {
            let words: Vec<&str> = shell.shell.iter().map(|word| word.value.as_str()).collect();
            let program =
                words.first().map_or("", |first| first.rsplit('/').next().unwrap_or(first)).to_ascii_lowercase();
            if !matches!(program.as_str(), "sh" | "bash" | "ash" | "zsh" | "dash") {
                return false;
            }
            // `-o pipefail`, also with other options in the same word (`-eo pipefail`).
            let pipefail = words
                .windows(2)
                .any(|pair| pair[0].starts_with('-') && pair[0].ends_with('o') && pair[1] == "pipefail");
            return !pipefail;
        }
    }
    true
}

fn check(facts: &Facts, report: &mut Report) {
    for run in facts.runs() {
        if run.node.form == crate::syntax::ArgumentForm::Json {
            continue;
        }
        // A pipe between commands, or inside a command substitution (`$(echo x | tr a b)`).
        let position = run.commands.iter().position(|command| {
            command.separator == Separator::Pipe
                || command.assignments.iter().chain(&command.words).any(|word| has_substituted_pipe(&word.text))
        });
        let Some(position) = position else { continue };
        if let Some(stage) = run.stage {
            if !pipe_failures_hidden(facts, stage, run.index) {
                continue;
            }
        }
        // `set -o pipefail` earlier in the same RUN does the job (and fails loudly where sh lacks it).
        let set_before = run.commands[..position].iter().any(|command| {
            command.program() == Some("set") && command.arguments().iter().any(|word| word.text == "pipefail")
        });
        if set_before {
            continue;
        }
        let command = &run.commands[position];
        let first = command.assignments.first().or(command.words.first());
        let last = command.words.last().or(command.assignments.last());
        let (Some(first), Some(last)) = (first, last) else { continue };
        report.add(
            facts.span(first.start, last.end),
            "only the last command of a pipe decides whether RUN succeeds: if this one fails (a download that returns \
             an error page, a truncated model file), the step still passes and the broken result is cached. Set \
             `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN.",
        );
    }
}

/// Whether a word holds a command substitution with a pipe (a single `|`, not `||`).
fn has_substituted_pipe(word: &str) -> bool {
    let Some(start) = word.find("$(").or_else(|| word.find('`')) else { return false };
    let bytes = word.as_bytes();
    (start..bytes.len())
        .any(|at| bytes[at] == b'|' && bytes.get(at + 1) != Some(&b'|') && (at == 0 || bytes[at - 1] != b'|'))
}
