//! Located diagnostics: what the engine reports about a place in the user's text.
//!
//! Every message the learner sees points at a [`Span`] of their Dockerfile, so the editor can underline the exact
//! word. Codes are stable identifiers: kebab-case for the engine's own findings (`unknown-instruction`) and the
//! BuildKit check name where BuildKit has one (`NoEmptyContinuation`), so lessons and lint docs can link to them.

use std::cell::Cell;
use std::ops::Range;

use serde::Serialize;

/// A range of the source text, in the forms the different consumers need.
///
/// Lines and columns are 1-based and columns count characters (not bytes), because that is what an editor shows.
/// Byte offsets index the `&str` that was parsed, including a leading byte-order mark if there was one. They are
/// `u32`, like the lines and columns: the parser makes a span for every word, and the tree and the typed
/// instructions hold several each, so the four bytes saved per offset made every node and instruction smaller and
/// cheaper to build and move. A text longer than 4 GiB is not a Dockerfile any builder reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    /// Line of the first character (1-based).
    pub line: u32,
    /// Column of the first character (1-based, in characters).
    pub column: u32,
    /// Line of the last character; equal to `line` for a span within one line.
    pub end_line: u32,
    /// Column just past the last character (1-based, in characters).
    pub end_column: u32,
    /// Number of characters covered, line breaks included.
    pub len: u32,
    /// Byte offset of the first character.
    pub offset: u32,
    /// Byte offset just past the last character.
    pub end_offset: u32,
}

impl Span {
    /// The smallest span covering both `self` and `other`.
    pub fn cover(self, other: Span) -> Span {
        let (first, last) = if self.offset <= other.offset { (self, other) } else { (other, self) };
        let (end_line, end_column, end_offset) = if last.end_offset >= first.end_offset {
            (last.end_line, last.end_column, last.end_offset)
        } else {
            (first.end_line, first.end_column, first.end_offset)
        };
        // Character counts cannot be recomputed without the text; the sum of the parts is exact when the two
        // spans touch and an honest estimate otherwise, which is all an underline needs.
        let len = if end_offset == first.end_offset { first.len } else { first.len + last.len };
        Span { line: first.line, column: first.column, end_line, end_column, len, offset: first.offset, end_offset }
    }

    /// Whether the span covers no text (for example a missing argument at the end of a line).
    pub fn is_empty(&self) -> bool {
        self.offset == self.end_offset
    }

    /// The byte range of the text the span covers, for slicing the source.
    pub fn range(&self) -> Range<usize> {
        self.offset as usize..self.end_offset as usize
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The builder would refuse this Dockerfile.
    Error,
    /// The builder accepts it, but it is probably not what the author meant.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

/// One finding about the user's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    /// A stable identifier, never reused for another meaning.
    pub code: &'static str,
    /// A clear sentence that quotes the offending text.
    pub message: String,
    /// A suggested fix, such as "did you mean RUN?".
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity, span, code, message: message.into(), hint: None }
    }

    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, span, message)
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, span, message)
    }

    pub fn info(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Info, code, span, message)
    }

    /// Adds a hint, keeping the builder style short at call sites.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Turns byte ranges of one source text into [`Span`]s.
///
/// It holds the start of every line, so a lookup is a binary search plus a walk over one line's characters:
/// no work proportional to the file size per span.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Whether the whole text is ASCII, where a character count is a byte count. Nearly every Dockerfile is, and
    /// this keeps each span O(1) instead of a walk over its line: the parser makes a span for every word.
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let (line_starts, ascii) = scan_lines(text);
        LineIndex { text, line_starts, ascii }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// 1-based line and column of a byte offset. Offsets inside a character are moved back to its start.
    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(next) => next - 1,
        };
        let start = self.line_starts[line];
        let column = self.char_count(start, offset) + 1;
        (to_u32(line + 1), to_u32(column))
    }

    /// The span of the bytes `start..end` (clamped to the text).
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.span_near(start, end, &Cell::new(0))
    }

    /// [`LineIndex::span`] for callers that ask for spans roughly in text order, as the parser does for every
    /// word: `hint` remembers the last line found, and a lookup walks forward from there (a step or two) before
    /// it falls back to a binary search.
    pub(crate) fn span_near(&self, start: usize, end: usize, hint: &Cell<usize>) -> Span {
        // The common case, a span within the line of the previous one in an ASCII text, needs no search and no
        // character counting.
        if self.ascii {
            let line = hint.get();
            let start = start.min(self.text.len());
            let end = end.clamp(start, self.text.len());
            if let Some(&line_start) = self.line_starts.get(line) {
                let next_start = self.line_starts.get(line + 1).copied().unwrap_or(usize::MAX);
                if line_start <= start && end < next_start {
                    let line = to_u32(line + 1);
                    return Span {
                        line,
                        column: to_u32(start - line_start + 1),
                        end_line: line,
                        end_column: to_u32(end - line_start + 1),
                        len: to_u32(end - start),
                        offset: to_u32(start),
                        end_offset: to_u32(end),
                    };
                }
            }
        }
        let start = self.floor_char_boundary(start.min(self.text.len()));
        let end = self.floor_char_boundary(end.clamp(start, self.text.len()));
        let start_line = self.line_near(start, hint.get());
        hint.set(start_line);
        let line_start = self.line_starts.get(start_line).copied().unwrap_or_default();
        let next_start = self.line_starts.get(start_line + 1).copied().unwrap_or(usize::MAX);
        // Nearly every span lies within one line, where the end needs no search of its own.
        let (end_line, end_line_start) = if end < next_start {
            (start_line, line_start)
        } else {
            let end_line = self.line_near(end, start_line);
            (end_line, self.line_starts.get(end_line).copied().unwrap_or_default())
        };
        Span {
            line: to_u32(start_line + 1),
            column: to_u32(self.char_count(line_start, start) + 1),
            end_line: to_u32(end_line + 1),
            end_column: to_u32(self.char_count(end_line_start, end) + 1),
            len: to_u32(self.char_count(start, end)),
            offset: to_u32(start),
            end_offset: to_u32(end),
        }
    }

    /// The span of `start..end` when the caller knows both lie on the 0-based `line`, as every piece of a
    /// one-line instruction does: in an ASCII text that needs no search and no counting. `None` when the text is
    /// not ASCII or the range is not on that line.
    pub(crate) fn span_on_line(&self, line: usize, start: usize, end: usize) -> Option<Span> {
        let line_start = *self.line_starts.get(line)?;
        let next_start = self.line_starts.get(line + 1).copied().unwrap_or(usize::MAX);
        if !self.ascii || start < line_start || end < start || end >= next_start || end > self.text.len() {
            return None;
        }
        let line = to_u32(line + 1);
        Some(Span {
            line,
            column: to_u32(start - line_start + 1),
            end_line: line,
            end_column: to_u32(end - line_start + 1),
            len: to_u32(end - start),
            offset: to_u32(start),
            end_offset: to_u32(end),
        })
    }

    /// The 0-based line holding `offset` (a character boundary within the text), starting the search at `hint`.
    fn line_near(&self, offset: usize, hint: usize) -> usize {
        /// How far a forward walk may go before a binary search is cheaper.
        const MAX_WALK: usize = 8;
        let starts = &self.line_starts;
        if starts.get(hint).is_some_and(|&start| start <= offset) {
            let mut line = hint;
            for _ in 0..MAX_WALK {
                match starts.get(line + 1) {
                    Some(&next) if next <= offset => line += 1,
                    _ => return line,
                }
            }
        }
        match starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(next) => next - 1,
        }
    }

    /// Where every line starts, in order; the first is 0, and a text ending in a line feed has its length last.
    pub(crate) fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Byte offset where a 1-based line starts, if the line exists.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts.get((line as usize).checked_sub(1)?).copied()
    }

    fn char_count(&self, start: usize, end: usize) -> usize {
        if self.ascii {
            end - start
        } else {
            self.text[start..end].chars().count()
        }
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        if self.ascii {
            return offset;
        }
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// The start of every line and whether the text is ASCII. The index is built for every parse, so the line feeds
/// are found with `memchr`, which compares many bytes per step (a byte loop or a char search cost several times
/// more per byte), and the ASCII check is the standard library's word-at-a-time one.
fn scan_lines(text: &str) -> (Vec<usize>, bool) {
    let bytes = text.as_bytes();
    // Real Dockerfiles average well over 16 bytes a line, so this rarely grows.
    let mut line_starts = Vec::with_capacity(bytes.len() / 16 + 2);
    line_starts.push(0);
    line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|index| index + 1));
    (line_starts, text.is_ascii())
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_characters_not_bytes() {
        let index = LineIndex::new("FROM a\nRUN ♥x\n");
        let span = index.span(11, 15);
        assert_eq!((span.line, span.column, span.end_column, span.len), (2, 5, 7, 2));
    }

    #[test]
    fn line_scan_finds_every_line_feed_and_non_ascii_byte() {
        for text in ["", "\n", "a\nb", "0123456\n89abcdef\n\n", "0123456789abcdef0123456789\n", "ab\ncd\u{e9}\n"] {
            let expected: Vec<usize> =
                std::iter::once(0).chain(text.match_indices('\n').map(|(index, _)| index + 1)).collect();
            assert_eq!(scan_lines(text), (expected, text.is_ascii()), "{text:?}");
        }
        // A non-ASCII byte in the remainder after the last whole chunk.
        assert!(!scan_lines("01234567\u{e9}").1);
    }

    #[test]
    fn span_across_lines_reports_both_ends() {
        let index = LineIndex::new("ab\ncd\n");
        let span = index.span(1, 4);
        assert_eq!((span.line, span.column, span.end_line, span.end_column, span.len), (1, 2, 2, 2, 3));
    }
}
