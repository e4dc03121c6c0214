//! Path patterns as `.dockerignore` and `COPY` sources use them: `*`, `?`, `[...]`, `\x`, and `**`.
//!
//! Matching is anchored at both ends and works on slash-separated paths relative to the context root (section (d)
//! of the semantics reference). `*` and `?` never cross a `/`; `**` crosses any number of segments, and `**/` may
//! also match none. Patterns compile once into tokens; the common shapes (a plain path, `**/name`, `**`) get direct
//! string tests, and the rest runs a table over end positions that needs no recursion and no allocation for
//! ordinary path lengths, because `.dockerignore` is applied to every file of a 10,000-file project.

use std::fmt;

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: String,
    shape: Shape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// No wildcard: the path itself.
    Exact(String),
    /// `**/<literal>`: the literal at any depth, aligned on segment boundaries.
    AnyDepth(String),
    /// `**`: everything.
    Everything,
    /// `*<literal>` (no `/` in the literal): a top-level name ending with the literal, like `*.md`.
    TopLevelSuffix(String),
    /// `**/*<literal>`: a name at any depth ending with the literal, like `**/*.pyc`.
    AnyDepthSuffix(String),
    /// Anything else. `required` holds the literal runs between wildcards: a path lacking one cannot match, which
    /// rules out most paths before the table runs.
    Tokens { tokens: Vec<Token>, required: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `?`: one character other than `/`.
    One,
    /// `[...]`: one character other than `/` in (or, negated, not in) the ranges.
    Class {
        ranges: Vec<(char, char)>,
        negated: bool,
    },
    /// `*`: any run without `/`.
    Star,
    /// `**` not followed by `/`: any run at all.
    DoubleStar,
    /// `**/`: nothing, or any run that ends with `/`.
    AnyDirectories,
}

/// Why a pattern was refused; Docker refuses the same patterns when it builds its matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pattern: String,
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad pattern {:?}: {}", self.pattern, self.message)
    }
}

/// Paths up to this many bytes are matched with a table on the stack.
const STACK_PATH: usize = 256;

impl Pattern {
    /// Compiles a `.dockerignore` pattern (already cleaned, without `!`): `**` spans directories.
    pub fn new(text: &str) -> Result<Pattern, PatternError> {
        Pattern::compile(text, true)
    }

    /// Compiles a `COPY`/`ADD` source pattern. The builder matches those one path segment at a time, so `**` is
    /// just two `*`s there.
    pub fn source(text: &str) -> Result<Pattern, PatternError> {
        Pattern::compile(text, false)
    }

    /// Whether the text contains a wildcard character at all (the builder treats such sources as patterns).
    pub fn has_wildcards(text: &str) -> bool {
        text.contains(['*', '?', '['])
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn compile(text: &str, double_star: bool) -> Result<Pattern, PatternError> {
        let error = |message: &str| PatternError { pattern: text.to_string(), message: message.to_string() };
        let mut tokens = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '*' => {
                    if chars.peek() == Some(&'*') && double_star {
                        chars.next();
                        while chars.peek() == Some(&'*') {
                            chars.next();
                        }
                        if chars.peek() == Some(&'/') {
                            chars.next();
                            tokens.push(Token::AnyDirectories);
                        } else {
                            tokens.push(Token::DoubleStar);
                        }
                    } else if tokens.last() != Some(&Token::Star) {
                        tokens.push(Token::Star);
                    }
                }
                '?' => tokens.push(Token::One),
                '\\' => match chars.next() {
                    Some(escaped) => tokens.push(Token::Literal(escaped)),
                    None => return Err(error("a pattern cannot end with a backslash")),
                },
                '[' => {
                    let negated = chars.peek() == Some(&'^');
                    if negated {
                        chars.next();
                    }
                    let mut ranges = Vec::new();
                    loop {
                        match chars.peek() {
                            None => return Err(error("a character class '[' is not closed with ']'")),
                            Some(']') if !ranges.is_empty() => {
                                chars.next();
                                break;
                            }
                            _ => {}
                        }
                        let low = class_char(&mut chars).ok_or_else(|| error("a character class is malformed"))?;
                        let high = if chars.peek() == Some(&'-') {
                            chars.next();
                            class_char(&mut chars).ok_or_else(|| error("a character range is malformed"))?
                        } else {
                            low
                        };
                        if low > high {
                            return Err(error("a character range goes backwards"));
                        }
                        ranges.push((low, high));
                    }
                    tokens.push(Token::Class { ranges, negated });
                }
                other => tokens.push(Token::Literal(other)),
            }
        }
        let literal = |tokens: &[Token]| -> Option<String> {
            tokens.iter().map(|token| if let Token::Literal(ch) = token { Some(*ch) } else { None }).collect()
        };
        let no_slash = |text: &String| !text.contains('/');
        let shape = match tokens.as_slice() {
            [Token::DoubleStar] => Shape::Everything,
            [Token::AnyDirectories, rest @ ..] if !rest.is_empty() && literal(rest).is_some() => {
                Shape::AnyDepth(literal(rest).unwrap_or_default())
            }
            [Token::Star, rest @ ..] if literal(rest).is_some_and(|text| no_slash(&text)) => {
                Shape::TopLevelSuffix(literal(rest).unwrap_or_default())
            }
            [Token::AnyDirectories, Token::Star, rest @ ..] if literal(rest).is_some_and(|text| no_slash(&text)) => {
                Shape::AnyDepthSuffix(literal(rest).unwrap_or_default())
            }
            _ => match literal(&tokens) {
                Some(text) => Shape::Exact(text),
                None => {
                    let mut required = Vec::new();
                    let mut run = String::new();
                    for token in &tokens {
                        match token {
                            Token::Literal(ch) => run.push(*ch),
                            _ if !run.is_empty() => required.push(std::mem::take(&mut run)),
                            _ => {}
                        }
                    }
                    if !run.is_empty() {
                        required.push(run);
                    }
                    Shape::Tokens { tokens, required }
                }
            },
        };
        Ok(Pattern { text: text.to_string(), shape })
    }

    /// Whether the whole path matches.
    pub fn matches(&self, path: &str) -> bool {
        match &self.shape {
            Shape::Exact(text) => path == text,
            Shape::AnyDepth(text) => {
                path == text || (path.ends_with(text.as_str()) && path.as_bytes()[path.len() - text.len() - 1] == b'/')
            }
            Shape::Everything => true,
            Shape::TopLevelSuffix(suffix) => !path.contains('/') && path.ends_with(suffix.as_str()),
            Shape::AnyDepthSuffix(suffix) => {
                path.rsplit('/').next().is_some_and(|name| name.ends_with(suffix.as_str()))
            }
            Shape::Tokens { tokens, required } => {
                required.iter().all(|run| path.contains(run.as_str()))
                    && with_ends(tokens, path.as_bytes(), |ends| ends[path.len()])
            }
        }
    }

    /// Whether the path or one of its parent directories matches: how `.dockerignore` and `COPY` wildcards decide,
    /// since excluding (or copying) a directory takes everything in it.
    pub fn matches_path_or_parent(&self, path: &str) -> bool {
        let bytes = path.as_bytes();
        match &self.shape {
            Shape::Exact(text) => {
                path.starts_with(text.as_str()) && (path.len() == text.len() || bytes[text.len()] == b'/')
            }
            Shape::AnyDepth(text) => path.match_indices(text.as_str()).any(|(at, _)| {
                let end = at + text.len();
                (at == 0 || bytes[at - 1] == b'/') && (end == bytes.len() || bytes[end] == b'/')
            }),
            Shape::Everything => true,
            Shape::TopLevelSuffix(suffix) => path.split('/').next().is_some_and(|name| name.ends_with(suffix.as_str())),
            Shape::AnyDepthSuffix(suffix) => path.split('/').any(|name| name.ends_with(suffix.as_str())),
            Shape::Tokens { tokens, required } => {
                // A parent is a prefix of the path, so a literal missing from the path is missing from it too.
                required.iter().all(|run| path.contains(run.as_str()))
                    && with_ends(tokens, bytes, |ends| {
                        ends[bytes.len()] || bytes.iter().enumerate().any(|(at, byte)| *byte == b'/' && ends[at])
                    })
            }
        }
    }
}

/// Reads one character of a class, with `\` escapes; an unescaped `-` or `]` here is malformed, as in Go.
fn class_char(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<char> {
    match chars.next()? {
        '\\' => chars.next(),
        '-' | ']' => None,
        other => Some(other),
    }
}

/// Runs the match table and hands `check` the row of end positions: `ends[p]` is whether the pattern matches
/// `bytes[..p]` exactly.
fn with_ends(tokens: &[Token], bytes: &[u8], check: impl FnOnce(&[bool]) -> bool) -> bool {
    let len = bytes.len() + 1;
    if len <= STACK_PATH {
        let mut first = [false; STACK_PATH];
        let mut second = [false; STACK_PATH];
        let ends = run_table(tokens, bytes, &mut first[..len], &mut second[..len]);
        check(ends)
    } else {
        let mut first = vec![false; len];
        let mut second = vec![false; len];
        let ends = run_table(tokens, bytes, &mut first, &mut second);
        check(ends)
    }
}

fn run_table<'b>(tokens: &[Token], bytes: &[u8], mut current: &'b mut [bool], mut next: &'b mut [bool]) -> &'b [bool] {
    current.fill(false);
    current[0] = true;
    for token in tokens {
        next.fill(false);
        match token {
            Token::Literal(ch) => {
                let mut buffer = [0u8; 4];
                let encoded = ch.encode_utf8(&mut buffer).as_bytes();
                for start in 0..current.len() {
                    if current[start] && bytes[start..].starts_with(encoded) {
                        next[start + encoded.len()] = true;
                    }
                }
            }
            Token::One | Token::Class { .. } => {
                for start in 0..current.len() {
                    if !current[start] {
                        continue;
                    }
                    if let Some((ch, width)) = char_at(bytes, start) {
                        let accepted = ch != '/'
                            && match token {
                                Token::Class { ranges, negated } => {
                                    ranges.iter().any(|(low, high)| (*low..=*high).contains(&ch)) != *negated
                                }
                                _ => true,
                            };
                        if accepted {
                            next[start + width] = true;
                        }
                    }
                }
            }
            Token::Star => {
                for at in 0..current.len() {
                    next[at] = current[at] || (at > 0 && next[at - 1] && bytes[at - 1] != b'/');
                }
            }
            Token::DoubleStar => {
                for at in 0..current.len() {
                    next[at] = current[at] || (at > 0 && next[at - 1]);
                }
            }
            Token::AnyDirectories => {
                let mut seen = false;
                for at in 0..current.len() {
                    next[at] = current[at] || (seen && bytes[at - 1] == b'/');
                    seen |= current[at];
                }
            }
        }
        std::mem::swap(&mut current, &mut next);
    }
    current
}

/// The character starting at byte `at`, if `at` is on a character boundary.
fn char_at(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let first = *bytes.get(at)?;
    let width = match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return None,
    };
    let text = std::str::from_utf8(bytes.get(at..at + width)?).ok()?;
    text.chars().next().map(|ch| (ch, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, path: &str) -> bool {
        Pattern::new(pattern).unwrap().matches(path)
    }

    #[test]
    fn single_star_stays_in_one_segment() {
        assert!(matches("*.md", "README.md"));
        assert!(!matches("*.md", "docs/a.md"));
        assert!(matches("src/*.py", "src/a.py"));
        assert!(!matches("src/*.py", "src/x/a.py"));
    }

    #[test]
    fn double_star_spans_segments_and_may_be_empty() {
        assert!(matches("**/foo", "foo"));
        assert!(matches("**/foo", "a/b/foo"));
        assert!(matches("foo/**", "foo/x/y"));
        assert!(!matches("foo/**", "foo"));
        assert!(matches("a/**/b", "a/b"));
        assert!(matches("a/**/b", "a/x/y/b"));
        assert!(matches("**", "anything/at/all"));
        assert!(matches("**/*.pyc", "src/__pycache__/a.pyc"));
        assert!(matches("a**b", "a/x/b"));
    }

    #[test]
    fn classes_escapes_and_question_marks() {
        assert!(matches("file[0-9].txt", "file7.txt"));
        assert!(!matches("file[^0-9].txt", "file7.txt"));
        assert!(matches("\\*.txt", "*.txt"));
        assert!(!matches("\\*.txt", "a.txt"));
        assert!(matches("?.py", "é.py"));
        assert!(!matches("a?b", "a/b"));
        assert!(Pattern::new("[a-").is_err());
        assert!(Pattern::new("[]").is_err());
        assert!(Pattern::new("x\\").is_err());
    }

    #[test]
    fn parents_count_for_directories() {
        let pattern = Pattern::new("data").unwrap();
        assert!(pattern.matches_path_or_parent("data/raw/train.csv"));
        assert!(!pattern.matches_path_or_parent("database.py"));
        let pattern = Pattern::new("**/__pycache__").unwrap();
        assert!(pattern.matches_path_or_parent("src/__pycache__/a.pyc"));
        assert!(!pattern.matches_path_or_parent("src/__pycache__x/a.pyc"));
        let pattern = Pattern::new("*/checkpoints").unwrap();
        assert!(pattern.matches_path_or_parent("runs/checkpoints/epoch1.ckpt"));
    }

    #[test]
    fn suffix_shapes_agree_with_the_general_table() {
        // The same patterns written so that they take the general path (an extra `[.]` class) must agree.
        let cases = [
            ("*.md", "*[.]md", ["README.md", "docs/a.md", ".md", "a.mdx", "x.md/y"]),
            ("**/*.pyc", "**/*[.]pyc", ["a.pyc", "src/x/a.pyc", "src/a.pyc/b", "apyc", "src/a.py"]),
        ];
        for (fast, general, paths) in cases {
            let (fast, general) = (Pattern::new(fast).unwrap(), Pattern::new(general).unwrap());
            for path in paths {
                assert_eq!(fast.matches(path), general.matches(path), "{path}");
                assert_eq!(fast.matches_path_or_parent(path), general.matches_path_or_parent(path), "{path}");
            }
        }
    }

    #[test]
    fn copy_sources_treat_double_star_as_star() {
        assert!(!Pattern::source("**.py").unwrap().matches("src/a.py"));
        assert!(Pattern::source("**.py").unwrap().matches("a.py"));
    }
}
