//! The course: the index files, lessons in order with previous and next, and the checks that need every file
//! at once (ids, prerequisites, links between lessons, quiz references).
//!
//! `lessons/index.txt` and `quizzes/index.txt` list the files to load, one file name a line; blank lines and
//! lines starting with `#` are ignored. The order of the course comes from each lesson's `order`, not from the
//! index, so adding a lesson is one new file and one index line.

use crate::blocks::Block;
use crate::lesson::Lesson;
use crate::quiz::Quiz;
use crate::Problem;

/// Reads an index file: the file names it lists, and problems with lines that are not plain file names.
pub fn parse_index(text: &str, extension: &str) -> (Vec<String>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let name = line.trim();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        let plain = !name.contains(['/', '\\', ':', ' ']) && !name.starts_with('.');
        if !plain || !name.ends_with(extension) {
            problems.push(Problem::new(
                index as u32 + 1,
                format!("{name:?} is not a file name ending in {extension} in this folder"),
            ));
        } else if files.iter().any(|file| file == name) {
            problems.push(Problem::new(index as u32 + 1, format!("{name} is listed twice")));
        } else {
            files.push(name.to_owned());
        }
    }
    (files, problems)
}

/// A lesson with the file it came from and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonFile {
    pub file: String,
    pub lesson: Lesson,
    pub problems: Vec<Problem>,
}

/// A quiz with the file it came from and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizFile {
    pub file: String,
    pub quiz: Quiz,
    pub problems: Vec<Problem>,
}

/// Every lesson, in course order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Course {
    pub lessons: Vec<LessonFile>,
}

impl Course {
    /// Orders the lessons and runs the checks that span files; their problems are added to the lesson files
    /// they concern. Quiz references are checked against `quiz_ids` when given (the app checks them when a
    /// quiz fails to load instead, so a lesson page does not wait for every quiz).
    pub fn assemble(mut lessons: Vec<LessonFile>, quiz_ids: Option<&[&str]>) -> Course {
        lessons.sort_by(|a, b| (a.lesson.meta.order, &a.lesson.meta.id).cmp(&(b.lesson.meta.order, &b.lesson.meta.id)));
        let ids: Vec<String> = lessons.iter().map(|file| file.lesson.meta.id.clone()).collect();
        let anchors: Vec<Vec<String>> = lessons.iter().map(|file| file.lesson.anchors.clone()).collect();
        for (position, file) in lessons.iter_mut().enumerate() {
            let meta = &file.lesson.meta;
            let mut found = Vec::new();
            if !meta.id.is_empty() && file.file != format!("{}.md", meta.id) {
                found.push(Problem::new(2, format!("the file of lesson {:?} must be named {}.md", meta.id, meta.id)));
            }
            if ids.iter().filter(|id| **id == meta.id).count() > 1 {
                found.push(Problem::new(2, format!("another lesson has the id {:?} too", meta.id)));
            }
            for prerequisite in &meta.prerequisites {
                match ids.iter().position(|id| id == prerequisite) {
                    None => found.push(Problem::new(0, format!("prerequisite {prerequisite:?} is not a lesson"))),
                    Some(at) if at >= position => found.push(Problem::new(
                        0,
                        format!("prerequisite {prerequisite:?} comes later in the course; give it a smaller order"),
                    )),
                    Some(_) => {}
                }
            }
            for link in &file.lesson.links {
                match ids.iter().position(|id| *id == link.lesson) {
                    None => found.push(Problem::new(link.line, format!("link to unknown lesson {:?}", link.lesson))),
                    Some(at) => {
                        if let Some(anchor) = &link.anchor {
                            if !anchors[at].contains(anchor) {
                                found.push(Problem::new(
                                    link.line,
                                    format!("link to #{anchor} in lesson {:?}, which has no such heading", link.lesson),
                                ));
                            }
                        }
                    }
                }
            }
            if let Some(quiz_ids) = quiz_ids {
                for block in file.lesson.blocks() {
                    if let Block::Quiz(quiz) = block {
                        if !quiz_ids.contains(&quiz.id.as_str()) {
                            found.push(Problem::new(quiz.line, format!("no quiz has the id {:?}", quiz.id)));
                        }
                    }
                }
            }
            file.problems.extend(found);
        }
        Course { lessons }
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.lessons.iter().position(|file| file.lesson.meta.id == id)
    }

    pub fn get(&self, id: &str) -> Option<&LessonFile> {
        self.position(id).map(|at| &self.lessons[at])
    }

    /// The lessons before and after `id` in course order.
    pub fn neighbours(&self, id: &str) -> (Option<&LessonFile>, Option<&LessonFile>) {
        match self.position(id) {
            None => (None, None),
            Some(at) => (at.checked_sub(1).map(|before| &self.lessons[before]), self.lessons.get(at + 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::parse_lesson;

    fn lesson(file: &str, id: &str, order: u32, extra: &str, body: &str) -> LessonFile {
        let text = format!("---\nid: {id}\ntitle: T {id}\nsummary: S.\norder: {order}\nminutes: 5\n{extra}---\n{body}");
        let (lesson, problems) = parse_lesson(&text);
        LessonFile { file: file.to_owned(), lesson, problems }
    }

    #[test]
    fn index_lists_plain_file_names() {
        let (files, problems) = parse_index("# lessons\nb.md\n\na.md\n../x.md\nc.txt\nb.md\n", ".md");
        assert_eq!(files, vec!["b.md", "a.md"]);
        let lines: Vec<u32> = problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, vec![5, 6, 7]);
    }

    #[test]
    fn lessons_are_ordered_with_neighbours() {
        let course = Course::assemble(
            vec![
                lesson("b.md", "b", 2, "", "## B\n"),
                lesson("a.md", "a", 1, "", "## A\n"),
                lesson("c.md", "c", 3, "", ""),
            ],
            None,
        );
        let ids: Vec<&str> = course.lessons.iter().map(|file| file.lesson.meta.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b", "c"]);
        let (before, after) = course.neighbours("b");
        assert_eq!(before.unwrap().lesson.meta.id, "a");
        assert_eq!(after.unwrap().lesson.meta.id, "c");
        assert_eq!(course.neighbours("a").0, None);
        assert_eq!(course.neighbours("zzz"), (None, None));
    }

    #[test]
    fn cross_file_checks() {
        let course = Course::assemble(
            vec![
                lesson("a.md", "a", 1, "prerequisites: b, nope\n", "## Top\n\n[ok](b.md#there) [bad](b.md#nowhere) [gone](zzz.md)\n\n```dockerlab-quiz\nid: missing\n```\n"),
                lesson("wrong-name.md", "b", 2, "", "## There\n"),
            ],
            Some(&["present"]),
        );
        let messages: Vec<String> = course.lessons[0].problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "prerequisite \"b\" comes later in the course; give it a smaller order",
                "prerequisite \"nope\" is not a lesson",
                "line 11: link to #nowhere in lesson \"b\", which has no such heading",
                "line 11: link to unknown lesson \"zzz\"",
                "line 14: no quiz has the id \"missing\"",
            ]
        );
        assert_eq!(course.lessons[1].problems, vec![Problem::new(2, "the file of lesson \"b\" must be named b.md")]);
    }
}
