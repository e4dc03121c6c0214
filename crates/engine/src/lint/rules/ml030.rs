//! ML030 secret-name-in-arg-env: an `ARG` or `ENV` whose name says it holds a secret.

use crate::instructions::InstructionKind;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML030",
    name: "secret-in-arg-env",
    severity: Severity::Warning,
    aliases: &["DL3064", "SecretsUsedInArgOrEnv"],
    summary: "Secrets passed through ARG or ENV are readable from the image.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML030.md"),
    needs_context: false,
    check,
};

/// BuildKit's reading of a name: `_`-separated words, one of which names a secret, and none of which says the
/// value is public, a file path or a version. Whole words, so `TOKENIZERS_PARALLELISM` is not a token.
pub(crate) fn looks_secret(name: &str) -> bool {
    let words: Vec<String> = name.split('_').map(str::to_ascii_lowercase).collect();
    let secret = words.iter().any(|word| {
        matches!(
            word.as_str(),
            "apikey"
                | "auth"
                | "credential"
                | "credentials"
                | "key"
                | "password"
                | "pword"
                | "passwd"
                | "secret"
                | "token"
        )
    });
    secret && !words.iter().any(|word| matches!(word.as_str(), "public" | "file" | "version"))
}

fn check(facts: &Facts, report: &mut Report) {
    for (_, instruction, _) in facts.instructions() {
        let (names, keyword) = match &instruction.kind {
            InstructionKind::Arg(arg) => (arg.args.iter().map(|arg| &arg.name).collect::<Vec<_>>(), "ARG"),
            InstructionKind::Env(env) => (env.pairs.iter().map(|pair| &pair.key).collect(), "ENV"),
            _ => continue,
        };
        for name in names {
            if looks_secret(&name.value) {
                let lasting = if keyword == "ENV" {
                    "ENV values are stored in the image config and visible to every container and `docker inspect`"
                } else {
                    "ARG values are recorded in the image history (`docker history`) of every layer that uses them"
                };
                report.add(
                    name.span,
                    format!(
                        "`{}` looks like a secret: {lasting}, so anyone who pulls the image can read it. Pass it with \
                         `RUN --mount=type=secret,id={}` for the one step that needs it.",
                        name.value,
                        name.value.to_ascii_lowercase()
                    ),
                );
            }
        }
    }
}
