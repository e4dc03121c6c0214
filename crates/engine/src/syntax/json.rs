//! The JSON (exec) form check: is an argument text a JSON array of strings?
//!
//! BuildKit decodes the text with Go's `encoding/json` into a list of anything, then insists that every element
//! is a string. That gives three outcomes, and the difference matters to learners: text that is not valid JSON
//! (single quotes, a missing `]`) silently becomes shell form, while valid JSON with a number or a nested array
//! in it is an error. This module is a small strict JSON reader written for exactly that decision.

use std::ops::Range;

use super::arguments::{Piece, Value};

/// What the text turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum JsonArray {
    /// Not a JSON array at all: the caller falls back to shell form.
    NotJson,
    /// A JSON array of strings: the decoded strings and the byte range of each literal (quotes included).
    Strings(Vec<Piece>),
    /// A valid JSON array with a non-string element; the range is that element's.
    NotStrings(Range<usize>),
}

/// Classifies `text`, which must already be trimmed on the left.
pub(super) fn parse_string_array(text: &str) -> JsonArray {
    if !text.starts_with('[') {
        return JsonArray::NotJson;
    }
    let mut reader = Reader { bytes: text.as_bytes(), text, position: 0 };
    let Some((strings, first_other)) = reader.array_of_values() else {
        return JsonArray::NotJson;
    };
    reader.skip_whitespace();
    if reader.position != text.len() {
        return JsonArray::NotJson;
    }
    match first_other {
        Some(range) => JsonArray::NotStrings(range),
        None => JsonArray::Strings(strings),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn skip_whitespace(&mut self) {
        // JSON whitespace is exactly these four bytes; a vertical tab or NBSP makes the text invalid.
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.position += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    /// Reads the top-level array: its strings, and the range of the first element that is not a string. Nested
    /// values are only validated.
    fn array_of_values(&mut self) -> Option<(Vec<Piece>, Option<Range<usize>>)> {
        if !self.eat(b'[') {
            return None;
        }
        let mut strings = Vec::new();
        let mut first_other = None;
        self.skip_whitespace();
        if self.eat(b']') {
            return Some((strings, first_other));
        }
        loop {
            self.skip_whitespace();
            let start = self.position;
            if self.peek() == Some(b'"') {
                let value = self.string()?;
                strings.push(Piece { value, range: start..self.position });
            } else {
                self.value(0)?;
                first_other.get_or_insert(start..self.position);
            }
            self.skip_whitespace();
            if self.eat(b']') {
                return Some((strings, first_other));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// Validates any JSON value. `depth` keeps hostile input from exhausting the stack.
    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > 200 {
            return None;
        }
        self.skip_whitespace();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'[' => {
                self.position += 1;
                self.skip_whitespace();
                if self.eat(b']') {
                    return Some(());
                }
                loop {
                    self.value(depth + 1)?;
                    self.skip_whitespace();
                    if self.eat(b']') {
                        return Some(());
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'{' => {
                self.position += 1;
                self.skip_whitespace();
                if self.eat(b'}') {
                    return Some(());
                }
                loop {
                    self.skip_whitespace();
                    if self.peek() != Some(b'"') {
                        return None;
                    }
                    self.string()?;
                    self.skip_whitespace();
                    if !self.eat(b':') {
                        return None;
                    }
                    self.value(depth + 1)?;
                    self.skip_whitespace();
                    if self.eat(b'}') {
                        return Some(());
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        if self.text[self.position..].starts_with(word) {
            self.position += word.len();
            Some(())
        } else {
            None
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.position;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.position += 1;
        }
        self.position - start
    }

    fn number(&mut self) -> Option<()> {
        let start = self.position;
        self.eat(b'-');
        if self.eat(b'0') {
            // A leading zero may not be followed by more digits.
        } else if self.digits() == 0 {
            return None;
        }
        if self.eat(b'.') && self.digits() == 0 {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.position += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return None;
            }
        }
        // Go fails to decode a number outside float64's range, and BuildKit then falls back to shell form.
        let number: f64 = self.text[start..self.position].parse().ok()?;
        number.is_finite().then_some(())
    }

    /// Reads a string literal and decodes its escapes. A literal without escapes is its own text between the
    /// quotes, so it is returned as that range rather than copied.
    fn string(&mut self) -> Option<Value> {
        if !self.eat(b'"') {
            return None;
        }
        let body_start = self.position;
        let mut decoded: Option<String> = None;
        loop {
            let rest = &self.text[self.position..];
            let ch = rest.chars().next()?;
            match ch {
                '"' => {
                    let body = body_start..self.position;
                    self.position += 1;
                    return Some(match decoded {
                        Some(value) => Value::Decoded(value),
                        None => Value::Source(body),
                    });
                }
                '\\' => {
                    let value = decoded.get_or_insert_with(|| self.text[body_start..self.position].to_string());
                    self.position += 1;
                    let escaped = self.peek()?;
                    self.position += 1;
                    match escaped {
                        b'"' => value.push('"'),
                        b'\\' => value.push('\\'),
                        b'/' => value.push('/'),
                        b'b' => value.push('\u{8}'),
                        b'f' => value.push('\u{c}'),
                        b'n' => value.push('\n'),
                        b'r' => value.push('\r'),
                        b't' => value.push('\t'),
                        b'u' => value.push(self.unicode_escape()?),
                        _ => return None,
                    }
                }
                // Raw control characters (a literal TAB, for instance) are not allowed inside JSON strings.
                '\u{0}'..='\u{1f}' => return None,
                _ => {
                    if let Some(value) = &mut decoded {
                        value.push(ch);
                    }
                    self.position += ch.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.position..self.position + 4)?;
        if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return None;
        }
        self.position += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// Decodes `\uXXXX`, pairing surrogates. Like Go, a lone surrogate becomes U+FFFD rather than an error.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.text[self.position..].starts_with("\\u") {
            let saved = self.position;
            self.position += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Some(char::from_u32(combined).unwrap_or('\u{FFFD}'));
            }
            // Not a low surrogate: the first one stands alone and the second escape is read on its own.
            self.position = saved;
        }
        Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Option<Vec<String>> {
        match parse_string_array(text) {
            JsonArray::Strings(pieces) => Some(pieces.iter().map(|piece| piece.text(text).to_string()).collect()),
            _ => None,
        }
    }

    #[test]
    fn string_arrays_decode() {
        assert_eq!(strings(r#"["a", "b\/c"]"#), Some(vec!["a".to_string(), "b/c".to_string()]));
        assert_eq!(strings("[]"), Some(vec![]));
        assert_eq!(strings("[ \"\\u0000\" ]"), Some(vec!["\0".to_string()]));
    }

    #[test]
    fn invalid_json_is_not_json() {
        for text in ["['a']", "[\"a\"", "[\"a\" \"b\"]", "[\"a\tb\"]", "[\"a\"] x", "[01]", "[1e999]"] {
            assert_eq!(parse_string_array(text), JsonArray::NotJson, "{text}");
        }
    }

    #[test]
    fn valid_json_with_other_values_is_flagged() {
        assert_eq!(parse_string_array(r#"["a", 1]"#), JsonArray::NotStrings(6..7));
        assert!(matches!(parse_string_array(r#"[ "echo", [ "nested json" ] ]"#), JsonArray::NotStrings(_)));
        assert!(matches!(parse_string_array("[null]"), JsonArray::NotStrings(_)));
    }
}
