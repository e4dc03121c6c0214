//! Compose's variable interpolation (`${VAR:-default}`) applied to the values of a Compose file.
//!
//! Supported, as the Compose specification describes it: `$VAR`, `${VAR}`, `${VAR:-default}` and
//! `${VAR-default}` (default when unset or empty, or only when unset), `${VAR:?message}` and `${VAR?message}`
//! (an error), `${VAR:+replacement}` and `${VAR+replacement}`, nested references inside a default
//! (`${A:-${B}}`), and `$$` for a literal dollar. An unset variable without a default becomes empty text with a
//! warning, as `docker compose` does. Keys are never interpolated, also as in Compose.
//!
//! The Dockerfile expander in [`crate::expand`] is not reused: Dockerfiles escape with a backslash and have no
//! `$$`, no `?` forms and no nesting, so sharing its lexer would mean bending both.

use std::collections::BTreeMap;

/// Something worth telling about one interpolated value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub is_error: bool,
    pub message: String,
}

/// Interpolates `text` with `env`. Never fails: problems come back beside the best-effort result.
pub fn interpolate(text: &str, env: &BTreeMap<String, String>) -> (String, Vec<Problem>) {
    let mut problems = Vec::new();
    let out = expand(text, env, &mut problems, 0);
    (out, problems)
}

/// Whether the text refers to a variable at all (used by lint: a secret read from the environment is fine).
pub fn has_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            match bytes.get(i + 1) {
                Some(b'$') => i += 2,
                Some(b'{') => return true,
                Some(c) if c.is_ascii_alphabetic() || *c == b'_' => return true,
                _ => i += 1,
            }
        } else {
            i += 1;
        }
    }
    false
}

fn expand(text: &str, env: &BTreeMap<String, String>, problems: &mut Vec<Problem>, depth: u32) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(inner_and_tail) = after.strip_prefix('{') {
            match matching_brace(inner_and_tail) {
                Some(close) => {
                    let inner = &inner_and_tail[..close];
                    out.push_str(&braced(inner, env, problems, depth));
                    rest = &inner_and_tail[close + 1..];
                }
                None => {
                    problems.push(Problem {
                        is_error: true,
                        message: format!("`${{` in {text:?} has no closing `}}`; write `$$` for a literal dollar"),
                    });
                    out.push_str(&rest[dollar..]);
                    rest = "";
                }
            }
        } else {
            let name_len = name_length(after);
            if name_len == 0 {
                // A lone `$` stays as it is, which is also what Compose does with `$` before a non-name.
                out.push('$');
                rest = after;
            } else {
                out.push_str(&lookup(&after[..name_len], env, problems));
                rest = &after[name_len..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn braced(inner: &str, env: &BTreeMap<String, String>, problems: &mut Vec<Problem>, depth: u32) -> String {
    let name_len = name_length(inner);
    let name = &inner[..name_len];
    let operator_and_word = &inner[name_len..];
    if name.is_empty() {
        problems.push(Problem { is_error: true, message: format!("`${{{inner}}}` has no variable name") });
        return String::new();
    }
    let value = env.get(name);
    let set = value.is_some();
    let non_empty = value.is_some_and(|v| !v.is_empty());
    // Nested references in the word are expanded only when the word is used, and not without bound.
    let word = |problems: &mut Vec<Problem>, word: &str| {
        if depth > 8 {
            word.to_string()
        } else {
            expand(word, env, problems, depth + 1)
        }
    };
    let (operator, rest) = split_operator(operator_and_word);
    match operator {
        "" if rest.is_empty() => lookup(name, env, problems),
        ":-" => {
            if non_empty {
                value.cloned().unwrap_or_default()
            } else {
                word(problems, rest)
            }
        }
        "-" => {
            if set {
                value.cloned().unwrap_or_default()
            } else {
                word(problems, rest)
            }
        }
        ":+" => {
            if non_empty {
                word(problems, rest)
            } else {
                String::new()
            }
        }
        "+" => {
            if set {
                word(problems, rest)
            } else {
                String::new()
            }
        }
        ":?" | "?" => {
            let ok = if operator == ":?" { non_empty } else { set };
            if !ok {
                let why = if rest.is_empty() { "it is required".to_string() } else { word(problems, rest) };
                problems.push(Problem { is_error: true, message: format!("variable {name} is not set: {why}") });
            }
            value.cloned().unwrap_or_default()
        }
        _ => {
            problems.push(Problem {
                is_error: true,
                message: format!(
                    "`${{{inner}}}` is not a form Compose understands (use `${{{name}}}`, `${{{name}:-default}}` or `${{{name}:?message}}`)"
                ),
            });
            String::new()
        }
    }
}

fn split_operator(text: &str) -> (&str, &str) {
    for operator in [":-", ":?", ":+", "-", "?", "+"] {
        if let Some(rest) = text.strip_prefix(operator) {
            return (operator, rest);
        }
    }
    if text.is_empty() {
        ("", "")
    } else {
        ("bad", text)
    }
}

fn lookup(name: &str, env: &BTreeMap<String, String>, problems: &mut Vec<Problem>) -> String {
    match env.get(name) {
        Some(value) => value.clone(),
        None => {
            problems.push(Problem {
                is_error: false,
                message: format!("the {name} variable is not set; Compose uses an empty string"),
            });
            String::new()
        }
    }
}

fn name_length(text: &str) -> usize {
    let mut length = 0;
    for (index, c) in text.char_indices() {
        let ok = c == '_' || c.is_ascii_alphabetic() || (index > 0 && c.is_ascii_digit());
        if !ok {
            break;
        }
        length = index + c.len_utf8();
    }
    length
}

/// The index of the `}` closing a `${`, counting nested `${ … }`.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0u32;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Vec<Problem>) {
        let env = BTreeMap::from([("TAG".to_string(), "1.2".to_string()), ("EMPTY".to_string(), String::new())]);
        interpolate(text, &env)
    }

    #[test]
    fn forms_of_the_specification() {
        assert_eq!(run("app:${TAG}").0, "app:1.2");
        assert_eq!(run("app:$TAG-x").0, "app:1.2-x");
        assert_eq!(run("${EMPTY:-d}").0, "d");
        assert_eq!(run("${EMPTY-d}").0, "");
        assert_eq!(run("${NOPE:-${TAG}}").0, "1.2");
        assert_eq!(run("${TAG:+yes}").0, "yes");
        assert_eq!(run("$$HOME").0, "$HOME");
        assert!(run("${NOPE:?set it}").1[0].is_error);
        let (value, problems) = run("x${NOPE}");
        assert_eq!(value, "x");
        assert!(!problems[0].is_error);
        assert!(run("${TAG").1[0].is_error);
    }
}
