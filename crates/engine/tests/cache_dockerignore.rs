//! `.dockerignore` matching, one case per line: patterns, a path, and whether the path is left out (section (d)).

use dockerlab_engine::context::{BuildContext, ContextFile, IgnoreFile, PreparedContext};

/// `(dockerignore text, path, excluded?)`.
const CASES: &[(&str, &str, bool)] = &[
    // Plain paths exclude themselves and everything under them.
    (".git", ".git/objects/pack/p.pack", true),
    ("data", "data/raw/train.csv", true),
    ("data", "database.py", false),
    ("data/", "data/raw/train.csv", true),
    ("/data", "data/raw/train.csv", true),
    ("./data/raw/../raw", "data/raw/train.csv", true),
    // `*` and `?` stay in one segment.
    ("*.md", "README.md", true),
    ("*.md", "docs/guide.md", false),
    ("*/*.md", "docs/guide.md", true),
    ("src/*.pyc", "src/a.pyc", true),
    ("src/*.pyc", "src/sub/a.pyc", false),
    ("model-v?.pt", "model-v2.pt", true),
    ("model-v?.pt", "model-v10.pt", false),
    // `**` spans any number of segments, including none.
    ("**/__pycache__", "__pycache__/a.pyc", true),
    ("**/__pycache__", "src/deep/__pycache__/a.pyc", true),
    ("**/*.ckpt", "checkpoints/epoch-3.ckpt", true),
    ("**/*.ckpt", "epoch-3.ckpt", true),
    ("checkpoints/**", "checkpoints/a/b.ckpt", true),
    ("src/**/test_*.py", "src/test_a.py", true),
    ("src/**/test_*.py", "src/x/y/test_a.py", true),
    ("**", "anything/at/all", true),
    // Classes and escapes.
    ("run-[0-9]", "run-7/log.txt", true),
    ("run-[^0-9]", "run-7/log.txt", false),
    ("\\*.txt", "*.txt", true),
    ("\\*.txt", "notes.txt", false),
    // Comments are lines starting with `#`; a leading space makes it a pattern.
    ("# .env", ".env", false),
    (" # .env", "# .env", true),
    // Exceptions: the last matching line decides.
    ("*.md\n!README*.md", "README.md", false),
    ("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true),
    ("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", false),
    ("data\n!data/processed", "data/processed/features.parquet", false),
    ("data\n!data/processed", "data/raw/train.csv", true),
    // Allow-list style.
    ("*\n!src\n!requirements.txt", "src/train.py", false),
    ("*\n!src\n!requirements.txt", "notebooks/a.ipynb", true),
    ("**\n!src/**", "src/a/b.py", false),
    // The pattern `.` is ignored rather than excluding the whole context.
    (".", "src/train.py", false),
];

#[test]
fn dockerignore_matching_table() {
    let mut failures = Vec::new();
    for (patterns, path, expected) in CASES {
        let file = IgnoreFile::parse(patterns);
        if file.is_excluded(path) != *expected {
            failures.push(format!("{patterns:?} on {path:?}: expected excluded={expected}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn refused_lines_are_reported_with_their_line() {
    let file = IgnoreFile::parse("ok\n[a-\n!\n");
    let lines: Vec<u32> = file.problems.iter().map(|problem| problem.line).collect();
    assert_eq!(lines, [2, 3]);
    assert_eq!(file.patterns.len(), 1);
}

#[test]
fn context_size_before_and_after_and_secrets() {
    let mut context = BuildContext::from_files([
        ContextFile::sized("src/train.py", 9_000, 0),
        ContextFile::sized("data/raw/train.csv", 1_200_000_000, 0),
        ContextFile::sized(".env", 100, 0),
        ContextFile::sized("certs/server.key", 2_000, 0),
    ]);
    context.insert(ContextFile::text(".dockerignore", "data\n.env\n"));
    let prepared = PreparedContext::new(&context, None);
    let summary = prepared.summary();
    assert_eq!((summary.files_before, summary.files_after), (5, 3));
    assert_eq!(summary.bytes_before - summary.bytes_after, 1_200_000_100);
    let secrets: Vec<(&str, bool, Option<u32>)> =
        summary.secrets.iter().map(|secret| (secret.path.as_str(), secret.sent, secret.excluded_by_line)).collect();
    assert_eq!(secrets, [(".env", false, Some(2)), ("certs/server.key", true, None)]);
}
