//! A context with `.dockerignore` applied and indexed for fast `COPY` source selection.
//!
//! Preparing walks every file once (pattern matching is the expensive part) and is redone only when the context
//! changes. Selecting `COPY` sources is then a binary search for a path or a directory (files under `src/` are
//! contiguous in path order) plus a fold of precomputed per-file fingerprints, so deciding a rebuild stays cheap
//! while the learner edits the Dockerfile.

use serde::Serialize;

use super::hash::KeyHasher;
use super::ignore::IgnoreFile;
use super::pattern::Pattern;
use super::secrets::secret_kind;
use super::{clean_relative, BuildContext};

/// One file that the build can see.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    path: String,
    size: u64,
    content: u64,
    mode: u32,
    /// Fingerprint of path, content and mode: what BuildKit's checksum covers (never `mtime`).
    checksum: u64,
}

/// What `.dockerignore` did to the context, for the learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextSummary {
    pub has_dockerignore: bool,
    pub files_before: usize,
    pub bytes_before: u64,
    /// After `.dockerignore`: what the classic builder sent, and what any `COPY . .` can see.
    pub files_after: usize,
    pub bytes_after: u64,
    pub ignore: IgnoreFile,
    /// Secret-looking files and whether `.dockerignore` keeps them out.
    pub secrets: Vec<SecretFinding>,
}

/// A secret-looking file of the context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretFinding {
    pub path: String,
    /// Why it looks secret, in words.
    pub kind: &'static str,
    /// Whether it survives `.dockerignore`, so a build can read it.
    pub sent: bool,
    /// Line of the `.dockerignore` pattern that keeps it out, if one does.
    pub excluded_by_line: Option<u32>,
}

/// What a set of `COPY` sources selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Selection {
    pub files: usize,
    pub bytes: u64,
    /// Fingerprint of the selected paths, contents and modes.
    pub checksum: u64,
    /// Sources that matched nothing (the builder would stop with "not found").
    pub missing: usize,
}

/// A context after `.dockerignore`, ready for the cache simulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedContext {
    entries: Vec<Entry>,
    /// Index of the Dockerfile among `entries`, whose content the simulator replaces with the text being built.
    dockerfile: Option<usize>,
    /// Indices of secret-looking entries (few), to tell which `COPY` takes one into a layer.
    secret_entries: Vec<usize>,
    summary: ContextSummary,
}

impl PreparedContext {
    /// Applies the context's `.dockerignore`. `dockerfile_path` names the Dockerfile inside the context, if it is
    /// there (then `COPY . .` copies it, and editing the Dockerfile changes that `COPY`).
    pub fn new(context: &BuildContext, dockerfile_path: Option<&str>) -> PreparedContext {
        let ignore = context.dockerignore().map(IgnoreFile::parse).unwrap_or_default();
        let dockerfile_path = dockerfile_path.map(clean_relative);
        let mut entries = Vec::with_capacity(context.len());
        let mut secrets = Vec::new();
        let mut bytes_after = 0;
        for file in context.files() {
            let decided_by = ignore.deciding_pattern(&file.path);
            let excluded = decided_by.is_some_and(|pattern| !pattern.exception);
            if let Some(kind) = secret_kind(&file.path) {
                secrets.push(SecretFinding {
                    path: file.path.clone(),
                    kind,
                    sent: !excluded,
                    excluded_by_line: decided_by.filter(|_| excluded).map(|pattern| pattern.line),
                });
            }
            if excluded {
                continue;
            }
            bytes_after += file.size;
            let checksum = KeyHasher::tagged("file").str(&file.path).u64(file.content).u64(file.mode.into()).finish();
            entries.push(Entry {
                path: file.path.clone(),
                size: file.size,
                content: file.content,
                mode: file.mode,
                checksum,
            });
        }
        let dockerfile = dockerfile_path.and_then(|path| entries.iter().position(|entry| entry.path == path));
        let secret_entries = entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| secret_kind(&entry.path).is_some())
            .map(|(index, _)| index)
            .collect();
        let summary = ContextSummary {
            has_dockerignore: context.dockerignore().is_some(),
            files_before: context.len(),
            bytes_before: context.total_size(),
            files_after: entries.len(),
            bytes_after,
            ignore,
            secrets,
        };
        PreparedContext { entries, dockerfile, secret_entries, summary }
    }

    pub fn summary(&self) -> &ContextSummary {
        &self.summary
    }

    /// Number of files a build can see.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether a path survives `.dockerignore`.
    pub fn contains(&self, path: &str) -> bool {
        self.entries.binary_search_by(|entry| entry.path.as_str().cmp(path)).is_ok()
    }

    /// The text-free facts of one visible file: size, content fingerprint, mode.
    pub fn file(&self, path: &str) -> Option<(u64, u64, u32)> {
        let index = self.entries.binary_search_by(|entry| entry.path.as_str().cmp(path)).ok()?;
        let entry = &self.entries[index];
        Some((entry.size, entry.content, entry.mode))
    }

    /// Selects the files of `COPY` sources (paths relative to the context root, wildcards allowed), minus
    /// `--exclude` patterns. `dockerfile_content` stands in for the Dockerfile's own content when it is copied.
    pub fn select(&self, sources: &[&str], excludes: &[Pattern], dockerfile_content: u64) -> Selection {
        let mut hasher = KeyHasher::tagged("selection");
        let mut selection = Selection::default();
        for source in sources {
            hasher.str(source);
            let found = self.for_each_selected(source, excludes, |index, entry| {
                let checksum = if Some(index) == self.dockerfile {
                    KeyHasher::tagged("file").str(&entry.path).u64(dockerfile_content).u64(entry.mode.into()).finish()
                } else {
                    entry.checksum
                };
                hasher.u64(checksum);
                selection.files += 1;
                selection.bytes += entry.size;
            });
            if !found {
                selection.missing += 1;
            }
        }
        selection.checksum = hasher.finish();
        selection
    }

    /// The selected paths with their fingerprints, for explaining what changed between two builds.
    pub fn selected_files(&self, sources: &[&str], excludes: &[Pattern], dockerfile_content: u64) -> Vec<(&str, u64)> {
        let mut files = Vec::new();
        for source in sources {
            self.for_each_selected(source, excludes, |index, entry| {
                let content =
                    if Some(index) == self.dockerfile { dockerfile_content } else { entry.content ^ entry.mode as u64 };
                files.push((entry.path.as_str(), content));
            });
        }
        files.sort_unstable();
        files.dedup();
        files
    }

    /// The secret-looking files that these sources would copy into a layer.
    pub fn selected_secrets(&self, sources: &[&str], excludes: &[Pattern]) -> Vec<&str> {
        if self.secret_entries.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for source in sources {
            let source = clean_relative(source);
            for &index in &self.secret_entries {
                let entry = &self.entries[index];
                if source_covers(&source, &entry.path) && !excluded(excludes, &entry.path) {
                    found.push(entry.path.as_str());
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Calls `visit` for every entry one source selects; returns whether the source matched anything.
    fn for_each_selected<'s>(
        &'s self,
        source: &str,
        excludes: &[Pattern],
        mut visit: impl FnMut(usize, &'s Entry),
    ) -> bool {
        let source = clean_relative(source);
        let mut found = false;
        let mut visit_range = |range: std::ops::Range<usize>| {
            found |= !range.is_empty();
            if excludes.is_empty() {
                for index in range {
                    visit(index, &self.entries[index]);
                }
            } else {
                for index in range {
                    let entry = &self.entries[index];
                    if !excluded(excludes, &entry.path) {
                        visit(index, entry);
                    }
                }
            }
        };
        if source == "." {
            visit_range(0..self.entries.len());
        } else if Pattern::has_wildcards(&source) {
            let Ok(pattern) = Pattern::source(&source) else { return false };
            // Only paths under the literal directory before the first wildcard can match.
            let wildcard = source.find(['*', '?', '[']).unwrap_or(0);
            let prefix = source[..wildcard].rfind('/').map(|slash| &source[..slash]).unwrap_or(".");
            let range = self.directory_range(prefix);
            let mut any = false;
            for index in range {
                let entry = &self.entries[index];
                if pattern.matches_path_or_parent(&entry.path) {
                    any = true;
                    if !excluded(excludes, &entry.path) {
                        visit(index, entry);
                    }
                }
            }
            found = any;
        } else {
            let exact = self.entries.binary_search_by(|entry| entry.path.as_str().cmp(source.as_str()));
            match exact {
                Ok(index) => visit_range(index..index + 1),
                Err(_) => visit_range(self.directory_range(&source)),
            }
        }
        found
    }

    /// The entries under a directory: a contiguous range, because exactly the paths starting with `dir/` sort at or
    /// after `dir/` and before `dir0` (`0` follows `/` in ASCII).
    fn directory_range(&self, dir: &str) -> std::ops::Range<usize> {
        if dir == "." || dir.is_empty() {
            return 0..self.entries.len();
        }
        let start = self.entries.partition_point(|entry| compare_with(&entry.path, dir, b'/').is_lt());
        let end = self.entries.partition_point(|entry| compare_with(&entry.path, dir, b'0').is_lt());
        start..end.max(start)
    }
}

/// Compares `path` with `dir` followed by one more byte, without building that string.
fn compare_with(path: &str, dir: &str, last: u8) -> std::cmp::Ordering {
    let path = path.as_bytes();
    let head = path.len().min(dir.len());
    match path[..head].cmp(&dir.as_bytes()[..head]) {
        std::cmp::Ordering::Equal if path.len() <= dir.len() => std::cmp::Ordering::Less,
        std::cmp::Ordering::Equal => path[dir.len()..].cmp(std::slice::from_ref(&last)),
        other => other,
    }
}

fn excluded(excludes: &[Pattern], path: &str) -> bool {
    excludes.iter().any(|pattern| pattern.matches_path_or_parent(path))
}

/// Whether a cleaned `COPY` source takes this path.
fn source_covers(source: &str, path: &str) -> bool {
    if Pattern::has_wildcards(source) {
        Pattern::source(source).is_ok_and(|pattern| pattern.matches_path_or_parent(path))
    } else {
        super::is_same_or_under(path, source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{BuildContext, ContextFile};

    fn context(paths: &[&str]) -> BuildContext {
        BuildContext::from_files(paths.iter().map(|path| ContextFile::sized(path, 10, 0)))
    }

    #[test]
    fn directories_select_their_files_only() {
        let prepared = PreparedContext::new(&context(&["src/a.py", "src/b/c.py", "src-old/x.py", "src.txt"]), None);
        assert_eq!(prepared.select(&["src"], &[], 0).files, 2);
        assert_eq!(prepared.select(&["./src/"], &[], 0).files, 2);
        assert_eq!(prepared.select(&["."], &[], 0).files, 4);
        assert_eq!(prepared.select(&["src/*.py"], &[], 0).files, 1);
        assert_eq!(prepared.select(&["src*"], &[], 0).files, 4);
        assert_eq!(prepared.select(&["nothing"], &[], 0).missing, 1);
        let excludes = [Pattern::new("**/c.py").unwrap()];
        assert_eq!(prepared.select(&["src"], &excludes, 0).files, 1);
    }

    #[test]
    fn dockerignore_removes_files_and_reports_secrets() {
        let mut project = context(&["src/a.py", ".env", "data/x.csv"]);
        project.insert(ContextFile::text(".dockerignore", "data\n"));
        let prepared = PreparedContext::new(&project, None);
        let summary = prepared.summary();
        assert_eq!((summary.files_before, summary.files_after), (4, 3));
        assert_eq!(summary.secrets.len(), 1);
        assert!(summary.secrets[0].sent);
        assert_eq!(prepared.selected_secrets(&["."], &[]), [".env"]);
        assert!(prepared.selected_secrets(&["src"], &[]).is_empty());
    }

    #[test]
    fn checksums_follow_content_and_mode_not_touch() {
        let mut project = context(&["src/a.py"]);
        let before = PreparedContext::new(&project, None).select(&["src"], &[], 0).checksum;
        project.touch("src/a.py");
        assert_eq!(PreparedContext::new(&project, None).select(&["src"], &[], 0).checksum, before);
        project.chmod("src/a.py", 0o755);
        assert_ne!(PreparedContext::new(&project, None).select(&["src"], &[], 0).checksum, before);
    }
}
