//! Variable expansion and word splitting, as the Dockerfile builder applies them.
//!
//! This follows BuildKit's shell-like lexer (`frontend/dockerfile/shell/lex.go`), the code that expands `$VAR`,
//! `${VAR:-default}` and the other forms in `ENV`, `ARG`, `COPY`, `WORKDIR`, `EXPOSE` and friends. It is not a
//! shell: there is no command substitution, no arithmetic and no globbing of file names. What it does, it does the
//! way BuildKit does, quirks included, because learners compare our results with what `docker build` prints.
//! Section A.8 of `shared/reference/dockerfile-semantics.md` describes the rules, and BuildKit's own test data in
//! `shared/conformance/buildkit-shell/` checks them (see `tests/expand_conformance.rs`).
//!
//! ```
//! use std::collections::HashMap;
//! use dockerlab_engine::expand::Lexer;
//!
//! let vars = HashMap::from([("MODEL".to_owned(), "bert".to_owned())]);
//! let lexer = Lexer::new('\\');
//! let expansion = lexer.expand_word("/models/${MODEL}-${TAG:-latest}.bin", &vars).unwrap();
//! assert_eq!(expansion.value, "/models/bert-latest.bin");
//! assert_eq!(expansion.used, ["MODEL"]);
//! assert_eq!(expansion.unset, ["TAG"]);
//! ```
//!
//! Expansion never panics. Deeply nested substitutions, results that would grow without bound and patterns that
//! would take too long to match are reported as [`ExpandError`]s instead.

mod glob;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasher, Hash};

use glob::GlobError;

/// How many `${...}` may be nested inside each other. Each level costs a few stack frames; real Dockerfiles nest
/// two or three deep, and a limit keeps hostile input from overflowing the stack.
pub const MAX_NESTING: usize = 64;

/// The longest text one expansion may produce, in bytes. Replacement forms multiply text (`${v//?/$v$v}` nested a
/// few times doubles it at every level), so an unchecked expansion could exhaust memory.
pub const MAX_EXPANSION_LEN: usize = 16 << 20;

/// Looks up variables during expansion.
pub trait Vars {
    /// The value of `name`, or `None` when it is not set. A variable set to the empty string is `Some("")`.
    fn get(&self, name: &str) -> Option<&str>;
}

impl<K, V, S> Vars for HashMap<K, V, S>
where
    K: std::borrow::Borrow<str> + Hash + Eq,
    V: AsRef<str>,
    S: BuildHasher,
{
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(AsRef::as_ref)
    }
}

impl<K, V> Vars for BTreeMap<K, V>
where
    K: std::borrow::Borrow<str> + Ord,
    V: AsRef<str>,
{
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(AsRef::as_ref)
    }
}

/// An ordered list of `(name, value)` pairs, as Docker keeps an image's environment. A later pair overrides an
/// earlier one with the same name, just as a later `ENV` line does.
impl<K: AsRef<str>, V: AsRef<str>> Vars for [(K, V)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter().rev().find(|(key, _)| key.as_ref() == name).map(|(_, value)| value.as_ref())
    }
}

/// See the slice implementation: the last pair with the name wins.
impl<K: AsRef<str>, V: AsRef<str>> Vars for Vec<(K, V)> {
    fn get(&self, name: &str) -> Option<&str> {
        Vars::get(self.as_slice(), name)
    }
}

/// See the slice implementation: the last pair with the name wins.
impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Vars for [(K, V); N] {
    fn get(&self, name: &str) -> Option<&str> {
        Vars::get(self.as_slice(), name)
    }
}

impl<T: Vars + ?Sized> Vars for &T {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
}

/// The lexer settings: which character escapes, and what to keep in the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lexer {
    /// The escape character: `\` by default, or a backtick after a `# escape=`` ` directive.
    pub escape: char,
    /// Keep quote characters in the output. Quotes still do their job: single quotes still stop expansion.
    pub raw_quotes: bool,
    /// Keep escape characters in the output. Escapes still do their job: `\$` is still not a variable.
    ///
    /// BuildKit sets both raw flags for the bodies of unquoted heredocs in `COPY` and `ADD`, where only `$`
    /// expansion should happen and the text is otherwise copied untouched.
    pub raw_escapes: bool,
}

impl Default for Lexer {
    fn default() -> Self {
        Lexer::new('\\')
    }
}

/// The result of expanding one word.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Expansion {
    pub value: String,
    /// Names referenced that were set (in first-seen order, no duplicates).
    pub used: Vec<String>,
    /// Names referenced that were unset (in first-seen order, no duplicates) — later lint rules use this (e.g. an
    /// undefined variable). Positional and special parameters (`$1`, `$@`) are listed here too, since they are
    /// never set in a Dockerfile; BuildKit reports them the same way.
    pub unset: Vec<String>,
}

/// Why a word could not be expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError {
    /// A clear message that quotes the offending text, e.g. `missing '}' in '${abc'`.
    pub message: String,
    /// Byte offset in the input word where the problem starts, so callers can point at it.
    pub offset: usize,
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpandError {}

impl Lexer {
    /// A lexer with the given escape character that removes quotes and escapes from its output.
    pub fn new(escape: char) -> Self {
        Lexer { escape, raw_quotes: false, raw_escapes: false }
    }

    /// Expands one word: quotes removed, escapes applied, variables replaced.
    pub fn expand_word(&self, word: &str, vars: &dyn Vars) -> Result<Expansion, ExpandError> {
        self.run(word, vars, None)
    }

    /// Expands and then splits into words as EXPOSE/WORKDIR-style processing does (unquoted expansions are split
    /// on whitespace; quoted parts stay whole; adjacent parts join).
    pub fn expand_words(&self, word: &str, vars: &dyn Vars) -> Result<Vec<String>, ExpandError> {
        self.expand_with_words(word, vars).map(|(_, words)| words)
    }

    /// Both at once: the expanded word with the variables it used, and its split into words.
    ///
    /// Splitting happens while expanding, because whether a space separates words depends on where it came from:
    /// a space typed outside quotes or produced by an unquoted variable separates, a quoted or escaped one does not.
    pub fn expand_with_words(&self, word: &str, vars: &dyn Vars) -> Result<(Expansion, Vec<String>), ExpandError> {
        let mut splitter = Splitter::default();
        let expansion = self.run(word, vars, Some(&mut splitter))?;
        Ok((expansion, splitter.finish()))
    }

    fn run(&self, word: &str, vars: &dyn Vars, words: Option<&mut Splitter>) -> Result<Expansion, ExpandError> {
        // Most words (paths, image names, package lists) hold nothing the lexer acts on: no `$`, no quote, no escape
        // character, and no `<<`, which the splitter keeps together with its blanks. Such a word expands to itself
        // and splits like its whitespace says, so the character-by-character walk can be skipped.
        if self.is_plain(word) {
            if let Some(words) = words {
                words.words.extend(word.split(char::is_whitespace).filter(|part| !part.is_empty()).map(str::to_owned));
            }
            return Ok(Expansion { value: word.to_owned(), used: Vec::new(), unset: Vec::new() });
        }
        let mut expander =
            Expander { lexer: *self, input: word, pos: 0, vars, used: Vec::new(), unset: Vec::new(), depth: 0 };
        let (value, _) = expander.text(None, self.raw_escapes, words)?;
        Ok(Expansion { value, used: expander.used, unset: expander.unset })
    }
}

impl Lexer {
    /// Whether `word` holds none of `$`, `'`, `"`, the escape character or `<<`, checked a byte at a time against
    /// a table (every one of them is ASCII in practice; a non-ASCII escape character takes the char-by-char check).
    pub(crate) fn is_plain(&self, word: &str) -> bool {
        if !self.escape.is_ascii() {
            let special = |ch: char| matches!(ch, '$' | '\'' | '"') || ch == self.escape;
            return !word.contains(special) && !word.contains("<<");
        }
        static WITH_BACKSLASH: [bool; 256] = special_bytes(b'\\');
        static WITH_BACKTICK: [bool; 256] = special_bytes(b'`');
        let other;
        let special = match self.escape {
            '\\' => &WITH_BACKSLASH,
            '`' => &WITH_BACKTICK,
            escape => {
                other = special_bytes(escape as u8);
                &other
            }
        };
        // Nearly every word has no special byte at all. That is checked eight bytes at a time, folding the table
        // entries together so that there is one branch per eight bytes rather than one per byte; the last eight
        // bytes are checked as a whole (overlapping the chunk before) so that no byte-by-byte tail is left.
        let bytes = word.as_bytes();
        let any_special = |chunk: &[u8]| chunk.iter().fold(false, |found, &byte| found | special[usize::from(byte)]);
        let clean = match bytes.len().checked_sub(8) {
            Some(last) => {
                bytes.chunks_exact(8).all(|chunk| !any_special(chunk))
                    && !any_special(bytes.get(last..).unwrap_or_default())
            }
            None => !any_special(bytes),
        };
        if clean {
            return true;
        }
        let mut rest = bytes;
        while let Some(found) = rest.iter().position(|&byte| special[usize::from(byte)]) {
            // A single `<` is ordinary; only `<<` matters.
            if rest[found] != b'<' {
                return false;
            }
            if rest.get(found + 1) == Some(&b'<') {
                return false;
            }
            rest = &rest[found + 1..];
        }
        true
    }
}

/// The bytes [`Lexer::is_plain`] stops at: `$`, the quotes, `<` (the start of `<<`) and the escape character.
const fn special_bytes(escape: u8) -> [bool; 256] {
    let mut table = [false; 256];
    table[b'$' as usize] = true;
    table[b'\'' as usize] = true;
    table[b'"' as usize] = true;
    table[b'<' as usize] = true;
    table[escape as usize] = true;
    table
}

/// True when the text contains something expansion would act on (a `$` not escaped / not inside single quotes).
/// Cheap pre-check.
///
/// Only a `$` that starts a substitution counts: one followed by `{`, a name, a digit or a special parameter. A
/// lone `$` (as in `$.` or at the end) stays literal. When this returns false, expansion only removes quotes and
/// escapes.
pub fn has_variables(word: &str, escape: char) -> bool {
    // Only a `$` can start a reference, and most words have none.
    if !word.contains('$') {
        return false;
    }
    let mut chars = word.chars().peekable();
    let mut in_single = false;
    let mut in_double = false;
    while let Some(ch) = chars.next() {
        if in_single {
            in_single = ch != '\'';
            continue;
        }
        // The order of these checks is the lexer's: quotes and `$` are recognised before the escape character.
        match ch {
            '\'' if !in_double => in_single = true,
            '"' => in_double = !in_double,
            '$' if chars.peek().is_some_and(|&next| next == '{' || starts_name(next)) => return true,
            _ if ch == escape => {
                chars.next();
            }
            _ => {}
        }
    }
    false
}

/// Whether `ch` can follow `$` to make a reference: a name, a positional parameter or a special parameter.
fn starts_name(ch: char) -> bool {
    is_name_char(ch) || is_special_parameter(ch)
}

/// Letters, digits and `_`. BuildKit uses Go's `unicode.IsLetter` and `unicode.IsDigit`, so non-ASCII letters
/// count (`$한국어` is a name). Rust's `is_alphanumeric` agrees except for rare characters such as superscript
/// digits and Roman numerals, which no real variable name contains.
fn is_name_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// POSIX special parameters: `$@ $* $# $? $- $$ $!` (and `$0`, which is read as a digit first).
fn is_special_parameter(ch: char) -> bool {
    matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

/// Whether a name is a positional or special parameter, which a Dockerfile never sets.
fn is_parameter(name: &str) -> bool {
    name.chars().next().is_some_and(|first| first.is_numeric() || is_special_parameter(first))
}

/// Collects words the way BuildKit's word splitter does.
///
/// Characters arrive either "splittable" (typed outside quotes, or produced by an unquoted variable), where
/// whitespace ends the current word, or "raw" (quoted or escaped), where everything is kept. A raw empty string,
/// as from `""`, still counts as being inside a word but produces no word on its own, as in BuildKit.
#[derive(Default)]
struct Splitter {
    current: String,
    words: Vec<String>,
    in_word: bool,
}

impl Splitter {
    fn splittable_char(&mut self, ch: char) {
        if !ch.is_whitespace() {
            self.raw_char(ch);
        } else if self.in_word && !self.current.is_empty() {
            self.words.push(std::mem::take(&mut self.current));
            self.in_word = false;
        }
    }

    fn splittable_str(&mut self, text: &str) {
        text.chars().for_each(|ch| self.splittable_char(ch));
    }

    fn raw_char(&mut self, ch: char) {
        self.current.push(ch);
        self.in_word = true;
    }

    fn raw_str(&mut self, text: &str) {
        self.current.push_str(text);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.words.push(self.current);
        }
        self.words
    }
}

/// The state of one expansion: a cursor over the input plus what has been looked up so far.
struct Expander<'a> {
    lexer: Lexer,
    input: &'a str,
    /// Byte offset of the next character; always on a character boundary.
    pos: usize,
    vars: &'a dyn Vars,
    used: Vec<String>,
    unset: Vec<String>,
    /// How many `${` are open around the cursor.
    depth: usize,
}

impl<'a> Expander<'a> {
    fn peek(&self) -> Option<char> {
        self.input[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    /// Where the run of ordinary characters that starts at the cursor ends: at the next `$`, quote, `<`, escape
    /// character or `stop`, or the end of the input. The character at the cursor is ordinary and always part of
    /// the run. Every byte looked for is ASCII and no byte of a longer character is, so the run ends on a character
    /// boundary; with a non-ASCII escape or stop character the run is that one character.
    fn ordinary_run_end(&self, stop: Option<char>) -> usize {
        let first = self.peek().map_or(0, char::len_utf8);
        let start = self.pos + first;
        let escape = self.lexer.escape;
        let stop = stop.unwrap_or('$');
        if !escape.is_ascii() || !stop.is_ascii() {
            return start;
        }
        let (escape, stop) = (escape as u8, stop as u8);
        let rest = self.input.as_bytes().get(start..).unwrap_or_default();
        let length = rest
            .iter()
            .position(|&byte| matches!(byte, b'$' | b'\'' | b'"' | b'<') || byte == escape || byte == stop)
            .unwrap_or(rest.len());
        start + length
    }

    /// Reads text until `stop` (which is consumed) or the end of the input, expanding as it goes.
    ///
    /// Returns the text and whether it ended properly: at `stop` when there is one, at the end otherwise. The top
    /// level passes a [`Splitter`]; the words inside `${...}` are never split on their own, as in BuildKit.
    fn text(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        mut words: Option<&mut Splitter>,
    ) -> Result<(String, bool), ExpandError> {
        let mut out = String::new();
        while let Some(ch) = self.peek() {
            // The stop character wins over everything else, so `${a:-x}` ends at the first unquoted, unescaped `}`
            // without counting braces: `${a:-{b}` is `{b`.
            if Some(ch) == stop {
                self.bump();
                return Ok((out, true));
            }
            match ch {
                '$' => {
                    let dollar = self.pos;
                    let value = self.dollar()?;
                    self.append(&mut out, &value, dollar)?;
                    if let Some(words) = words.as_deref_mut() {
                        words.splittable_str(&value);
                    }
                }
                '\'' => {
                    let quoted = self.single_quote()?;
                    out.push_str(&quoted);
                    if let Some(words) = words.as_deref_mut() {
                        words.raw_str(&quoted);
                    }
                }
                '"' => {
                    let quoted = self.double_quote(raw_escapes)?;
                    out.push_str(&quoted);
                    if let Some(words) = words.as_deref_mut() {
                        words.raw_str(&quoted);
                    }
                }
                '<' if self.input[self.pos..].starts_with("<<") => {
                    // BuildKit keeps `<<` and the blanks after it together, so `<< EOF` stays one word for the
                    // heredoc parser that reads the split words of RUN, COPY and ADD.
                    let rest = &self.input[self.pos + 2..];
                    let blanks = rest.len() - rest.trim_start_matches([' ', '\t', '\r']).len();
                    let marker = &self.input[self.pos..self.pos + 2 + blanks];
                    self.pos += marker.len();
                    out.push_str(marker);
                    if let Some(words) = words.as_deref_mut() {
                        words.raw_str(marker);
                    }
                }
                _ => {
                    if ch != self.lexer.escape && words.is_none() {
                        // Ordinary characters come in runs (paths, versions, URLs): copied a run at a time.
                        let end = self.ordinary_run_end(stop);
                        out.push_str(&self.input[self.pos..end]);
                        self.pos = end;
                        continue;
                    }
                    self.bump();
                    if ch != self.lexer.escape {
                        out.push(ch);
                        if let Some(words) = words.as_deref_mut() {
                            words.splittable_char(ch);
                        }
                        continue;
                    }
                    if raw_escapes {
                        out.push(ch);
                        if let Some(words) = words.as_deref_mut() {
                            words.raw_char(ch);
                        }
                    }
                    // An escape at the very end escapes nothing and is dropped (unless escapes are kept).
                    let Some(escaped) = self.bump() else { break };
                    out.push(escaped);
                    if let Some(words) = words.as_deref_mut() {
                        words.raw_char(escaped);
                    }
                }
            }
        }
        Ok((out, stop.is_none()))
    }

    /// `'...'`: everything up to the next single quote is literal; nothing can escape it.
    fn single_quote(&mut self) -> Result<String, ExpandError> {
        let open = self.pos;
        let body_start = open + 1;
        let Some(len) = self.input[body_start..].find('\'') else {
            return Err(self.error(
                format!("missing closing ' for the single quote in '{}'", self.excerpt(open, self.input.len())),
                open,
            ));
        };
        let close = body_start + len;
        self.pos = close + 1;
        let body = if self.lexer.raw_quotes { open..close + 1 } else { body_start..close };
        Ok(self.input[body].to_owned())
    }

    /// `"..."`: variables expand, and the escape character escapes only `"`, `$` and itself.
    fn double_quote(&mut self, raw_escapes: bool) -> Result<String, ExpandError> {
        let open = self.pos;
        self.bump();
        let mut out = String::new();
        if self.lexer.raw_quotes {
            out.push('"');
        }
        loop {
            let Some(ch) = self.peek() else {
                return Err(self.error(
                    format!("missing closing \" for the double quote in '{}'", self.excerpt(open, self.input.len())),
                    open,
                ));
            };
            match ch {
                '"' => {
                    self.bump();
                    if self.lexer.raw_quotes {
                        out.push('"');
                    }
                    return Ok(out);
                }
                '$' => {
                    let dollar = self.pos;
                    let value = self.dollar()?;
                    self.append(&mut out, &value, dollar)?;
                }
                _ if ch != self.lexer.escape => {
                    // Text between the quotes comes in runs: copied a run at a time, up to the next quote, `$` or
                    // escape character (ASCII, so the run ends on a character boundary).
                    let escape = self.lexer.escape;
                    let start = self.pos + ch.len_utf8();
                    let end = if escape.is_ascii() {
                        let rest = self.input.as_bytes().get(start..).unwrap_or_default();
                        start
                            + rest
                                .iter()
                                .position(|&byte| matches!(byte, b'"' | b'$') || byte == escape as u8)
                                .unwrap_or(rest.len())
                    } else {
                        start
                    };
                    out.push_str(&self.input[self.pos..end]);
                    self.pos = end;
                }
                _ => {
                    self.bump();
                    let escape = self.lexer.escape;
                    match self.peek() {
                        Some(next) if ch == escape && (next == '"' || next == '$' || next == escape) => {
                            self.bump();
                            if raw_escapes {
                                out.push(ch);
                            }
                            out.push(next);
                        }
                        // An escape before the end of the input escapes nothing; the missing quote is reported
                        // on the next turn.
                        None if ch == escape && !raw_escapes => {}
                        // Any other escape stays literal. (BuildKit writes it twice when escapes are kept, a slip
                        // that would corrupt heredoc bodies such as `printf "a\tb"`; we write it once.)
                        _ => out.push(ch),
                    }
                }
            }
        }
    }

    /// `$name`, `${name}` and the `${name<modifier>...}` forms; the cursor is on the `$`.
    fn dollar(&mut self) -> Result<String, ExpandError> {
        let dollar = self.pos;
        self.bump();
        if self.peek() != Some('{') {
            let name = self.read_name();
            if name.is_empty() {
                // `$` followed by something that cannot start a name is just a dollar sign.
                return Ok("$".to_owned());
            }
            return Ok(self.lookup(name).unwrap_or_default().to_owned());
        }
        self.bump();
        match self.peek() {
            None => return Err(self.missing_brace(dollar)),
            Some('{' | '}' | ':') => {
                let end = self.substitution_end(dollar);
                return Err(self.error(
                    format!("bad substitution '{}': a variable name must follow '${{'", self.excerpt(dollar, end)),
                    dollar,
                ));
            }
            Some(_) => {}
        }
        if self.depth >= MAX_NESTING {
            return Err(
                self.error(format!("variable substitutions are nested more than {MAX_NESTING} levels deep"), dollar)
            );
        }
        self.depth += 1;
        let result = self.braced(dollar);
        self.depth -= 1;
        result
    }

    /// The rest of `${...}` after the `{`.
    fn braced(&mut self, dollar: usize) -> Result<String, ExpandError> {
        let name = self.read_name();
        // Looking the name up before reading the rest keeps `used` and `unset` in the order names appear.
        let value = self.lookup(name);
        let operator = self.pos;
        let Some(ch) = self.bump() else {
            return Err(self.missing_brace(dollar));
        };
        match ch {
            '}' => Ok(value.unwrap_or_default().to_owned()),
            ':' => match self.bump() {
                None => Err(self.missing_brace(dollar)),
                Some(modifier @ ('-' | '+' | '?')) => self.conditional(dollar, name, value, modifier, true),
                // BuildKit rejects every other modifier after ':', including `${v:=w}` and `${v:#p}`.
                Some(modifier) => Err(self.unsupported(dollar, operator, &format!(":{modifier}"))),
            },
            '-' | '+' | '?' => self.conditional(dollar, name, value, ch, false),
            '#' | '%' => self.trim(dollar, value, ch),
            '/' => self.replace(dollar, value),
            other => {
                if name.is_empty() {
                    let end = self.substitution_end(dollar);
                    return Err(self.error(
                        format!(
                            "bad substitution '{}': '{other}' cannot start a variable name",
                            self.excerpt(dollar, end)
                        ),
                        operator,
                    ));
                }
                Err(self.unsupported(dollar, operator, &other.to_string()))
            }
        }
    }

    /// `${v-w}`, `${v+w}`, `${v?w}` and, with `colon`, their `:` forms, where an empty value counts as unset.
    fn conditional(
        &mut self,
        dollar: usize,
        name: &str,
        value: Option<&'a str>,
        modifier: char,
        colon: bool,
    ) -> Result<String, ExpandError> {
        // BuildKit reads the word with escapes applied even when escapes are otherwise kept (heredoc bodies).
        let (word, closed) = self.text(Some('}'), false, None)?;
        if !closed {
            return Err(self.missing_brace(dollar));
        }
        let present = value.filter(|value| !(colon && value.is_empty()));
        match (modifier, present) {
            ('-', Some(value)) => Ok(value.to_owned()),
            ('-', None) => Ok(word),
            ('+', Some(_)) => Ok(word),
            ('+', None) => Ok(String::new()),
            (_, Some(value)) => Ok(value.to_owned()),
            (_, None) => {
                let message = if !word.is_empty() {
                    word.as_str()
                } else if value.is_none() {
                    "is not allowed to be unset"
                } else {
                    "is not allowed to be empty"
                };
                Err(self.error(format!("{name}: {message} (in '{}')", self.excerpt(dollar, self.pos)), dollar))
            }
        }
    }

    /// `${v#p}`, `${v##p}`, `${v%p}` and `${v%%p}`: remove the shortest or longest matching prefix or suffix.
    fn trim(&mut self, dollar: usize, value: Option<&str>, operator: char) -> Result<String, ExpandError> {
        // The pattern keeps its escapes so that `\*` can still mean a literal star once variables are expanded.
        let (word, closed) = self.text(Some('}'), true, None)?;
        if !closed {
            return Err(self.missing_brace(dollar));
        }
        // As in BuildKit, the doubled operator is recognised after expansion, so `${v#$p}` with `p=#x` is `##x`.
        let (longest, pattern) = match word.strip_prefix(operator) {
            Some(rest) => (true, rest),
            None => (false, word.as_str()),
        };
        let value = value.unwrap_or_default();
        let result = glob::parse(pattern).and_then(|tokens| {
            if operator == '#' {
                glob::strip_prefix(&tokens, value, longest)
            } else {
                glob::strip_suffix(&tokens, value, longest)
            }
        });
        result.map_err(|error| self.pattern_error(dollar, pattern, &error))
    }

    /// `${v/p/r}` and `${v//p/r}`: replace the first or every match of a pattern.
    fn replace(&mut self, dollar: usize, value: Option<&str>) -> Result<String, ExpandError> {
        let every = self.peek() == Some('/');
        if every {
            self.bump();
        }
        let (pattern, closed) = self.text(Some('/'), true, None)?;
        if !closed {
            let message = format!("missing '/' after the pattern in '{}'", self.excerpt(dollar, self.input.len()));
            return Err(self.error(message, dollar));
        }
        // BuildKit keeps escapes in the replacement too, so `${p//\//\/}` really inserts `\/`.
        let (replacement, closed) = self.text(Some('}'), true, None)?;
        if !closed {
            return Err(self.missing_brace(dollar));
        }
        let value = value.unwrap_or_default();
        let result = glob::parse(&pattern)
            .and_then(|tokens| glob::replace(&tokens, value, &replacement, every, MAX_EXPANSION_LEN));
        result.map_err(|error| self.pattern_error(dollar, &pattern, &error))
    }

    /// Reads a name after `$` or `${`: a run of letters, digits and `_`; only digits when it starts with a digit
    /// (`$1x` is `$1` then `x`); or one special parameter character. Returns an empty name when none is there.
    fn read_name(&mut self) -> &'a str {
        let input: &'a str = self.input;
        let rest = &input[self.pos..];
        let len = match rest.chars().next() {
            None => 0,
            Some(first) if first.is_numeric() => rest.find(|ch: char| !ch.is_numeric()).unwrap_or(rest.len()),
            Some(first) if is_special_parameter(first) => first.len_utf8(),
            Some(_) => rest.find(|ch: char| !is_name_char(ch)).unwrap_or(rest.len()),
        };
        self.pos += len;
        &rest[..len]
    }

    /// Looks a name up and records it in `used` or `unset`. Parameters are never set, and an empty name (as in
    /// `${+x}`, which BuildKit accepts) is not a name at all, so it is not recorded.
    fn lookup(&mut self, name: &str) -> Option<&'a str> {
        if name.is_empty() {
            return None;
        }
        let vars: &'a dyn Vars = self.vars;
        let value = if is_parameter(name) { None } else { vars.get(name) };
        let seen = if value.is_some() { &mut self.used } else { &mut self.unset };
        if !seen.iter().any(|known| known == name) {
            seen.push(name.to_owned());
        }
        value
    }

    /// Appends expanded text, refusing to grow past [`MAX_EXPANSION_LEN`].
    fn append(&self, out: &mut String, text: &str, at: usize) -> Result<(), ExpandError> {
        if out.len().saturating_add(text.len()) > MAX_EXPANSION_LEN {
            return Err(self.too_long(at));
        }
        out.push_str(text);
        Ok(())
    }

    fn error(&self, message: String, offset: usize) -> ExpandError {
        ExpandError { message, offset }
    }

    fn missing_brace(&self, dollar: usize) -> ExpandError {
        self.error(format!("missing '}}' in '{}'", self.excerpt(dollar, self.input.len())), dollar)
    }

    fn unsupported(&self, dollar: usize, operator: usize, modifier: &str) -> ExpandError {
        let end = self.substitution_end(dollar);
        self.error(
            format!(
                "unsupported modifier '{modifier}' in '{}' (supported: :- - :+ + :? ? # ## % %% / //)",
                self.excerpt(dollar, end)
            ),
            operator,
        )
    }

    fn too_long(&self, at: usize) -> ExpandError {
        self.error(format!("the expansion would be longer than {MAX_EXPANSION_LEN} bytes"), at)
    }

    fn pattern_error(&self, dollar: usize, pattern: &str, error: &GlobError) -> ExpandError {
        let context = self.excerpt(dollar, self.pos);
        match error {
            GlobError::TooLong => self.too_long(dollar),
            GlobError::BadEscape(_) => {
                self.error(format!("invalid pattern '{}' in '{context}': {error}", shorten(pattern)), dollar)
            }
            GlobError::TooMuchWork => {
                self.error(format!("cannot match the pattern '{}' in '{context}': {error}", shorten(pattern)), dollar)
            }
        }
    }

    /// Where the `${` at `dollar` probably ends, for quoting it in a message: just past its matching `}`, counting
    /// nested braces and skipping escaped characters, or the end of the input.
    fn substitution_end(&self, dollar: usize) -> usize {
        let mut depth = 0usize;
        let mut chars = self.input[dollar..].char_indices();
        while let Some((at, ch)) = chars.next() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return dollar + at + 1;
                    }
                }
                _ if ch == self.lexer.escape => {
                    chars.next();
                }
                _ => {}
            }
        }
        self.input.len()
    }

    /// The input between two byte offsets, shortened for a message.
    fn excerpt(&self, start: usize, end: usize) -> String {
        shorten(self.input.get(start..end).unwrap_or(""))
    }
}

/// Keeps messages readable when the offending text is long: at most 80 characters, then an ellipsis.
fn shorten(text: &str) -> String {
    const LIMIT: usize = 80;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expands `input` with `\` as the escape character and the given variables, expecting success.
    fn expand(input: &str, vars: &[(&str, &str)]) -> Expansion {
        Lexer::new('\\').expand_word(input, &vars).unwrap_or_else(|error| panic!("{input:?} failed: {error}"))
    }

    fn value(input: &str, vars: &[(&str, &str)]) -> String {
        expand(input, vars).value
    }

    fn error(input: &str, vars: &[(&str, &str)]) -> ExpandError {
        match Lexer::new('\\').expand_word(input, &vars) {
            Ok(expansion) => panic!("{input:?} should fail but gave {:?}", expansion.value),
            Err(error) => error,
        }
    }

    fn words(lexer: Lexer, input: &str, vars: &[(&str, &str)]) -> Vec<String> {
        lexer.expand_words(input, &vars).unwrap_or_else(|error| panic!("{input:?} failed: {error}"))
    }

    /// Cases from the Go tables in BuildKit's `lex_test.go` (`TestProcessWithMatches` and its neighbours), which
    /// the data files do not cover: input, variables, expected value (`None` for an error), used, unset.
    #[test]
    fn buildkit_pattern_and_modifier_cases() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Option<&'a str>, &'a [&'a str], &'a [&'a str]);
        let both: &[(&str, &str)] = &[("FOO", "xxx"), ("BAR", "")];
        let xxyy: &[(&str, &str)] = &[("FOO", "xxyy")];
        let cases: &[Case] = &[
            ("x ${UNUSED}", &[("DUMMY", "dummy")], Some("x "), &[], &["UNUSED"]),
            ("x ${FOO}", &[("FOO", "y")], Some("x y"), &["FOO"], &[]),
            ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", both, Some("xxx  ccc"), &["FOO", "BAR"], &["BAZ"]),
            ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", both, Some("xxx bbb ccc"), &["FOO", "BAR"], &["BAZ"]),
            ("${FOO:-}", both, Some("xxx"), &["FOO"], &[]),
            ("${FOO:-}", &[], Some(""), &[], &["FOO"]),
            ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", both, Some("aaa bbb "), &["FOO", "BAR"], &["BAZ"]),
            ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", both, Some("aaa  "), &["FOO", "BAR"], &["BAZ"]),
            ("${FOO?aaa}", both, Some("xxx"), &["FOO"], &[]),
            ("${BAR?bbb}", both, Some(""), &["BAR"], &[]),
            ("${BAZ?ccc}", both, None, &[], &[]),
            ("${FOO:?aaa}", both, Some("xxx"), &["FOO"], &[]),
            ("${BAR:?bbb}", both, None, &[], &[]),
            ("${BAZ:?ccc}", both, None, &[], &[]),
            ("${BAZ:?}", both, None, &[], &[]),
            ("${FOO=aaa}", both, None, &[], &[]),
            ("${FOO=:aaa}", both, None, &[], &[]),
            ("${FOO=}", &[], None, &[], &[]),
            (r"${FOO#()[]{\}^$.\*\?|\\}", &[("FOO", r"()[]{}^$.*?|\x")], Some("x"), &["FOO"], &[]),
            (r"${FOO%%\**}", &[("FOO", "xx**")], Some("xx"), &["FOO"], &[]),
            ("${FOO#*x*y}", xxyy, Some("y"), &["FOO"], &[]),
            ("${FOO#*}", xxyy, Some("xxyy"), &["FOO"], &[]),
            ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "x")], Some("xyy"), &["FOO", "BAR"], &[]),
            ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "")], Some("xxyy"), &["FOO", "BAR"], &[]),
            ("${FOO#}", xxyy, Some("xxyy"), &["FOO"], &[]),
            ("${FOO##*x}", xxyy, Some("yy"), &["FOO"], &[]),
            ("${FOO##}", xxyy, Some("xxyy"), &["FOO"], &[]),
            (r"${FOO#?\?}", &[("FOO", "???y")], Some("?y"), &["FOO"], &[]),
            ("${ABC:-.}${FOO%x}${ABC:-.}", xxyy, Some(".xxyy."), &["FOO"], &["ABC"]),
            (r"${FOO%%\**\*}", &[("FOO", "a***yy*")], Some("a"), &["FOO"], &[]),
            ("${FOO%}", xxyy, Some("xxyy"), &["FOO"], &[]),
            ("${FOO%%$BAR}", &[("FOO", "xxyy"), ("BAR", "")], Some("xxyy"), &["FOO", "BAR"], &[]),
            ("${FOO:#}", &[], None, &[], &[]),
            ("${FOO:##}", &[], None, &[], &[]),
            ("${FOO:%}", &[], None, &[], &[]),
            ("${FOO:%%}", &[], None, &[], &[]),
            (
                "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
                &[("FOO", "/foo*/*/*.txt"), ("NEEDLE", r"\*/")],
                Some("/foo.*/*.txt - /foo..*.txt"),
                &["FOO", "NEEDLE"],
                &[],
            ),
            (
                "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
                &[("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")],
                Some("/tmp/bar.txt - /bar.txt"),
                &["FOO", "NEEDLE"],
                &[],
            ),
            (
                "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
                &[("FOO", "/a/foo/b/c.txt"), ("NEEDLE", "/?/"), ("REPLACEMENT", "/")],
                Some("/foo/b/c.txt - /foo/c.txt"),
                &["FOO", "NEEDLE", "REPLACEMENT"],
                &[],
            ),
            (
                "${FOO/$NEEDLE/$REPLACEMENT}",
                &[("FOO", "http://google.de"), ("NEEDLE", "http://"), ("REPLACEMENT", "https://")],
                Some("https://google.de"),
                &["FOO", "NEEDLE", "REPLACEMENT"],
                &[],
            ),
            (r"${FOO//\//\/}", &[("FOO", "/tmp/foo.txt")], Some(r"\/tmp\/foo.txt"), &["FOO"], &[]),
            ("${FOO/$BAR/ww}", &[("FOO", "xxyy"), ("BAR", "")], Some("wwxxyy"), &["FOO", "BAR"], &[]),
            ("${FOO//ww}", xxyy, None, &[], &[]),
            ("${FOO//}", xxyy, None, &[], &[]),
            ("${FOO///}", xxyy, Some("xxyy"), &["FOO"], &[]),
            ("${FOO///}", &[], Some(""), &[], &["FOO"]),
        ];
        let mut failures = Vec::new();
        for &(input, vars, expected, used, unset) in cases {
            let got = Lexer::new('\\').expand_word(input, &vars);
            let ok = match (&got, expected) {
                (Ok(got), Some(expected)) => got.value == expected && got.used == used && got.unset == unset,
                (Err(_), None) => true,
                _ => false,
            };
            if !ok {
                failures.push(format!("{input:?}: expected {expected:?} {used:?} {unset:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn trims_prefixes_and_suffixes_like_a_shell() {
        let file = [("F", "archive.tar.gz"), ("P", "/usr/local/bin/python3")];
        assert_eq!(value("${F%.*}", &file), "archive.tar");
        assert_eq!(value("${F%%.*}", &file), "archive");
        assert_eq!(value("${F#*.}", &file), "tar.gz");
        assert_eq!(value("${F##*.}", &file), "gz");
        assert_eq!(value("${P#*/}", &file), "usr/local/bin/python3");
        assert_eq!(value("${P##*/}", &file), "python3");
        assert_eq!(value("${P%/*}", &file), "/usr/local/bin");
        assert_eq!(value("${P%%/*}", &file), "");
        assert_eq!(value("${P#/usr/???al}", &file), "/bin/python3");
        // No match leaves the value alone, and an unset variable trims to nothing.
        assert_eq!(value("${F%.zip}", &file), "archive.tar.gz");
        assert_eq!(value("${NOPE##*}", &file), "");
        // Characters count, not bytes: `?` takes one Korean syllable.
        assert_eq!(value("${K#?}", &[("K", "한국어")]), "국어");
        assert_eq!(value("${K%%?어}", &[("K", "한국어")]), "한");
    }

    #[test]
    fn replaces_first_or_every_match() {
        let vars = [("V", "foo.bar.baz")];
        assert_eq!(value("${V/./-}", &vars), "foo-bar.baz");
        assert_eq!(value("${V//./-}", &vars), "foo-bar-baz");
        assert_eq!(value("${V/b*/X}", &vars), "foo.X");
        assert_eq!(value("${V//b??/X}", &vars), "foo.X.X");
        assert_eq!(value("${V/nothing/X}", &vars), "foo.bar.baz");
    }

    #[test]
    fn replace_quirks_follow_buildkit() {
        let vars = [("F", "foo")];
        // Replacing every match goes through Go's template expansion, where `$0` is the match; quoting keeps the
        // lexer from expanding `$0` itself. Replacing only the first match inserts the text as is.
        assert_eq!(value("${F//o/'<$0>'}", &vars), "f<o><o>");
        assert_eq!(value("${F/o/'<$0>'}", &vars), "f<$0>o");
        // Quotes are removed from a pattern before it is read, so a quoted star is still a wildcard.
        assert_eq!(value("${F##\"*\"}", &vars), "");
        // The doubled operator is recognised after expansion.
        assert_eq!(value("${F#$H}", &[("F", "foo"), ("H", "#*o")]), "");
    }

    #[test]
    fn missing_slash_is_an_error_but_the_remaining_text_is_not() {
        assert!(error("${V/foo}", &[("V", "x")]).message.contains("missing '/'"));
    }

    #[test]
    fn mandatory_variables_report_their_message() {
        let set = [("VAR", "plain"), ("ARG", "x")];
        let empty = [("VAR", ""), ("ARG", "x")];
        let unset = [("ARG", "x")];
        assert_eq!(value("${VAR:?message here$ARG}", &set), "plain");
        assert!(error("${VAR:?message here$ARG}", &empty).message.contains("VAR: message herex"));
        assert!(error("${VAR:?message here$ARG}", &unset).message.contains("VAR: message herex"));
        assert_eq!(value("${VAR?message here$ARG}", &set), "plain");
        assert_eq!(value("${VAR?message here$ARG}", &empty), "");
        assert!(error("${VAR?message here$ARG}", &unset).message.contains("VAR: message herex"));
        assert!(error("${VAR?}", &unset).message.starts_with("VAR: is not allowed to be unset"));
        assert!(error("${VAR:?}", &empty).message.starts_with("VAR: is not allowed to be empty"));
    }

    #[test]
    fn buildkit_release_file_name() {
        let word = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
        let base = [("VERSION", "v1.2.3"), ("TARGETOS", "linux")];
        let arm = [base[0], base[1], ("TARGETARCH", "arm"), ("TARGETVARIANT", "v7")];
        let arm64_empty = [base[0], base[1], ("TARGETARCH", "arm64"), ("TARGETVARIANT", "")];
        let arm64_unset = [base[0], base[1], ("TARGETARCH", "arm64")];
        assert_eq!(value(word, &arm), "something-v1.2.3.linux-arm-v7.tar.gz");
        assert_eq!(value(word, &arm64_empty), "something-v1.2.3.linux-arm64.tar.gz");
        assert_eq!(value(word, &arm64_unset), "something-v1.2.3.linux-arm64.tar.gz");
    }

    #[test]
    fn backtick_escape() {
        let lexer = Lexer::new('`');
        let vars = [("A", "1")];
        let value = |input: &str| lexer.expand_word(input, &vars).map(|expansion| expansion.value);
        assert_eq!(value("a`$A").unwrap(), "a$A");
        assert_eq!(value("`$A$A").unwrap(), "$A1");
        // The backslash is an ordinary character, as Windows paths need.
        assert_eq!(value(r"C:\data\$A").unwrap(), r"C:\data\1");
        assert_eq!(value(r#""C:\data\""#).unwrap(), r"C:\data\");
        assert_eq!(value(r#""a`"b`$A``c`d""#).unwrap(), r#"a"b$A`c`d"#);
        assert_eq!(value("a` b").unwrap(), "a b");
        assert_eq!(value("end`").unwrap(), "end");
        assert_eq!(value("${X:-a`}b}").unwrap(), "a}b");
        assert!(value(r#""a`""#).is_err(), "the escaped quote leaves the string open");
        assert_eq!(lexer.expand_words("a` b c", &vars).unwrap(), ["a b", "c"]);
        // Patterns always use `\` for their own escapes, as BuildKit's pattern reader does; a backtick escape
        // stays in the pattern as a literal backtick.
        assert_eq!(value(r"${P#\*}").map(|_| ()), Ok(()));
        assert_eq!(lexer.expand_word(r"${P#\*}", &[("P", "*abc")]).unwrap().value, "abc");
        assert_eq!(lexer.expand_word("${P#`*}", &[("P", "`*abc")]).unwrap().value, "*abc");
    }

    #[test]
    fn used_and_unset_are_in_first_seen_order_without_duplicates() {
        let expansion =
            expand("${A}${B:-$C}${A}$1${D+x}$B ${@} '$E' \\$F \"$G\"", &[("A", "a"), ("D", ""), ("G", "g")]);
        assert_eq!(expansion.value, "aax  $E $F g");
        assert_eq!(expansion.used, ["A", "D", "G"]);
        assert_eq!(expansion.unset, ["B", "C", "1", "@"]);
    }

    #[test]
    fn parameters_are_never_looked_up() {
        // Even a variable list that happens to hold such names does not set them.
        let expansion = expand("[$1$@${0}$$]", &[("1", "one"), ("@", "all"), ("0", "zero"), ("$", "pid")]);
        assert_eq!(expansion.value, "[]");
        assert!(expansion.used.is_empty());
        assert_eq!(expansion.unset, ["1", "@", "0", "$"]);
    }

    #[test]
    fn an_empty_name_is_accepted_but_not_recorded() {
        // BuildKit accepts `${+x}`, `${%x}` and `${/a/b}`: the name is empty and never set.
        let expansion = expand("<${+x}${%x}${/a/b}>", &[]);
        assert_eq!(expansion.value, "<>");
        assert!(expansion.used.is_empty() && expansion.unset.is_empty());
    }

    #[test]
    fn names_follow_buildkit() {
        let vars = [("한국어", "korean"), ("a_1", "x")];
        assert_eq!(value("$한국어!", &vars), "korean!");
        assert_eq!(value("$a_1-$a_", &vars), "x-");
        assert_eq!(value("$12abc", &vars), "abc");
        assert_eq!(value("$ $. $/ $", &vars), "$ $. $/ $");
    }

    #[test]
    fn error_messages_quote_the_text_and_offsets_point_at_it() {
        let vars = [("PWD", "/home")];
        let cases: &[(&str, usize, &str)] = &[
            ("he${PWD", 2, "missing '}' in '${PWD'"),
            ("안녕${PWD", 6, "missing '}' in '${PWD'"),
            ("${abc", 0, "missing '}' in '${abc'"),
            ("x${", 1, "missing '}' in '${'"),
            ("a${aaa:-bbb ${foo}", 1, "missing '}' in '${aaa:-bbb ${foo}'"),
            ("ab'cd", 2, "missing closing ' for the single quote in ''cd'"),
            ("x\"yz", 1, "missing closing \" for the double quote in '\"yz'"),
            ("a${}b", 1, "bad substitution '${}'"),
            ("${:-x}", 0, "bad substitution '${:-x}'"),
            ("${{a}}", 0, "bad substitution '${{a}}'"),
            ("he${.}", 4, "bad substitution '${.}'"),
            ("${PWD:=000}xx", 5, "unsupported modifier ':=' in '${PWD:=000}'"),
            ("${PWD=000}", 5, "unsupported modifier '=' in '${PWD=000}'"),
            ("${PWD:#x}", 5, "unsupported modifier ':#' in '${PWD:#x}'"),
            ("..${X:?need it}", 2, "X: need it (in '${X:?need it}')"),
            ("${PWD#\\x}", 0, "invalid pattern '\\x' in '${PWD#\\x}': invalid escape '\\x'"),
            ("${PWD//ww}", 0, "missing '/' after the pattern in '${PWD//ww}'"),
        ];
        let mut failures = Vec::new();
        for &(input, offset, message) in cases {
            match Lexer::new('\\').expand_word(input, &vars) {
                Ok(expansion) => failures.push(format!("{input:?}: expected an error, got {:?}", expansion.value)),
                Err(error) if error.offset != offset || !error.message.starts_with(message) => {
                    failures.push(format!("{input:?}: expected {message:?} at {offset}, got {error:?}"));
                }
                Err(error) => assert_eq!(error.to_string(), error.message),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn nesting_is_limited_instead_of_overflowing_the_stack() {
        let nested = |levels: usize| format!("{}x{}", "${A:-".repeat(levels), "}".repeat(levels));
        assert_eq!(value(&nested(MAX_NESTING), &[]), "x");
        let too_deep = error(&nested(MAX_NESTING + 1), &[]);
        assert!(too_deep.message.contains("nested more than 64 levels"), "{too_deep:?}");
        assert_eq!(too_deep.offset, 5 * MAX_NESTING);
        // Far deeper input fails the same way, long before the stack is in danger.
        assert!(error(&nested(100_000), &[]).message.contains("nested"));
        assert!(error(&"\"${A:-".repeat(10_000), &[]).message.contains("nested"));
    }

    #[test]
    fn results_that_grow_without_bound_are_refused() {
        let big = "a".repeat(1 << 20);
        let vars = [("BIG", big.as_str()), ("AB", "ab")];
        assert_eq!(value(&"$BIG".repeat(16), &vars).len(), 16 << 20);
        assert!(error(&"$BIG".repeat(17), &vars).message.contains("longer than"));
        assert!(error("${BIG//?/$BIG}", &vars).message.contains("longer than"));
        // Each level replaces both characters of "ab" with the whole text inside it, doubling the length: the
        // input grows by a few bytes per level, the result would reach 2^42 bytes if nothing stopped it.
        let doubling = (0..40).fold("$AB".to_owned(), |inner, _| format!("${{AB//?/{inner}}}"));
        assert!(error(&doubling, &vars).message.contains("longer than"));
        let stars = format!("${{BIG#{}}}", "*".repeat(80));
        assert!(error(&stars, &vars).message.contains("too long to match"));
    }

    #[test]
    fn splits_words_as_buildkit_does() {
        let lexer = Lexer::new('\\');
        let vars = [("S", "  a  b "), ("E", "")];
        assert_eq!(words(lexer, "x$S", &vars), ["x", "a", "b"]);
        assert_eq!(words(lexer, "x\"$S\"y", &vars), ["x  a  b y"]);
        assert_eq!(words(lexer, "'a b'\\ c d", &vars), ["a b c", "d"]);
        // Text from `${...}` joins its neighbours.
        assert_eq!(words(lexer, "a${B:-x}c ${B:-y z}", &vars), ["axc", "y", "z"]);
        // An empty quoted string is no word, and an empty variable adds nothing.
        assert_eq!(words(lexer, "\"\" $E a \"\"", &vars), ["a"]);
        assert!(words(lexer, "  ", &vars).is_empty());
        // `<<` keeps the blanks after it, so a heredoc marker with a space stays one word.
        assert_eq!(words(lexer, "cat << EOF >out", &vars), ["cat", "<< EOF", ">out"]);
        assert_eq!(lexer.expand_word("cat << EOF", &vars).unwrap().value, "cat << EOF");
    }

    #[test]
    fn raw_modes_keep_text_for_heredoc_bodies() {
        let heredoc = Lexer { escape: '\\', raw_quotes: true, raw_escapes: true };
        let vars = [("HOME", "/root"), ("N", "3")];
        let body = |input: &str| heredoc.expand_word(input, &vars).map(|expansion| expansion.value);
        assert_eq!(body(r#"echo "$HOME" '$HOME' \$HOME $N"#).unwrap(), r#"echo "/root" '$HOME' \$HOME 3"#);
        assert_eq!(
            body(r#"printf "a\tb\n" \"x\" "say \"hi\" \\ \$N""#).unwrap(),
            r#"printf "a\tb\n" \"x\" "say \"hi\" \\ \$N""#
        );
        assert_eq!(body(r"C:\temp\ ends with \").unwrap(), r"C:\temp\ ends with \");
        assert_eq!(body(r"${N#\*}x${HOME//\//\\}").unwrap(), r"3x\\root");
        // BuildKit reads the word of `${v:-w}` with escapes applied even here.
        assert_eq!(body(r"${UNSET:-a\b}").unwrap(), "ab");
        assert!(body("it's").is_err(), "quotes still have to be closed");

        let quotes_only = Lexer { raw_quotes: true, ..Lexer::new('\\') };
        let value = |input: &str| quotes_only.expand_word(input, &vars).unwrap().value;
        assert_eq!(value(r#"'$N' "$N" \'"#), r#"'$N' "3" '"#);
        assert_eq!(value(r#""a\"b\c""#), r#""a"b\c""#);
        assert_eq!(quotes_only.expand_words("'a b' \"c d\"e", &vars).unwrap(), ["'a b'", "\"c d\"e"]);

        let escapes_only = Lexer { raw_escapes: true, ..Lexer::new('\\') };
        let value = |input: &str| escapes_only.expand_word(input, &vars).unwrap().value;
        assert_eq!(value(r#"\$N "\$N" '\$N' \a"#), r"\$N \$N \$N \a");
        assert_eq!(escapes_only.expand_words(r"a\ b c", &vars).unwrap(), [r"a\ b", "c"]);
    }

    #[test]
    fn detects_variables_cheaply() {
        for word in ["$a", "${a}", "x${", "\"$a\"", "$1", "$@", "'\"'$a", "\"'\"$a", "${}"] {
            assert!(has_variables(word, '\\'), "{word:?}");
        }
        for word in ["", "plain", "'$a'", "\\$a", "\"\\$a\"", "$", "$.", "a$ b", "'${a}'\\${b}"] {
            assert!(!has_variables(word, '\\'), "{word:?}");
        }
        assert!(!has_variables("`$a", '`'));
        assert!(has_variables("\\$a", '`'));
    }

    #[test]
    fn plain_words_at_every_length_and_position() {
        let lexer = Lexer::new('\\');
        // Every special byte at every position of words from 1 to 20 bytes long, so that each falls in a whole
        // chunk, in the overlapping last chunk and in a word too short for either.
        for length in 1..=20 {
            let base = "a".repeat(length);
            assert!(lexer.is_plain(&base), "{base:?}");
            for position in 0..length {
                for special in ["$", "'", "\"", "\\"] {
                    let word = format!("{}{special}{}", &base[..position], &base[position + 1..]);
                    assert!(!lexer.is_plain(&word), "{word:?}");
                }
                let single = format!("{}<{}", &base[..position], &base[position + 1..]);
                assert!(lexer.is_plain(&single), "{single:?}");
                if position + 1 < length {
                    let double = format!("{}<<{}", &base[..position], &base[position + 2..]);
                    assert!(!lexer.is_plain(&double), "{double:?}");
                }
            }
        }
        assert!(Lexer::new('`').is_plain("C:\\path\\to"));
        assert!(!Lexer::new('`').is_plain("C:\\path`to"));
        assert!(!Lexer::new('é').is_plain("caféé"));
    }

    #[test]
    fn variable_lists() {
        let pairs =
            vec![("A".to_owned(), "1".to_owned()), ("B".to_owned(), "2".to_owned()), ("A".to_owned(), "3".to_owned())];
        assert_eq!(Vars::get(&pairs, "A"), Some("3"));
        assert_eq!(Vars::get(pairs.as_slice(), "B"), Some("2"));
        assert_eq!(Vars::get(&pairs, "C"), None);
        let hash: HashMap<String, String> = pairs.iter().cloned().collect();
        let tree: BTreeMap<String, String> = pairs.iter().cloned().collect();
        let lexer = Lexer::default();
        for vars in [&pairs as &dyn Vars, &hash, &tree, &&pairs[..]] {
            assert_eq!(lexer.expand_word("$A$B${C-c}", vars).unwrap().value, "32c");
        }
    }

    /// A tiny deterministic generator, so the fuzz-like test below is the same on every run.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, below: usize) -> usize {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % below
        }
    }

    /// Expansion must never panic, errors must point inside the input, and a word without variables must expand
    /// the same whatever is set.
    #[test]
    fn never_panics_on_nasty_input() {
        let mut inputs: Vec<String> = [
            "",
            "$",
            "${",
            "${{",
            "${}",
            "${a",
            "${a:",
            "${a:-",
            "${a:}",
            "${a:}}",
            "${a/",
            "${a//",
            "${a/b",
            "${a#",
            "${a%%",
            "\\",
            "`",
            "'",
            "\"",
            "\"\\",
            "\"`",
            "${a:-'",
            "${a:-\"",
            "$$$$",
            "${#}",
            "${##}",
            "${#%}",
            "${%%}",
            "${/}",
            "${//}",
            "${///}",
            "${a/\\",
            "${a#\\}}",
            "${a#\\",
            "é${é}",
            "${한국어}",
            "${a:-${b:-${c",
            "\u{feff}$a",
            "\0$\0",
            "$\u{1F600}",
            "${\u{1F600}}",
            "${a/\u{1F600}/\u{1F600}}",
            "<<",
            "<<\t\r",
            "<<<",
            "${a:?}",
            "${a?",
            "${1",
            "${99999999999999999999}",
            "$99999999999999999999",
            "${a//$/$0}",
            "${x//?/$$0}",
            "'''",
            "\"\"\"",
            "${a:-}}}}",
            "}}}{{{",
            "${a#[}",
            "${a#(}",
            "${a/*/$}",
        ]
        .iter()
        .map(|input| input.to_string())
        .collect();
        let alphabet = [
            "$",
            "{",
            "}",
            ":",
            "-",
            "+",
            "?",
            "#",
            "%",
            "/",
            "\\",
            "`",
            "'",
            "\"",
            "*",
            "a",
            "x",
            "1",
            "@",
            " ",
            "é",
            "한",
            "\n",
            "<",
            "=",
            "\u{1F600}",
        ];
        let mut random = Lcg(42);
        for _ in 0..3000 {
            let len = random.next(24);
            inputs.push((0..len).map(|_| alphabet[random.next(alphabet.len())]).collect());
        }
        let full = [("a", "a*b?c\\"), ("x", "한국어 é"), ("é", "\u{1F600}"), ("한국어", "k")];
        let empty: [(&str, &str); 0] = [];
        for input in &inputs {
            for escape in ['\\', '`'] {
                for (raw_quotes, raw_escapes) in [(false, false), (true, false), (false, true), (true, true)] {
                    let lexer = Lexer { escape, raw_quotes, raw_escapes };
                    let with_vars = lexer.expand_with_words(input, &full);
                    if let Err(error) = &with_vars {
                        assert!(
                            error.offset <= input.len() && input.is_char_boundary(error.offset),
                            "{input:?}: offset {} is not in the input",
                            error.offset
                        );
                        assert!(!error.message.is_empty());
                    }
                    if !has_variables(input, escape) {
                        let without_vars = lexer.expand_with_words(input, &empty);
                        assert_eq!(with_vars, without_vars, "{input:?} has no variables yet expands differently");
                        if let Ok((expansion, _)) = with_vars {
                            assert!(expansion.used.is_empty() && expansion.unset.is_empty(), "{input:?}");
                        }
                    }
                }
            }
        }
    }
}
