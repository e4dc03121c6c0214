//! Just enough of `/bin/sh` to find the commands in a `RUN`: words, quotes, `&&`, `;`, pipes and `sh -c`.
//!
//! This is not a shell. It splits the text into simple commands so the estimator can recognise `apt-get install`,
//! `pip install`, `rm -rf` and friends in the order they run; anything it cannot follow is still returned as words,
//! and the estimator names what it did not understand.

use std::collections::BTreeMap;

/// One simple command: its words with quotes removed, leading `VAR=value` assignments and `sudo` dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<String>,
}

impl Command {
    /// The program's name without its directory (`/opt/venv/bin/pip` → `pip`).
    pub fn program(&self) -> &str {
        self.words.first().map(|word| word.rsplit('/').next().unwrap_or(word)).unwrap_or("")
    }
}

/// Replaces `$NAME` and `${NAME}` with known values; unknown variables stay as written.
pub fn substitute(text: &str, variables: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(position) = rest.find('$') {
        out.push_str(&rest[..position]);
        let after = &rest[position + 1..];
        let (name, consumed) = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) if inner[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                    (&inner[..end], end + 2)
                }
                _ => ("", 0),
            }
        } else {
            let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            (&after[..end], end)
        };
        match variables.get(name) {
            Some(value) if !name.is_empty() => {
                out.push_str(value);
                rest = &after[consumed..];
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Splits shell text into simple commands, in order.
pub fn commands(text: &str) -> Vec<Command> {
    let mut out = Vec::new();
    split_into(text, &mut out, 0);
    out
}

fn split_into(text: &str, out: &mut Vec<Command>, depth: usize) {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    let flush_word = |word: &mut String, in_word: &mut bool, words: &mut Vec<String>| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(next) => {
                    word.push(next);
                    in_word = true;
                }
            },
            '\'' => {
                in_word = true;
                for next in chars.by_ref() {
                    if next == '\'' {
                        break;
                    }
                    word.push(next);
                }
            }
            '"' => {
                in_word = true;
                while let Some(next) = chars.next() {
                    match next {
                        '"' => break,
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                if !matches!(escaped, '"' | '\\' | '$' | '`') {
                                    word.push('\\');
                                }
                                word.push(escaped);
                            }
                        }
                        _ => word.push(next),
                    }
                }
            }
            '#' if !in_word => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        break;
                    }
                }
                flush_word(&mut word, &mut in_word, &mut words);
                finish(&mut words, out, depth);
            }
            ' ' | '\t' => flush_word(&mut word, &mut in_word, &mut words),
            '\n' | ';' | '&' | '|' | '(' | ')' | '`' => {
                flush_word(&mut word, &mut in_word, &mut words);
                finish(&mut words, out, depth);
            }
            _ => {
                word.push(c);
                in_word = true;
            }
        }
    }
    flush_word(&mut word, &mut in_word, &mut words);
    finish(&mut words, out, depth);
}

/// Ends one simple command: drops shell keywords, assignments and `sudo`, and follows `sh -c "…"` once or twice.
fn finish(words: &mut Vec<String>, out: &mut Vec<Command>, depth: usize) {
    let mut taken: Vec<String> = std::mem::take(words);
    let keywords = ["then", "do", "else", "elif", "if", "while", "until", "!", "time", "exec", "{", "}", "fi", "done"];
    let mut start = 0;
    while start < taken.len() {
        let word = &taken[start];
        let assignment = word
            .split_once('=')
            .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if keywords.contains(&word.as_str()) || assignment || word == "sudo" || word == "env" {
            start += 1;
        } else {
            break;
        }
    }
    taken.drain(..start);
    if taken.is_empty() {
        return;
    }
    let program = taken[0].rsplit('/').next().unwrap_or("").to_string();
    if matches!(program.as_str(), "sh" | "bash" | "dash" | "zsh") && depth < 3 {
        if let Some(index) = taken.iter().position(|word| word == "-c" || word == "-lc" || word == "-ec") {
            if let Some(script) = taken.get(index + 1) {
                split_into(&script.clone(), out, depth + 1);
                return;
            }
        }
    }
    out.push(Command { words: taken });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = commands(text).iter().map(|c| c.words.join(" ")).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn splits_on_operators_and_keeps_quoted_text_together() {
        check(
            "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y 'lib gomp' ; rm -rf /x | cat",
            &["apt-get update", "apt-get install -y lib gomp", "rm -rf /x", "cat"],
        );
    }

    #[test]
    fn follows_sh_c_and_drops_comments() {
        check("bash -c \"pip install torch && echo ok\" # done\n", &["pip install torch", "echo ok"]);
    }

    #[test]
    fn substitutes_known_variables_only() {
        let mut variables = BTreeMap::new();
        variables.insert("V".to_string(), "2.1".to_string());
        assert_eq!(substitute("torch==${V} x==$V y==$W $", &variables), "torch==2.1 x==2.1 y==$W $");
    }
}
