//! The line scanner: byte-order mark, parser directives, comments, continuation lines and heredoc bodies, and the
//! per-instruction splitting that turns each joined line into a [`Node`].
//!
//! The order of the checks follows BuildKit's `Parse` loop closely, because the quirks are what learners trip
//! over: a comment line inside a continuation vanishes, an empty one only warns, leading whitespace of a
//! continuation line is kept, and a directive after anything else is just a comment.

use std::cell::Cell;
use std::ops::Range;

use super::arguments::{
    extract_flags, is_split_space, split_first_word, split_name_values, split_whitespace, split_words, trimmed_range,
    Piece,
};
use super::heredoc::markers_in_line;
use super::json::{parse_string_array, JsonArray};
use super::{
    Argument, ArgumentForm, Comment, Directive, Dockerfile, Flag, Heredoc, Keyword, Node, ParsedDockerfile,
    DEFAULT_ESCAPE,
};
use crate::diagnostic::{Diagnostic, LineIndex, Span};

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
    content_end: usize,
    end: usize,
}

/// An instruction's text after continuation lines are joined, with a map back to the source.
struct JoinedLine {
    /// Empty until [`JoinedLine::join`]: the pieces are collected first, so the text is allocated once at its
    /// final size instead of growing line by line.
    text: String,
    /// (offset in `text`, offset in the source) for each contiguous piece, in order.
    pieces: Vec<(usize, usize)>,
    /// The length of the joined text so far.
    len: usize,
    /// Where the instruction starts in the source, used when nothing was joined.
    anchor: usize,
}

impl JoinedLine {
    /// `pieces` is a buffer handed from one instruction to the next, so it is allocated once per parse.
    fn new(anchor: usize, mut pieces: Vec<(usize, usize)>) -> Self {
        pieces.clear();
        JoinedLine { text: String::new(), pieces, len: 0, anchor }
    }

    fn push(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.pieces.push((self.len, range.start));
        self.len += range.len();
    }

    /// Builds the joined text from the pieces pushed so far.
    fn join(&mut self, source: &str) {
        let mut text = String::with_capacity(self.len);
        for (index, &(joined_start, source_start)) in self.pieces.iter().enumerate() {
            let joined_end = self.pieces.get(index + 1).map_or(self.len, |next| next.0);
            text.push_str(&source[source_start..source_start + (joined_end - joined_start)]);
        }
        self.text = text;
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

struct Parser<'a> {
    text: &'a str,
    index: LineIndex<'a>,
    /// The line of the last span made: spans come in text order, so the next one is usually on the same line.
    line_hint: Cell<usize>,
    /// The piece map of the last joined line, kept for its allocation.
    joined_pieces: Vec<(usize, usize)>,
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
        // Upper bounds for the node and comment lists, so that neither grows (a node is a few hundred bytes, and
        // every regrowth copies all of them).
        let (mut text_lines, mut comment_lines) = (0, 0);
        for (number, &start) in starts.iter().enumerate() {
            if start >= text.len() {
                break;
            }
            let end = starts.get(number + 1).copied().unwrap_or(text.len());
            let content = text[start..end].trim_end_matches(['\r', '\n']);
            match content.trim_start().as_bytes().first() {
                Some(b'#') => comment_lines += 1,
                Some(_) => text_lines += 1,
                None => {}
            }
            lines.push(Line { start, content_end: start + content.len(), end });
        }
        // The byte-order mark belongs to no line's text.
        if let Some(first) = lines.first_mut() {
            if text.starts_with('\u{feff}') {
                first.start += '\u{feff}'.len_utf8();
                first.content_end = first.content_end.max(first.start);
            }
        }
        Parser {
            text,
            index,
            line_hint: Cell::new(0),
            joined_pieces: Vec::new(),
            lines,
            escape: DEFAULT_ESCAPE,
            directives: Vec::new(),
            directives_done: false,
            nodes: Vec::with_capacity(text_lines),
            comments: Vec::with_capacity(comment_lines),
            empty_continuation_lines: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn span(&self, range: Range<usize>) -> Span {
        self.index.span_near(range.start, range.end, &self.line_hint)
    }

    fn locate(&self, joined: &JoinedLine, range: Range<usize>) -> Span {
        self.span(joined.source_range(range))
    }

    fn run(&mut self) {
        let text = self.text;
        let mut pending_comments: Vec<Comment> = Vec::new();
        let mut next = 0;
        while next < self.lines.len() {
            let line = self.lines[next];
            next += 1;
            self.check_line_length(line);
            let raw = &text[line.start..line.content_end];
            let trimmed_start = line.start + (raw.len() - raw.trim_start().len());
            let trimmed = &text[trimmed_start..line.content_end];
            let is_comment = trimmed.starts_with('#');
            if is_comment {
                let comment =
                    Comment { text: trimmed[1..].trim().to_string(), span: self.span(trimmed_start..line.content_end) };
                self.comments.push(comment.clone());
                // An empty `#` line separates a comment block from the instruction below it.
                if comment.text.is_empty() {
                    pending_comments.clear();
                } else {
                    pending_comments.push(comment);
                }
            }
            if !self.directives_done {
                if self.directive(trimmed, trimmed_start..line.content_end) {
                    if is_comment {
                        pending_comments.pop();
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
            let start_line = next;
            let mut joined = JoinedLine::new(trimmed_start, std::mem::take(&mut self.joined_pieces));
            joined.push(trimmed_start..first_piece_end);
            let mut first_empty_line: Option<Span> = None;
            let mut last_content_end = line.content_end;
            while continues && next < self.lines.len() {
                let line = self.lines[next];
                next += 1;
                self.check_line_length(line);
                last_content_end = line.content_end;
                let raw = &text[line.start..line.content_end];
                let lead_trimmed = raw.trim_start();
                if let Some(comment_text) = lead_trimmed.strip_prefix('#') {
                    // Comment lines inside a continuation vanish without a trace in the instruction.
                    let start = line.content_end - lead_trimmed.len();
                    let comment =
                        Comment { text: comment_text.trim().to_string(), span: self.span(start..line.content_end) };
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
            joined.join(text);
            let mut node = self.build_node(&joined, 0..joined.text.len(), std::mem::take(&mut pending_comments), 0);
            node.start_line = u32::try_from(start_line).unwrap_or(u32::MAX);
            if let Some(empty) = first_empty_line {
                let shown: String = joined.text.trim().chars().take(60).collect();
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
            if let Some(end) = self.read_heredocs(&joined, &mut node, &mut next) {
                last_content_end = end;
            }
            // The whole joined text, untrimmed; nothing needs `joined` any more, so it moves instead of copying.
            node.original = std::mem::take(&mut joined.text);
            self.joined_pieces = joined.pieces;
            let node_start = node.keyword_span.offset;
            node.span = self.span(node_start..last_content_end.max(node_start));
            node.end_line = u32::try_from(next).unwrap_or(u32::MAX);
            self.nodes.push(node);
        }
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
        let without_blanks = text.trim_end_matches([' ', '\t']);
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
        if !target.keyword.allows_heredocs() || target.form == ArgumentForm::Json || !joined.text.contains("<<") {
            return None;
        }
        let markers = match markers_in_line(&joined.text) {
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

    /// Splits one joined line (or the trigger part of an `ONBUILD`) into a node.
    fn build_node(&mut self, joined: &JoinedLine, range: Range<usize>, comments: Vec<Comment>, depth: usize) -> Node {
        let text = joined.text.as_str();
        let line = trimmed_range(text, range);
        let slice = &text[line.clone()];
        let keyword_end = line.start + slice.find(is_split_space).unwrap_or(slice.len());
        let keyword_text = text[line.start..keyword_end].to_string();
        let keyword = Keyword::from_word(&keyword_text);
        let after_keyword = {
            let tail = &text[keyword_end..line.end];
            keyword_end + (tail.len() - tail.trim_start_matches(is_split_space).len())
        };
        let mut flags = Vec::new();
        let mut rest_range = line.end..line.end;
        if keyword_end < line.end {
            let (pieces, rest_start) = extract_flags(&text[after_keyword..line.end], self.escape);
            for piece in pieces {
                let span = self.locate(joined, after_keyword + piece.range.start..after_keyword + piece.range.end);
                let word = piece.value.strip_prefix("--").unwrap_or(&piece.value);
                let (name, value) = match word.split_once('=') {
                    Some((name, value)) => (name.to_string(), Some(value.to_string())),
                    None => (word.to_string(), None),
                };
                flags.push(Flag { text: piece.value, name, value, span });
            }
            rest_range = trimmed_range(text, after_keyword + rest_start..line.end);
        }
        let rest = &text[rest_range.clone()];
        let base = rest_range.start;
        let mut node = Node {
            keyword,
            keyword_span: self.locate(joined, line.start..keyword_end),
            keyword_text,
            flags,
            arguments: Vec::new(),
            form: ArgumentForm::Text,
            rest: rest.to_string(),
            rest_span: self.locate(joined, rest_range.clone()),
            heredocs: Vec::new(),
            child: None,
            // A top-level node gets the untrimmed joined text from the caller.
            original: if depth == 0 { String::new() } else { text[line.clone()].to_string() },
            span: self.locate(joined, line.clone()),
            start_line: 0,
            end_line: 0,
            comments,
            malformed: false,
        };
        let to_argument = |parser: &Parser, piece: Piece| Argument {
            span: parser.locate(joined, base + piece.range.start..base + piece.range.end),
            value: piece.value,
        };
        match keyword {
            Keyword::Add | Keyword::Copy | Keyword::Volume => {
                if let Some(strings) = self.json_arguments(joined, &mut node, rest, base) {
                    node.arguments = strings.into_iter().map(|piece| to_argument(self, piece)).collect();
                } else {
                    node.arguments =
                        split_whitespace(rest).map(|range| to_argument(self, Piece::raw(rest, range))).collect();
                }
            }
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
                node.arguments = self.maybe_json(joined, &mut node, rest, base);
            }
            Keyword::Arg => {
                node.arguments =
                    split_words(rest, self.escape).into_iter().map(|piece| to_argument(self, piece)).collect();
            }
            Keyword::Env | Keyword::Label => {
                let (pairs, errors) = split_name_values(rest, self.escape, keyword.name());
                for error in errors {
                    let span = self.locate(joined, base + error.range.start..base + error.range.end);
                    let mut diagnostic = Diagnostic::error(error.code, span, error.message);
                    diagnostic.hint = error.hint;
                    self.diagnostics.push(diagnostic);
                    node.malformed = true;
                }
                node.arguments.reserve_exact(pairs.len() * 3);
                for pair in pairs {
                    let separator = Piece {
                        value: if pair.legacy { String::new() } else { "=".to_string() },
                        range: pair.separator.clone(),
                    };
                    node.arguments.push(to_argument(self, pair.key));
                    node.arguments.push(to_argument(self, pair.value));
                    node.arguments.push(to_argument(self, separator));
                }
            }
            Keyword::Expose | Keyword::From => {
                node.arguments =
                    split_whitespace(rest).map(|range| to_argument(self, Piece::raw(rest, range))).collect();
            }
            Keyword::Healthcheck => {
                if let Some((kind, command_start)) = split_first_word(rest) {
                    node.arguments.push(to_argument(self, Piece::raw(rest, kind)));
                    let command = &rest[command_start..];
                    let mut command_arguments = self.maybe_json(joined, &mut node, command, base + command_start);
                    node.arguments.append(&mut command_arguments);
                }
            }
            Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
                if !rest.is_empty() {
                    node.arguments.push(to_argument(self, Piece::raw(rest, 0..rest.len())));
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
                        let child = self.build_node(joined, rest_range.clone(), Vec::new(), depth + 1);
                        if child.malformed {
                            node.malformed = true;
                        }
                        node.child = Some(Box::new(child));
                    }
                }
            }
            Keyword::Unknown => {}
        }
        node
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

    /// `RUN`/`CMD`/`ENTRYPOINT`/`SHELL` and the command of `HEALTHCHECK`: the JSON strings, or the whole text as
    /// one argument when it is not JSON.
    fn maybe_json(&mut self, joined: &JoinedLine, node: &mut Node, rest: &str, base: usize) -> Vec<Argument> {
        if rest.is_empty() {
            return Vec::new();
        }
        match self.json_arguments(joined, node, rest, base) {
            Some(strings) => strings
                .into_iter()
                .map(|piece| Argument {
                    span: self.locate(joined, base + piece.range.start..base + piece.range.end),
                    value: piece.value,
                })
                .collect(),
            None => vec![Argument { span: self.locate(joined, base..base + rest.len()), value: rest.to_string() }],
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
