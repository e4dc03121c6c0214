//! One file per rule, named after its code, plus the few helpers several rules share.
//!
//! Each file defines `pub const RULE: Rule` with the code, name, severity, aliases, summary, lesson, doc page and
//! check function together. Adding a rule is one file here, one Markdown page in `../docs/`, one line in
//! [`super::registry`] and its cases in `tests/lint_cases.rs`.

pub mod ml001;
pub mod ml002;
pub mod ml003;
pub mod ml004;
pub mod ml005;
pub mod ml010;
pub mod ml011;
pub mod ml012;
pub mod ml013;
pub mod ml014;
pub mod ml015;
pub mod ml016;
pub mod ml017;
pub mod ml018;
pub mod ml020;
pub mod ml021;
pub mod ml022;
pub mod ml023;
pub mod ml030;
pub mod ml031;
pub mod ml040;
pub mod ml041;
pub mod ml042;
pub mod ml043;
pub mod ml044;
pub mod ml045;
pub mod ml050;
pub mod ml051;
pub mod ml052;
pub mod ml060;
pub mod ml061;
pub mod ml062;
pub mod ml063;
pub mod ml064;
pub mod ml065;
pub mod ml066;
pub mod ml067;
pub mod ml068;
pub mod ml069;
pub mod ml070;
pub mod ml071;
pub mod ml072;
pub mod ml073;
pub mod ml074;
pub mod ml075;
pub mod ml076;
pub mod ml080;
pub mod ml081;
pub mod ml082;
pub mod ml083;

use crate::context::{clean_relative, is_same_or_under, ContextFile, Pattern};
use crate::instructions::{From, Instruction, InstructionKind, Stage, Word};

use super::Facts;

/// The `FROM` of a stage.
pub(crate) fn from_of<'a>(facts: &Facts<'a>, stage: &Stage) -> Option<(&'a Instruction, &'a From)> {
    let instruction = facts.lowered().instructions.get(stage.from_instruction)?;
    match &instruction.kind {
        InstructionKind::From(from) => Some((instruction, from)),
        _ => None,
    }
}

/// How environment switches like `PIP_NO_CACHE_DIR` read "on".
pub(crate) fn is_truthy(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
}

/// Whether a stage (or a stage it is built from) sets `name` with `ENV` before instruction `before`.
pub(crate) fn env_in_chain(facts: &Facts, stage: usize, before: usize, name: &str) -> Option<String> {
    for stage_index in facts.stage_chain(stage) {
        let Some(stage) = facts.stage(stage_index) else { continue };
        let mut value = None;
        for (index, instruction) in facts.stage_instructions(stage) {
            if index >= before {
                break;
            }
            if let InstructionKind::Env(env) = &instruction.kind {
                for pair in &env.pairs {
                    if pair.key.value == name {
                        value = Some(pair.value.value.to_string());
                    }
                }
            }
        }
        if value.is_some() {
            return value;
        }
    }
    None
}

/// Context files a `COPY`/`ADD` source selects, after `.dockerignore`; computed once per source text.
pub(crate) fn selected_files<'a>(facts: &Facts<'a>, source: &str) -> std::rc::Rc<[&'a ContextFile]> {
    let Some(context) = facts.context else { return std::rc::Rc::from(Vec::new()) };
    facts.selection(source, || {
        let cleaned = clean_relative(source);
        let pattern = if Pattern::has_wildcards(&cleaned) { Pattern::source(&cleaned).ok() } else { None };
        context
            .files()
            .iter()
            .filter(|file| match &pattern {
                Some(pattern) => pattern.matches_path_or_parent(&file.path),
                None => is_same_or_under(&file.path, &cleaned),
            })
            .filter(|file| file.path != ".dockerignore")
            .filter(|file| !facts.ignore.as_ref().is_some_and(|ignore| ignore.is_excluded(&file.path)))
            .collect()
    })
}

/// Whether a `COPY` source takes the whole context (`.`, `./`, `*`).
pub(crate) fn is_whole_context(source: &str) -> bool {
    matches!(clean_relative(source).as_str(), "." | "*")
}

/// The words of an instruction that the builder expands (where `UndefinedVar` looks).
pub(crate) fn expanded_words(instruction: &Instruction) -> Vec<&Word> {
    let mut words = Vec::new();
    match &instruction.kind {
        InstructionKind::Copy(copy) | InstructionKind::Add(copy) => {
            words.extend(copy.sources.iter());
            words.push(&copy.destination);
            words.extend(copy.chown.as_deref().into_iter().chain(copy.chmod.as_deref()));
        }
        InstructionKind::Env(pairs) | InstructionKind::Label(pairs) => {
            for pair in &pairs.pairs {
                words.push(&pair.key);
                words.push(&pair.value);
            }
        }
        InstructionKind::Arg(arg) => words.extend(arg.args.iter().filter_map(|arg| arg.default.as_ref())),
        InstructionKind::Workdir(workdir) => words.push(&workdir.path),
        InstructionKind::User(user) => words.push(&user.user),
        InstructionKind::Expose(expose) => words.extend(expose.ports.iter()),
        InstructionKind::Volume(volume) => words.extend(volume.paths.iter()),
        InstructionKind::Stopsignal(signal) => words.push(&signal.signal),
        _ => {}
    }
    words
}
