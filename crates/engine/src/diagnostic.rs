//! Located diagnostics: what the engine reports about a place in the user's text.
//!
//! Every message the learner sees points at a [`Span`] of their Dockerfile, so the editor can underline the exact
//! word. Codes are stable identifiers: kebab-case for the engine's own findings (`unknown-instruction`) and the
//! BuildKit check name where BuildKit has one (`NoEmptyContinuation`), so lessons and lint docs can link to them.

use serde::Serialize;

/// A range of the source text, in the forms the different consumers need.
///
/// Lines and columns are 1-based and columns count characters (not bytes), because that is what an editor shows.
/// Byte offsets index the `&str` that was parsed, including a leading byte-order mark if there was one.
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
    pub offset: usize,
    /// Byte offset just past the last character.
    pub end_offset: usize,
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
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        LineIndex { text, line_starts }
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
        let column = self.text[start..offset].chars().count() + 1;
        (to_u32(line + 1), to_u32(column))
    }

    /// The span of the bytes `start..end` (clamped to the text).
    pub fn span(&self, start: usize, end: usize) -> Span {
        let start = self.floor_char_boundary(start.min(self.text.len()));
        let end = self.floor_char_boundary(end.clamp(start, self.text.len()));
        let (line, column) = self.line_column(start);
        let (end_line, end_column) = self.line_column(end);
        let len = to_u32(self.text[start..end].chars().count());
        Span { line, column, end_line, end_column, len, offset: start, end_offset: end }
    }

    /// Byte offset where a 1-based line starts, if the line exists.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts.get((line as usize).checked_sub(1)?).copied()
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
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
    fn span_across_lines_reports_both_ends() {
        let index = LineIndex::new("ab\ncd\n");
        let span = index.span(1, 4);
        assert_eq!((span.line, span.column, span.end_line, span.end_column, span.len), (1, 2, 2, 2, 3));
    }
}
