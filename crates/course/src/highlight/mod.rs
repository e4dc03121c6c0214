//! Syntax highlighting of code blocks into escaped HTML with `<span class="tok-…">` around each token.
//!
//! Dockerfiles are coloured with the engine's own tokens, so a lesson shows a Dockerfile exactly as the editor
//! understands it. Shell, YAML and Python get small tokenizers of their own here: they only need to colour
//! teaching examples well, not to parse every corner of those languages. Every tokenizer returns sorted,
//! non-overlapping byte ranges; [`render`] fills the gaps with escaped plain text.

mod dockerfile;
mod python;
mod shell;
mod yaml;

use std::ops::Range;

use crate::html::push_escaped;

/// The languages a fenced code block can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Dockerfile,
    Shell,
    Yaml,
    Python,
    /// Anything else, including no info string: shown as escaped text.
    Plain,
}

impl Lang {
    /// Reads a fence's info string (`dockerfile`, `sh`, `bash`, `console`, `yaml`, `yml`, `python`, `py`, …).
    pub fn from_info(info: &str) -> Lang {
        let word = info.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        match word.as_str() {
            "dockerfile" | "docker" | "containerfile" => Lang::Dockerfile,
            "sh" | "shell" | "bash" | "console" | "shell-session" | "zsh" => Lang::Shell,
            "yaml" | "yml" | "compose" => Lang::Yaml,
            "python" | "py" | "python3" => Lang::Python,
            _ => Lang::Plain,
        }
    }

    /// A short label for the code block's corner.
    pub fn label(self) -> &'static str {
        match self {
            Lang::Dockerfile => "Dockerfile",
            Lang::Shell => "shell",
            Lang::Yaml => "YAML",
            Lang::Python => "Python",
            Lang::Plain => "",
        }
    }
}

/// A token class; its CSS class is `tok-` plus [`Class::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Keyword,
    Command,
    Flag,
    String,
    Variable,
    Comment,
    Directive,
    Heredoc,
    Operator,
    Number,
    Literal,
    Key,
    Function,
    Decorator,
}

impl Class {
    pub fn name(self) -> &'static str {
        match self {
            Class::Keyword => "keyword",
            Class::Command => "command",
            Class::Flag => "flag",
            Class::String => "string",
            Class::Variable => "variable",
            Class::Comment => "comment",
            Class::Directive => "directive",
            Class::Heredoc => "heredoc",
            Class::Operator => "operator",
            Class::Number => "number",
            Class::Literal => "literal",
            Class::Key => "key",
            Class::Function => "function",
            Class::Decorator => "decorator",
        }
    }
}

/// A coloured byte range of the code.
pub type Token = (Class, Range<usize>);

/// The tokens of `code` in `lang`, sorted and non-overlapping.
pub fn tokens(lang: Lang, code: &str) -> Vec<Token> {
    match lang {
        Lang::Dockerfile => dockerfile::tokens(code),
        Lang::Shell => shell::tokens(code),
        Lang::Yaml => yaml::tokens(code),
        Lang::Python => python::tokens(code),
        Lang::Plain => Vec::new(),
    }
}

/// `code` as escaped HTML with its tokens wrapped in spans (no surrounding `<pre>`).
pub fn highlight(lang: Lang, code: &str) -> String {
    render(code, &tokens(lang, code))
}

/// Writes `code` as HTML, wrapping each token's range in a span. Out-of-range or overlapping tokens are
/// skipped rather than trusted, so a tokenizer bug can only lose colour, never text.
pub fn render(code: &str, tokens: &[Token]) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    let mut at = 0;
    for (class, range) in tokens {
        if range.start < at || range.end > code.len() || range.start >= range.end {
            continue;
        }
        if !code.is_char_boundary(range.start) || !code.is_char_boundary(range.end) {
            continue;
        }
        push_escaped(&mut out, &code[at..range.start]);
        out.push_str("<span class=\"tok-");
        out.push_str(class.name());
        out.push_str("\">");
        push_escaped(&mut out, &code[range.clone()]);
        out.push_str("</span>");
        at = range.end;
    }
    push_escaped(&mut out, &code[at..]);
    out
}

/// Test helper: each token as `class:text`, in order.
#[cfg(test)]
pub(crate) fn describe(lang: Lang, code: &str) -> Vec<String> {
    tokens(lang, code).into_iter().map(|(class, range)| format!("{}:{}", class.name(), &code[range])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings_pick_languages() {
        assert_eq!(Lang::from_info("Dockerfile"), Lang::Dockerfile);
        assert_eq!(Lang::from_info("bash title=x"), Lang::Shell);
        assert_eq!(Lang::from_info("yml"), Lang::Yaml);
        assert_eq!(Lang::from_info("py"), Lang::Python);
        assert_eq!(Lang::from_info(""), Lang::Plain);
        assert_eq!(Lang::from_info("toml"), Lang::Plain);
    }

    #[test]
    fn render_escapes_text_inside_and_outside_tokens() {
        let html = render("a <b> \"c\"", &[(Class::String, 6..9)]);
        assert_eq!(html, "a &lt;b&gt; <span class=\"tok-string\">&quot;c&quot;</span>");
    }

    #[test]
    fn render_skips_bad_tokens_but_keeps_all_text() {
        let html = render(
            "héllo",
            &[(Class::Keyword, 0..2), (Class::Keyword, 1..3), (Class::Number, 4..99), (Class::Number, 5..5)],
        );
        assert_eq!(html, "h<span class=\"tok-keyword\">é</span>llo", "a range that splits a character is dropped");
        let html = render("ab cd", &[(Class::Keyword, 0..2), (Class::Keyword, 1..4)]);
        assert_eq!(html, "<span class=\"tok-keyword\">ab</span> cd");
    }

    #[test]
    fn plain_code_is_only_escaped() {
        assert_eq!(highlight(Lang::Plain, "<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
