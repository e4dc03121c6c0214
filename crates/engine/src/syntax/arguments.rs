//! Splitting one joined instruction line into keyword, flags and arguments, instruction by instruction.
//!
//! Every function works on a plain `&str` and returns byte ranges into it, so the caller can locate each piece in
//! the source. The splitting rules are BuildKit's, quirks included: flags lose their quotes while `ARG` and `ENV`
//! words keep them, `FROM` splits on whitespace ignoring quotes, and so on.

use std::ops::Range;

/// One piece of text cut out of a line: its (possibly processed) value and the bytes it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    pub value: String,
    pub range: Range<usize>,
}

impl Piece {
    pub fn raw(text: &str, range: Range<usize>) -> Piece {
        Piece { value: text[range.clone()].to_string(), range }
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

/// The byte range of `text` without leading and trailing Unicode whitespace.
pub(super) fn trimmed_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start_matches(is_space).len());
    let end = range.start + slice.trim_end_matches(is_space).len();
    start..end.max(start)
}

/// Splits `text` on runs of `[\t\v\f\r ]`, dropping empty pieces at the ends. Yields byte ranges, so the caller
/// copies each word once, straight into its argument.
pub(super) fn split_whitespace(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut position = 0;
    std::iter::from_fn(move || {
        let rest = &text[position..];
        let start = position + (rest.len() - rest.trim_start_matches(is_split_space).len());
        if start == text.len() {
            position = start;
            return None;
        }
        let end = text[start..].find(is_split_space).map_or(text.len(), |length| start + length);
        position = end;
        Some(start..end)
    })
}

/// Reads the leading `--flag` words. Returns the flags (quotes removed, the escape character honoured) and the
/// byte offset where the remaining text starts. A bare `--` ends the flags and is dropped.
pub(super) fn extract_flags(text: &str, escape: char) -> (Vec<Piece>, usize) {
    // Walks the characters lazily: most instructions have no flags, and collecting the characters of a long `RUN`
    // line up front was the parser's single biggest cost.
    let mut chars = text.char_indices().peekable();
    let mut flags = Vec::new();
    loop {
        while chars.next_if(|&(_, ch)| is_space(ch)).is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            return (flags, text.len());
        };
        if !text[start..].starts_with("--") {
            return (flags, start);
        }
        let mut value = String::new();
        let mut quote: Option<char> = None;
        // A quoted empty string still makes a word (`--x=""` keeps `--x=`), like BuildKit's `blankOK`.
        let mut saw_quote = false;
        while let Some(&(_, next)) = chars.peek() {
            let mut ch = next;
            match quote {
                None if is_space(ch) => break,
                None if ch == '\'' || ch == '"' => {
                    quote = Some(ch);
                    saw_quote = true;
                    chars.next();
                    continue;
                }
                Some(open) if ch == open => {
                    quote = None;
                    chars.next();
                    continue;
                }
                _ => {}
            }
            chars.next();
            if ch == escape {
                match chars.next() {
                    Some((_, escaped)) => ch = escaped,
                    None => {
                        // An escape character at the very end escapes nothing and is dropped.
                        quote = None;
                        continue;
                    }
                }
            }
            value.push(ch);
        }
        let end = chars.peek().map_or(text.len(), |&(offset, _)| offset);
        if value == "--" {
            return (flags, end);
        }
        if saw_quote || !value.is_empty() {
            flags.push(Piece { value, range: start..end });
        }
    }
}

/// Splits on whitespace while keeping quoted sections (and escaped characters) inside one word. The words keep
/// their quotes and escape characters: removing them is the expansion step's job. Used by `ARG`, `ENV`, `LABEL`.
pub(super) fn split_words(text: &str, escape: char) -> Vec<Piece> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    // A word's value is its source text, except that an escape character ending the whole text escapes nothing
    // and is dropped. So the scan only tracks boundaries and each word is copied once, at the end.
    let mut chars = text.char_indices().peekable();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word_start = 0;
    let mut saw_quote = false;
    let mut dropped_escape = false;
    let push_word = |words: &mut Vec<Piece>, range: Range<usize>, value_end: usize, saw_quote: bool| {
        if saw_quote || value_end > range.start {
            words.push(Piece { value: text[range.start..value_end].to_string(), range });
        }
    };
    while let Some((index, ch)) = chars.next() {
        if phase == Phase::Spaces {
            if is_space(ch) {
                continue;
            }
            phase = Phase::Word;
            word_start = index;
        }
        if phase == Phase::Word {
            if is_space(ch) {
                push_word(&mut words, word_start..index, index, saw_quote);
                saw_quote = false;
                phase = Phase::Spaces;
                continue;
            }
            if ch == '\'' || ch == '"' {
                phase = Phase::Quote(ch);
                saw_quote = true;
            }
            // Outside quotes the escape character and the character it escapes are both kept, even when that
            // character is a quote.
            if ch == escape && chars.next().is_none() {
                dropped_escape = true;
            }
            continue;
        }
        if let Phase::Quote(open) = phase {
            if ch == open {
                phase = Phase::Word;
            }
            // Inside single quotes the escape character is literal; inside double quotes it escapes.
            if ch == escape && open != '\'' && chars.next().is_none() {
                phase = Phase::Word;
                dropped_escape = true;
            }
        }
    }
    if phase != Phase::Spaces {
        let value_end = if dropped_escape { text.len() - escape.len_utf8() } else { text.len() };
        push_word(&mut words, word_start..text.len(), value_end, saw_quote);
    }
    words
}

/// One `key=value` (or legacy `key value`) pair of an `ENV` or `LABEL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pair {
    pub key: Piece,
    pub value: Piece,
    /// The `=` (a one-byte range) or, for the legacy form, an empty range where the separator would be.
    pub separator: Range<usize>,
    pub legacy: bool,
}

/// A problem found while splitting, with the bytes it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SplitError {
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    pub range: Range<usize>,
}

/// Splits the text of an `ENV` or `LABEL` into pairs. Keeps the good pairs even when some word is broken.
pub(super) fn split_name_values(text: &str, escape: char, instruction: &str) -> (Vec<Pair>, Vec<SplitError>) {
    let words = split_words(text, escape);
    let Some(first) = words.first() else {
        return (Vec::new(), Vec::new());
    };
    if !first.value.contains('=') {
        // Legacy form: the first whitespace run separates the key from a value that runs to the end of the line.
        let split_at = text.find(is_split_space);
        let Some(key_end) = split_at else {
            let error = SplitError {
                code: "missing-value",
                message: format!("{instruction} {text:?} has a name but no value"),
                hint: Some(format!("write {instruction} {text}=<value>")),
                range: 0..text.len(),
            };
            return (Vec::new(), vec![error]);
        };
        let value_start = key_end + text[key_end..].len() - text[key_end..].trim_start_matches(is_split_space).len();
        let pair = Pair {
            key: Piece::raw(text, 0..key_end),
            value: Piece::raw(text, value_start..text.len()),
            separator: key_end..key_end,
            legacy: true,
        };
        return (vec![pair], Vec::new());
    }
    let mut pairs = Vec::new();
    let mut errors = Vec::new();
    for word in words {
        let Some(equals) = word.value.find('=') else {
            errors.push(SplitError {
                code: "missing-equals",
                message: format!("{instruction}: can't find = in {:?}; it must be of the form name=value", word.value),
                hint: Some(format!("write {}=<value>, or quote the value if it contains spaces", word.value)),
                range: word.range.clone(),
            });
            continue;
        };
        // The word's value equals its source text except for a dropped trailing escape character, so offsets
        // within the word are offsets within the source.
        let equals_at = word.range.start + equals;
        pairs.push(Pair {
            key: Piece { value: word.value[..equals].to_string(), range: word.range.start..equals_at },
            value: Piece { value: word.value[equals + 1..].to_string(), range: (equals_at + 1)..word.range.end },
            separator: equals_at..equals_at + 1,
            legacy: false,
        });
    }
    (pairs, errors)
}

/// `HEALTHCHECK`: the first word and the byte offset where the command after it starts.
pub(super) fn split_first_word(text: &str) -> Option<(Range<usize>, usize)> {
    let first_end = text.find(is_space).unwrap_or(text.len());
    if first_end == 0 {
        return None;
    }
    let rest = &text[first_end..];
    let rest_start = first_end + rest.len() - rest.trim_start_matches(is_space).len();
    Some((0..first_end, rest_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pieces: &[Piece]) -> Vec<&str> {
        pieces.iter().map(|piece| piece.value.as_str()).collect()
    }

    #[test]
    fn flags_lose_quotes_and_stop_at_double_dash() {
        let (flags, rest) = extract_flags(r#"--a="x y" --b -- --c d"#, '\\');
        assert_eq!(values(&flags), vec!["--a=x y", "--b"]);
        assert_eq!(&r#"--a="x y" --b -- --c d"#[rest..], " --c d");
    }

    #[test]
    fn flags_stop_at_first_plain_word() {
        let text = "--from=build /a /b";
        let (flags, rest) = extract_flags(text, '\\');
        assert_eq!(values(&flags), vec!["--from=build"]);
        assert_eq!(&text[rest..], "/a /b");
    }

    #[test]
    fn words_keep_quotes() {
        let words = split_words(r#"abc="123 456" def"#, '\\');
        assert_eq!(values(&words), vec![r#"abc="123 456""#, "def"]);
        assert_eq!(words[1].range, 14..17);
    }

    #[test]
    fn legacy_pair_keeps_the_rest_of_the_line() {
        let (pairs, errors) = split_name_values("SCUBA 1 DUBA 3", '\\', "ENV");
        assert!(errors.is_empty());
        assert_eq!((pairs[0].key.value.as_str(), pairs[0].value.value.as_str()), ("SCUBA", "1 DUBA 3"));
    }

    #[test]
    fn name_without_value_is_an_error() {
        let (pairs, errors) = split_name_values("PATH", '\\', "ENV");
        assert!(pairs.is_empty());
        assert_eq!(errors[0].code, "missing-value");
    }
}
