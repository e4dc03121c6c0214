//! Lesson front matter: the `key: value` lines between two `---` lines at the top of a lesson file.
//!
//! ```text
//! ---
//! id: images-and-layers
//! title: Images, layers and the build cache
//! summary: How an image is built from layers and why the order of a Dockerfile decides rebuild time.
//! order: 3
//! minutes: 15
//! prerequisites: what-is-a-container
//! ---
//! ```
//!
//! `id` is the lesson's address (`#/lessons/<id>`) and must equal the file name without `.md`; it uses
//! lower-case letters, digits and hyphens. `order` sorts the course; `minutes` is the estimated reading and
//! playing time; `prerequisites` is a comma-separated list of lesson ids (it may be empty or left out).

use crate::fields::{list, parse_fields, FieldReader};
use crate::Problem;

/// What a lesson says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LessonMeta {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub order: u32,
    pub minutes: u32,
    pub prerequisites: Vec<String>,
}

/// The known front-matter keys, in the order the authoring guide lists them.
pub const KEYS: [&str; 6] = ["id", "title", "summary", "order", "minutes", "prerequisites"];

/// Splits a lesson into its front matter and its Markdown body.
///
/// Returns the metadata, the body, the 1-based line the body starts on (so later problems point at the right
/// line of the file), and any problems. A file without front matter is all body, with a problem saying so.
pub fn split_front_matter(text: &str) -> (LessonMeta, &str, u32, Vec<Problem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let opening = lines.next().unwrap_or("");
    if opening.trim_end() != "---" {
        let problem = Problem::new(
            1,
            "a lesson starts with front matter: a `---` line, `key: value` lines, and another `---` line",
        );
        return (LessonMeta::default(), text, 1, vec![problem]);
    }
    let start = opening.len();
    let mut offset = start;
    let mut line_count = 1;
    for line in lines {
        line_count += 1;
        if line.trim_end() == "---" {
            let header = &text[start..offset];
            let body = &text[offset + line.len()..];
            let (meta, problems) = parse_meta(header);
            return (meta, body, line_count + 1, problems);
        }
        offset += line.len();
    }
    let problem = Problem::new(1, "the front matter has no closing `---` line");
    (LessonMeta::default(), "", line_count, vec![problem])
}

fn parse_meta(header: &str) -> (LessonMeta, Vec<Problem>) {
    let (fields, mut problems) = parse_fields(header, 2);
    let mut reader = FieldReader::new(&fields, 1);
    let meta = LessonMeta {
        id: reader.required("id"),
        title: reader.required("title"),
        summary: reader.required("summary"),
        order: reader.number("order"),
        minutes: reader.number("minutes"),
        prerequisites: reader.optional("prerequisites").map(|field| list(&field.value)).unwrap_or_default(),
    };
    reader.reject_unknown(&KEYS);
    if !meta.id.is_empty() && !is_id(&meta.id) {
        let line = fields.iter().find(|field| field.key == "id").map_or(1, |field| field.line);
        reader
            .problems
            .push(Problem::new(line, format!("id {:?} must use lower-case letters, digits and hyphens", meta.id)));
    }
    problems.append(&mut reader.problems);
    (meta, problems)
}

/// Whether `text` is a valid lesson or quiz id.
pub fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key_and_finds_the_body_line() {
        let text = "---\nid: base-images\ntitle: Base images\nsummary: Slim, full, Alpine.\norder: 6\nminutes: 12\n\
                    prerequisites: images-and-layers, first-dockerfile\n---\n\n## Goals\n";
        let (meta, body, body_line, problems) = split_front_matter(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(meta.id, "base-images");
        assert_eq!(meta.order, 6);
        assert_eq!(meta.minutes, 12);
        assert_eq!(meta.prerequisites, vec!["images-and-layers", "first-dockerfile"]);
        assert_eq!(body, "\n## Goals\n");
        assert_eq!(body_line, 9);
    }

    #[test]
    fn missing_front_matter_and_missing_fields_are_reported() {
        let (_, body, _, problems) = split_front_matter("## Just a body\n");
        assert_eq!(body, "## Just a body\n");
        assert_eq!(problems.len(), 1);

        let (_, _, _, problems) = split_front_matter("---\nid: Bad_Id\norder: soon\ncolour: red\n---\n");
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "line 1: `title` is missing",
                "line 1: `summary` is missing",
                "line 3: `order` must be a whole number, found \"soon\"",
                "line 1: `minutes` is missing",
                "line 4: unknown field `colour` (known fields: id, title, summary, order, minutes, prerequisites)",
                "line 2: id \"Bad_Id\" must use lower-case letters, digits and hyphens",
            ]
        );
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let (_, body, _, problems) = split_front_matter("---\nid: x\n");
        assert_eq!(body, "");
        assert_eq!(problems[0].message, "the front matter has no closing `---` line");
    }

    #[test]
    fn ids() {
        assert!(is_id("what-is-a-container"));
        assert!(is_id("lesson2"));
        assert!(!is_id("-x"));
        assert!(!is_id("A"));
        assert!(!is_id(""));
    }
}
