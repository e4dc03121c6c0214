//! The project's files as a tree: folders first, then files, each sorted by name, one row per folder or file
//! with its depth, and folders that hold nothing but one folder shown as one row (`lib/python3.12/`), as code
//! editors show them. [`visible`] drops the rows inside closed folders. The Project pane and the Context panel
//! draw the same rows.

use std::collections::BTreeMap;

use dockerlab_engine::context::is_same_or_under;

use super::derive::FileView;

/// One row of the tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TreeRow {
    Folder(FolderRow),
    File(FileRow),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FolderRow {
    /// From the project's root, without a trailing slash (`.venv/lib/python3.12`).
    pub path: String,
    /// What the row shows, with a trailing slash (`lib/python3.12/`).
    pub name: String,
    pub depth: usize,
    /// Files anywhere below it, and how many of them the build is sent.
    pub files: usize,
    pub sent: usize,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileRow {
    pub file: FileView,
    /// The last part of the path.
    pub name: String,
    pub depth: usize,
}

impl TreeRow {
    pub fn path(&self) -> &str {
        match self {
            TreeRow::Folder(folder) => &folder.path,
            TreeRow::File(file) => &file.file.path,
        }
    }
}

#[derive(Default)]
struct Folder<'a> {
    folders: BTreeMap<&'a str, Folder<'a>>,
    files: Vec<(&'a str, &'a FileView)>,
}

impl<'a> Folder<'a> {
    fn totals(&self) -> (usize, usize, u64) {
        self.folders
            .values()
            .map(Folder::totals)
            .chain(self.files.iter().map(|(_, file)| (1, usize::from(file.sent), file.size)))
            .fold((0, 0, 0), |(files, sent, bytes), (more_files, more_sent, more_bytes)| {
                (files + more_files, sent + more_sent, bytes + more_bytes)
            })
    }

    fn flatten(&self, prefix: &str, depth: usize, out: &mut Vec<TreeRow>) {
        for (name, mut folder) in &self.folders {
            let mut name = (*name).to_owned();
            while folder.files.is_empty() && folder.folders.len() == 1 {
                let Some((inner, only)) = folder.folders.iter().next() else { break };
                name = format!("{name}/{inner}");
                folder = only;
            }
            let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
            let (files, sent, bytes) = folder.totals();
            out.push(TreeRow::Folder(FolderRow {
                path: path.clone(),
                name: format!("{name}/"),
                depth,
                files,
                sent,
                bytes,
            }));
            folder.flatten(&path, depth + 1, out);
        }
        for (name, file) in &self.files {
            out.push(TreeRow::File(FileRow { file: (*file).clone(), name: (*name).to_owned(), depth }));
        }
    }
}

/// Every row of the tree, folders open. `files` comes sorted by path, as the project keeps them, so each
/// folder's files are in name order already.
pub fn rows(files: &[FileView]) -> Vec<TreeRow> {
    let mut root = Folder::default();
    for file in files {
        let mut parts: Vec<&str> = file.path.split('/').collect();
        let name = parts.pop().unwrap_or_default();
        let mut folder = &mut root;
        for part in parts {
            folder = folder.folders.entry(part).or_default();
        }
        folder.files.push((name, file));
    }
    let mut out = Vec::with_capacity(files.len() + 16);
    root.flatten("", 0, &mut out);
    out
}

/// The rows a reader sees: those inside a closed folder are left out. `open` says whether a folder is open.
pub fn visible(rows: Vec<TreeRow>, open: impl Fn(&str) -> bool) -> Vec<TreeRow> {
    let mut closed: Option<String> = None;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(folder) = &closed {
            if row.path() != folder && is_same_or_under(row.path(), folder) {
                continue;
            }
            closed = None;
        }
        if let TreeRow::Folder(folder) = &row {
            if !open(&folder.path) {
                closed = Some(folder.path.clone());
            }
        }
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, size: u64, sent: bool) -> FileView {
        FileView { path: path.to_owned(), size, sent, decided_by: None, secret: None, has_text: false }
    }

    fn outline(rows: &[TreeRow]) -> Vec<String> {
        rows.iter()
            .map(|row| match row {
                TreeRow::Folder(folder) => {
                    format!(
                        "{}{} ({} files, {} sent, {} B)",
                        "  ".repeat(folder.depth),
                        folder.name,
                        folder.files,
                        folder.sent,
                        folder.bytes
                    )
                }
                TreeRow::File(file) => format!("{}{}", "  ".repeat(file.depth), file.name),
            })
            .collect()
    }

    fn sample() -> Vec<FileView> {
        vec![
            file(".env", 10, false),
            file(".venv/bin/python", 1, false),
            file(".venv/lib/python3.12/site-packages/numpy/core.so", 100, false),
            file(".venv/lib/python3.12/site-packages/torch/lib.so", 200, false),
            file("Dockerfile", 5, true),
            file("requirements.txt", 20, true),
            file("src/model.py", 30, true),
            file("src/serve.py", 40, true),
        ]
    }

    #[test]
    fn folders_come_first_and_single_folder_chains_are_one_row() {
        assert_eq!(
            outline(&rows(&sample())),
            [
                ".venv/ (3 files, 0 sent, 301 B)",
                "  bin/ (1 files, 0 sent, 1 B)",
                "    python",
                "  lib/python3.12/site-packages/ (2 files, 0 sent, 300 B)",
                "    numpy/ (1 files, 0 sent, 100 B)",
                "      core.so",
                "    torch/ (1 files, 0 sent, 200 B)",
                "      lib.so",
                "src/ (2 files, 2 sent, 70 B)",
                "  model.py",
                "  serve.py",
                ".env",
                "Dockerfile",
                "requirements.txt",
            ]
        );
    }

    #[test]
    fn a_closed_folder_hides_everything_below_it_and_nothing_else() {
        let shown = visible(rows(&sample()), |folder| folder != ".venv/lib/python3.12/site-packages");
        let names = outline(&shown);
        assert!(names.iter().any(|name| name.contains("site-packages/")));
        assert!(!names.iter().any(|name| name.contains("numpy") || name.contains("core.so")));
        assert!(names.iter().any(|name| name.trim() == "serve.py"));
        let closed = visible(rows(&sample()), |_| false);
        assert_eq!(
            outline(&closed).iter().map(|name| name.trim().split(' ').next().unwrap_or_default()).collect::<Vec<_>>(),
            [".venv/", "src/", ".env", "Dockerfile", "requirements.txt"]
        );
    }

    #[test]
    fn the_default_project_makes_a_tree_with_every_file_once() {
        let state = crate::playground::PlaygroundState::default();
        let files = crate::playground::derive::derive(&state).context.files;
        let rows = rows(&files);
        let shown: Vec<&str> = rows
            .iter()
            .filter_map(|row| match row {
                TreeRow::File(file) => Some(file.file.path.as_str()),
                TreeRow::Folder(_) => None,
            })
            .collect();
        assert_eq!(shown.len(), files.len());
        assert!(rows
            .iter()
            .any(|row| matches!(row, TreeRow::Folder(folder) if folder.name == "lib/python3.12/site-packages/")));
    }
}
