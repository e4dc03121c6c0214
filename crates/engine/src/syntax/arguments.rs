//! Splitting one joined instruction line into keyword, flags and arguments, instruction by instruction.
//!
//! Every function works on a plain `&str` and returns byte ranges into it, so the caller can locate each piece in
//! the source. The splitting rules are BuildKit's, quirks included: flags lose their quotes while `ARG` and `ENV`
//! words keep them, `FROM` splits on whitespace ignoring quotes, and so on.

use std::ops::Range;

/// One piece of text cut out of a line: its (possibly processed) value and the bytes it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    pub value: Value,
    pub range: Range<usize>,
}

/// The value of a [`Piece`]. Most pieces are their source text, which the caller takes from the line without a
/// copy; only pieces whose quotes or escapes were removed carry a decoded string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    /// These bytes of the line, as written.
    Source(Range<usize>),
    Decoded(String),
}

impl Piece {
    /// A piece whose value is exactly its source text.
    pub fn raw(range: Range<usize>) -> Piece {
        Piece { value: Value::Source(range.clone()), range }
    }

    /// The value as a string, given the line the ranges index.
    #[cfg(test)]
    pub fn text<'t>(&'t self, line: &'t str) -> &'t str {
        match &self.value {
            Value::Source(range) => &line[range.clone()],
            Value::Decoded(value) => value,
        }
    }
}

/// Unicode whitespace, which is what Go's `unicode.IsSpace` and `strings.TrimSpace` use.
pub(super) fn is_space(ch: char) -> bool {
    ch.is_whitespace()
}

/// The narrower class `[\t\v\f\r ]` that BuildKit uses to split a keyword from its arguments and whitespace
/// separated arguments from each other.
pub(super) fn is_split_space(ch: char) -> bool {
    matches!(ch, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Whether a byte of UTF-8 text is one of the `[\t\v\f\r ]` of [`is_split_space`]. Every one of them is ASCII and
/// no byte of a longer character is, so splitting can go a byte at a time.
pub(super) fn is_split_space_byte(byte: u8) -> bool {
    matches!(byte, b'\t' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Where the first `[\t\v\f\r ]` byte of `bytes` is.
pub(super) fn split_space_at(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&byte| is_split_space_byte(byte))
}

/// How many bytes of Unicode whitespace `text` starts with. Checked a byte at a time while the text is ASCII
/// (nearly always), where Unicode whitespace is exactly `[\t\n\v\f\r ]`.
pub(super) fn leading_space(text: &str) -> usize {
    for (index, &byte) in text.as_bytes().iter().enumerate() {
        if byte >= 0x80 {
            let rest = text.get(index..).unwrap_or_default();
            return index + (rest.len() - rest.trim_start_matches(is_space).len());
        }
        if !byte.is_ascii_whitespace() && byte != 0x0b {
            return index;
        }
    }
    text.len()
}

/// How many bytes of Unicode whitespace `text` ends with; see [`leading_space`].
pub(super) fn trailing_space(text: &str) -> usize {
    for (index, &byte) in text.as_bytes().iter().enumerate().rev() {
        if byte >= 0x80 {
            return text.len() - text.trim_end_matches(is_space).len();
        }
        if !byte.is_ascii_whitespace() && byte != 0x0b {
            return text.len() - (index + 1);
        }
    }
    text.len()
}

/// The byte range of `text` without leading and trailing Unicode whitespace.
pub(super) fn trimmed_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + leading_space(slice);
    let end = range.start + (slice.len() - trailing_space(slice));
    start..end.max(start)
}

/// Splits `text` on runs of `[\t\v\f\r ]`, dropping empty pieces at the ends. Yields byte ranges, so the caller
/// copies each word once, straight into its argument.
pub(super) fn split_whitespace(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut position = 0;
    std::iter::from_fn(move || {
        let start = position + bytes.get(position..)?.iter().position(|&byte| !is_split_space_byte(byte))?;
        let end = bytes
            .get(start..)?
            .iter()
            .position(|&byte| is_split_space_byte(byte))
            .map_or(bytes.len(), |length| start + length);
        position = end;
        Some(start..end)
    })
}

/// The character at byte `index` of `text` (a character boundary) and its length in bytes. Every character the
/// splitters look for is ASCII, so most calls never decode anything.
fn char_at(text: &str, index: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(index)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    let ch = text.get(index..)?.chars().next()?;
    Some((ch, ch.len_utf8()))
}

/// Whether an ASCII byte is Unicode whitespace (`[\t\n\v\f\r ]`).
fn is_ascii_space_byte(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == 0x0b
}

/// Reads the leading `--flag` words, handing each to `flag` (quotes removed, the escape character honoured).
/// Returns the byte offset where the remaining text starts. A bare `--` ends the flags and is dropped.
pub(super) fn extract_flags(text: &str, escape: char, mut flag: impl FnMut(Piece)) -> usize {
    // Nearly every instruction starts its arguments with something other than a dash or a space.
    if text.as_bytes().first().is_some_and(|&byte| byte != b'-' && byte.is_ascii() && !is_ascii_space_byte(byte)) {
        return 0;
    }
    let bytes = text.as_bytes();
    let mut position = 0;
    loop {
        position += leading_space(text.get(position..).unwrap_or_default());
        if position >= text.len() {
            return text.len();
        }
        let start = position;
        if !bytes[start..].starts_with(b"--") {
            return start;
        }
        // Nearly every flag is ASCII without quotes or escapes, ending at a space or the end of the text: then its
        // value is its source text, found a byte at a time. Anything else is read character by character.
        let plain = bytes[start..]
            .iter()
            .position(|&byte| {
                !byte.is_ascii()
                    || is_ascii_space_byte(byte)
                    || byte == b'\''
                    || byte == b'"'
                    || char::from(byte) == escape
            })
            .map_or(text.len(), |length| start + length);
        let (end, decoded, saw_quote) = if bytes.get(plain).is_none_or(|&byte| is_ascii_space_byte(byte)) {
            (plain, None, false)
        } else {
            flag_word(text, start, escape)
        };
        position = end;
        let value = decoded.as_deref().unwrap_or(&text[start..end]);
        if value == "--" {
            return end;
        }
        // A quoted empty string still makes a word (`--x=""` keeps `--x=`), like BuildKit's `blankOK`.
        if saw_quote || !value.is_empty() {
            let value = match decoded {
                Some(decoded) => Value::Decoded(decoded),
                None => Value::Source(start..end),
            };
            flag(Piece { value, range: start..end });
        }
    }
}

/// Reads one flag word starting at byte `start`, character by character: quotes are removed and the escape
/// character takes the next character literally. Returns where the word ends, its value when that differs from
/// the source text, and whether it held a quote.
fn flag_word(text: &str, start: usize, escape: char) -> (usize, Option<String>, bool) {
    // A decoded copy is only started at the first character that is removed.
    let mut decoded: Option<String> = None;
    let mut quote: Option<char> = None;
    let mut saw_quote = false;
    let mut index = start;
    while let Some((mut ch, length)) = char_at(text, index) {
        match quote {
            None if is_space(ch) => break,
            None if ch == '\'' || ch == '"' => {
                decoded.get_or_insert_with(|| text[start..index].to_string());
                quote = Some(ch);
                saw_quote = true;
                index += length;
                continue;
            }
            Some(open) if ch == open => {
                decoded.get_or_insert_with(|| text[start..index].to_string());
                quote = None;
                index += length;
                continue;
            }
            _ => {}
        }
        let before = index;
        index += length;
        if ch == escape {
            let value = decoded.get_or_insert_with(|| text[start..before].to_string());
            match char_at(text, index) {
                Some((escaped, escaped_length)) => {
                    ch = escaped;
                    index += escaped_length;
                }
                None => {
                    // An escape character at the very end escapes nothing and is dropped.
                    quote = None;
                    continue;
                }
            }
            value.push(ch);
            continue;
        }
        if let Some(value) = &mut decoded {
            value.push(ch);
        }
    }
    (index, decoded, saw_quote)
}

/// Splits on whitespace while keeping quoted sections (and escaped characters) inside one word, handing each word
/// to `word`. The words keep their quotes and escape characters: removing them is the expansion step's job. Used
/// by `ARG`, `ENV`, `LABEL`.
pub(super) fn split_words(text: &str, escape: char, mut word: impl FnMut(Piece)) {
    // A word's value is its source text, except that an escape character ending the whole text escapes nothing
    // and is dropped. So the scan only tracks boundaries, and nothing is copied.
    let mut index = 0;
    loop {
        while let Some((ch, length)) = char_at(text, index) {
            if !is_space(ch) {
                break;
            }
            index += length;
        }
        if index >= text.len() {
            return;
        }
        let word_start = index;
        let mut quote: Option<char> = None;
        let mut saw_quote = false;
        while let Some((ch, length)) = char_at(text, index) {
            if quote.is_none() && is_space(ch) {
                break;
            }
            index += length;
            match quote {
                None if ch == '\'' || ch == '"' => {
                    quote = Some(ch);
                    saw_quote = true;
                }
                // Inside single quotes the escape character is literal; inside double quotes it escapes.
                Some(open) if ch == open => quote = None,
                Some('\'') => {}
                // Outside quotes the escape character and the character it escapes are both kept, even when that
                // character is a quote.
                _ if ch == escape => match char_at(text, index) {
                    Some((_, escaped_length)) => index += escaped_length,
                    None => {
                        // At the very end of the text it escapes nothing and is dropped from the value.
                        let value_end = text.len() - escape.len_utf8();
                        if saw_quote || value_end > word_start {
                            word(Piece { value: Value::Source(word_start..value_end), range: word_start..text.len() });
                        }
                        return;
                    }
                },
                _ => {}
            }
        }
        if saw_quote || index > word_start {
            word(Piece { value: Value::Source(word_start..index), range: word_start..index });
        }
    }
}

/// One `key=value` (or legacy `key value`) pair of an `ENV` or `LABEL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pair {
    pub key: Piece,
    pub value: Piece,
    /// The `=` (a one-byte range) or, for the legacy form, an empty range where the separator would be.
    pub separator: Range<usize>,
}

/// A problem found while splitting, with the bytes it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SplitError {
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    pub range: Range<usize>,
}

/// Splits the text of an `ENV` or `LABEL` into pairs, handing each to `pair`. Keeps the good pairs even when some
/// word is broken; the problems are returned.
pub(super) fn split_name_values(
    text: &str,
    escape: char,
    instruction: &str,
    mut pair: impl FnMut(Pair),
) -> Vec<SplitError> {
    let mut errors = Vec::new();
    // Decided by the first word: whether the line is in the legacy `KEY value` form.
    let mut legacy: Option<bool> = None;
    split_words(text, escape, |word| {
        // Every word of `split_words` is a piece of `text` (its value at most drops a trailing escape character).
        let value = match &word.value {
            Value::Source(range) => range.clone(),
            Value::Decoded(_) => word.range.clone(),
        };
        let equals = text[value.clone()].find('=');
        if *legacy.get_or_insert(equals.is_none()) {
            return;
        }
        let Some(equals) = equals else {
            let shown = &text[value];
            errors.push(SplitError {
                code: "missing-equals",
                message: format!("{instruction}: can't find = in {shown:?}; it must be of the form name=value"),
                hint: Some(format!("write {shown}=<value>, or quote the value if it contains spaces")),
                range: word.range.clone(),
            });
            return;
        };
        // The value starts where the word starts, so offsets within it are offsets within the source.
        let equals_at = value.start + equals;
        pair(Pair {
            key: Piece { value: Value::Source(value.start..equals_at), range: word.range.start..equals_at },
            value: Piece { value: Value::Source(equals_at + 1..value.end), range: (equals_at + 1)..word.range.end },
            separator: equals_at..equals_at + 1,
        });
    });
    if legacy != Some(true) {
        return errors;
    }
    // Legacy form: the first whitespace run separates the key from a value that runs to the end of the line.
    let Some(key_end) = text.find(is_split_space) else {
        return vec![SplitError {
            code: "missing-value",
            message: format!("{instruction} {text:?} has a name but no value"),
            hint: Some(format!("write {instruction} {text}=<value>")),
            range: 0..text.len(),
        }];
    };
    let value_start = key_end + text[key_end..].len() - text[key_end..].trim_start_matches(is_split_space).len();
    pair(Pair { key: Piece::raw(0..key_end), value: Piece::raw(value_start..text.len()), separator: key_end..key_end });
    errors
}

/// `HEALTHCHECK`: the first word and the byte offset where the command after it starts.
pub(super) fn split_first_word(text: &str) -> Option<(Range<usize>, usize)> {
    let first_end = text.find(is_space).unwrap_or(text.len());
    if first_end == 0 {
        return None;
    }
    let rest_start = first_end + leading_space(&text[first_end..]);
    Some((0..first_end, rest_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'t>(pieces: &'t [Piece], line: &'t str) -> Vec<&'t str> {
        pieces.iter().map(|piece| piece.text(line)).collect()
    }

    #[test]
    fn space_is_trimmed_as_unicode_whitespace() {
        for text in ["", " ", "a", " \t\u{b}\u{c}\r\na b\n ", "\u{a0}x\u{2003}", " é ", "é\u{85}", "\u{3000} \u{3000}"]
        {
            assert_eq!(leading_space(text), text.len() - text.trim_start().len(), "{text:?}");
            assert_eq!(trailing_space(text), text.len() - text.trim_end().len(), "{text:?}");
        }
        let words: Vec<_> = split_whitespace("  a\u{a0}b \t c\u{b}").collect();
        assert_eq!(words, [2..6, 9..10]);
    }

    #[test]
    fn flags_lose_quotes_and_stop_at_double_dash() {
        let line = r#"--a="x y" --b -- --c d"#;
        let mut flags = Vec::new();
        let rest = extract_flags(line, '\\', |flag| flags.push(flag));
        assert_eq!(values(&flags, line), vec!["--a=x y", "--b"]);
        assert_eq!(&r#"--a="x y" --b -- --c d"#[rest..], " --c d");
    }

    #[test]
    fn flags_stop_at_first_plain_word() {
        let text = "--from=build /a /b";
        let mut flags = Vec::new();
        let rest = extract_flags(text, '\\', |flag| flags.push(flag));
        assert_eq!(values(&flags, text), vec!["--from=build"]);
        assert_eq!(&text[rest..], "/a /b");
    }

    #[test]
    fn flags_outside_ascii_and_with_quotes_or_escapes_are_read_by_character() {
        let line = "--a=\u{e9}t\u{e9} --b=\"x y\" --c=\"\" --d=a\\ b --e\u{2003}rest";
        let mut flags = Vec::new();
        let rest = extract_flags(line, '\\', |flag| flags.push(flag));
        assert_eq!(values(&flags, line), vec!["--a=\u{e9}t\u{e9}", "--b=x y", "--c=", "--d=a b", "--e"]);
        assert_eq!(&line[rest..], "rest");
        assert!(matches!(flags[0].value, Value::Source(_)), "an unquoted word is its source text");
        // An escape character at the very end escapes nothing and is dropped.
        let mut flags = Vec::new();
        assert_eq!(extract_flags("--x=a`", '`', |flag| flags.push(flag)), 6);
        assert_eq!(values(&flags, "--x=a`"), vec!["--x=a"]);
    }

    #[test]
    fn words_split_on_unicode_space_and_drop_a_final_escape() {
        let line = "a\u{a0}b \"c d\"\te\\";
        let mut words = Vec::new();
        split_words(line, '\\', |word| words.push(word));
        assert_eq!(values(&words, line), vec!["a", "b", "\"c d\"", "e"]);
        assert_eq!(words[3].range, 11..13, "the dropped escape still belongs to the word's source");
        let mut words = Vec::new();
        split_words("x \\", '\\', |word| words.push(word));
        assert_eq!(words.len(), 1, "an escape alone at the end makes no word");
        let mut words = Vec::new();
        split_words("'a\\' \"b\\\" c\"", '\\', |word| words.push(word));
        assert_eq!(values(&words, "'a\\' \"b\\\" c\""), vec!["'a\\'", "\"b\\\" c\""]);
    }

    #[test]
    fn words_keep_quotes() {
        let line = r#"abc="123 456" def"#;
        let mut words = Vec::new();
        split_words(line, '\\', |word| words.push(word));
        assert_eq!(values(&words, line), vec![r#"abc="123 456""#, "def"]);
        assert_eq!(words[1].range, 14..17);
    }

    #[test]
    fn legacy_pair_keeps_the_rest_of_the_line() {
        let line = "SCUBA 1 DUBA 3";
        let mut pairs = Vec::new();
        let errors = split_name_values(line, '\\', "ENV", |pair| pairs.push(pair));
        assert!(errors.is_empty());
        assert_eq!((pairs[0].key.text(line), pairs[0].value.text(line)), ("SCUBA", "1 DUBA 3"));
    }

    #[test]
    fn name_without_value_is_an_error() {
        let mut pairs = Vec::new();
        let errors = split_name_values("PATH", '\\', "ENV", |pair| pairs.push(pair));
        assert!(pairs.is_empty());
        assert_eq!(errors[0].code, "missing-value");
    }
}
