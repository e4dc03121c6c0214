//! Shell-style glob patterns for `${v#p}`, `${v%p}` and `${v/p/r}`, matched the way BuildKit matches them.
//!
//! BuildKit turns these patterns into Go regular expressions: `*` becomes `.*` (or the lazy `.*?` for the shortest
//! forms), `?` becomes `.`, everything else is literal. Go's regular expressions report the match a backtracking
//! matcher would find first, and their `.` does not match a line feed. This module reproduces exactly those results
//! without a regex engine: a small table computes, for every start position, the end a backtracking search would
//! report first. The table takes time proportional to pattern length times text length and never recurses, so no
//! input can blow the stack.

use std::fmt;

/// The most table cells one match may fill (pattern tokens times text characters). A substitution that needs more
/// is refused instead of freezing the browser tab; real Dockerfile values are many orders of magnitude smaller.
const MAX_WORK: usize = 1 << 26;

/// One element of a parsed pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Token {
    /// A character that must appear as is.
    Literal(char),
    /// `?`: any single character except a line feed.
    AnyChar,
    /// `*`: any run of characters without a line feed, possibly empty.
    AnyRun,
}

/// Why a pattern operation was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum GlobError {
    /// The pattern has a backslash that escapes nothing a pattern may escape; the text names the bad escape.
    BadEscape(String),
    /// Matching would take more work than [`MAX_WORK`].
    TooMuchWork,
    /// The result would be longer than the caller's limit.
    TooLong,
}

impl fmt::Display for GlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GlobError::BadEscape(escape) => {
                write!(f, "invalid escape '{escape}' (only \\*, \\?, \\\\, \\}} and \\/ may be escaped in a pattern)")
            }
            GlobError::TooMuchWork => f.write_str("the value is too long to match this pattern against"),
            GlobError::TooLong => f.write_str("the result is too long"),
        }
    }
}

/// Parses a pattern whose text has already been expanded, with its escape characters still in place.
///
/// The pattern escape is always a backslash, whatever the Dockerfile escape character is, because BuildKit hands the
/// pattern text to its regex conversion, which only knows the backslash. `\}` and `\/` stand for the brace and slash
/// that would otherwise have ended the pattern; `\*`, `\?` and `\\` are literal; any other escape is an error.
pub(super) fn parse(pattern: &str) -> Result<Vec<Token>, GlobError> {
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(ch) = chars.next() {
        let token = match ch {
            '*' => Token::AnyRun,
            '?' => Token::AnyChar,
            '\\' => match chars.next() {
                Some(escaped @ ('*' | '?' | '\\' | '}' | '/')) => Token::Literal(escaped),
                Some(other) => return Err(GlobError::BadEscape(format!("\\{other}"))),
                None => return Err(GlobError::BadEscape("\\".to_owned())),
            },
            other => Token::Literal(other),
        };
        tokens.push(token);
    }
    Ok(tokens)
}

/// `${v#p}` (shortest) and `${v##p}` (longest): removes the matching prefix, or returns the value unchanged.
pub(super) fn strip_prefix(tokens: &[Token], value: &str, longest: bool) -> Result<String, GlobError> {
    let text: Vec<char> = value.chars().collect();
    let ends = first_match_ends(tokens, &text, longest)?;
    Ok(match ends.first().copied().flatten() {
        Some(end) => text[end..].iter().collect(),
        None => value.to_owned(),
    })
}

/// `${v%p}` (shortest) and `${v%%p}` (longest): removes the matching suffix, or returns the value unchanged.
///
/// A leftmost search cannot find the shortest match that ends at the end of the text, so, like BuildKit, this
/// reverses both the text and the pattern and strips a prefix instead. Escapes were resolved by [`parse`], so
/// reversing the tokens keeps each escape with the character it escapes.
pub(super) fn strip_suffix(tokens: &[Token], value: &str, longest: bool) -> Result<String, GlobError> {
    let reversed_tokens: Vec<Token> = tokens.iter().rev().copied().collect();
    let reversed_text: Vec<char> = value.chars().rev().collect();
    let ends = first_match_ends(&reversed_tokens, &reversed_text, longest)?;
    Ok(match ends.first().copied().flatten() {
        Some(end) => reversed_text[end..].iter().rev().collect(),
        None => value.to_owned(),
    })
}

/// `${v/p/r}` and `${v//p/r}`: replaces the first match, or every match, of the pattern.
///
/// Both follow Go's regexp package, which BuildKit calls: the first match is replaced by the replacement text as
/// is, while replacing every match goes through Go's template expansion, where `$0` stands for the matched text,
/// `$$` for a dollar sign, and any other `$name` or `${name}` for nothing (the pattern has no groups). An empty
/// match right after a previous match is not replaced, so `*` does not double up.
pub(super) fn replace(
    tokens: &[Token],
    value: &str,
    replacement: &str,
    every: bool,
    max_len: usize,
) -> Result<String, GlobError> {
    let text: Vec<char> = value.chars().collect();
    let ends = first_match_ends(tokens, &text, true)?;
    let mut out = String::new();
    if !every {
        let Some((start, end)) = first_match_from(&ends, 0) else {
            return Ok(value.to_owned());
        };
        out.extend(&text[..start]);
        out.push_str(replacement);
        out.extend(&text[end..]);
        return if out.len() > max_len { Err(GlobError::TooLong) } else { Ok(out) };
    }
    let template = parse_template(replacement);
    let mut search = 0;
    let mut last_end = 0;
    while search <= text.len() {
        let Some((start, end)) = first_match_from(&ends, search) else {
            break;
        };
        out.extend(&text[last_end..start]);
        if end > last_end || start == 0 {
            for part in &template {
                match part {
                    TemplatePart::Text(literal) => out.push_str(literal),
                    TemplatePart::Match => out.extend(&text[start..end]),
                }
            }
        }
        if out.len() > max_len {
            return Err(GlobError::TooLong);
        }
        last_end = end;
        // Always move on by at least one character, so an empty match cannot repeat forever.
        search = end.max(search + 1);
    }
    out.extend(&text[last_end..]);
    if out.len() > max_len {
        return Err(GlobError::TooLong);
    }
    Ok(out)
}

/// The leftmost match that starts at or after `from`, as character positions.
fn first_match_from(ends: &[Option<usize>], from: usize) -> Option<(usize, usize)> {
    ends.iter().enumerate().skip(from).find_map(|(start, end)| end.map(|end| (start, end)))
}

/// For every start position in `text` (including the end), where a match starting there ends, as a backtracking
/// matcher with greedy (`prefer_long`) or lazy stars would report it first, or `None` when nothing matches there.
///
/// The table is filled from the last token backwards, one row per token, keeping only two rows. A star either
/// takes one more character and stays a star, or stops; trying the first choice first makes it greedy, trying the
/// second first makes it lazy, and that is exactly the order a backtracking matcher explores.
fn first_match_ends(tokens: &[Token], text: &[char], prefer_long: bool) -> Result<Vec<Option<usize>>, GlobError> {
    let len = text.len();
    if tokens.len().max(1).saturating_mul(len + 1) > MAX_WORK {
        return Err(GlobError::TooMuchWork);
    }
    // After the last token, a match ends wherever it got to.
    let mut after: Vec<Option<usize>> = (0..=len).map(Some).collect();
    let mut row: Vec<Option<usize>> = vec![None; len + 1];
    for token in tokens.iter().rev() {
        match *token {
            Token::Literal(expected) => {
                for at in 0..=len {
                    row[at] = if text.get(at) == Some(&expected) { after[at + 1] } else { None };
                }
            }
            Token::AnyChar => {
                for at in 0..=len {
                    row[at] = match text.get(at) {
                        Some(&ch) if ch != '\n' => after[at + 1],
                        _ => None,
                    };
                }
            }
            Token::AnyRun => {
                row[len] = after[len];
                for at in (0..len).rev() {
                    let take_more = if text[at] == '\n' { None } else { row[at + 1] };
                    let stop_here = after[at];
                    row[at] = if prefer_long { take_more.or(stop_here) } else { stop_here.or(take_more) };
                }
            }
        }
        std::mem::swap(&mut row, &mut after);
    }
    Ok(after)
}

/// A piece of a replace-all replacement after Go's template expansion rules.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TemplatePart {
    Text(String),
    /// `$0` or `${0}`: the text the pattern matched.
    Match,
}

/// Splits a replacement into text and references to the match, as Go's `Regexp.Expand` reads a template.
///
/// `$$` is a dollar sign. `$name` takes the longest run of letters, digits and underscores; `${name}` needs the
/// closing brace. A reference that is not well formed leaves its `$` as plain text. Only group 0 exists.
fn parse_template(template: &str) -> Vec<TemplatePart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        text.push_str(&rest[..dollar]);
        rest = &rest[dollar + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            text.push('$');
            rest = after;
            continue;
        }
        let (braced, body) = match rest.strip_prefix('{') {
            Some(body) => (true, body),
            None => (false, rest),
        };
        let name_len = body.find(|ch: char| !(ch.is_alphanumeric() || ch == '_')).unwrap_or(body.len());
        let after_name = &body[name_len..];
        let after_reference = if braced { after_name.strip_prefix('}') } else { Some(after_name) };
        match after_reference {
            Some(after) if name_len > 0 => {
                if &body[..name_len] == "0" {
                    parts.push(TemplatePart::Text(std::mem::take(&mut text)));
                    parts.push(TemplatePart::Match);
                }
                rest = after;
            }
            _ => text.push('$'),
        }
    }
    text.push_str(rest);
    parts.push(TemplatePart::Text(text));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(pattern: &str) -> Vec<Token> {
        parse(pattern).expect("valid pattern")
    }

    #[test]
    fn parse_reads_wildcards_and_escapes() {
        assert_eq!(
            tokens(r"a*?\*\?\\\}\/"),
            vec![
                Token::Literal('a'),
                Token::AnyRun,
                Token::AnyChar,
                Token::Literal('*'),
                Token::Literal('?'),
                Token::Literal('\\'),
                Token::Literal('}'),
                Token::Literal('/'),
            ]
        );
    }

    #[test]
    fn parse_rejects_other_escapes() {
        assert_eq!(parse(r"\x"), Err(GlobError::BadEscape(r"\x".to_owned())));
        assert_eq!(parse("ab\\"), Err(GlobError::BadEscape("\\".to_owned())));
        assert_eq!(parse(r"\\\"), Err(GlobError::BadEscape("\\".to_owned())));
    }

    #[test]
    fn stars_do_not_cross_line_feeds() {
        assert_eq!(strip_prefix(&tokens("*b"), "a\nb", true).unwrap(), "a\nb");
        assert_eq!(strip_prefix(&tokens("a?b"), "a\nb", true).unwrap(), "a\nb");
        assert_eq!(strip_prefix(&tokens("a*"), "ab\ncd", true).unwrap(), "\ncd");
    }

    #[test]
    fn lazy_and_greedy_prefixes_differ() {
        assert_eq!(strip_prefix(&tokens("*x*y"), "xxyy", false).unwrap(), "y");
        assert_eq!(strip_prefix(&tokens("*x*y"), "xxyy", true).unwrap(), "");
        assert_eq!(strip_prefix(&tokens("*"), "xxyy", false).unwrap(), "xxyy");
        assert_eq!(strip_prefix(&tokens("*"), "xxyy", true).unwrap(), "");
    }

    #[test]
    fn suffixes_are_matched_from_the_end() {
        assert_eq!(strip_suffix(&tokens(r"\*\**"), "xx**yy", true).unwrap(), "xx");
        assert_eq!(strip_suffix(&tokens(".*"), "a.tar.gz", false).unwrap(), "a.tar");
        assert_eq!(strip_suffix(&tokens(".*"), "a.tar.gz", true).unwrap(), "a");
    }

    #[test]
    fn replace_all_skips_an_empty_match_right_after_a_match() {
        // These are the results of Go's ReplaceAllString for the regexes `(?:)` and `.*`. An empty pattern
        // matches between every pair of characters. `.*` also matches the empty text just after "ab" (it stops at
        // the line feed) and at the very end, but both come right after a match and are skipped.
        assert_eq!(replace(&tokens(""), "xy", "-", true, 100).unwrap(), "-x-y-");
        assert_eq!(replace(&tokens("*"), "ab", "-", true, 100).unwrap(), "-");
        assert_eq!(replace(&tokens("*"), "ab\ncd", "-", true, 100).unwrap(), "-\n-");
        assert_eq!(replace(&tokens("x*"), "axxb", "-", true, 100).unwrap(), "a-");
    }

    #[test]
    fn replace_all_expands_go_templates_but_replace_first_does_not() {
        assert_eq!(replace(&tokens("b"), "abc", "[$0]", true, 100).unwrap(), "a[b]c");
        assert_eq!(replace(&tokens("b"), "abc", "[${0}]", true, 100).unwrap(), "a[b]c");
        assert_eq!(replace(&tokens("b"), "abc", "[$1$x${y}]", true, 100).unwrap(), "a[]c");
        assert_eq!(replace(&tokens("b"), "abc", "[$$ $ ${0]", true, 100).unwrap(), "a[$ $ ${0]c");
        assert_eq!(replace(&tokens("b"), "abc", "[$0]", false, 100).unwrap(), "a[$0]c");
    }

    #[test]
    fn limits_are_reported_not_exceeded() {
        assert_eq!(replace(&tokens("?"), "abcd", "xyz", true, 8), Err(GlobError::TooLong));
        let long = "a".repeat(MAX_WORK / 4);
        assert_eq!(strip_prefix(&tokens("a*a*a*a*a*"), &long, true), Err(GlobError::TooMuchWork));
    }
}
