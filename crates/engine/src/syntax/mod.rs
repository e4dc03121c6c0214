//! The located syntax tree of a Dockerfile: lines, directives, continuations, heredocs.
//!
//! This is the raw, line-oriented view that BuildKit's `parser` package builds: one [`Node`] per instruction with
//! its keyword, flags and arguments split the way BuildKit splits them, but nothing validated or expanded. The
//! typed meaning (which flags exist, what a `FROM` refers to) is the job of [`crate::instructions`].
//!
//! Unlike BuildKit, parsing never stops at the first problem: [`Dockerfile::parse`] always returns a tree and a
//! list of located diagnostics, so the editor can show partial results while someone is typing.

mod arguments;
mod dump;
mod heredoc;
mod highlight;
mod json;
mod parser;

use serde::Serialize;
use smallvec::SmallVec;

use crate::diagnostic::{Diagnostic, Span};
use crate::text::Text;

pub use dump::go_quote;
pub use heredoc::{parse_heredoc_marker, HeredocMarker};
pub use highlight::{Token, TokenKind};

/// The default escape character, changed with `# escape=`` ` ``.
pub const DEFAULT_ESCAPE: char = '\\';

/// A parsed Dockerfile: the located tree of its instructions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dockerfile {
    /// The escape character in effect (`\` unless an `escape` directive chose `` ` ``).
    pub escape: char,
    /// Parser directives found at the top of the file, in order.
    pub directives: Vec<Directive>,
    /// Every instruction, in file order.
    pub nodes: Vec<Node>,
    /// Every comment line outside heredoc bodies, including those inside continuations and those that are
    /// directives. Nodes carry the comments directly above them separately in [`Node::comments`].
    pub comments: Vec<Comment>,
    /// Lines inside a continuation that held nothing (`NoEmptyContinuation`), kept for the highlighter and lint.
    pub empty_continuation_lines: Vec<Span>,
}

/// The result of parsing: the tree plus what was wrong with the text. Parsing itself never fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedDockerfile {
    pub tree: Dockerfile,
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedDockerfile {
    /// BuildKit's parse-tree dump (see [`Dockerfile::dump`]).
    pub fn dump(&self) -> String {
        self.tree.dump()
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl Dockerfile {
    /// Parses Dockerfile text. A byte-order mark at the start is skipped; `\r\n` line endings are accepted.
    pub fn parse(text: &str) -> ParsedDockerfile {
        parser::parse(text)
    }

    /// The tree in BuildKit's test dump format: one `(keyword ["--flag"…] "arg"…)` line per instruction, with no
    /// trailing newline. BuildKit's `result` files equal this plus one `\n`.
    pub fn dump(&self) -> String {
        dump::dump(self)
    }

    /// A token stream for syntax highlighting, sorted by offset and non-overlapping.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        highlight::tokens(self, text)
    }

    /// The value of a parser directive (`syntax`, `escape`, `check`), if present.
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|directive| directive.name.eq_ignore_ascii_case(name))
    }
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// The key, lower-cased: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    /// The whole comment line.
    pub span: Span,
    pub value_span: Span,
}

/// A comment line: the text after `#`, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub text: Text,
    pub span: Span,
}

/// The instruction keywords BuildKit knows. Anything else parses as [`Keyword::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    /// Every real keyword (not `Unknown`), for suggestions and documentation.
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// Looks a keyword up case-insensitively, as BuildKit does.
    pub fn from_word(word: &str) -> Keyword {
        // Every keyword is ASCII and at most 11 bytes: compare the upper-cased word once against each name of its
        // length, rather than every name case-insensitively.
        let mut upper = [0u8; 11];
        let Some(slot) = upper.get_mut(..word.len()) else {
            return Keyword::Unknown;
        };
        slot.copy_from_slice(word.as_bytes());
        slot.make_ascii_uppercase();
        match &*slot {
            b"ADD" => Keyword::Add,
            b"ARG" => Keyword::Arg,
            b"CMD" => Keyword::Cmd,
            b"COPY" => Keyword::Copy,
            b"ENTRYPOINT" => Keyword::Entrypoint,
            b"ENV" => Keyword::Env,
            b"EXPOSE" => Keyword::Expose,
            b"FROM" => Keyword::From,
            b"HEALTHCHECK" => Keyword::Healthcheck,
            b"LABEL" => Keyword::Label,
            b"MAINTAINER" => Keyword::Maintainer,
            b"ONBUILD" => Keyword::Onbuild,
            b"RUN" => Keyword::Run,
            b"SHELL" => Keyword::Shell,
            b"STOPSIGNAL" => Keyword::Stopsignal,
            b"USER" => Keyword::User,
            b"VOLUME" => Keyword::Volume,
            b"WORKDIR" => Keyword::Workdir,
            _ => Keyword::Unknown,
        }
    }

    /// The keyword as the documentation writes it (upper case).
    pub fn name(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "",
        }
    }

    /// Whether heredoc markers are looked for after this keyword (only in shell form).
    pub fn allows_heredocs(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

/// How an instruction's arguments were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArgumentForm {
    /// A JSON array of strings (exec form for `RUN`/`CMD`/`ENTRYPOINT`/`SHELL`).
    Json,
    /// Anything else: shell form, whitespace-separated words, key-value pairs.
    Text,
}

/// One instruction as written, with everything located.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    pub keyword: Keyword,
    /// The keyword exactly as written (`run`, `Run`), for casing checks.
    pub keyword_text: Text,
    pub keyword_span: Span,
    /// Leading `--name=value` words, with quotes removed as BuildKit does.
    pub flags: Vec<Flag>,
    /// The arguments, split per instruction the way BuildKit's parser splits them (see the module docs of the
    /// conformance data). `ENV` and `LABEL` hold triples: key, value, separator (`=` or empty for the legacy
    /// form). `HEALTHCHECK` holds its type word first.
    pub arguments: Arguments,
    pub form: ArgumentForm,
    /// The text after the keyword and flags, trimmed, as one string (BuildKit's `args`).
    pub rest: Text,
    pub rest_span: Span,
    /// Heredoc bodies attached to this instruction (or to its `ONBUILD` trigger), in marker order.
    pub heredocs: Vec<Heredoc>,
    /// The trigger instruction of an `ONBUILD`.
    pub child: Option<Box<Node>>,
    /// The instruction text after joining continuation lines (BuildKit's `Original`), without heredoc bodies.
    pub original: Text,
    /// From the keyword to the end of the last line (heredoc terminators included).
    pub span: Span,
    pub start_line: u32,
    pub end_line: u32,
    /// Comment lines above the instruction since the previous one (an empty `#` line resets them), which is
    /// where `# check=` and `# hadolint ignore=` comments live. Most instructions have none or one, so one is
    /// kept in place rather than in a heap allocation of its own.
    pub comments: SmallVec<[Comment; 1]>,
    /// True when the parser already reported an error for this instruction, so lowering does not report the
    /// same problem a second time.
    pub malformed: bool,
}

impl Node {
    /// The argument values as plain strings.
    pub fn argument_values(&self) -> Vec<&str> {
        self.arguments.iter().map(|argument| argument.value.as_str()).collect()
    }

    /// The instruction whose heredocs and arguments matter: the trigger for `ONBUILD`, else `self`.
    pub fn effective(&self) -> &Node {
        self.child.as_deref().unwrap_or(self)
    }
}

/// The arguments of one node, in place up to three: a `RUN`, `WORKDIR` or `ARG` has one, a `COPY` usually two,
/// `FROM … AS name` and one `ENV` or `LABEL` pair three.
///
/// A heap allocation per node was a large part of a parse. Room for three was first tried with 40-byte spans: it
/// made every node larger, and with the typed instructions the two lists of a few hundred lines grew past the
/// allocator's trim threshold, so it gave the memory back to the system after every analysis and faulted it in
/// again for the next, which cost more than the allocations saved. With 28-byte spans (`u32` offsets) and
/// smaller words, a node with three in place is about as large as one with two was, and the lists stay below the
/// threshold (checked by counting `brk` calls over many analyses of the 300-line benchmark file).
pub type Arguments = SmallVec<[Argument; 3]>;

/// A flag word such as `--mount=type=cache,target=/root/.cache`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The whole word with quotes removed, as BuildKit stores it (`--from=build`).
    pub text: Text,
    /// The name without the dashes (`from`).
    pub name: Text,
    /// The value after the first `=`, if there was one.
    pub value: Option<Text>,
    pub span: Span,
}

/// One argument string and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Argument {
    pub value: Text,
    pub span: Span,
}

/// A here-document attached to a `RUN`, `COPY` or `ADD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The terminator word with quotes removed.
    pub name: String,
    /// The `n` in `n<<EOF` (0 when absent).
    pub file_descriptor: u32,
    /// False when any part of the word was quoted: then the body is taken literally.
    pub expand: bool,
    /// `<<-`: leading TABs are stripped from the body when it is used (not in [`Heredoc::content`]).
    pub chomp: bool,
    /// The body lines with their line endings, exactly as written.
    pub content: String,
    /// The marker word in the instruction line (`<<EOF`).
    pub marker_span: Span,
    /// The body, from the first body line to the end of the last one.
    pub body_span: Span,
    /// The terminator line, absent when the heredoc is unterminated.
    pub terminator_span: Option<Span>,
}

impl Heredoc {
    /// The body as the builder uses it: with leading TABs removed from every line for `<<-`.
    pub fn effective_content(&self) -> String {
        if !self.chomp {
            return self.content.clone();
        }
        let mut result = String::with_capacity(self.content.len());
        for line in self.content.split_inclusive('\n') {
            result.push_str(line.trim_start_matches('\t'));
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_found_in_any_case() {
        for keyword in Keyword::ALL {
            let name = keyword.name();
            assert_eq!(Keyword::from_word(name), keyword);
            assert_eq!(Keyword::from_word(&name.to_lowercase()), keyword);
            let mixed: String =
                name.chars().enumerate().map(|(i, c)| if i % 2 == 0 { c.to_ascii_lowercase() } else { c }).collect();
            assert_eq!(Keyword::from_word(&mixed), keyword);
        }
        for word in ["", "RU", "RUNS", "HEALTHCHECKS", "ADDé", "ＲＵＮ", "r\u{fc}n", "CMD\0"] {
            assert_eq!(Keyword::from_word(word), Keyword::Unknown, "{word:?}");
        }
    }
}
