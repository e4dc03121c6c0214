//! Finding heredoc markers (`<<EOF`, `<<-EOF`, `2<<'EOF'`) in an instruction line.
//!
//! BuildKit splits the whole joined line into shell words, keeping quotes and escapes as written, and then tests
//! each word against the marker pattern `[n]<<[-][blanks]WORD`. A word inside quotes (`"<<EOF"`) therefore never
//! counts. A line whose quotes do not balance yields no words at all, and so no heredocs. The escape character
//! here is always `\`, whatever the `escape` directive says, because BuildKit's heredoc lexer is fixed to it.

use std::ops::Range;

use serde::Serialize;

/// A heredoc marker word, decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeredocMarker {
    /// The terminator with quotes removed (`<<"EOF"` ends at `EOF`).
    pub name: String,
    pub file_descriptor: u32,
    /// `<<-`: strip leading TABs.
    pub chomp: bool,
    /// False when any part of the word was quoted.
    pub expand: bool,
}

/// Decodes one word as a heredoc marker: `Ok(None)` when it is not one, `Err` when it looks like one but its
/// quotes are unbalanced. `COPY` uses this to tell heredoc sources from paths, as BuildKit does.
///
/// Nearly no word is a marker, and `COPY` asks about every source: the check for the leading digits and `<<` is
/// inlined where it is called, and only a word that starts like a marker pays for reading the rest.
#[inline]
pub fn parse_heredoc_marker(word: &str) -> Result<Option<HeredocMarker>, String> {
    let digits = word.len() - word.trim_start_matches(|ch: char| ch.is_ascii_digit()).len();
    match word.get(digits..).and_then(|rest| rest.strip_prefix("<<")) {
        Some(after) => marker_after(word, digits, after),
        None => Ok(None),
    }
}

/// The rest of [`parse_heredoc_marker`], for a word whose `digits` leading digits are followed by `<<` and `after`.
fn marker_after(word: &str, digits: usize, after: &str) -> Result<Option<HeredocMarker>, String> {
    let (chomp, after) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    // The pattern allows blanks between `<<` and the word (the line lexer keeps them attached).
    let rest = after.trim_start_matches([' ', '\t', '\n', '\u{c}', '\r']);
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let file_descriptor = word[..digits].parse::<u32>().unwrap_or(0);
    let Some((name, quoted)) = unquote_single_word(rest)? else {
        return Ok(None);
    };
    Ok(Some(HeredocMarker { name, file_descriptor, chomp, expand: !quoted }))
}

/// Removes quotes and escapes from a marker word the way a shell would. Returns `None` when the text is not
/// exactly one word, and whether any quoting took effect.
fn unquote_single_word(text: &str) -> Result<Option<(String, bool)>, String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                quoted = true;
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(inner) => current.push(inner),
                        None => return Err(format!("unterminated single quote in heredoc marker {text:?}")),
                    }
                }
            }
            '"' => {
                quoted = true;
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.peek() {
                            Some(&next @ ('"' | '$' | '\\')) => {
                                chars.next();
                                current.push(next);
                            }
                            Some(_) => current.push('\\'),
                            None => {}
                        },
                        Some(inner) => current.push(inner),
                        None => return Err(format!("unterminated double quote in heredoc marker {text:?}")),
                    }
                }
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                    in_word = true;
                }
            }
            ch if ch.is_whitespace() => {
                if in_word && !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                in_word = false;
            }
            ch => {
                current.push(ch);
                in_word = true;
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    Ok((words.len() == 1).then(|| (words.remove(0), quoted)))
}

/// A marker found in a line, with the byte range of its word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FoundMarker {
    pub marker: HeredocMarker,
    pub range: Range<usize>,
}

/// Finds every heredoc marker in a joined instruction line, in order. Errors carry the range of the bad word.
pub(super) fn markers_in_line(line: &str) -> Result<Vec<FoundMarker>, (String, Range<usize>)> {
    let Some(words) = raw_shell_words(line) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for range in words {
        match parse_heredoc_marker(&line[range.clone()]) {
            Ok(Some(marker)) => found.push(FoundMarker { marker, range }),
            Ok(None) => {}
            Err(message) => return Err((message, range)),
        }
    }
    Ok(found)
}

/// Splits a line into shell words without removing anything, returning each word's byte range. `<<` swallows
/// the blanks after it, so `<<  EOF` stays one word. `None` when a quote or `${` is left open.
fn raw_shell_words(line: &str) -> Option<Vec<Range<usize>>> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut index = 0;
    while index < bytes.len() {
        let rest = &line[index..];
        let ch = rest.chars().next()?;
        let width = ch.len_utf8();
        if ch.is_whitespace() {
            if let Some(begin) = start.take() {
                words.push(begin..index);
            }
            index += width;
            continue;
        }
        start.get_or_insert(index);
        index += match ch {
            '\'' => 1 + rest[1..].find('\'')? + 1,
            '"' => 1 + closing_double_quote(&rest[1..])? + 1,
            '\\' => 1 + rest[1..].chars().next().map_or(0, char::len_utf8),
            '$' if rest.starts_with("${") => rest.find('}')? + 1,
            '<' if rest.starts_with("<<") => 2 + (rest.len() - 2 - rest[2..].trim_start_matches([' ', '\t']).len()),
            _ => width,
        };
    }
    if let Some(begin) = start {
        words.push(begin..line.len());
    }
    Some(words)
}

/// Byte offset of the `"` that closes a double-quoted section, honouring `\"`.
fn closing_double_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => return Some(index),
            b'\\' => index += 2,
            _ => index += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        markers_in_line(line).unwrap().into_iter().map(|found| found.marker.name).collect()
    }

    #[test]
    fn markers_from_lines() {
        assert_eq!(names("RUN <<EOF"), vec!["EOF"]);
        assert_eq!(names("RUN <<EOF <<EOF2"), vec!["EOF", "EOF2"]);
        assert_eq!(names("RUN <<  EOF  > foo"), vec!["EOF"]);
        assert_eq!(names("RUN << -EOF"), vec!["-EOF"]);
        assert_eq!(names("RUN 4<<EOF"), vec!["EOF"]);
        assert!(names("RUN '<<EOF'").is_empty());
        assert!(names(r#"RUN "<<EOF""#).is_empty());
        assert!(names("RUN <<'EOF").is_empty(), "an unbalanced line has no words");
    }

    #[test]
    fn marker_words() {
        let marker = |word: &str| parse_heredoc_marker(word).unwrap();
        assert_eq!(marker("<<eo'f'").map(|m| (m.name, m.expand)), Some(("eof".to_string(), false)));
        assert_eq!(marker(r"<<eo\'f").map(|m| (m.name, m.expand)), Some(("eo'f".to_string(), true)));
        assert_eq!(marker(r"<<'e'o\'f").map(|m| (m.name, m.expand)), Some(("eo'f".to_string(), false)));
        assert_eq!(marker("<<'one two'").map(|m| m.name), Some("one two".to_string()));
        assert_eq!(marker("3<<-X").map(|m| (m.file_descriptor, m.chomp)), Some((3, true)));
        for not_marker in ["", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "<<EOF sh", "cat<<EOF"] {
            assert_eq!(marker(not_marker), None, "{not_marker:?}");
        }
        for invalid in ["<<'EOF", "<<\"EOF", "<<EOF'", "<<EOF\""] {
            assert!(parse_heredoc_marker(invalid).is_err(), "{invalid:?}");
        }
    }
}
