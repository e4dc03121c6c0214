//! Loading course files from the static host: the lesson index, every lesson, and quizzes by id.
//!
//! Addresses are relative to the page (`lessons/index.txt`), so the app works under any sub-path and never asks
//! another origin. The single-file build (`scripts/single-file.mjs`) carries the files inside the page instead.
//! Loaded lessons are kept for the life of the page, so moving between lessons fetches nothing again. Parsing
//! and every check are the course crate's; this module only fetches text.

use std::cell::RefCell;
use std::rc::Rc;

use dockerlab_course::course::{parse_index, Course, LessonFile, QuizFile};
use dockerlab_course::lesson::parse_lesson;
use dockerlab_course::quiz::parse_quiz;
use dockerlab_course::Problem;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The course as loaded, with what went wrong on the way (an unreadable index line, a file that did not load).
pub struct LoadedCourse {
    pub course: Course,
    pub problems: Vec<String>,
}

/// The id of the `<script type="application/json">` element in which the single-file build's page holds every file
/// the app would otherwise fetch: one JSON object from the path relative to the page to the file's text.
const INLINED_FILES_ID: &str = "dockerlab-files";

thread_local! {
    static COURSE: RefCell<Option<Rc<LoadedCourse>>> = const { RefCell::new(None) };
    /// The inlined files, parsed once; `None` on a page served from `dist/`, which has no such element.
    static INLINED_FILES: Option<js_sys::Object> = read_inlined_files();
}

fn read_inlined_files() -> Option<js_sys::Object> {
    let element = web_sys::window()?.document()?.get_element_by_id(INLINED_FILES_ID)?;
    js_sys::JSON::parse(&element.text_content()?).ok()?.dyn_into().ok()
}

/// A file's text from those the page carries inline, or `None` when it carries none and the file must be fetched.
/// A page that carries its files has nothing beside it to fetch (it is opened from disk), so a path it lacks is
/// missing.
fn inlined_text(url: &str) -> Option<Result<String, String>> {
    INLINED_FILES.with(|files| {
        let text = js_sys::Reflect::get(files.as_ref()?, &url.into()).ok().and_then(|text| text.as_string());
        Some(text.ok_or_else(|| format!("{url} is not part of this page")))
    })
}

/// Fetches a text file relative to the page, or takes it from the page itself in the single-file build. The
/// error is a sentence for the page.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    if let Some(text) = inlined_text(url) {
        return text;
    }
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched (is the site still reachable?)"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| format!("{url}: not an HTTP response"))?;
    if !response.ok() {
        return Err(format!("{url} could not be loaded: HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| format!("{url}: the body could not be read"))?;
    let text = JsFuture::from(text).await.map_err(|_| format!("{url}: the body could not be read"))?;
    text.as_string().ok_or_else(|| format!("{url}: the body is not text"))
}

/// The whole course: the index, then every lesson it lists. Only a missing index is an error; a lesson that
/// fails to load is reported and left out.
pub async fn course() -> Result<Rc<LoadedCourse>, String> {
    if let Some(loaded) = COURSE.with(|cell| cell.borrow().clone()) {
        return Ok(loaded);
    }
    let index = fetch_text("lessons/index.txt").await?;
    let (files, index_problems) = parse_index(&index, ".md");
    let mut problems: Vec<String> =
        index_problems.iter().map(|problem| format!("lessons/index.txt, {problem}")).collect();
    let texts = futures::future::join_all(
        files.iter().map(|file| async move { (file.clone(), fetch_text(&format!("lessons/{file}")).await) }),
    )
    .await;
    let mut lessons = Vec::new();
    for (file, text) in texts {
        match text {
            Ok(text) => {
                let (lesson, problems) = parse_lesson(&text);
                lessons.push(LessonFile { file, lesson, problems });
            }
            Err(error) => problems.push(error),
        }
    }
    let loaded = Rc::new(LoadedCourse { course: Course::assemble(lessons, None), problems });
    COURSE.with(|cell| *cell.borrow_mut() = Some(loaded.clone()));
    Ok(loaded)
}

/// One quiz, from `quizzes/<id>.txt`.
pub async fn quiz(id: &str) -> Result<Rc<QuizFile>, String> {
    let file = format!("{id}.txt");
    let text =
        fetch_text(&format!("quizzes/{file}")).await.map_err(|error| format!("No quiz has the id {id:?}: {error}"))?;
    let (quiz, mut problems) = parse_quiz(&text);
    if quiz.id != id {
        problems.push(Problem::new(1, format!("the file quizzes/{file} holds quiz {:?}", quiz.id)));
    }
    Ok(Rc::new(QuizFile { file, quiz, problems }))
}
