//! Python: keywords, strings (prefixed and triple-quoted), comments, numbers, decorators and the names that
//! `def` and `class` introduce.

use super::{Class, Token};

const KEYWORDS: [&str; 33] = [
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield", "match",
];

pub(super) fn tokens(code: &str) -> Vec<Token> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut names_definition = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'#' {
            let end = code[i..].find('\n').map_or(code.len(), |at| i + at);
            out.push((Class::Comment, i..end));
            i = end;
            continue;
        }
        if c == b'\'' || c == b'"' {
            let end = string_end(bytes, i);
            out.push((Class::String, i..end));
            i = end;
            continue;
        }
        if c == b'@' && (i == 0 || bytes[i - 1] == b'\n' || bytes[i - 1] == b' ') {
            let end = word_end(bytes, i + 1, true);
            out.push((Class::Decorator, i..end));
            i = end;
            continue;
        }
        if c.is_ascii_digit() {
            let end = word_end(bytes, i, true);
            out.push((Class::Number, i..end));
            i = end;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let end = word_end(bytes, i, false);
            let word = &code[i..end];
            // String prefixes: r"", b'', f"", rb"", and so on.
            if bytes.get(end).is_some_and(|next| *next == b'"' || *next == b'\'')
                && word.len() <= 2
                && word.chars().all(|p| matches!(p.to_ascii_lowercase(), 'r' | 'b' | 'f' | 'u'))
            {
                let string_end = string_end(bytes, end);
                out.push((Class::String, i..string_end));
                i = string_end;
                continue;
            }
            if names_definition {
                out.push((Class::Function, i..end));
                names_definition = false;
            } else if KEYWORDS.contains(&word) {
                out.push((Class::Keyword, i..end));
                names_definition = word == "def" || word == "class";
            } else if matches!(word, "True" | "False" | "None") {
                out.push((Class::Literal, i..end));
            }
            i = end;
            continue;
        }
        i += code[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

fn word_end(bytes: &[u8], from: usize, allow_dot: bool) -> usize {
    let mut i = from;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || (allow_dot && bytes[i] == b'.')) {
        i += 1;
    }
    i
}

/// The end of a string literal whose opening quote is at `start`, single- or triple-quoted.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.len() >= start + 3 && bytes[start + 1] == quote && bytes[start + 2] == quote;
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            b if b == quote => {
                if !triple {
                    return i + 1;
                }
                if bytes.len() >= i + 3 && bytes[i + 1] == quote && bytes[i + 2] == quote {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use crate::highlight::{describe, Lang};

    fn check(code: &str, expected: &[&str]) {
        assert_eq!(describe(Lang::Python, code), expected, "{code:?}");
    }

    #[test]
    fn imports_definitions_and_literals() {
        check(
            "import lightgbm as lgb\ndef predict(rows):\n    return None\n",
            &["keyword:import", "keyword:as", "keyword:def", "function:predict", "keyword:return", "literal:None"],
        );
    }

    #[test]
    fn strings_with_prefixes_and_triple_quotes() {
        check(
            "x = f\"{a}\" + r'\\d' + \"\"\"doc\n\"q\" \"\"\"",
            &["string:f\"{a}\"", "string:r'\\d'", "string:\"\"\"doc\n\"q\" \"\"\""],
        );
    }

    #[test]
    fn comments_numbers_and_decorators() {
        check(
            "@app.get(\"/health\")\nn = 1.5e3  # rows\n",
            &["decorator:@app.get", "string:\"/health\"", "number:1.5e3", "comment:# rows"],
        );
    }

    #[test]
    fn odd_text_never_panics() {
        for code in ["'open", "\"\"\"open", "r", "é = 'ü'", "\\", "@"] {
            let _ = describe(Lang::Python, code);
        }
    }
}
