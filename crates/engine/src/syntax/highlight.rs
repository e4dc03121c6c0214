//! A token stream for syntax highlighting, derived from the located tree.
//!
//! The tree already knows where keywords, flags, heredoc bodies and comments are; only the argument text needs a
//! light lexical pass (quotes, `$variables`, shell operators). Whitespace gets no token: the editor draws
//! anything without a token as plain text.

use serde::Serialize;

use super::{ArgumentForm, Dockerfile, Keyword, Node};
use crate::diagnostic::{LineIndex, Span};

/// What a piece of text is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    Keyword,
    Flag,
    String,
    Variable,
    Comment,
    Directive,
    HeredocBody,
    Operator,
    Plain,
}

/// One coloured range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Adds a token for a byte range, skipping empty or out-of-range ones.
type Push<'a> = dyn Fn(&mut Vec<Token>, TokenKind, usize, usize) + 'a;

pub(super) fn tokens(tree: &Dockerfile, text: &str) -> Vec<Token> {
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    let push = |out: &mut Vec<Token>, kind: TokenKind, start: usize, end: usize| {
        if start < end && end <= text.len() {
            out.push(Token { kind, span: index.span(start, end) });
        }
    };
    for comment in &tree.comments {
        let is_directive = tree.directives.iter().any(|directive| directive.span.offset == comment.span.offset);
        let kind = if is_directive { TokenKind::Directive } else { TokenKind::Comment };
        push(&mut out, kind, comment.span.offset as usize, comment.span.end_offset as usize);
    }
    for node in &tree.nodes {
        node_tokens(node, text, tree.escape, &mut out, &push);
        for heredoc in &node.heredocs {
            push(
                &mut out,
                TokenKind::HeredocBody,
                heredoc.body_span.offset as usize,
                heredoc.body_span.end_offset as usize,
            );
            if let Some(terminator) = heredoc.terminator_span {
                push(&mut out, TokenKind::Operator, terminator.offset as usize, terminator.end_offset as usize);
            }
        }
    }
    out.sort_by_key(|token| (token.span.offset as usize, std::cmp::Reverse(token.span.end_offset as usize)));
    // Keep the first token at each place and drop anything overlapping it, so the stream is a clean partition.
    let mut cleaned: Vec<Token> = Vec::with_capacity(out.len());
    for token in out {
        if cleaned.last().is_none_or(|last| token.span.offset as usize >= last.span.end_offset as usize) {
            cleaned.push(token);
        }
    }
    cleaned
}

fn node_tokens(node: &Node, text: &str, escape: char, out: &mut Vec<Token>, push: &Push<'_>) {
    push(out, TokenKind::Keyword, node.keyword_span.offset as usize, node.keyword_span.end_offset as usize);
    for flag in &node.flags {
        push(out, TokenKind::Flag, flag.span.offset as usize, flag.span.end_offset as usize);
    }
    if let Some(child) = &node.child {
        node_tokens(child, text, escape, out, push);
        return;
    }
    match node.keyword {
        Keyword::From if node.arguments.len() == 3 && node.arguments[1].value.eq_ignore_ascii_case("as") => {
            let as_word = &node.arguments[1].span;
            push(out, TokenKind::Keyword, as_word.offset as usize, as_word.end_offset as usize);
        }
        Keyword::Healthcheck => {
            if let Some(kind) = node.arguments.first() {
                push(out, TokenKind::Keyword, kind.span.offset as usize, kind.span.end_offset as usize);
            }
        }
        _ => {}
    }
    if node.form == ArgumentForm::Json {
        for argument in &node.arguments {
            push(out, TokenKind::String, argument.span.offset as usize, argument.span.end_offset as usize);
        }
        return;
    }
    let assignments = matches!(node.keyword, Keyword::Env | Keyword::Label | Keyword::Arg);
    lex_arguments(
        text,
        node.rest_span.offset as usize,
        node.rest_span.end_offset as usize,
        escape,
        assignments,
        out,
        push,
    );
}

/// Colours shell-like argument text: quoted strings, variables, operators, continuation characters, words.
fn lex_arguments(
    text: &str,
    start: usize,
    end: usize,
    escape: char,
    assignments: bool,
    out: &mut Vec<Token>,
    push: &Push<'_>,
) {
    let Some(source) = text.get(start..end) else {
        return;
    };
    let bytes = source.as_bytes();
    let mut position = 0;
    let mut at_line_start = false;
    while position < source.len() {
        let rest = &source[position..];
        let ch = rest.chars().next().unwrap_or(' ');
        if ch == '\n' {
            at_line_start = true;
            position += 1;
            continue;
        }
        if ch.is_whitespace() {
            position += ch.len_utf8();
            continue;
        }
        if at_line_start && ch == '#' {
            // A comment line inside a continuation: already a comment token; skip to its end.
            position += rest.find('\n').unwrap_or(rest.len());
            continue;
        }
        at_line_start = false;
        let token_start = position;
        let is_line_end = |after: &str| {
            let after = after.trim_start_matches([' ', '\t', '\r']);
            after.is_empty() || after.starts_with('\n')
        };
        let (kind, length) = if ch == escape && is_line_end(&rest[ch.len_utf8()..]) {
            (TokenKind::Operator, ch.len_utf8())
        } else if ch == '\'' || ch == '"' {
            let closing = rest[1..].find(ch).map_or(rest.len(), |offset| offset + 2);
            (TokenKind::String, closing)
        } else if ch == '$' {
            (TokenKind::Variable, variable_length(rest))
        } else if rest.starts_with("&&") || rest.starts_with("||") || rest.starts_with("<<") || rest.starts_with(">>") {
            let mut length = 2;
            if let Some(marker) = rest.strip_prefix("<<") {
                // The heredoc marker word is one operator, so `<<EOF` reads as a unit.
                length += marker.find(char::is_whitespace).unwrap_or(marker.len());
            }
            (TokenKind::Operator, length)
        } else if matches!(ch, '|' | ';' | '>' | '<' | '&') || (assignments && ch == '=') {
            (TokenKind::Operator, 1)
        } else {
            let mut length = 0;
            for (offset, word_ch) in rest.char_indices() {
                let stops = word_ch.is_whitespace()
                    || matches!(word_ch, '\'' | '"' | '$' | '|' | ';' | '>' | '<' | '&')
                    || (assignments && word_ch == '=');
                if stops && offset > 0 {
                    break;
                }
                length = offset + word_ch.len_utf8();
                if word_ch == escape {
                    // Keep an escaped character inside the word.
                    if let Some(next) = rest[length..].chars().next() {
                        if next != '\n' {
                            length += next.len_utf8();
                        }
                    }
                }
            }
            (TokenKind::Plain, length.max(1))
        };
        let length = length.min(bytes.len() - token_start);
        let mut token_end = token_start + length;
        while !source.is_char_boundary(token_end) {
            token_end += 1;
        }
        push(out, kind, start + token_start, start + token_end);
        position = token_end;
    }
}

/// Length in bytes of a `$name` or `${…}` reference at the start of `text`.
fn variable_length(text: &str) -> usize {
    if text.starts_with("${") {
        return text.find('}').map_or(text.len(), |close| close + 1);
    }
    let name = text[1..].chars().take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_').count();
    1 + name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, String)> {
        let parsed = Dockerfile::parse(text);
        parsed
            .tree
            .tokens(text)
            .into_iter()
            .map(|token| (token.kind, text[token.span.offset as usize..token.span.end_offset as usize].to_string()))
            .collect()
    }

    #[test]
    fn colours_a_small_file() {
        let text = "# syntax=docker/dockerfile:1\n# note\nFROM python:3.12 AS base\nRUN --mount=type=cache,target=/x pip install \"$PKG\" && echo ${HOME}\n";
        let tokens = kinds(text);
        assert!(tokens.contains(&(TokenKind::Directive, "# syntax=docker/dockerfile:1".into())));
        assert!(tokens.contains(&(TokenKind::Comment, "# note".into())));
        assert!(tokens.contains(&(TokenKind::Keyword, "AS".into())));
        assert!(tokens.contains(&(TokenKind::Flag, "--mount=type=cache,target=/x".into())));
        assert!(tokens.contains(&(TokenKind::String, "\"$PKG\"".into())));
        assert!(tokens.contains(&(TokenKind::Operator, "&&".into())));
        assert!(tokens.contains(&(TokenKind::Variable, "${HOME}".into())));
    }

    #[test]
    fn heredoc_bodies_and_continuations() {
        let text = "FROM a\nRUN <<EOF\necho hi\nEOF\nRUN a \\\n  # gone\n  b\n";
        let tokens = kinds(text);
        assert!(tokens.contains(&(TokenKind::HeredocBody, "echo hi".into())));
        assert!(tokens.contains(&(TokenKind::Operator, "<<EOF".into())));
        assert!(tokens.contains(&(TokenKind::Operator, "\\".into())));
        assert!(tokens.contains(&(TokenKind::Comment, "# gone".into())));
        assert!(tokens.contains(&(TokenKind::Plain, "b".into())));
    }

    #[test]
    fn tokens_never_overlap() {
        let text = "FROM a AS b\nENV A=1 B=\"two words\"\nCMD [\"python\", \"app.py\"]\n";
        let parsed = Dockerfile::parse(text);
        let tokens = parsed.tree.tokens(text);
        for pair in tokens.windows(2) {
            assert!(pair[0].span.end_offset as usize <= pair[1].span.offset as usize);
        }
    }
}
