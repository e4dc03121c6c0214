//! BuildKit's parse-tree dump format, so the tree can be checked against BuildKit's own test data.
//!
//! The format is one `(keyword ["--flag" …] "arg" …)` line per instruction with the keyword lower-cased and each
//! string quoted by Go's `strconv.Quote` rules. Comments, directives, heredoc bodies and exec-vs-shell form do not
//! appear in it.

use std::fmt::Write;

use super::{Dockerfile, Keyword, Node};

pub(super) fn dump(tree: &Dockerfile) -> String {
    let mut out = String::new();
    for node in &tree.nodes {
        out.push('(');
        out.push_str(&dump_node(node));
        out.push_str(")\n");
    }
    out.trim().to_string()
}

fn dump_node(node: &Node) -> String {
    let mut out = node.keyword_text.to_lowercase();
    if !node.flags.is_empty() {
        // Go prints a string slice with %q as a bracketed, space-separated list of quoted strings.
        out.push_str(" [");
        for (index, flag) in node.flags.iter().enumerate() {
            if index > 0 {
                out.push(' ');
            }
            out.push_str(&go_quote(&flag.text));
        }
        out.push(']');
    }
    if let Some(child) = &node.child {
        let _ = write!(out, " ({})", dump_node(child));
    } else if node.keyword == Keyword::Unknown {
        // BuildKit keeps an unknown instruction with one empty argument node.
        out.push_str(" \"\"");
    } else {
        for argument in &node.arguments {
            out.push(' ');
            out.push_str(&go_quote(&argument.value));
        }
    }
    out.trim().to_string()
}

/// Quotes a string the way Go's `strconv.Quote` does: printable characters as they are, `\n`-style escapes for
/// the usual control characters, `\xNN` for other ASCII controls and `\uXXXX` / `\UXXXXXXXX` for non-printable
/// characters beyond ASCII.
pub fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            ch if is_go_printable(ch) => out.push(ch),
            ch if (ch as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", ch as u32);
            }
            ch if (ch as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", ch as u32);
            }
            ch => {
                let _ = write!(out, "\\U{:08x}", ch as u32);
            }
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
/// Rust's standard library has no general-category table, so the non-printable ranges that matter in practice
/// (controls, format characters, separators other than space, private use, non-characters) are listed here.
fn is_go_printable(ch: char) -> bool {
    let code = ch as u32;
    !(ch.is_control()
        || matches!(code,
            0xA0 | 0xAD | 0x061C | 0x1680 | 0x180E
            | 0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F | 0x3000
            | 0xD800..=0xDFFF | 0xE000..=0xF8FF | 0xFEFF | 0xFFF0..=0xFFFB
            | 0xFFFE | 0xFFFF | 0xE0000..=0xE0FFF | 0xF0000..=0x10FFFF)
        || (code & 0xFFFE) == 0xFFFE)
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    #[test]
    fn quoting_follows_go() {
        assert_eq!(go_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("\t\n\r\u{7}\u{8}\u{c}\u{b}"), r#""\t\n\r\a\b\f\v""#);
        assert_eq!(go_quote("\0\u{7f}"), r#""\x00\x7f""#);
        assert_eq!(go_quote("♥☃"), "\"♥☃\"");
        assert_eq!(go_quote("\u{a0}\u{feff}"), r#""\u00a0\ufeff""#);
    }
}
