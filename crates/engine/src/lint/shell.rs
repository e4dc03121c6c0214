//! A small shell reader for `RUN` commands: words and command boundaries, located in the Dockerfile's own text.
//!
//! Lint rules ask questions like "is there an `apt-get install` without `-y`?" and must underline the exact word,
//! so this reader works on the original bytes rather than on BuildKit's joined line. It understands what the
//! rules need and no more: quotes, backslash escapes, `$(…)` and backticks kept inside a word, the operators
//! `&& || | ; &` and subshell parentheses as command boundaries, line continuations (which join lines, as the
//! Dockerfile parser does), and comment lines inside a continuation, which the Dockerfile parser drops.
//! It never fails: unbalanced quotes simply run to the end of the text.

/// One word of a command: its text with quotes removed, and the bytes it covers in the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// What ended a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    And,
    Or,
    Pipe,
    Semicolon,
    Background,
    Newline,
    Paren,
    End,
}

/// One simple command: leading `NAME=value` assignments, then its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCommand {
    pub assignments: Vec<ShellWord>,
    pub words: Vec<ShellWord>,
    /// The operator after the command.
    pub separator: Separator,
}

impl ShellCommand {
    /// The program after wrappers that only change how it runs (`sudo`, `env`, `time`, `nice`, `exec`, `command`),
    /// as the index of its word. `None` for an empty command.
    pub fn program_index(&self) -> Option<usize> {
        let mut index = 0;
        while let Some(word) = self.words.get(index) {
            match word.text.as_str() {
                "sudo" | "env" | "time" | "nice" | "exec" | "command" | "nohup" => {
                    index += 1;
                    // Skip the wrapper's own options and, for env, variable assignments.
                    while let Some(next) = self.words.get(index) {
                        if next.text.starts_with('-') {
                            let takes_value = matches!(next.text.as_str(), "-u" | "-g" | "-n" | "-C");
                            index += if takes_value { 2 } else { 1 };
                        } else if is_assignment(&next.text) {
                            index += 1;
                        } else {
                            break;
                        }
                    }
                }
                // Control words that begin a compound command; the command proper follows them.
                "if" | "then" | "else" | "elif" | "do" | "while" | "until" | "!" | "{" => index += 1,
                _ => return Some(index),
            }
        }
        None
    }

    /// The program's name without its directory (`/opt/conda/bin/pip` → `pip`).
    pub fn program(&self) -> Option<&str> {
        let word = &self.words[self.program_index()?];
        Some(word.text.rsplit('/').next().unwrap_or(&word.text))
    }

    /// The words after the program.
    pub fn arguments(&self) -> &[ShellWord] {
        match self.program_index() {
            Some(index) => &self.words[index + 1..],
            None => &[],
        }
    }

    /// Assignments before the program, including those given to `env`.
    pub fn environment(&self) -> impl Iterator<Item = &str> {
        let end = self.program_index().unwrap_or(self.words.len());
        self.assignments
            .iter()
            .chain(self.words[..end].iter().filter(|word| is_assignment(&word.text)))
            .map(|word| word.text.as_str())
    }
}

/// Whether a word is `NAME=value`.
pub fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            let mut chars = name.chars();
            chars.next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
                && chars.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        }
        None => false,
    }
}

/// How the text was written: a Dockerfile line (continuations join lines, comment lines inside them are dropped)
/// or a heredoc script (newlines separate commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    DockerfileLine,
    Script,
}

/// Reads the commands in `text[start..end]`. `escape` is the Dockerfile's escape character.
pub fn commands(text: &str, start: usize, end: usize, escape: char, source: Source) -> Vec<ShellCommand> {
    let end = end.min(text.len());
    let start = start.min(end);
    let mut reader = Reader { text, position: start, end, escape, source, commands: Vec::new(), current: empty() };
    reader.run();
    reader.commands
}

fn empty() -> ShellCommand {
    ShellCommand { assignments: Vec::new(), words: Vec::new(), separator: Separator::End }
}

struct Reader<'a> {
    text: &'a str,
    position: usize,
    end: usize,
    escape: char,
    source: Source,
    commands: Vec<ShellCommand>,
    current: ShellCommand,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.position..self.end).and_then(|rest| rest.chars().next())
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.text.get(self.position + offset..self.end).and_then(|rest| rest.chars().next())
    }

    /// Skips a line continuation (escape, spaces, newline) and, in a Dockerfile line, the comment and blank lines
    /// that follow it. Returns whether one was skipped.
    fn skip_continuation(&mut self) -> bool {
        if self.peek() != Some(self.escape) {
            return false;
        }
        let rest = &self.text[self.position + self.escape.len_utf8()..self.end];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let after = &rest[spaces..];
        let newline = if after.starts_with("\r\n") {
            2
        } else if after.starts_with('\n') {
            1
        } else {
            return false;
        };
        self.position += self.escape.len_utf8() + spaces + newline;
        if self.source == Source::DockerfileLine {
            self.skip_dropped_lines();
        }
        true
    }

    /// The Dockerfile parser drops comment lines and empty lines inside a continuation.
    fn skip_dropped_lines(&mut self) {
        loop {
            let rest = &self.text[self.position..self.end];
            let trimmed = rest.trim_start_matches([' ', '\t']);
            if trimmed.starts_with('#') || trimmed.starts_with('\n') || trimmed.starts_with("\r\n") {
                match rest.find('\n') {
                    Some(newline) => self.position += newline + 1,
                    None => self.position = self.end,
                }
            } else {
                return;
            }
        }
    }

    fn finish_command(&mut self, separator: Separator) {
        let mut command = std::mem::replace(&mut self.current, empty());
        command.separator = separator;
        if !command.words.is_empty() || !command.assignments.is_empty() {
            self.commands.push(command);
        } else if let Some(last) = self.commands.last_mut() {
            // `a && (b)`: keep the stronger operator on the previous command.
            if last.separator == Separator::Paren {
                last.separator = separator;
            }
        }
    }

    fn run(&mut self) {
        while self.position < self.end {
            if self.skip_continuation() {
                continue;
            }
            let Some(ch) = self.peek() else { break };
            match ch {
                ' ' | '\t' | '\r' => self.position += 1,
                '\n' => {
                    self.position += 1;
                    self.finish_command(Separator::Newline);
                }
                '#' => {
                    // A comment runs to the end of the line.
                    let rest = &self.text[self.position..self.end];
                    self.position += rest.find('\n').unwrap_or(rest.len());
                }
                '&' | '|' => {
                    let double = self.peek_at(1) == Some(ch);
                    self.position += if double { 2 } else { 1 };
                    let separator = match (ch, double) {
                        ('&', true) => Separator::And,
                        ('&', false) => Separator::Background,
                        ('|', true) => Separator::Or,
                        _ => Separator::Pipe,
                    };
                    self.finish_command(separator);
                }
                ';' => {
                    self.position += 1;
                    self.finish_command(Separator::Semicolon);
                }
                '(' | ')' => {
                    self.position += 1;
                    self.finish_command(Separator::Paren);
                }
                _ => self.word(),
            }
        }
        self.finish_command(Separator::End);
    }

    fn word(&mut self) {
        let start = self.position;
        let mut text = String::new();
        let mut quoted = false;
        while self.position < self.end {
            if self.skip_continuation() {
                continue;
            }
            let Some(ch) = self.peek() else { break };
            match ch {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '(' | ')' => break,
                '\'' => {
                    quoted = true;
                    self.position += 1;
                    while let Some(inner) = self.peek() {
                        self.position += inner.len_utf8();
                        if inner == '\'' {
                            break;
                        }
                        text.push(inner);
                    }
                }
                '"' => {
                    quoted = true;
                    self.position += 1;
                    while let Some(inner) = self.peek() {
                        if self.skip_continuation() {
                            continue;
                        }
                        self.position += inner.len_utf8();
                        if inner == '"' {
                            break;
                        }
                        if inner == '\\' {
                            if let Some(next) = self.peek() {
                                if matches!(next, '"' | '\\' | '$' | '`') {
                                    self.position += next.len_utf8();
                                    text.push(next);
                                    continue;
                                }
                            }
                        }
                        text.push(inner);
                    }
                }
                '\\' => {
                    self.position += 1;
                    if let Some(next) = self.peek() {
                        self.position += next.len_utf8();
                        if next != '\n' {
                            text.push(next);
                        }
                    }
                }
                '$' if self.peek_at(1) == Some('(') => self.nested('(', ')', &mut text),
                '`' => self.nested('`', '`', &mut text),
                _ => {
                    self.position += ch.len_utf8();
                    text.push(ch);
                }
            }
        }
        if self.position == start {
            // Cannot happen for the characters that start a word, but never loop forever on odd input.
            self.position += self.peek().map_or(1, char::len_utf8);
            return;
        }
        // `"A"=b` is not an assignment in the shell: the name must be unquoted.
        let name_quoted = quoted && matches!(self.text[start..].chars().next(), Some('\'' | '"'));
        let word = ShellWord { text, start, end: self.position };
        // Assignments count only before the first word of a command.
        if self.current.words.is_empty() && !name_quoted && is_assignment(&word.text) {
            self.current.assignments.push(word);
        } else {
            self.current.words.push(word);
        }
    }

    /// Copies a `$(…)` or backtick substitution into the word as written, so it stays one word.
    fn nested(&mut self, open: char, close: char, text: &mut String) {
        let mut depth = 0usize;
        let first = self.position;
        while let Some(ch) = self.peek() {
            if self.skip_continuation() {
                continue;
            }
            self.position += ch.len_utf8();
            text.push(ch);
            if ch == open && (open != close || self.position == first + 1) {
                depth += 1;
            } else if ch == close {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(Vec<String>, Separator)> {
        commands(text, 0, text.len(), '\\', Source::DockerfileLine)
            .into_iter()
            .map(|command| (command.words.into_iter().map(|word| word.text).collect(), command.separator))
            .collect()
    }

    #[test]
    fn operators_split_commands_and_quotes_do_not() {
        let commands = read("apt-get update && apt-get install -y 'a b' | tee \"x|y\"; echo $(a && b)");
        assert_eq!(commands.len(), 4);
        assert_eq!(commands[0].1, Separator::And);
        assert_eq!(commands[1].0, ["apt-get", "install", "-y", "a b"]);
        assert_eq!(commands[1].1, Separator::Pipe);
        assert_eq!(commands[2].0, ["tee", "x|y"]);
        assert_eq!(commands[3].0, ["echo", "$(a && b)"]);
    }

    #[test]
    fn continuations_join_and_drop_comment_lines() {
        let text = "pip install \\\n    # a comment\n    torch \\\n\n  numpy";
        let commands = commands(text, 0, text.len(), '\\', Source::DockerfileLine);
        let words: Vec<&str> = commands[0].words.iter().map(|word| word.text.as_str()).collect();
        assert_eq!(words, ["pip", "install", "torch", "numpy"]);
        let torch = &commands[0].words[2];
        assert_eq!(&text[torch.start..torch.end], "torch");
    }

    #[test]
    fn wrappers_and_assignments_are_seen_through() {
        let text = "PIP_NO_CACHE_DIR=1 sudo -E env A=1 /usr/bin/pip install x";
        let command = &commands(text, 0, text.len(), '\\', Source::DockerfileLine)[0];
        assert_eq!(command.program(), Some("pip"));
        assert_eq!(command.environment().collect::<Vec<_>>(), ["PIP_NO_CACHE_DIR=1", "A=1"]);
    }

    #[test]
    fn scripts_split_on_newlines() {
        let text = "set -e\npip install x\n";
        assert_eq!(commands(text, 0, text.len(), '\\', Source::Script).len(), 2);
    }
}
