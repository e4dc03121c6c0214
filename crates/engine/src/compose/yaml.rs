//! A located YAML tree for Compose files, built from `saphyr-parser` events.
//!
//! Compose needs less than a full YAML data model: every value is a string, a list or a map, and what matters
//! is where each one sits in the file. So the tree keeps scalars as text (with a flag for plain style, which is
//! how YAML tells `null` from `"null"`), resolves anchors and aliases by copying, and applies merge keys (`<<`)
//! while building, so the Compose layer never sees them. Tags (`!reset`, `!override`) are ignored.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::diagnostic::{Diagnostic, LineIndex, Span};

/// One YAML value with the span of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar's text; `plain` is false for quoted and block scalars.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    /// Keys in file order, after merge keys are applied.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar's text, if this is a scalar that is not null.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } if !self.is_null() => Some(text),
            _ => None,
        }
    }

    /// YAML 1.2 core-schema null: an empty or `~`/`null` plain scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The value under `key` in a map.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v)
    }

    /// A word for messages: "a list", "a map", "text".
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            _ if self.is_null() => "nothing",
            Value::Scalar { .. } => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a map",
        }
    }
}

/// Parses the first YAML document of `text`. A syntax error ends the tree where it happened: what was read so far
/// is kept (unfinished maps and lists are closed), and the error is located.
pub fn parse(text: &str) -> (Option<Node>, Vec<Diagnostic>) {
    let index = LineIndex::new(text);
    // saphyr counts characters; spans here are byte offsets, so keep the byte offset of every character.
    let mut byte_of_char: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
    byte_of_char.push(text.len());
    let span_of = |start: usize, end: usize| {
        let byte = |char_index: usize| byte_of_char.get(char_index).copied().unwrap_or(text.len());
        index.span(byte(start), byte(end))
    };
    let mut builder = Builder::default();
    let mut diagnostics = Vec::new();
    for item in Parser::new_from_str(text) {
        match item {
            Ok((event, span)) => {
                let span = span_of(span.start.index(), span.end.index());
                if builder.event(event, span, &mut diagnostics) {
                    break;
                }
            }
            Err(error) => {
                let at = error.marker().index();
                diagnostics.push(Diagnostic::error(
                    "compose-yaml",
                    span_of(at, at + 1),
                    format!("this is not valid YAML: {}", error.info()),
                ));
                break;
            }
        }
    }
    (builder.finish(), diagnostics)
}

enum Frame {
    Seq { anchor: usize, span: Span, items: Vec<Node> },
    Map { anchor: usize, span: Span, entries: Vec<(Node, Node)>, merged: Vec<(Node, Node)>, key: Option<Node> },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    /// Handles one event; returns true when the first document is complete.
    fn event(&mut self, event: Event<'_>, span: Span, diagnostics: &mut Vec<Diagnostic>) -> bool {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    diagnostics.push(
                        Diagnostic::warning(
                            "compose-yaml",
                            span,
                            "only the first YAML document of a Compose file is read",
                        )
                        .with_hint("remove the `---` line or move the second document to its own file"),
                    );
                    return true;
                }
            }
            Event::DocumentEnd => return self.documents >= 1 && self.stack.is_empty() && self.root.is_some(),
            Event::Scalar(text, style, anchor, _tag) => {
                let node =
                    Node { span, value: Value::Scalar { text: text.into_owned(), plain: style == ScalarStyle::Plain } };
                self.remember(anchor, &node);
                self.push(node, diagnostics);
            }
            Event::Alias(anchor) => match self.anchors.get(&anchor) {
                // The copy keeps the anchor's spans, so messages about it point at the original text.
                Some(node) => {
                    let node = node.clone();
                    self.push(node, diagnostics);
                }
                None => {
                    diagnostics.push(Diagnostic::error("compose-yaml", span, "this alias names no anchor"));
                    self.push(Node { span, value: Value::Scalar { text: String::new(), plain: true } }, diagnostics);
                }
            },
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq { anchor, span, items: Vec::new() }),
            Event::MappingStart(anchor, _) => {
                self.stack.push(Frame::Map { anchor, span, entries: Vec::new(), merged: Vec::new(), key: None })
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let anchor = frame_anchor(&frame);
                    let node = close(frame, Some(span));
                    self.remember(anchor, &node);
                    self.push(node, diagnostics);
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        false
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    /// Adds a finished node to the open collection (or makes it the root).
    fn push(&mut self, node: Node, diagnostics: &mut Vec<Diagnostic>) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, merged, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(key_node) => {
                    if key_node.as_str() == Some("<<") && matches!(key_node.value, Value::Scalar { plain: true, .. }) {
                        merge_into(merged, &node, diagnostics);
                    } else if let Some(first) = entries.iter().find(|(k, _)| k.value == key_node.value) {
                        diagnostics.push(Diagnostic::error(
                            "compose-yaml",
                            key_node.span,
                            format!(
                                "the key `{}` appears twice in this map (first on line {})",
                                key_node.as_str().unwrap_or("?"),
                                first.0.span.line
                            ),
                        ));
                    } else {
                        entries.push((key_node, node));
                    }
                }
            },
        }
    }

    fn finish(mut self) -> Option<Node> {
        // After a syntax error, close what is still open so the partial tree can be analysed.
        let mut sink = Vec::new();
        while let Some(frame) = self.stack.pop() {
            let node = close(frame, None);
            self.push(node, &mut sink);
        }
        self.root
    }
}

/// Turns a finished frame into a node, recording its anchor.
fn close(frame: Frame, end: Option<Span>) -> Node {
    match frame {
        Frame::Seq { span, items, .. } => {
            let span = end.map_or(span, |end| span.cover(end));
            Node { span, value: Value::Seq(items) }
        }
        Frame::Map { span, mut entries, merged, .. } => {
            let span = end.map_or(span, |end| span.cover(end));
            // Merged keys never override the map's own keys, wherever `<<` sits.
            for (key, value) in merged {
                if !entries.iter().any(|(k, _)| k.value == key.value) {
                    entries.push((key, value));
                }
            }
            Node { span, value: Value::Map(entries) }
        }
    }
}

fn frame_anchor(frame: &Frame) -> usize {
    match frame {
        Frame::Seq { anchor, .. } | Frame::Map { anchor, .. } => *anchor,
    }
}

/// `<<: *base` or `<<: [*a, *b]`: earlier maps in the list win over later ones.
fn merge_into(merged: &mut Vec<(Node, Node)>, value: &Node, diagnostics: &mut Vec<Diagnostic>) {
    let sources: Vec<&Node> = match &value.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![value],
    };
    for source in sources {
        match source.as_map() {
            Some(entries) => {
                for (key, item) in entries {
                    if !merged.iter().any(|(k, _)| k.value == key.value) {
                        merged.push((key.clone(), item.clone()));
                    }
                }
            }
            None => diagnostics.push(Diagnostic::error(
                "compose-yaml",
                source.span,
                format!("a merge key (`<<`) takes a map or a list of maps, not {}", source.kind_name()),
            )),
        }
    }
}
