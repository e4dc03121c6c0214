//! Markdown → the lesson render model: sanitised HTML segments, typed blocks, a table of contents, and the
//! references (links, quiz ids, Dockerfiles) that the course checks.
//!
//! pulldown-cmark's options are set in exactly one place, [`new_parser`]. The event stream is rewritten before
//! pulldown-cmark's HTML writer sees it:
//!
//! - raw HTML (block or inline) becomes text, so it is shown escaped and never executed;
//! - links and images are written by this module from an allow-list of address kinds
//!   ([`crate::html::classify_url`]); `javascript:` and friends lose their link and keep their text;
//! - headings get unique anchors and a link to themselves;
//! - GitHub-style alerts (`> [!TIP]`, `> [!WARNING]`, `> [!CAUTION]`, plus `> [!DANGER]`) become admonitions;
//! - fenced code is highlighted, and `dockerlab-…` fences become [`Block`]s.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::blocks::{dockerfile_problems, parse_block, Block};
use crate::highlight::{highlight, Lang};
use crate::html::{classify_url, escape, slug, UrlKind};
use crate::Problem;

/// The one place pulldown-cmark is configured. Heading attributes stay off so a lesson cannot set ids or
/// classes of its own; footnotes and maths are not needed.
pub fn new_parser(text: &str) -> Parser<'_> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_SMART_PUNCTUATION;
    Parser::new_ext(text, options)
}

/// A piece of a rendered lesson, in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Sanitised HTML, safe to set as `innerHTML`.
    Html(String),
    /// A live component.
    Block(Block),
}

/// One entry of the table of contents (level 2 and 3 headings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

/// A link to a lesson of the course, to be checked once every lesson is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonLink {
    pub lesson: String,
    pub anchor: Option<String>,
    pub line: u32,
}

/// A Dockerfile shown in the lesson, as a code fence or inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedDockerfile {
    pub line: u32,
    pub text: String,
}

/// Everything rendering found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub segments: Vec<Segment>,
    pub toc: Vec<TocEntry>,
    /// Every heading anchor, in order.
    pub anchors: Vec<String>,
    pub links: Vec<LessonLink>,
    pub dockerfiles: Vec<EmbeddedDockerfile>,
    pub problems: Vec<Problem>,
}

/// Element ids the app itself uses; a heading never takes one of them.
const RESERVED_IDS: [&str; 3] = ["main", "boot", "lesson-title"];

/// The routes of the app a lesson may link to, besides lessons.
const APP_ROUTES: [&str; 4] = ["#/", "#/lessons", "#/playground", "#/quizzes"];

/// Renders a lesson body. `first_line` is the file line the body starts on; `lesson_id` makes in-page anchors
/// (`#recap`) into routes (`#/lessons/<id>/recap`).
pub fn render(body: &str, first_line: u32, lesson_id: &str) -> Rendered {
    let lines = LineIndex::new(body, first_line);
    let events: Vec<(Event<'_>, Range<usize>)> = new_parser(body).into_offset_iter().collect();
    let mut state = Renderer {
        lesson_id,
        lines: &lines,
        out: Vec::new(),
        rendered: Rendered::default(),
        used: Vec::new(),
        links: Vec::new(),
        quotes: Vec::new(),
        heading: None,
    };
    state.used.extend(RESERVED_IDS.iter().map(|id| (*id).to_owned()));
    let mut i = 0;
    while i < events.len() {
        i = state.event(&events, i);
    }
    state.flush();
    state.rendered
}

/// Renders a short text (a quiz question or explanation) to sanitised HTML with the lesson rules. Links to
/// lessons are kept; one paragraph loses its `<p>` wrapper so the text can sit inside a label.
pub fn render_inline(text: &str) -> String {
    let rendered = render(text, 1, "");
    let html: String = rendered
        .segments
        .into_iter()
        .map(|segment| match segment {
            Segment::Html(html) => html,
            Segment::Block(_) => String::new(),
        })
        .collect();
    let trimmed = html.trim();
    let unwrapped = trimmed.strip_prefix("<p>").or_else(|| trimmed.strip_prefix("<p class=\"escaped-html\">"));
    match unwrapped.and_then(|rest| rest.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

struct Renderer<'a> {
    lesson_id: &'a str,
    lines: &'a LineIndex,
    /// Events waiting to be written as the current HTML segment.
    out: Vec<Event<'a>>,
    rendered: Rendered,
    used: Vec<String>,
    /// For each open link: whether an `<a>` was written (an unsafe one is not).
    links: Vec<bool>,
    /// For each open block quote: whether it was written as an admonition.
    quotes: Vec<bool>,
    /// The open heading: its level and anchor.
    heading: Option<(u8, String)>,
}

impl<'a> Renderer<'a> {
    /// Handles the event at `i` and returns the index of the next one to handle.
    fn event(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        let (event, range) = &events[i];
        let line = self.lines.line(range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_level(*level);
                let text = plain_text(&events[i + 1..], |end| matches!(end, TagEnd::Heading(_)));
                if level == 1 {
                    self.problem(line, "the lesson title comes from the front matter: start sections at `##`");
                }
                let anchor = self.unique_anchor(&text);
                if level == 2 || level == 3 {
                    self.rendered.toc.push(TocEntry { level, text: text.clone(), anchor: anchor.clone() });
                }
                self.rendered.anchors.push(anchor.clone());
                self.html(format!("<h{level} id=\"{anchor}\">"));
                self.heading = Some((level, anchor));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, anchor)) = self.heading.take() {
                    let href = self.lesson_href(&anchor);
                    self.html(format!(
                        " <a class=\"heading-anchor\" href=\"{}\" aria-label=\"Link to this section\">#</a></h{level}>",
                        escape(&href)
                    ));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                let mut end = i + 1;
                while end < events.len() {
                    match &events[end].0 {
                        Event::Text(text) => code.push_str(text),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                    end += 1;
                }
                let body_line = if matches!(kind, CodeBlockKind::Fenced(_)) { line + 1 } else { line };
                self.code_block(&info, &code, body_line);
                return end + 1;
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                let admonition = match kind {
                    Some(kind) => Some(admonition(*kind)),
                    None => self.danger_marker(events, i),
                };
                self.quotes.push(admonition.is_some());
                match admonition {
                    Some((class, title)) => {
                        self.html(format!("<aside class=\"admonition admonition-{class}\" role=\"note\"><p class=\"admonition-title\">{title}</p>"));
                        if kind.is_none() {
                            // Skip the paragraph start and the `[!DANGER]` text that `danger_marker` matched.
                            return self.skip_danger_marker(events, i);
                        }
                    }
                    None => self.out.push(event.clone()),
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if self.quotes.pop().unwrap_or(false) {
                    self.html("</aside>".to_owned());
                } else {
                    self.out.push(event.clone());
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let href = self.link_href(dest_url, line);
                self.links.push(href.is_some());
                if let Some((href, external)) = href {
                    let extra = if external { " rel=\"noopener noreferrer\" target=\"_blank\"" } else { "" };
                    self.html(format!("<a href=\"{}\"{extra}>", escape(&href)));
                }
            }
            Event::End(TagEnd::Link) => {
                if self.links.pop().unwrap_or(false) {
                    self.html("</a>".to_owned());
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt = plain_text(&events[i + 1..], |end| matches!(end, TagEnd::Image));
                let mut end = i + 1;
                while end < events.len() && !matches!(events[end].0, Event::End(TagEnd::Image)) {
                    end += 1;
                }
                if classify_url(dest_url) == UrlKind::Relative {
                    self.html(format!(
                        "<img src=\"lessons/{}\" alt=\"{}\" loading=\"lazy\">",
                        escape(dest_url),
                        escape(&alt)
                    ));
                } else {
                    self.problem(
                        line,
                        format!("image {dest_url:?} must be a file beside the lessons (a relative path)"),
                    );
                    self.out.push(Event::Text(CowStr::from(alt)));
                }
                return end + 1;
            }
            // Raw HTML is never passed through: it is shown as the text it is.
            Event::Start(Tag::HtmlBlock) => self.html("<p class=\"escaped-html\">".to_owned()),
            Event::End(TagEnd::HtmlBlock) => self.html("</p>".to_owned()),
            Event::Html(text) | Event::InlineHtml(text) => self.out.push(Event::Text(text.clone())),
            Event::Start(Tag::MetadataBlock(_)) | Event::End(TagEnd::MetadataBlock(_)) => {}
            other => self.out.push(other.clone()),
        }
        i + 1
    }

    fn code_block(&mut self, info: &str, code: &str, body_line: u32) {
        let kind = info.split_whitespace().next().unwrap_or("");
        if kind.starts_with("dockerlab-") {
            match parse_block(kind, code, body_line) {
                Ok(block) => {
                    if let Block::Playground(playground) = &block {
                        self.embedded(body_line, &playground.dockerfile);
                    }
                    if let Block::Predict(predict) = &block {
                        self.embedded(body_line, &predict.dockerfile);
                    }
                    self.flush();
                    self.rendered.segments.push(Segment::Block(block));
                }
                Err(problems) => {
                    let list: String =
                        problems.iter().map(|problem| format!("<li>{}</li>", escape(&problem.to_string()))).collect();
                    self.html(format!(
                        "<div class=\"notice notice-error\" role=\"alert\"><p><strong>This {} block has problems.</strong></p><ul>{list}</ul></div>",
                        escape(kind)
                    ));
                    self.rendered.problems.extend(problems);
                }
            }
            return;
        }
        let lang = Lang::from_info(info);
        if lang == Lang::Dockerfile {
            self.rendered.problems.extend(dockerfile_problems(code, body_line));
            self.embedded(body_line, code);
        }
        let label = if lang.label().is_empty() { String::new() } else { format!(" data-lang=\"{}\"", lang.label()) };
        let class = lang.label().to_ascii_lowercase();
        self.html(format!("<pre class=\"code lang-{class}\"{label}><code>{}</code></pre>", highlight(lang, code)));
    }

    fn embedded(&mut self, line: u32, text: &str) {
        self.rendered.dockerfiles.push(EmbeddedDockerfile { line, text: text.to_owned() });
    }

    /// The `href` to write for a link, or `None` to drop the link and keep its text. The flag says whether the
    /// address leaves the app.
    fn link_href(&mut self, url: &str, line: u32) -> Option<(String, bool)> {
        match classify_url(url) {
            UrlKind::External => Some((url.to_owned(), true)),
            UrlKind::Unsafe => {
                self.problem(
                    line,
                    format!("link {url:?} uses an address kind that is not allowed; it is shown as text"),
                );
                None
            }
            UrlKind::Fragment => {
                if let Some(rest) = url.strip_prefix("#/lessons/") {
                    let (lesson, anchor) = match rest.split_once('/') {
                        Some((lesson, anchor)) => (lesson, Some(anchor)),
                        None => (rest, None),
                    };
                    self.link_to(lesson, anchor, line);
                    Some((url.to_owned(), false))
                } else if url.starts_with("#/") {
                    if !APP_ROUTES.contains(&url.trim_end_matches('/')) && url != "#/" {
                        self.problem(line, format!("link {url:?} names no page of the app"));
                    }
                    Some((url.to_owned(), false))
                } else {
                    let anchor = &url[1..];
                    let lesson = self.lesson_id.to_owned();
                    self.link_to(&lesson, Some(anchor), line);
                    Some((self.lesson_href(anchor), false))
                }
            }
            UrlKind::Relative => {
                let (path, anchor) = match url.split_once('#') {
                    Some((path, anchor)) => (path, Some(anchor)),
                    None => (url, None),
                };
                match path.strip_suffix(".md").filter(|id| !id.contains('/')) {
                    Some(lesson) => {
                        self.link_to(lesson, anchor, line);
                        let href = match anchor {
                            Some(anchor) => format!("#/lessons/{lesson}/{anchor}"),
                            None => format!("#/lessons/{lesson}"),
                        };
                        Some((href, false))
                    }
                    None => {
                        self.problem(line, format!("link {url:?}: link to a lesson as `other-lesson.md`, to a page as `#/…`, or to an https:// address"));
                        None
                    }
                }
            }
        }
    }

    fn link_to(&mut self, lesson: &str, anchor: Option<&str>, line: u32) {
        self.rendered.links.push(LessonLink {
            lesson: lesson.to_owned(),
            anchor: anchor.filter(|anchor| !anchor.is_empty()).map(str::to_owned),
            line,
        });
    }

    fn lesson_href(&self, anchor: &str) -> String {
        format!("#/lessons/{}/{anchor}", self.lesson_id)
    }

    fn unique_anchor(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut anchor = base.clone();
        let mut n = 1;
        while self.used.contains(&anchor) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        self.used.push(anchor.clone());
        anchor
    }

    /// A plain block quote whose first paragraph starts with `[!DANGER]` (pulldown-cmark knows GitHub's five
    /// alert kinds; danger is ours).
    fn danger_marker(&self, events: &[(Event<'a>, Range<usize>)], i: usize) -> Option<(&'static str, &'static str)> {
        let marker = marker_text(events, i);
        (marker.trim() == "[!DANGER]").then_some(("danger", "Danger"))
    }

    fn skip_danger_marker(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        // events[i] is the block quote, i + 1 the paragraph; then text pieces up to the line break or the end.
        let mut j = i + 2;
        while j < events.len() && matches!(events[j].0, Event::Text(_)) {
            j += 1;
        }
        match events.get(j).map(|(event, _)| event) {
            Some(Event::SoftBreak | Event::HardBreak) => {
                self.out.push(Event::Start(Tag::Paragraph));
                j + 1
            }
            // The marker was the whole paragraph: skip its end too.
            Some(Event::End(TagEnd::Paragraph)) => j + 1,
            _ => j,
        }
    }

    fn html(&mut self, html: String) {
        self.out.push(Event::Html(CowStr::from(html)));
    }

    fn problem(&mut self, line: u32, message: impl Into<String>) {
        self.rendered.problems.push(Problem::new(line, message));
    }

    /// Writes the pending events as one HTML segment.
    fn flush(&mut self) {
        if self.out.is_empty() {
            return;
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, self.out.drain(..));
        self.rendered.segments.push(Segment::Html(html));
    }
}

/// The text pieces at the start of the first paragraph of the block quote at `i`, joined.
fn marker_text(events: &[(Event<'_>, Range<usize>)], i: usize) -> String {
    if !matches!(events.get(i + 1).map(|(event, _)| event), Some(Event::Start(Tag::Paragraph))) {
        return String::new();
    }
    events[i + 2..]
        .iter()
        .map_while(|(event, _)| if let Event::Text(text) = event { Some(text.as_ref()) } else { None })
        .collect()
}

fn admonition(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("tip", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("warning", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("danger", "Danger"),
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The text and inline code of the events up to the first end tag that `is_end` accepts.
fn plain_text(events: &[(Event<'_>, Range<usize>)], is_end: impl Fn(&TagEnd) -> bool) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(end) if is_end(end) => break,
            Event::Text(piece) | Event::Code(piece) => text.push_str(piece),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Byte offsets of a body → lines of its file.
struct LineIndex {
    starts: Vec<usize>,
    first_line: u32,
}

impl LineIndex {
    fn new(text: &str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { starts, first_line }
    }

    fn line(&self, offset: usize) -> u32 {
        let index = self.starts.partition_point(|start| *start <= offset).saturating_sub(1);
        self.first_line + index as u32
    }
}

#[cfg(test)]
mod tests;
