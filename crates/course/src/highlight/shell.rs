//! Shell commands and console sessions: comments, quotes, variables, flags, operators and the command word.

use super::{Class, Token};

const OPERATORS: [&str; 9] = ["&&", "||", ">>", "2>", "|", ";", ">", "<", "&"];

pub(super) fn tokens(code: &str) -> Vec<Token> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Whether the next word is a command name: at the start of a line or after an operator.
    let mut command_position = true;
    let mut line_start = true;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' {
            // A backslash right before the newline continues the command on the next line.
            let continued = i > 0 && bytes[i - 1] == b'\\';
            command_position = !continued;
            line_start = true;
            i += 1;
            continue;
        }
        if c == b' ' || c == b'\t' {
            i += 1;
            continue;
        }
        // A console prompt: `$ ` at the start of a line.
        if line_start && c == b'$' && bytes.get(i + 1).is_none_or(|next| *next == b' ') {
            out.push((Class::Operator, i..i + 1));
            i += 1;
            line_start = false;
            continue;
        }
        line_start = false;
        if c == b'#' {
            let end = line_end(code, i);
            out.push((Class::Comment, i..end));
            i = end;
            continue;
        }
        if c == b'\'' || c == b'"' {
            let end = quoted_end(bytes, i);
            out.push((Class::String, i..end));
            i = end;
            command_position = false;
            continue;
        }
        if c == b'$' {
            let end = variable_end(bytes, i);
            out.push((Class::Variable, i..end));
            i = end;
            command_position = false;
            continue;
        }
        if let Some(op) = OPERATORS.iter().find(|op| code[i..].starts_with(**op)) {
            out.push((Class::Operator, i..i + op.len()));
            i += op.len();
            // After a redirection comes a file name; after the others, a new command.
            command_position = !matches!(*op, ">>" | "2>" | ">" | "<");
            continue;
        }
        if c == b'\\' {
            out.push((Class::Operator, i..i + 1));
            i += 1;
            continue;
        }
        // A word: up to whitespace, a quote, a variable or an operator character.
        let start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\'' | b'"' | b'$' | b'|' | b'&' | b';' | b'>' | b'<')
        {
            i += 1;
        }
        if i == start {
            // A character no rule takes (for example a lone `>` inside a word boundary case): step over it.
            i += code[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let word = &code[start..i];
        if word.starts_with('-') && word.len() > 1 {
            out.push((Class::Flag, start..i));
        } else if command_position && !word.contains('=') {
            out.push((Class::Command, start..i));
            command_position = false;
        } else if word.bytes().all(|b| b.is_ascii_digit()) {
            out.push((Class::Number, start..i));
        }
    }
    out
}

fn line_end(code: &str, from: usize) -> usize {
    code[from..].find('\n').map_or(code.len(), |at| from + at)
}

/// The end of a quoted string starting at `start`; double quotes honour backslash escapes.
fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        if quote == b'"' && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

fn variable_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    match bytes.get(i) {
        Some(b'{') => {
            while i < bytes.len() && bytes[i] != b'}' && bytes[i] != b'\n' {
                i += 1;
            }
            (i + 1).min(bytes.len())
        }
        Some(b'?' | b'@' | b'#' | b'*' | b'0'..=b'9') => i + 1,
        _ => {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            i
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::highlight::{describe, Lang};

    fn check(code: &str, expected: &[&str]) {
        assert_eq!(describe(Lang::Shell, code), expected, "{code:?}");
    }

    #[test]
    fn commands_flags_and_strings() {
        check("docker build -t lgbm-api:1.0 .", &["command:docker", "flag:-t"]);
        check("echo 'a b' \"c $d\"", &["command:echo", "string:'a b'", "string:\"c $d\""]);
    }

    #[test]
    fn prompts_operators_and_comments() {
        check("$ pip freeze > requirements.txt # pin", &["operator:$", "command:pip", "operator:>", "comment:# pin"]);
        check("a && b | c", &["command:a", "operator:&&", "command:b", "operator:|", "command:c"]);
    }

    #[test]
    fn variables_and_continuations() {
        check("echo ${HOME} $1\n", &["command:echo", "variable:${HOME}", "variable:$1"]);
        check("docker run \\\n  --rm img", &["command:docker", "operator:\\", "flag:--rm"]);
    }

    #[test]
    fn hash_inside_a_word_is_not_a_comment() {
        check("git log a#b", &["command:git"]);
    }

    #[test]
    fn unterminated_quotes_and_odd_text_never_panic() {
        for code in ["'open", "\"x\\", "${", "$", "é ü", "echo \\"] {
            let _ = describe(Lang::Shell, code);
        }
    }
}
