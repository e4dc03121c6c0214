//! A whole lesson file: front matter plus rendered body.

use crate::blocks::Block;
use crate::front_matter::{split_front_matter, LessonMeta};
use crate::markdown::{render, EmbeddedDockerfile, LessonLink, Segment, TocEntry};
use crate::Problem;

/// A lesson, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    pub meta: LessonMeta,
    pub segments: Vec<Segment>,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<String>,
    pub links: Vec<LessonLink>,
    pub dockerfiles: Vec<EmbeddedDockerfile>,
}

impl Lesson {
    /// The live blocks, in page order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Block(block) => Some(block),
            Segment::Html(_) => None,
        })
    }
}

/// Parses a lesson file. Never fails: problems come back located to lines of the file.
pub fn parse_lesson(text: &str) -> (Lesson, Vec<Problem>) {
    let (meta, body, body_line, mut problems) = split_front_matter(text);
    let rendered = render(body, body_line, &meta.id);
    problems.extend(rendered.problems);
    let lesson = Lesson {
        meta,
        segments: rendered.segments,
        toc: rendered.toc,
        anchors: rendered.anchors,
        links: rendered.links,
        dockerfiles: rendered.dockerfiles,
    };
    (lesson, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_problems_point_at_file_lines() {
        let text = "---\nid: demo\ntitle: Demo\nsummary: S.\norder: 1\nminutes: 3\n---\n\n# Not allowed\n";
        let (lesson, problems) = parse_lesson(text);
        assert_eq!(lesson.meta.id, "demo");
        assert_eq!(
            problems,
            vec![Problem::new(9, "the lesson title comes from the front matter: start sections at `##`")]
        );
    }

    #[test]
    fn blocks_are_listed_in_order() {
        let text = "---\nid: demo\ntitle: Demo\nsummary: S.\norder: 1\nminutes: 3\n---\n\n```dockerlab-diagram\nkind: container-vs-vm\n```\n\n```dockerlab-quiz\nid: q\n```\n";
        let (lesson, problems) = parse_lesson(text);
        assert!(problems.is_empty(), "{problems:?}");
        let kinds: Vec<&str> = lesson.blocks().map(Block::kind).collect();
        assert_eq!(kinds, vec!["dockerlab-diagram", "dockerlab-quiz"]);
    }
}
