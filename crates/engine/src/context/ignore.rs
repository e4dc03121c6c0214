//! `.dockerignore`: reading the file and deciding which paths are excluded, by the rules of section (d).
//!
//! Reading: a line whose very first character is `#` is a comment (checked before trimming); other lines are
//! trimmed, a leading `!` makes an exception, the rest is cleaned like a path and loses one leading `/`. Deciding:
//! patterns are tried in file order and the last one that matches the path or one of its parents wins.

use serde::Serialize;

use super::pattern::Pattern;

/// One pattern line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnorePattern {
    /// 1-based line in the `.dockerignore`.
    pub line: u32,
    /// The pattern after reading (cleaned, without `!`).
    pub text: String,
    /// A `!` line: re-includes what earlier lines excluded.
    pub exception: bool,
    #[serde(skip)]
    pattern: Pattern,
}

/// A line Docker would refuse; the build would stop before sending anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoreProblem {
    pub line: u32,
    pub message: String,
}

/// A parsed `.dockerignore`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct IgnoreFile {
    pub patterns: Vec<IgnorePattern>,
    pub problems: Vec<IgnoreProblem>,
}

impl IgnoreFile {
    /// Reads `.dockerignore` text. Never fails: lines Docker would refuse are listed in `problems` and skipped.
    pub fn parse(text: &str) -> IgnoreFile {
        let mut file = IgnoreFile::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, raw) in text.lines().enumerate() {
            let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
            if raw.starts_with('#') {
                continue;
            }
            let mut rest = raw.trim();
            if rest.is_empty() {
                continue;
            }
            let exception = rest.starts_with('!');
            if exception {
                rest = rest[1..].trim();
                if rest.is_empty() {
                    file.problems.push(IgnoreProblem {
                        line,
                        message: "a lone \"!\" is an illegal exclusion pattern; Docker refuses this .dockerignore"
                            .to_string(),
                    });
                    continue;
                }
            }
            let cleaned = clean_pattern(rest);
            // The docs say the pattern "." is ignored: it would otherwise exclude the whole context.
            if cleaned == "." {
                continue;
            }
            match Pattern::new(&cleaned) {
                Ok(pattern) => file.patterns.push(IgnorePattern { line, text: cleaned, exception, pattern }),
                Err(error) => file
                    .problems
                    .push(IgnoreProblem { line, message: format!("{error}; Docker refuses this .dockerignore") }),
            }
        }
        file
    }

    /// Whether the path is left out of the context.
    pub fn is_excluded(&self, path: &str) -> bool {
        self.deciding_pattern(path).is_some_and(|pattern| !pattern.exception)
    }

    /// The last pattern that matches the path or a parent of it: the one that decides.
    pub fn deciding_pattern(&self, path: &str) -> Option<&IgnorePattern> {
        self.patterns.iter().rev().find(|pattern| pattern.pattern.matches_path_or_parent(path))
    }

    pub fn has_exceptions(&self) -> bool {
        self.patterns.iter().any(|pattern| pattern.exception)
    }
}

/// Cleans a pattern like Go's `filepath.Clean` (`..` kept where it cannot be resolved) and drops one leading `/`
/// when something follows it.
fn clean_pattern(text: &str) -> String {
    let cleaned = crate::instructions::clean_path(text);
    match cleaned.strip_prefix('/') {
        // `/` alone stays `/`, which matches no relative path.
        Some("") | None => cleaned,
        Some(relative) => relative.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_comments_slashes_and_exceptions() {
        let file = IgnoreFile::parse("\u{feff}# comment\n #not a comment\n/foo/bar/\n! keep \n\n./a//b/../c\n!\n.\n");
        let texts: Vec<(&str, bool)> = file.patterns.iter().map(|p| (p.text.as_str(), p.exception)).collect();
        assert_eq!(texts, [("#not a comment", false), ("foo/bar", false), ("keep", true), ("a/c", false)]);
        assert_eq!(file.patterns[1].line, 3);
        assert_eq!(file.problems.len(), 1);
        assert_eq!(file.problems[0].line, 7);
    }

    #[test]
    fn the_last_matching_pattern_decides() {
        let file = IgnoreFile::parse("*.md\n!README*.md\nREADME-secret.md\n");
        assert!(file.is_excluded("notes.md"));
        assert!(!file.is_excluded("README.md"));
        assert!(file.is_excluded("README-secret.md"));
        assert!(!file.is_excluded("docs/notes.md"));
        let file = IgnoreFile::parse("*.md\nREADME-secret.md\n!README*.md\n");
        assert!(!file.is_excluded("README-secret.md"));
    }
}
