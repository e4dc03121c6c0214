//! ML069 undefined-var: a variable that is not defined where it is used, found where it is a likely typo.

use crate::instructions::{closest_match, InstructionKind};
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML069",
    name: "undefined-var",
    severity: Severity::Warning,
    aliases: &["UndefinedVar"],
    summary: "A variable used before it is defined, or a misspelt one.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML069.md"),
    needs_context: false,
    check,
};

/// Variables every Linux image defines, so a misspelling of them is worth a hint.
const COMMON: [&str; 2] = ["PATH", "HOME"];

fn check(facts: &Facts, report: &mut Report) {
    // Every name the Dockerfile defines anywhere: a variable defined only later is used too early.
    let mut definitions: Vec<(&str, usize)> = Vec::new();
    for (index, instruction, _) in facts.instructions() {
        match &instruction.kind {
            InstructionKind::Arg(arg) => {
                definitions.extend(arg.args.iter().map(|arg| (arg.name.value.as_str(), index)))
            }
            InstructionKind::Env(env) => {
                definitions.extend(env.pairs.iter().map(|pair| (pair.key.value.as_str(), index)))
            }
            _ => {}
        }
    }
    let mut defined: Vec<&str> = COMMON.to_vec();
    defined.extend(super::ml067::AUTOMATIC_ARGS);
    defined.extend(definitions.iter().map(|(name, _)| *name));
    for (index, instruction, _) in facts.instructions() {
        if instruction.stage.is_none() || matches!(instruction.kind, InstructionKind::From(_)) {
            continue;
        }
        for word in super::expanded_words(instruction) {
            for name in &word.unset {
                // The base image may define anything; only a later definition or a near miss is a real signal.
                // Declared earlier without a value (`ARG X`): empty on purpose, not undefined.
                if definitions.iter().any(|(defined, at)| defined == name && *at <= index) {
                    continue;
                }
                let message = if definitions.iter().any(|(defined, _)| defined == name) {
                    format!("`{name}` is used here but defined only later in the Dockerfile, so it expands to nothing at this point.")
                } else if let Some(close) = closest_match(name, defined.iter().copied()) {
                    format!("`{name}` is not defined; did you mean `{close}`? As written it expands to nothing.")
                } else {
                    continue;
                };
                let span = match word.raw.find(name.as_str()) {
                    Some(at) if word.span.end_offset as usize >= word.span.offset as usize + at + name.len() => {
                        facts.span(word.span.offset as usize + at, word.span.offset as usize + at + name.len())
                    }
                    _ => word.span,
                };
                report.add(span, message);
            }
        }
    }
}
