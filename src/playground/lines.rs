//! The editor's drawn layers as one element per line, so that a keystroke replaces the lines it changed and the
//! browser lays out those alone, instead of parsing and laying out the whole file again.
//!
//! Everything here is pure: the page turns these strings into elements (`components::editor`).

use super::derive::Mark;

/// The element that holds one line of a drawn layer.
const LINE_OPEN: &str = "<div class=\"editor-line\">";
const LINE_CLOSE: &str = "</div>";

/// Cuts escaped HTML (text, entities and `<span …>` elements, as the highlighter and the marks layer write it)
/// into one `<div class="editor-line">` per line of its text. An element open at a line break is closed before
/// it and opened again after it, so every line stands alone. An empty line holds a space, so it keeps its height.
pub fn html_lines(html: &str) -> Vec<String> {
    let mut lines = Vec::with_capacity(html.len() / 48 + 1);
    // The opening tags in force, outermost first.
    let mut open: Vec<&str> = Vec::new();
    let mut line = String::from(LINE_OPEN);
    let mut has_text = false;
    let mut at = 0;
    while at < html.len() {
        let rest = &html[at..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |index| index + 1);
            let tag = &rest[..end];
            if tag.starts_with("</") {
                open.pop();
            } else if !tag.ends_with("/>") {
                open.push(tag);
            }
            line.push_str(tag);
            at += end;
        } else if rest.starts_with('\n') {
            finish_line(&mut line, &open, has_text);
            lines.push(std::mem::replace(&mut line, String::from(LINE_OPEN)));
            open.iter().for_each(|tag| line.push_str(tag));
            has_text = false;
            at += 1;
        } else {
            let end = rest.find(['<', '\n']).unwrap_or(rest.len());
            line.push_str(&rest[..end]);
            has_text = true;
            at += end;
        }
    }
    finish_line(&mut line, &open, has_text);
    lines.push(line);
    lines
}

fn finish_line(line: &mut String, open: &[&str], has_text: bool) {
    if !has_text {
        line.push(' ');
    }
    for tag in open.iter().rev() {
        let name = tag[1..].split([' ', '>']).next().unwrap_or("span");
        line.push_str("</");
        line.push_str(name);
        line.push('>');
    }
    line.push_str(LINE_CLOSE);
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The gutter, one element per line: the line's number, and on a line with problems a focusable mark coloured
/// by the worst of them, whose messages show on hover and focus. `marks` are sorted by position.
pub fn gutter_lines(line_count: usize, marks: &[Mark]) -> Vec<String> {
    let mut out = Vec::with_capacity(line_count);
    let mut marks = marks.iter().peekable();
    for line in 1..=line_count as u32 {
        let mut here: Vec<&Mark> = Vec::new();
        while let Some(mark) = marks.next_if(|mark| mark.line <= line) {
            if mark.line == line {
                here.push(mark);
            }
        }
        if here.is_empty() {
            out.push(format!("<span class=\"gutter-line\" aria-hidden=\"true\">{line}</span>"));
            continue;
        }
        let worst = ["error", "warning", "info", "style"]
            .into_iter()
            .find(|severity| here.iter().any(|mark| mark.severity == *severity))
            .unwrap_or("info");
        let messages: Vec<String> =
            here.iter().map(|mark| format!("{} {}: {}", mark.severity, mark.code, mark.message)).collect();
        let text = escape(&messages.join("\n"));
        out.push(format!(
            "<span class=\"gutter-line gutter-mark gutter-{worst}\" tabindex=\"0\" role=\"note\" \
             aria-label=\"Line {line}: {text}\" data-tip=\"{text}\">{line}</span>"
        ));
    }
    out
}

/// What changed between the lines on screen and the new ones: `(start, old_end, new_end)`, where
/// `shown[start..old_end]` is to be replaced by `lines[start..new_end]` and everything around it is equal.
pub fn changed_range(shown: &[String], lines: &[String]) -> (usize, usize, usize) {
    let start = shown.iter().zip(lines).take_while(|(old, new)| old == new).count();
    let room = shown.len().min(lines.len()) - start;
    let same_end = shown.iter().rev().zip(lines.iter().rev()).take(room).take_while(|(old, new)| old == new).count();
    (start, shown.len() - same_end, lines.len() - same_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip_line(line: &str) -> &str {
        line.strip_prefix(LINE_OPEN).and_then(|line| line.strip_suffix(LINE_CLOSE)).expect("a line element")
    }

    #[test]
    fn one_element_per_line_of_text() {
        let lines = html_lines("<span class=\"k\">FROM</span> a\nRUN b\n");
        assert_eq!(lines.len(), 3);
        assert_eq!(strip_line(&lines[0]), "<span class=\"k\">FROM</span> a");
        assert_eq!(strip_line(&lines[1]), "RUN b");
        // The empty last line keeps its height.
        assert_eq!(strip_line(&lines[2]), " ");
    }

    #[test]
    fn a_span_across_line_breaks_is_closed_and_reopened_on_every_line() {
        let lines = html_lines("a<span class=\"s\">b\n\nc</span>d");
        let inner: Vec<&str> = lines.iter().map(|line| strip_line(line)).collect();
        assert_eq!(inner, ["a<span class=\"s\">b</span>", "<span class=\"s\"> </span>", "<span class=\"s\">c</span>d"]);
    }

    #[test]
    fn nested_elements_close_innermost_first() {
        let lines = html_lines("<b><span class=\"x\">1\n2</span></b>");
        assert_eq!(strip_line(&lines[0]), "<b><span class=\"x\">1</span></b>");
        assert_eq!(strip_line(&lines[1]), "<b><span class=\"x\">2</span></b>");
    }

    #[test]
    fn the_lines_joined_give_back_the_text() {
        // Whatever the highlighter does, the layer must show the same characters, line for line.
        let text = "FROM python:3.12 AS base\nRUN echo \"a\\\n  b\" && \\\n  pip install x\n\nCOPY <<EOF /a\nhi\nEOF\n";
        let html = dockerlab_course::highlight::highlight(dockerlab_course::highlight::Lang::Dockerfile, text);
        let lines = html_lines(&html);
        assert_eq!(lines.len(), text.split('\n').count());
        for (line, expected) in lines.iter().zip(text.split('\n')) {
            let mut shown = String::new();
            let mut in_tag = false;
            for character in strip_line(line).chars() {
                match character {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag => shown.push(character),
                    _ => {}
                }
            }
            let shown = shown.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            let expected = if expected.is_empty() { " " } else { expected };
            assert_eq!(shown, expected);
        }
    }

    fn mark(line: u32, severity: &'static str, message: &str) -> Mark {
        Mark { line, column: 1, offset: 0, end_offset: 0, severity, code: "X1", message: message.to_owned() }
    }

    #[test]
    fn the_gutter_numbers_every_line_and_marks_the_worst_problem() {
        let gutter = gutter_lines(3, &[mark(2, "info", "a"), mark(2, "error", "<b>"), mark(3, "warning", "c")]);
        assert_eq!(gutter.len(), 3);
        assert_eq!(gutter[0], "<span class=\"gutter-line\" aria-hidden=\"true\">1</span>");
        assert!(gutter[1].contains("gutter-error") && gutter[1].contains("&lt;b&gt;") && !gutter[1].contains("<b>"));
        assert!(gutter[2].contains("gutter-warning") && gutter[2].contains("Line 3: warning X1: c"));
    }

    fn owned(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|line| (*line).to_owned()).collect()
    }

    #[test]
    fn the_changed_range_is_what_lies_between_the_equal_start_and_end() {
        let old = owned(&["a", "b", "c", "d"]);
        assert_eq!(changed_range(&old, &owned(&["a", "b", "c", "d"])), (4, 4, 4));
        assert_eq!(changed_range(&old, &owned(&["a", "x", "c", "d"])), (1, 2, 2));
        assert_eq!(changed_range(&old, &owned(&["a", "b", "b2", "c", "d"])), (2, 2, 3));
        assert_eq!(changed_range(&old, &owned(&["a", "d"])), (1, 3, 1));
        assert_eq!(changed_range(&old, &owned(&[])), (0, 4, 0));
        assert_eq!(changed_range(&[], &old), (0, 0, 4));
        // Repeated lines: the start and the end never overlap.
        assert_eq!(changed_range(&owned(&["a", "a"]), &owned(&["a", "a", "a"])), (2, 2, 3));
    }
}
