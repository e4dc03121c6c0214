//! ML067 undefined-arg-in-from: a variable in `FROM` that no global `ARG` declares.

use crate::instructions::closest_match;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML067",
    name: "undefined-arg-in-from",
    severity: Severity::Warning,
    aliases: &["UndefinedArgInFrom"],
    summary: "`FROM` uses a variable that no ARG before the first FROM declares.",
    lesson: "base-images",
    doc: include_str!("../docs/ML067.md"),
    needs_context: false,
    check,
};

/// Platform arguments BuildKit defines for every build.
pub(crate) const AUTOMATIC_ARGS: [&str; 8] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

fn check(facts: &Facts, report: &mut Report) {
    let declared: Vec<&str> = facts.lowered().global_args.iter().map(|arg| arg.name.as_str()).collect();
    for stage in &facts.lowered().stages {
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        for word in std::iter::once(&from.image).chain(from.platform.iter()) {
            for name in word.used.iter().chain(word.unset.iter()) {
                if declared.contains(&name.as_str()) || AUTOMATIC_ARGS.contains(&name.as_str()) {
                    continue;
                }
                let candidates = declared.iter().copied().chain(AUTOMATIC_ARGS);
                let hint =
                    closest_match(name, candidates).map_or(String::new(), |close| format!(" Did you mean `{close}`?"));
                let span = match word.raw.find(name.as_str()) {
                    Some(at) => facts.span(word.span.offset as usize + at, word.span.offset as usize + at + name.len()),
                    None => word.span,
                };
                report.add(
                    span,
                    format!("`{name}` is not declared by an ARG before the first FROM, so it expands to nothing here.{hint}"),
                );
            }
        }
    }
}
