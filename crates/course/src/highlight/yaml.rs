//! YAML as Compose files and CI configuration use it: keys, list dashes, scalars, comments, anchors and
//! block scalars (`|`, `>`), whose indented lines are coloured as one string.

use super::{Class, Token};

pub(super) fn tokens(code: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut offset = 0;
    // While inside a block scalar: the indentation of the line that opened it.
    let mut block_parent: Option<usize> = None;
    for line in code.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let indent = text.len() - text.trim_start().len();
        if let Some(parent) = block_parent {
            if text.trim().is_empty() {
                offset += line.len();
                continue;
            }
            if indent > parent {
                out.push((Class::String, offset + indent..offset + text.len()));
                offset += line.len();
                continue;
            }
            block_parent = None;
        }
        if line_tokens(text, offset, &mut out) {
            block_parent = Some(indent);
        }
        offset += line.len();
    }
    out
}

/// Tokens of one line; returns whether the line opens a block scalar.
fn line_tokens(text: &str, base: usize, out: &mut Vec<Token>) -> bool {
    let bytes = text.as_bytes();
    let mut i = text.len() - text.trim_start().len();
    if text[i..].starts_with('#') {
        out.push((Class::Comment, base + i..base + text.len()));
        return false;
    }
    if text[i..].starts_with("---") || text[i..].starts_with("...") {
        out.push((Class::Operator, base + i..base + i + 3));
        return false;
    }
    while text[i..].starts_with("- ") || &text[i..] == "-" {
        out.push((Class::Operator, base + i..base + i + 1));
        i += 1;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
    }
    if let Some(colon) = key_end(&text[i..]) {
        out.push((Class::Key, base + i..base + i + colon));
        i += colon + 1;
    }
    let mut opens_block = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b' ' || c == b'\t' || c == b',' || c == b'[' || c == b']' || c == b'{' || c == b'}' {
            i += 1;
            continue;
        }
        if c == b'#' && (i == 0 || bytes[i - 1] == b' ') {
            out.push((Class::Comment, base + i..base + text.len()));
            break;
        }
        if c == b'"' || c == b'\'' {
            let mut end = i + 1;
            while end < bytes.len() && bytes[end] != c {
                end += if c == b'"' && bytes[end] == b'\\' { 2 } else { 1 };
            }
            let end = (end + 1).min(bytes.len());
            out.push((Class::String, base + i..base + end));
            i = end;
            continue;
        }
        let start = i;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b',' | b']' | b'}') {
            i += 1;
        }
        let word = &text[start..i];
        if i == start {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let class = if matches!(word, "|" | ">" | "|-" | ">-" | "|+" | ">+") {
            opens_block = text[i..].trim().is_empty() || text[i..].trim_start().starts_with('#');
            Some(Class::Operator)
        } else if word.starts_with('&') || word.starts_with('*') {
            Some(Class::Variable)
        } else if matches!(word, "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~") {
            Some(Class::Literal)
        } else if word.parse::<f64>().is_ok() {
            Some(Class::Number)
        } else {
            None
        };
        if let Some(class) = class {
            out.push((class, base + start..base + i));
        }
    }
    opens_block
}

/// The byte length of a plain or quoted key if the text starts with `key:` followed by a space or the end.
fn key_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'"' | b'\'')) {
        let quote = bytes[0];
        i = 1 + text[1..].find(quote as char)? + 1;
    } else {
        while i < bytes.len() && bytes[i] != b':' {
            if matches!(bytes[i], b' ' | b'#' | b'"' | b'\'' | b'{' | b'[') && (i == 0 || bytes[i] != b' ') {
                return None;
            }
            i += 1;
        }
    }
    if i == 0 || bytes.get(i) != Some(&b':') {
        return None;
    }
    match bytes.get(i + 1) {
        None | Some(b' ') | Some(b'\t') => Some(i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::highlight::{describe, Lang};

    fn check(code: &str, expected: &[&str]) {
        assert_eq!(describe(Lang::Yaml, code), expected, "{code:?}");
    }

    #[test]
    fn keys_scalars_and_comments() {
        check(
            "services:\n  api:\n    image: \"lgbm-api:1.4\" # pinned\n    read_only: true\n    cpus: 1.5\n",
            &[
                "key:services",
                "key:api",
                "key:image",
                "string:\"lgbm-api:1.4\"",
                "comment:# pinned",
                "key:read_only",
                "literal:true",
                "key:cpus",
                "number:1.5",
            ],
        );
    }

    #[test]
    fn lists_and_urls_in_values() {
        check(
            "ports:\n  - \"8000:8000\"\n  - http://x:80\n",
            &["key:ports", "operator:-", "string:\"8000:8000\"", "operator:-"],
        );
    }

    #[test]
    fn block_scalars_are_one_string_until_the_indent_drops() {
        check(
            "run: |\n  pip install -r a.txt\n  pytest: -q\nnext: 1\n",
            &["key:run", "operator:|", "string:pip install -r a.txt", "string:pytest: -q", "key:next", "number:1"],
        );
    }

    #[test]
    fn anchors_and_document_markers() {
        check("---\nbase: &base\n  x: 1\n", &["operator:---", "key:base", "variable:&base", "key:x", "number:1"]);
    }

    #[test]
    fn odd_text_never_panics() {
        for code in ["\"open", "key: 'x", "- - -", ": :", "é: ü", "|"] {
            let _ = describe(Lang::Yaml, code);
        }
    }
}
