//! Dockerfiles, coloured with the engine's highlight tokens.

use dockerlab_engine::syntax::{Dockerfile, TokenKind};

use super::{Class, Token};

pub(super) fn tokens(code: &str) -> Vec<Token> {
    let parsed = Dockerfile::parse(code);
    parsed
        .tree
        .tokens(code)
        .into_iter()
        .filter_map(|token| {
            let class = match token.kind {
                TokenKind::Keyword => Class::Keyword,
                TokenKind::Flag => Class::Flag,
                TokenKind::String => Class::String,
                TokenKind::Variable => Class::Variable,
                TokenKind::Comment => Class::Comment,
                TokenKind::Directive => Class::Directive,
                TokenKind::HeredocBody => Class::Heredoc,
                TokenKind::Operator => Class::Operator,
                TokenKind::Plain => return None,
            };
            Some((class, token.span.range()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::highlight::{describe, Lang};

    #[test]
    fn keywords_flags_strings_and_comments_come_from_the_engine() {
        let code = "# syntax=docker/dockerfile:1\n# base\nFROM python:3.12-slim AS base\n\
                    COPY --chown=app requirements.txt .\nCMD [\"python\", \"serve.py\"]\n";
        let described = describe(Lang::Dockerfile, code);
        for expected in [
            "directive:# syntax=docker/dockerfile:1",
            "comment:# base",
            "keyword:FROM",
            "keyword:COPY",
            "flag:--chown=app",
            "keyword:CMD",
            "string:\"python\"",
        ] {
            assert!(described.iter().any(|token| token == expected), "{expected} in {described:?}");
        }
    }
}
