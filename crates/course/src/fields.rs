//! The small `key: value` format shared by front matter, interactive blocks and quiz files.
//!
//! One field per line: a key of lower-case letters, digits and hyphens, a colon, and the value. A line that
//! starts with whitespace continues the value above it (joined with a space), so long explanations can wrap.
//! Blank lines and lines starting with `#` are ignored. Keys may repeat (a quiz lists several `option`s); the
//! reader of the fields decides what each key means and which are required.

use crate::Problem;

/// One `key: value` line (plus its continuation lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub value: String,
    /// The line the key is on, counted in the file the fields came from.
    pub line: u32,
}

/// Parses `text` whose first line is line `first_line` of its file.
pub fn parse_fields(text: &str, first_line: u32) -> (Vec<Field>, Vec<Problem>) {
    let mut fields: Vec<Field> = Vec::new();
    let mut problems = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = first_line + index as u32;
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            match fields.last_mut() {
                Some(field) => {
                    if !field.value.is_empty() {
                        field.value.push(' ');
                    }
                    field.value.push_str(raw.trim());
                }
                None => {
                    problems.push(Problem::new(line, "an indented line continues a field, but no field came before it"))
                }
            }
            continue;
        }
        let Some((key, value)) = raw.split_once(':') else {
            problems.push(Problem::new(line, format!("expected `key: value`, found {:?}", raw.trim())));
            continue;
        };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            problems.push(Problem::new(
                line,
                format!("{key:?} is not a field name: use lower-case letters, digits and hyphens"),
            ));
            continue;
        }
        fields.push(Field { key: key.to_owned(), value: value.trim().to_owned(), line });
    }
    (fields, problems)
}

/// Reads fields by key, remembering which were used so that unknown ones can be reported.
pub struct FieldReader<'a> {
    fields: &'a [Field],
    /// The line to blame for a missing field: where the fields start.
    pub line: u32,
    pub problems: Vec<Problem>,
}

impl<'a> FieldReader<'a> {
    pub fn new(fields: &'a [Field], line: u32) -> Self {
        FieldReader { fields, line, problems: Vec::new() }
    }

    /// The single value of `key`, or `None` (reported when the field appears more than once).
    pub fn optional(&mut self, key: &str) -> Option<&'a Field> {
        let mut matches = self.fields.iter().filter(|field| field.key == key);
        let first = matches.next();
        if let Some(extra) = matches.next() {
            self.problems.push(Problem::new(extra.line, format!("`{key}` is given more than once")));
        }
        first
    }

    /// The value of a required `key`; a missing or empty one is reported and read as empty.
    pub fn required(&mut self, key: &str) -> String {
        match self.optional(key) {
            Some(field) if !field.value.is_empty() => field.value.clone(),
            Some(field) => {
                self.problems.push(Problem::new(field.line, format!("`{key}` is empty")));
                String::new()
            }
            None => {
                self.problems.push(Problem::new(self.line, format!("`{key}` is missing")));
                String::new()
            }
        }
    }

    /// A required whole number.
    pub fn number(&mut self, key: &str) -> u32 {
        let line = self.optional(key).map_or(self.line, |field| field.line);
        let value = self.required(key);
        if value.is_empty() {
            return 0;
        }
        value.parse().unwrap_or_else(|_| {
            self.problems.push(Problem::new(line, format!("`{key}` must be a whole number, found {value:?}")));
            0
        })
    }

    /// Reports every field whose key is not in `known`.
    pub fn reject_unknown(&mut self, known: &[&str]) {
        for field in self.fields {
            if !known.contains(&field.key.as_str()) {
                self.problems.push(Problem::new(
                    field.line,
                    format!("unknown field `{}` (known fields: {})", field.key, known.join(", ")),
                ));
            }
        }
    }
}

/// Splits a comma-separated list, dropping empty items; `[a, b]` brackets are accepted too.
pub fn list(value: &str) -> Vec<String> {
    let value = value.trim().trim_start_matches('[').trim_end_matches(']');
    value.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> (Vec<(String, String, u32)>, Vec<String>) {
        let (fields, problems) = parse_fields(text, 10);
        (
            fields.into_iter().map(|field| (field.key, field.value, field.line)).collect(),
            problems.into_iter().map(|problem| problem.to_string()).collect(),
        )
    }

    #[test]
    fn keys_values_continuations_and_comments() {
        let (fields, problems) =
            check("# a comment\nid: why-ml\ntitle: Why ML: a story\nsummary: first\n  second\n\norder: 1\n");
        assert!(problems.is_empty());
        assert_eq!(
            fields,
            vec![
                ("id".into(), "why-ml".into(), 11),
                ("title".into(), "Why ML: a story".into(), 12),
                ("summary".into(), "first second".into(), 13),
                ("order".into(), "1".into(), 16),
            ]
        );
    }

    #[test]
    fn malformed_lines_are_located() {
        let (_, problems) = check("  orphan\nno colon here\nBad Key: x\n");
        assert_eq!(
            problems,
            vec![
                "line 10: an indented line continues a field, but no field came before it",
                "line 11: expected `key: value`, found \"no colon here\"",
                "line 12: \"Bad Key\" is not a field name: use lower-case letters, digits and hyphens",
            ]
        );
    }

    #[test]
    fn reader_reports_missing_duplicate_unknown_and_bad_numbers() {
        let (fields, _) = parse_fields("a: 1\na: 2\nn: many\nzzz: ?\n", 1);
        let mut reader = FieldReader::new(&fields, 1);
        assert_eq!(reader.required("a"), "1");
        assert_eq!(reader.number("n"), 0);
        assert_eq!(reader.required("b"), "");
        reader.reject_unknown(&["a", "n", "b"]);
        let messages: Vec<String> = reader.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "line 2: `a` is given more than once",
                "line 3: `n` must be a whole number, found \"many\"",
                "line 1: `b` is missing",
                "line 4: unknown field `zzz` (known fields: a, n, b)",
            ]
        );
    }

    #[test]
    fn lists_accept_commas_and_brackets() {
        assert_eq!(list("a, b,,c "), vec!["a", "b", "c"]);
        assert_eq!(list("[a, b]"), vec!["a", "b"]);
        assert!(list("").is_empty());
    }
}
