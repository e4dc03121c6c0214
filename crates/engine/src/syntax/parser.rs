//! The line scanner: byte-order mark, parser directives, comments, continuation lines and heredoc bodies, and the
//! per-instruction splitting that turns each joined line into a [`Node`].
//!
//! The order of the checks follows BuildKit's `Parse` loop closely, because the quirks are what learners trip
//! over: a comment line inside a continuation vanishes, an empty one only warns, leading whitespace of a
//! continuation line is kept, and a directive after anything else is just a comment.

use std::cell::Cell;
use std::ops::Range;
use std::sync::Arc;

use smallvec::SmallVec;

use super::arguments::{
    extract_flags, is_split_space_byte, leading_space, split_first_word, split_name_values, split_space_at,
    split_whitespace, split_words, trailing_space, trimmed_range, Piece, Value,
};
use super::heredoc::markers_in_line;
use super::json::{parse_string_array, JsonArray};
use super::{
    Argument, ArgumentForm, Arguments, Comment, Directive, Dockerfile, Flag, Heredoc, Keyword, Node, ParsedDockerfile,
    DEFAULT_ESCAPE,
};
use crate::diagnostic::{Diagnostic, LineIndex, Span};
use crate::text::Text;

/// BuildKit reads lines with Go's default scanner buffer; a longer line is an error there.
const MAX_LINE_BYTES: usize = 64 * 1024 - 1;

/// `ONBUILD ONBUILD …` nests nodes; BuildKit rejects the chain later anyway, so a shallow cap keeps hostile input
/// from recursing deeply.
const MAX_ONBUILD_DEPTH: usize = 4;

pub(super) fn parse(text: &str) -> ParsedDockerfile {
    let mut parser = Parser::new(text);
    parser.run();
    parser.finish()
}

/// One physical line: where it starts, where its text ends (line ending excluded) and where the next one starts.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    /// Where the text starts after leading whitespace (`content_end` for a blank line).
    text_start: usize,
    content_end: usize,
    end: usize,
}

/// An instruction's text after continuation lines are joined, with a map back to the source.
struct JoinedLine<'s> {
    /// The parsed source.
    source: &'s Arc<str>,
    /// The joined text when the instruction is more than one piece of the source, built by [`JoinedLine::join`];
    /// otherwise (nearly always) the joined text is in the source itself. Every [`Text`] of the node shares the
    /// buffer that holds it.
    own: Option<Arc<str>>,
    /// Where the joined text starts in [`JoinedLine::buffer`].
    start: usize,
    /// (offset in the joined text, offset in the source) for each contiguous piece, in order.
    pieces: Vec<(usize, usize)>,
    /// The length of the joined text.
    len: usize,
    /// Where the instruction starts in the source, used when nothing was joined.
    anchor: usize,
    /// The 0-based line of the source that holds the whole joined text, when it is one piece.
    single_line: Option<usize>,
}

impl<'s> JoinedLine<'s> {
    /// `pieces` is a buffer handed from one instruction to the next, so it is allocated once per parse.
    fn new(source: &'s Arc<str>, anchor: usize, mut pieces: Vec<(usize, usize)>) -> Self {
        pieces.clear();
        JoinedLine { source, own: None, start: anchor, pieces, len: 0, anchor, single_line: None }
    }

    /// The buffer that holds the joined text.
    fn buffer(&self) -> &Arc<str> {
        self.own.as_ref().unwrap_or(self.source)
    }

    fn push(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.pieces.push((self.len, range.start));
        self.len += range.len();
    }

    /// Settles where the joined text lives once every piece is pushed: in the source when there is at most one
    /// piece, else in a new buffer holding the pieces one after the other. `scratch` is a buffer kept from one
    /// instruction to the next to put the pieces together in.
    fn join(&mut self, scratch: &mut String) {
        match self.pieces[..] {
            [] => self.start = self.anchor,
            [(_, source_start)] => self.start = source_start,
            _ => {
                scratch.clear();
                for (index, &(joined_start, source_start)) in self.pieces.iter().enumerate() {
                    let joined_end = self.pieces.get(index + 1).map_or(self.len, |next| next.0);
                    scratch.push_str(
                        self.source.get(source_start..source_start + (joined_end - joined_start)).unwrap_or(""),
                    );
                }
                self.own = Some(Arc::from(scratch.as_str()));
                self.start = 0;
            }
        }
    }

    /// The joined text (after [`JoinedLine::join`]).
    fn text(&self) -> &str {
        self.buffer().get(self.start..self.start + self.len).unwrap_or("")
    }

    /// A range of the joined text as a [`Text`] that shares the buffer.
    fn slice(&self, range: Range<usize>) -> Text {
        Text::from_shared(self.buffer(), self.start + range.start..self.start + range.end)
    }

    /// The value of a piece cut from the range `base..` of the joined text.
    fn value(&self, base: usize, value: Value) -> Text {
        match value {
            Value::Source(range) => self.slice(base + range.start..base + range.end),
            Value::Decoded(decoded) => Text::from(decoded),
        }
    }

    fn to_source(&self, joined: usize) -> usize {
        // Most instructions are one line: one piece, and no search.
        if let [(joined_start, source_start)] = self.pieces[..] {
            if joined >= joined_start {
                return source_start + (joined - joined_start);
            }
        }
        let index = match self.pieces.binary_search_by_key(&joined, |piece| piece.0) {
            Ok(exact) => exact,
            Err(0) => return self.anchor,
            Err(next) => next - 1,
        };
        let (joined_start, source_start) = self.pieces[index];
        source_start + (joined - joined_start)
    }

    /// The source byte range of a range of the joined text. A range that spans a continuation covers the line
    /// break in the source, which is what an underline should show.
    fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.to_source(range.start);
        if range.end <= range.start {
            return start..start;
        }
        start..self.to_source(range.end - 1) + 1
    }
}

/// A node with nothing in it yet, for [`Parser::build_node`] to fill.
fn empty_node() -> Node {
    Node {
        keyword: Keyword::Unknown,
        keyword_text: Text::empty(),
        keyword_span: Span::default(),
        flags: Vec::new(),
        arguments: Arguments::new(),
        form: ArgumentForm::Text,
        rest: Text::empty(),
        rest_span: Span::default(),
        heredocs: Vec::new(),
        child: None,
        original: Text::empty(),
        span: Span::default(),
        start_line: 0,
        end_line: 0,
        comments: SmallVec::new(),
        malformed: false,
    }
}

struct Parser<'a> {
    text: &'a str,
    /// The same text in a reference-counted buffer, which every long [`Text`] of the tree shares instead of
    /// holding a copy of its own.
    source: Arc<str>,
    index: LineIndex<'a>,
    /// The line of the last span made: spans come in text order, so the next one is usually on the same line.
    line_hint: Cell<usize>,
    /// The piece map of the last joined line, kept for its allocation.
    joined_pieces: Vec<(usize, usize)>,
    /// Where continuation lines are put together, kept for its allocation.
    joined_scratch: String,
    lines: Vec<Line>,
    escape: char,
    directives: Vec<Directive>,
    directives_done: bool,
    nodes: Vec<Node>,
    comments: Vec<Comment>,
    empty_continuation_lines: Vec<Span>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        // The line index already knows where every line starts; a text ending in a line feed has one more
        // (empty) start there, which is no line to read.
        let index = LineIndex::new(text);
        let starts = index.line_starts();
        let mut lines = Vec::with_capacity(starts.len());
        // Estimates of the node and comment counts, so that neither list grows (a node is a few hundred bytes, and
        // every regrowth copies all of them) nor is much larger than needed. A line after one that ends in `\`
        // continues an instruction; with another escape character the estimate is low and the list just grows.
        let (mut instruction_lines, mut comment_lines) = (0, 0);
        let mut continued = false;
        for (number, &start) in starts.iter().enumerate() {
            if start >= text.len() {
                break;
            }
            let end = starts.get(number + 1).copied().unwrap_or(text.len());
            // Line endings and the blanks before a continuation are ASCII, so they are found a byte at a time.
            let line_bytes = text.as_bytes().get(start..end).unwrap_or_default();
            let ending = line_bytes.iter().rev().take_while(|&&byte| matches!(byte, b'\r' | b'\n')).count();
            let content = &text[start..end - ending];
            let text_start = start + leading_space(content);
            match text.as_bytes().get(text_start) {
                Some(b'#') if text_start < start + content.len() => comment_lines += 1,
                Some(_) if text_start < start + content.len() => {
                    if !continued {
                        instruction_lines += 1;
                    }
                    let mut kept = content.as_bytes();
                    while let [rest @ .., b' ' | b'\t'] = kept {
                        kept = rest;
                    }
                    continued = kept.ends_with(b"\\") && !kept.ends_with(b"\\\\");
                }
                _ => {}
            }
            lines.push(Line { start, text_start, content_end: start + content.len(), end });
        }
        // The byte-order mark belongs to no line's text.
        if let Some(first) = lines.first_mut() {
            if text.starts_with('\u{feff}') {
                first.start += '\u{feff}'.len_utf8();
                first.content_end = first.content_end.max(first.start);
                first.text_start = first.start + leading_space(&text[first.start..first.content_end]);
            }
        }
        Parser {
            text,
            source: Arc::from(text),
            index,
            line_hint: Cell::new(0),
            joined_pieces: Vec::new(),
            joined_scratch: String::new(),
            lines,
            escape: DEFAULT_ESCAPE,
            directives: Vec::new(),
            directives_done: false,
            nodes: Vec::with_capacity(instruction_lines),
            comments: Vec::with_capacity(comment_lines),
            empty_continuation_lines: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn span(&self, range: Range<usize>) -> Span {
        self.index.span_near(range.start, range.end, &self.line_hint)
    }

    fn locate(&self, joined: &JoinedLine, range: Range<usize>) -> Span {
        if let Some(line) = joined.single_line {
            let start = joined.start + range.start;
            if let Some(span) = self.index.span_on_line(line, start, joined.start + range.end.max(range.start)) {
                return span;
            }
        }
        self.span(joined.source_range(range))
    }

    fn run(&mut self) {
        let text = self.text;
        let source = Arc::clone(&self.source);
        // The comments above the next instruction are `self.comments[pending_from..]`: every comment line outside
        // an instruction is recorded there, and an empty `#` line, a directive or an instruction moves the start
        // past what came before.
        let mut pending_from = 0;
        let mut next = 0;
        // Out of `self` while the lines are read, so that a node can be filled in place while the parser is
        // borrowed for its spans and diagnostics.
        let mut nodes = std::mem::take(&mut self.nodes);
        while next < self.lines.len() {
            let line = self.lines[next];
            next += 1;
            self.check_line_length(line);
            let trimmed_start = line.text_start;
            let trimmed = &text[trimmed_start..line.content_end];
            let is_comment = trimmed.starts_with('#');
            if is_comment {
                let comment = self.comment(next - 1, trimmed_start, line.content_end);
                let is_empty = comment.text.is_empty();
                self.comments.push(comment);
                // An empty `#` line separates a comment block from the instruction below it.
                if is_empty {
                    pending_from = self.comments.len();
                }
            }
            if !self.directives_done {
                if self.directive(trimmed, trimmed_start..line.content_end) {
                    if is_comment {
                        pending_from = self.comments.len();
                    }
                } else {
                    self.directives_done = true;
                }
            }
            if is_comment {
                continue;
            }
            let (first_piece_end, mut continues) = self.continuation(trimmed_start..line.content_end);
            if !continues && trimmed.is_empty() {
                continue;
            }
            let attached = pending_from.min(self.comments.len())..self.comments.len();
            let start_line = next;
            // Spans of this instruction that are not on one line look their lines up starting from here.
            self.line_hint.set(next - 1);
            let mut joined = JoinedLine::new(&source, trimmed_start, std::mem::take(&mut self.joined_pieces));
            joined.push(trimmed_start..first_piece_end);
            let mut first_empty_line: Option<Span> = None;
            let mut last_content_end = line.content_end;
            while continues && next < self.lines.len() {
                let line = self.lines[next];
                next += 1;
                self.check_line_length(line);
                last_content_end = line.content_end;
                let lead_trimmed = &text[line.text_start..line.content_end];
                if lead_trimmed.starts_with('#') {
                    // Comment lines inside a continuation vanish without a trace in the instruction.
                    let comment = self.comment(next - 1, line.text_start, line.content_end);
                    self.comments.push(comment);
                    continue;
                }
                if lead_trimmed.is_empty() {
                    let span = self.span(line.start..line.content_end);
                    self.empty_continuation_lines.push(span);
                    first_empty_line.get_or_insert(span);
                    continue;
                }
                let (piece_end, more) = self.continuation(line.start..line.content_end);
                joined.push(line.start..piece_end);
                continues = more;
            }
            pending_from = self.comments.len();
            joined.join(&mut self.joined_scratch);
            if joined.pieces.len() == 1 {
                joined.single_line = Some(start_line - 1);
            }
            // Most instructions have no comment above them: then nothing is cloned or collected.
            let comments = match self.comments.get(attached) {
                Some(above) if !above.is_empty() => SmallVec::from(above),
                _ => SmallVec::new(),
            };
            // Made where it stays: a node is a few hundred bytes, and pushing one built elsewhere copied all of it.
            nodes.resize_with(nodes.len() + 1, empty_node);
            let Some(node) = nodes.last_mut() else { break };
            self.build_node(&joined, 0..joined.len, comments, 0, node);
            node.start_line = u32::try_from(start_line).unwrap_or(u32::MAX);
            if let Some(empty) = first_empty_line {
                let shown: String = joined.text().trim().chars().take(60).collect();
                self.diagnostics.push(
                    Diagnostic::warning(
                        "NoEmptyContinuation",
                        empty,
                        format!("empty continuation line found in: {shown}"),
                    )
                    .with_hint(
                        "delete the empty line; empty continuation lines will become errors in a future release",
                    ),
                );
            }
            if let Some(end) = self.read_heredocs(&joined, node, &mut next) {
                last_content_end = end;
            }
            // The whole joined text, untrimmed.
            node.original = joined.slice(0..joined.len);
            self.joined_pieces = joined.pieces;
            let node_start = node.keyword_span.offset as usize;
            let node_end = last_content_end.max(node_start);
            // Nearly every instruction is one line, whose number is known.
            node.span = self
                .index
                .span_on_line(start_line - 1, node_start, node_end)
                .unwrap_or_else(|| self.span(node_start..node_end));
            node.end_line = u32::try_from(next).unwrap_or(u32::MAX);
        }
        self.nodes = nodes;
    }

    /// The comment on the 0-based `line` whose `#` is at `hash` and whose line ends at `end`: its text is what
    /// follows the `#`, trimmed.
    fn comment(&self, line: usize, hash: usize, end: usize) -> Comment {
        let body = self.text.get(hash + 1..end).unwrap_or("");
        let text_start = hash + 1 + leading_space(body);
        let text_end = (end - trailing_space(body)).max(text_start);
        // The line is known, so an ASCII text needs no search for it; the general lookup would start from the line
        // of the previous span, which for a comment is nearly always an earlier one.
        self.line_hint.set(line);
        let span = self.index.span_on_line(line, hash, end).unwrap_or_else(|| self.span(hash..end));
        Comment { text: Text::from_shared(&self.source, text_start..text_end), span }
    }

    fn check_line_length(&mut self, line: Line) {
        if line.content_end - line.start > MAX_LINE_BYTES {
            let span = self.span(line.start..line.start);
            self.diagnostics.push(Diagnostic::error(
                "line-too-long",
                span,
                format!(
                    "this line is {} bytes long; the builder accepts at most {MAX_LINE_BYTES}",
                    line.content_end - line.start
                ),
            ));
        }
    }

    /// Whether the text `range` ends in a line continuation, and where the kept text ends. A continuation is the
    /// escape character as the last non-blank character (blanks being spaces and TABs) when the character before
    /// it is not also the escape character.
    fn continuation(&self, range: Range<usize>) -> (usize, bool) {
        let text = &self.text[range.clone()];
        // Most lines end in neither a blank nor the escape character, or are empty.
        match text.as_bytes().last() {
            None => return (range.end, false),
            Some(&last) if last != b' ' && last != b'\t' && self.escape.is_ascii() && last != self.escape as u8 => {
                return (range.end, false);
            }
            Some(_) => {}
        }
        // Blanks are ASCII, so they can be dropped a byte at a time; what is left ends on a character boundary.
        let blanks = text.bytes().rev().take_while(|byte| matches!(byte, b' ' | b'\t')).count();
        let without_blanks = &text[..text.len() - blanks];
        let Some(before_escape) = without_blanks.strip_suffix(self.escape) else {
            return (range.end, false);
        };
        if before_escape.ends_with(self.escape) {
            return (range.end, false);
        }
        (range.start + before_escape.len(), true)
    }

    /// Handles a line while directives are still being looked for. Returns false when the line is not a
    /// directive, which ends the search for good.
    fn directive(&mut self, line: &str, range: Range<usize>) -> bool {
        let Some(after_hash) = line.strip_prefix('#') else {
            return false;
        };
        let body = after_hash.trim_start();
        let key_length = body
            .char_indices()
            .take_while(|&(index, ch)| if index == 0 { ch.is_ascii_alphabetic() } else { ch.is_ascii_alphanumeric() })
            .count();
        if key_length == 0 {
            return false;
        }
        let is_regex_space = |ch: char| matches!(ch, ' ' | '\t' | '\n' | '\u{c}' | '\r');
        let key = &body[..key_length];
        let Some(after_equals) = body[key_length..].trim_start_matches(is_regex_space).strip_prefix('=') else {
            return false;
        };
        let value_with_blanks = after_equals.trim_start_matches(is_regex_space);
        let value = value_with_blanks.trim_end_matches(is_regex_space);
        if value.is_empty() {
            return false;
        }
        let name = key.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            return false;
        }
        let value_start = range.end - value_with_blanks.len();
        let span = self.span(range.clone());
        let value_span = self.span(value_start..value_start + value.len());
        if self.directives.iter().any(|directive| directive.name == name) {
            self.diagnostics.push(
                Diagnostic::error("duplicate-directive", span, format!("only one {name} parser directive can be used"))
                    .with_hint("delete one of the two lines"),
            );
            return true;
        }
        if name == "escape" {
            match value {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "invalid-escape-directive",
                            value_span,
                            format!("invalid escape character {value:?}: it must be ` or \\"),
                        )
                        .with_hint("write # escape=` (common on Windows) or leave the directive out"),
                    );
                }
            }
        }
        self.directives.push(Directive { name, value: value.to_string(), span, value_span });
        true
    }

    /// Reads the heredoc bodies that follow an instruction line. Returns the end of the last line consumed.
    fn read_heredocs(&mut self, joined: &JoinedLine, node: &mut Node, next: &mut usize) -> Option<usize> {
        let target = node.effective();
        if !target.keyword.allows_heredocs() || target.form == ArgumentForm::Json || !joined.text().contains("<<") {
            return None;
        }
        let markers = match markers_in_line(joined.text()) {
            Ok(markers) => markers,
            Err((message, range)) => {
                let span = self.locate(joined, range);
                self.diagnostics.push(Diagnostic::error("invalid-heredoc", span, message));
                node.malformed = true;
                return None;
            }
        };
        let text = self.text;
        let mut last_end = None;
        for found in markers {
            let marker_span = self.locate(joined, found.range.clone());
            let mut content = String::new();
            let mut terminator_span = None;
            let body_start = self.lines.get(*next).map_or(text.len(), |line| line.start);
            let mut body_end = body_start;
            while *next < self.lines.len() {
                let line = self.lines[*next];
                *next += 1;
                last_end = Some(line.content_end);
                let mut candidate = &text[line.start..line.content_end];
                if found.marker.chomp {
                    candidate = candidate.trim_start_matches('\t');
                }
                if candidate == found.marker.name {
                    terminator_span = Some(self.span(line.start..line.content_end));
                    break;
                }
                content.push_str(&text[line.start..line.end]);
                body_end = line.content_end;
            }
            if terminator_span.is_none() {
                node.malformed = true;
                self.diagnostics.push(
                    Diagnostic::error(
                        "unterminated-heredoc",
                        marker_span,
                        format!("unterminated heredoc: no line equal to {:?} ends it", found.marker.name),
                    )
                    .with_hint(format!("add a line containing only {} after the body", found.marker.name)),
                );
            }
            node.heredocs.push(Heredoc {
                name: found.marker.name,
                file_descriptor: found.marker.file_descriptor,
                expand: found.marker.expand,
                chomp: found.marker.chomp,
                content,
                marker_span,
                body_span: self.span(body_start..body_end.max(body_start)),
                terminator_span,
            });
        }
        last_end
    }

    /// Splits one joined line (or the trigger part of an `ONBUILD`) into `node`, which is [`empty_node`] when
    /// called. The node is filled where it will stay (in the list of nodes, or in its parent's box): a node is a
    /// few hundred bytes, and building it on the stack and moving it there copied it twice.
    fn build_node(
        &mut self,
        joined: &JoinedLine,
        range: Range<usize>,
        comments: SmallVec<[Comment; 1]>,
        depth: usize,
        node: &mut Node,
    ) {
        let text = joined.text();
        let line = trimmed_range(text, range);
        let slice = &text[line.clone()];
        let keyword_end = line.start + split_space_at(slice.as_bytes()).unwrap_or(slice.len());
        let keyword_text = joined.slice(line.start..keyword_end);
        let keyword = Keyword::from_word(&keyword_text);
        let after_keyword = {
            let tail = text.as_bytes().get(keyword_end..line.end).unwrap_or_default();
            keyword_end + tail.iter().take_while(|&&byte| is_split_space_byte(byte)).count()
        };
        let mut flags = Vec::new();
        let mut rest_range = line.end..line.end;
        if keyword_end < line.end {
            let rest_start = extract_flags(&text[after_keyword..line.end], self.escape, |piece| {
                let span = self.locate(joined, after_keyword + piece.range.start..after_keyword + piece.range.end);
                // The name runs from after the dashes to the first `=`, the value from after it. Both are cut
                // from the source like the word itself, rather than from the word's own copy.
                let word = match &piece.value {
                    Value::Source(range) => text.get(after_keyword + range.start..after_keyword + range.end),
                    Value::Decoded(decoded) => Some(decoded.as_str()),
                }
                .unwrap_or_default();
                let word_start = if word.starts_with("--") { 2 } else { 0 };
                let equals = word.as_bytes().iter().skip(word_start).position(|&byte| byte == b'=');
                let part = |range: Range<usize>| match &piece.value {
                    Value::Source(source) => {
                        let start = after_keyword + source.start;
                        joined.slice(start + range.start..start + range.end)
                    }
                    Value::Decoded(decoded) => Text::new(decoded.get(range).unwrap_or_default()),
                };
                let (name, value) = match equals {
                    Some(equals) => {
                        let equals = word_start + equals;
                        (part(word_start..equals), Some(part(equals + 1..word.len())))
                    }
                    None => (part(word_start..word.len()), None),
                };
                let flag_text = joined.value(after_keyword, piece.value);
                // Most flagged instructions have one flag: room for one first, rather than the usual four.
                if flags.capacity() == 0 {
                    flags.reserve_exact(1);
                }
                flags.push(Flag { text: flag_text, name, value, span });
            });
            rest_range = trimmed_range(text, after_keyword + rest_start..line.end);
        }
        let rest = &text[rest_range.clone()];
        let base = rest_range.start;
        node.keyword = keyword;
        node.keyword_span = self.locate(joined, line.start..keyword_end);
        node.keyword_text = keyword_text;
        node.flags = flags;
        node.rest = joined.slice(rest_range.clone());
        node.rest_span = self.locate(joined, rest_range.clone());
        // A top-level node gets the untrimmed joined text and its whole span from the caller.
        if depth > 0 {
            node.original = joined.slice(line.clone());
            node.span = self.locate(joined, line.clone());
        }
        node.comments = comments;
        let to_argument = |parser: &Parser, piece: Piece| Argument {
            span: parser.locate(joined, base + piece.range.start..base + piece.range.end),
            value: joined.value(base, piece.value),
        };
        match keyword {
            Keyword::Add | Keyword::Copy | Keyword::Volume => {
                // Filled in place: collecting into a new list and moving that into the node copied the list.
                if let Some(strings) = self.json_arguments(joined, node, rest, base) {
                    node.arguments.extend(strings.into_iter().map(|piece| to_argument(self, piece)));
                } else {
                    node.arguments.extend(split_whitespace(rest).map(|range| to_argument(self, Piece::raw(range))));
                }
            }
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
                self.maybe_json(joined, node, rest, base);
            }
            Keyword::Arg => {
                let arguments = &mut node.arguments;
                split_words(rest, self.escape, |piece| arguments.push(to_argument(self, piece)));
            }
            Keyword::Env | Keyword::Label => {
                let arguments = &mut node.arguments;
                let errors = split_name_values(rest, self.escape, keyword.name(), |pair| {
                    // The `=` is its own source text; the legacy form's separator is the empty text.
                    let separator = Piece::raw(pair.separator.clone());
                    arguments.push(to_argument(self, pair.key));
                    arguments.push(to_argument(self, pair.value));
                    arguments.push(to_argument(self, separator));
                });
                for error in errors {
                    let span = self.locate(joined, base + error.range.start..base + error.range.end);
                    let mut diagnostic = Diagnostic::error(error.code, span, error.message);
                    diagnostic.hint = error.hint;
                    self.diagnostics.push(diagnostic);
                    node.malformed = true;
                }
            }
            Keyword::Expose | Keyword::From => {
                node.arguments.extend(split_whitespace(rest).map(|range| to_argument(self, Piece::raw(range))));
            }
            Keyword::Healthcheck => {
                if let Some((kind, command_start)) = split_first_word(rest) {
                    node.arguments.push(to_argument(self, Piece::raw(kind)));
                    let command = &rest[command_start..];
                    self.maybe_json(joined, node, command, base + command_start);
                }
            }
            Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
                if !rest.is_empty() {
                    node.arguments.push(Argument { span: node.rest_span, value: node.rest.clone() });
                }
            }
            Keyword::Onbuild => {
                if !rest.is_empty() {
                    if depth >= MAX_ONBUILD_DEPTH {
                        let span = node.rest_span;
                        self.diagnostics.push(Diagnostic::error(
                            "onbuild-chain",
                            span,
                            "ONBUILD triggers nested this deeply are not analysed; chaining ONBUILD isn't allowed",
                        ));
                        node.malformed = true;
                    } else {
                        let mut child = Box::new(empty_node());
                        self.build_node(joined, rest_range.clone(), SmallVec::new(), depth + 1, &mut child);
                        if child.malformed {
                            node.malformed = true;
                        }
                        node.child = Some(child);
                    }
                }
            }
            Keyword::Unknown => {}
        }
    }

    /// The JSON array's strings if `rest` is one; reports a valid array with non-string elements as an error.
    fn json_arguments(&mut self, joined: &JoinedLine, node: &mut Node, rest: &str, base: usize) -> Option<Vec<Piece>> {
        match parse_string_array(rest) {
            JsonArray::NotJson => None,
            JsonArray::Strings(strings) => {
                node.form = ArgumentForm::Json;
                Some(strings)
            }
            JsonArray::NotStrings(range) => {
                let span = self.locate(joined, base + range.start..base + range.end);
                let element = &rest[range];
                self.diagnostics.push(
                    Diagnostic::error(
                        "json-not-strings",
                        span,
                        format!(
                            "when using JSON array syntax, arrays must be comprised of strings only, but {element} is not a string"
                        ),
                    )
                    .with_hint("quote every element, for example [\"python\", \"app.py\"]"),
                );
                node.form = ArgumentForm::Json;
                node.malformed = true;
                Some(Vec::new())
            }
        }
    }

    /// `RUN`/`CMD`/`ENTRYPOINT`/`SHELL` and the command of `HEALTHCHECK`: appends the JSON strings to the node's
    /// arguments, or the whole text as one argument when it is not JSON.
    fn maybe_json(&mut self, joined: &JoinedLine, node: &mut Node, rest: &str, base: usize) {
        if rest.is_empty() {
            return;
        }
        match self.json_arguments(joined, node, rest, base) {
            Some(strings) => {
                for piece in strings {
                    let argument = Argument {
                        span: self.locate(joined, base + piece.range.start..base + piece.range.end),
                        value: joined.value(base, piece.value),
                    };
                    node.arguments.push(argument);
                }
            }
            None => node.arguments.push(Argument {
                span: self.locate(joined, base..base + rest.len()),
                value: joined.slice(base..base + rest.len()),
            }),
        }
    }

    fn finish(mut self) -> ParsedDockerfile {
        if self.nodes.is_empty() {
            let span = self.span(0..self.text.len());
            self.diagnostics.push(
                Diagnostic::error("no-instructions", span, "the Dockerfile has no instructions")
                    .with_hint("a Dockerfile starts with a FROM line, such as FROM python:3.12-slim"),
            );
        }
        ParsedDockerfile {
            tree: Dockerfile {
                escape: self.escape,
                directives: self.directives,
                nodes: self.nodes,
                comments: self.comments,
                empty_continuation_lines: self.empty_continuation_lines,
            },
            diagnostics: self.diagnostics,
        }
    }
}
