//! Instruction flags: which ones each instruction accepts, and checking what was written against that.
//!
//! The rules are BuildKit's `BFlags`: `--name=value`; bool flags also take a bare `--name` or `=true|false`;
//! repeating a flag is an error except for the multi-valued ones; an unknown flag is an error with a suggestion.

use smallvec::SmallVec;

use super::suggest::closest_match;
use crate::diagnostic::{Diagnostic, Span};
use crate::syntax::Node;
use crate::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FlagKind {
    Bool,
    Text,
    /// May be given several times (`--mount`, `--exclude`, `--device`).
    Repeated,
}

pub(super) type FlagSpec = (&'static str, FlagKind);

pub(super) const FROM_FLAGS: &[FlagSpec] = &[("platform", FlagKind::Text)];
pub(super) const RUN_FLAGS: &[FlagSpec] = &[
    ("mount", FlagKind::Repeated),
    ("network", FlagKind::Text),
    ("security", FlagKind::Text),
    ("device", FlagKind::Repeated),
];
pub(super) const COPY_FLAGS: &[FlagSpec] = &[
    ("chown", FlagKind::Text),
    ("from", FlagKind::Text),
    ("chmod", FlagKind::Text),
    ("link", FlagKind::Bool),
    ("exclude", FlagKind::Repeated),
    ("parents", FlagKind::Bool),
];
pub(super) const ADD_FLAGS: &[FlagSpec] = &[
    ("chown", FlagKind::Text),
    ("chmod", FlagKind::Text),
    ("link", FlagKind::Bool),
    ("keep-git-dir", FlagKind::Bool),
    ("checksum", FlagKind::Text),
    ("unpack", FlagKind::Bool),
    ("exclude", FlagKind::Repeated),
];
pub(super) const HEALTHCHECK_FLAGS: &[FlagSpec] = &[
    ("interval", FlagKind::Text),
    ("timeout", FlagKind::Text),
    ("start-period", FlagKind::Text),
    ("start-interval", FlagKind::Text),
    ("retries", FlagKind::Text),
];
pub(super) const NO_FLAGS: &[FlagSpec] = &[];

/// One accepted flag occurrence. Bool flags hold `"true"` or `"false"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FlagValue {
    pub value: Text,
    pub span: Span,
}

/// The flags of one instruction that passed the checks. It lives only while the instruction is lowered, and nearly
/// every flagged instruction has one or two flags, so they are kept in place rather than in a heap allocation.
#[derive(Debug, Clone, Default)]
pub(super) struct ParsedFlags {
    values: SmallVec<[(&'static str, FlagValue); 2]>,
}

// The lookups are small and run several times for every instruction, most often on an empty list, so they are
// inlined where they are used.
impl ParsedFlags {
    #[inline]
    pub fn text(&self, name: &str) -> Option<&FlagValue> {
        self.values.iter().find(|(flag, _)| *flag == name).map(|(_, value)| value)
    }

    #[inline]
    pub fn all<'f>(&'f self, name: &'f str) -> impl Iterator<Item = &'f FlagValue> + 'f {
        self.values.iter().filter(move |(flag, _)| *flag == name).map(|(_, value)| value)
    }

    #[inline]
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.text(name).map(|flag| flag.value == "true")
    }
}

/// Checks the flags of `node` against `specs`, reporting every problem and keeping the flags that are fine.
///
/// Most instructions have no flags at all; that case is inlined where it is called, and only the rest pays for a
/// call.
#[inline]
pub(super) fn parse_flags(node: &Node, specs: &[FlagSpec], diagnostics: &mut Vec<Diagnostic>) -> ParsedFlags {
    if node.flags.is_empty() {
        return ParsedFlags::default();
    }
    check_flags(node, specs, diagnostics)
}

fn check_flags(node: &Node, specs: &[FlagSpec], diagnostics: &mut Vec<Diagnostic>) -> ParsedFlags {
    let instruction = node.keyword.name();
    let mut parsed = ParsedFlags::default();
    parsed.values.reserve_exact(node.flags.len());
    for flag in &node.flags {
        // Only messages show the flag with its dashes, so it is written out only for them.
        let shown = || format!("--{}", flag.name);
        let Some(&(name, kind)) = specs.iter().find(|(name, _)| *name == flag.name) else {
            let mut diagnostic =
                Diagnostic::error("unknown-flag", flag.span, format!("unknown flag {} for {instruction}", shown()));
            diagnostic.hint = match closest_match(&flag.name, specs.iter().map(|(name, _)| *name)) {
                Some(suggestion) => Some(format!("did you mean --{suggestion}?")),
                None if specs.is_empty() => Some(format!("{instruction} takes no flags")),
                None => Some(format!(
                    "{instruction} accepts {}",
                    specs.iter().map(|(name, _)| format!("--{name}")).collect::<Vec<_>>().join(", ")
                )),
            };
            diagnostics.push(diagnostic);
            continue;
        };
        if kind != FlagKind::Repeated && parsed.text(name).is_some() {
            let shown = shown();
            diagnostics.push(
                Diagnostic::error("duplicate-flag", flag.span, format!("duplicate flag specified: {shown}"))
                    .with_hint(format!("{shown} may be given only once")),
            );
            continue;
        }
        let value = match (kind, flag.value.as_ref()) {
            (FlagKind::Bool, None) => Text::new("true"),
            (FlagKind::Bool, Some(value)) => {
                if value.eq_ignore_ascii_case("true") {
                    Text::new("true")
                } else if value.eq_ignore_ascii_case("false") {
                    Text::new("false")
                } else if value.is_empty() {
                    let shown = shown();
                    diagnostics.push(
                        Diagnostic::error("flag-missing-value", flag.span, format!("missing a value on flag: {shown}"))
                            .with_hint(format!("write {shown}, {shown}=true or {shown}=false")),
                    );
                    continue;
                } else {
                    diagnostics.push(Diagnostic::error(
                        "flag-invalid-bool",
                        flag.span,
                        format!("expecting boolean value for flag {}, not: {value}", shown()),
                    ));
                    continue;
                }
            }
            (_, Some(value)) => value.clone(),
            (_, None) => {
                // `--from build` looks natural but the builder reads `--from` alone and `build` as an argument.
                let next_word = node.arguments.first().map(|argument| argument.value.as_str()).unwrap_or("<value>");
                let shown = shown();
                diagnostics.push(
                    Diagnostic::error("flag-missing-value", flag.span, format!("missing a value on flag: {shown}"))
                        .with_hint(format!("write {shown}={next_word}: the value must follow an = sign, not a space")),
                );
                continue;
            }
        };
        parsed.values.push((name, FlagValue { value, span: flag.span }));
    }
    parsed
}
