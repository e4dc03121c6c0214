//! The build context: a virtual project folder, `.dockerignore`, and what a build can see of them.
//!
//! A [`BuildContext`] is a flat list of files with sizes, a content fingerprint and mode bits. Only the content and
//! the mode count for the cache (section B.4 of the semantics reference: `mtime` is not hashed), so
//! [`BuildContext::touch`] changes nothing and [`BuildContext::edit`] gives a file new content. The CLI fills a
//! context from a real folder; lessons start from [`default_ml_project`].
//!
//! [`PreparedContext`] applies `.dockerignore` once per context state and indexes what is sent, so the cache
//! simulator can select `COPY` sources with binary searches while the learner types.

pub mod hash;
mod ignore;
mod pattern;
mod prepared;
mod project;
mod secrets;

use serde::Serialize;

pub use ignore::{IgnoreFile, IgnorePattern, IgnoreProblem};
pub use pattern::{Pattern, PatternError};
pub use prepared::{ContextSummary, PreparedContext, SecretFinding, Selection};
pub use project::{default_ml_project, DEFAULT_MODEL_PATH};
pub use secrets::secret_kind;

use hash::KeyHasher;

/// The regular-file mode bits a new file gets (`rw-r--r--`).
pub const DEFAULT_MODE: u32 = 0o644;

/// One file of the context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextFile {
    /// Slash-separated, relative to the context root, cleaned (`src/train.py`).
    pub path: String,
    pub size: u64,
    /// A fingerprint of the bytes: equal content, equal value.
    pub content: u64,
    /// Permission bits; part of the checksum BuildKit compares.
    pub mode: u32,
    /// The text, for the few files whose words matter to an estimate (`requirements.txt`, `.dockerignore`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl ContextFile {
    /// A file of `size` bytes whose content is identified by its path and a version number.
    pub fn sized(path: &str, size: u64, version: u64) -> ContextFile {
        let path = clean_relative(path);
        let content = KeyHasher::tagged("content").str(&path).u64(version).finish();
        ContextFile { path, size, content, mode: DEFAULT_MODE, text: None }
    }

    /// A text file: its content fingerprint is the text's.
    pub fn text(path: &str, text: &str) -> ContextFile {
        ContextFile {
            path: clean_relative(path),
            size: text.len() as u64,
            content: KeyHasher::tagged("content").str(text).finish(),
            mode: DEFAULT_MODE,
            text: Some(text.to_string()),
        }
    }
}

/// A project folder as a build sees it before `.dockerignore`: files sorted by path, no duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct BuildContext {
    files: Vec<ContextFile>,
    /// Bumped by every change, so callers can tell whether a [`PreparedContext`] is still current.
    #[serde(skip)]
    generation: u64,
}

impl BuildContext {
    pub fn new() -> Self {
        BuildContext::default()
    }

    /// Builds a context from files in any order; a later file with the same path replaces an earlier one.
    pub fn from_files(files: impl IntoIterator<Item = ContextFile>) -> Self {
        let mut context = BuildContext::new();
        for file in files {
            context.insert(file);
        }
        context
    }

    /// The files, sorted by path.
    pub fn files(&self) -> &[ContextFile] {
        &self.files
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn get(&self, path: &str) -> Option<&ContextFile> {
        let path = clean_relative(path);
        self.position(&path).ok().map(|index| &self.files[index])
    }

    /// Total bytes before `.dockerignore`.
    pub fn total_size(&self) -> u64 {
        self.files.iter().map(|file| file.size).sum()
    }

    /// The text of the root `.dockerignore`, if the context has one.
    pub fn dockerignore(&self) -> Option<&str> {
        self.get(".dockerignore").and_then(|file| file.text.as_deref())
    }

    /// Adds a file or replaces the one at the same path.
    pub fn insert(&mut self, file: ContextFile) {
        self.generation += 1;
        match self.position(&file.path) {
            Ok(index) => self.files[index] = file,
            Err(index) => self.files.insert(index, file),
        }
    }

    /// Adds a new file of `size` bytes (or replaces one).
    pub fn add(&mut self, path: &str, size: u64) {
        let version = self.generation + 1;
        self.insert(ContextFile::sized(path, size, version));
    }

    /// Gives every file at `path` (a file, or every file under a directory) new content of the same size.
    /// Returns how many files changed.
    pub fn edit(&mut self, path: &str) -> usize {
        self.generation += 1;
        let generation = self.generation;
        self.for_each_under(path, |file| {
            file.content = KeyHasher::tagged("edit").u64(file.content).u64(generation).finish();
        })
    }

    /// Replaces the text of a file (creating it if needed), as when a learner adds a line to `requirements.txt`.
    pub fn set_text(&mut self, path: &str, text: &str) {
        let mode = self.get(path).map(|file| file.mode).unwrap_or(DEFAULT_MODE);
        self.insert(ContextFile { mode, ..ContextFile::text(path, text) });
    }

    /// Replaces a file with a new one of `size` bytes, as when a model is retrained. Returns false if absent.
    pub fn replace(&mut self, path: &str, size: u64) -> bool {
        let changed = self.edit(path) > 0;
        if changed {
            self.for_each_under(path, |file| file.size = size);
        }
        changed
    }

    /// Updates the modification time only. Docker's checksum ignores `mtime`, so the content stays the same; this
    /// exists so lessons can show that. Returns how many files exist at `path`.
    pub fn touch(&mut self, path: &str) -> usize {
        self.for_each_under(path, |_| {})
    }

    /// Changes the permission bits (`chmod`), which the checksum does include.
    pub fn chmod(&mut self, path: &str, mode: u32) -> usize {
        self.generation += 1;
        self.for_each_under(path, |file| file.mode = mode)
    }

    /// Removes a file, or every file under a directory. Returns how many were removed.
    pub fn remove(&mut self, path: &str) -> usize {
        let path = clean_relative(path);
        let before = self.files.len();
        self.files.retain(|file| !is_same_or_under(&file.path, &path));
        self.generation += 1;
        before - self.files.len()
    }

    fn position(&self, path: &str) -> Result<usize, usize> {
        self.files.binary_search_by(|file| file.path.as_str().cmp(path))
    }

    fn for_each_under(&mut self, path: &str, mut change: impl FnMut(&mut ContextFile)) -> usize {
        let path = clean_relative(path);
        let mut count = 0;
        for file in self.files.iter_mut().filter(|file| is_same_or_under(&file.path, &path)) {
            change(file);
            count += 1;
        }
        count
    }
}

/// Whether `path` is `dir` itself or lies below it. The context root (`.` or empty) contains everything.
pub fn is_same_or_under(path: &str, dir: &str) -> bool {
    dir.is_empty()
        || dir == "."
        || path == dir
        || (path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

/// Cleans a path like Go's `path.Clean` and makes it relative to the context root: `./src//a.py` → `src/a.py`,
/// `/` → `.`. A `..` that would leave the root is dropped, because nothing outside the context can be sent.
pub fn clean_relative(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_changes_content_touch_does_not_and_chmod_changes_mode() {
        let mut context = BuildContext::from_files([ContextFile::sized("src/a.py", 10, 0)]);
        let before = context.get("src/a.py").unwrap().clone();
        assert_eq!(context.touch("src/a.py"), 1);
        assert_eq!(context.get("src/a.py").unwrap(), &before);
        assert_eq!(context.edit("./src/a.py"), 1);
        assert_ne!(context.get("src/a.py").unwrap().content, before.content);
        context.chmod("src", 0o755);
        assert_eq!(context.get("src/a.py").unwrap().mode, 0o755);
    }

    #[test]
    fn files_stay_sorted_and_directories_remove_whole() {
        let mut context = BuildContext::new();
        for path in ["b", "a/x", "a/y", "a-b"] {
            context.add(path, 1);
        }
        let paths: Vec<&str> = context.files().iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a-b", "a/x", "a/y", "b"]);
        assert_eq!(context.remove("a"), 2);
        assert_eq!(context.len(), 2);
    }

    #[test]
    fn paths_are_cleaned_relative_to_the_root() {
        assert_eq!(clean_relative("./src//a.py"), "src/a.py");
        assert_eq!(clean_relative("/"), ".");
        assert_eq!(clean_relative("../x/y/"), "x/y");
        assert!(is_same_or_under("src/a.py", "src"));
        assert!(!is_same_or_under("src-old/a.py", "src"));
    }
}
