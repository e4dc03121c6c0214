//! Lints the ML corpus with Dockerlab and with the real hadolint in the same run and prints the ratio.
//!
//! `cargo bench -p dockerlab-engine --bench lint` (or `scripts/hadolint-agreement.sh`). hadolint is found through
//! `HADOLINT`, `PATH` or `~/.local/bin`; without it only Dockerlab's time is printed. Both lint every corpus file
//! once per pass: Dockerlab in-process (parse, lower, all rules, ignore handling), hadolint as one process given
//! all files, which is how CI runs it; the figure is the median of the passes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use dockerlab_engine::lint::{lint, LintOptions};

fn corpus() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/ml-dockerfiles");
    let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains("Dockerfile")))
                .filter_map(|path| std::fs::read_to_string(&path).ok().map(|text| (path, text)))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn hadolint() -> Option<PathBuf> {
    let home = std::env::var("HOME").unwrap_or_default();
    let candidates = std::env::var("HADOLINT")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("hadolint"), Path::new(&home).join(".local/bin/hadolint")]);
    candidates.into_iter().find(|path| Command::new(path).arg("--version").output().is_ok_and(|o| o.status.success()))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let files = corpus();
    assert!(!files.is_empty(), "corpus not found");
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    let options = LintOptions::default();
    // Warm up, then time passes over the whole corpus.
    let mut findings = 0;
    for (_, text) in &files {
        findings += lint(text, &options, None).len();
    }
    let ours = median(
        (0..50)
            .map(|_| {
                let start = Instant::now();
                for (_, text) in &files {
                    std::hint::black_box(lint(std::hint::black_box(text), &options, None));
                }
                start.elapsed()
            })
            .collect(),
    );
    println!(
        "dockerlab lint: {} files, {} KB, {findings} findings: {:.2} ms per pass (median of 50)",
        files.len(),
        bytes / 1000,
        ours.as_secs_f64() * 1e3
    );
    let Some(binary) = hadolint() else {
        println!("hadolint not found (set HADOLINT or run scripts/hadolint-agreement.sh); no ratio");
        return;
    };
    let theirs = median(
        (0..5)
            .map(|_| {
                let start = Instant::now();
                let status = Command::new(&binary)
                    .args(["--no-fail", "-f", "json"])
                    .args(files.iter().map(|(path, _)| path))
                    .output()
                    .expect("hadolint runs");
                std::hint::black_box(status);
                start.elapsed()
            })
            .collect(),
    );
    println!(
        "hadolint {}: {:.2} ms per pass (median of 5, one process for all files)",
        binary.display(),
        theirs.as_secs_f64() * 1e3
    );
    println!(
        "ratio: dockerlab is {:.0}x faster than hadolint on this corpus",
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
}
