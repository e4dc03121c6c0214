//! `dockerlab cache`: simulate a first build and a rebuild after some edits, and say which steps the cache reuses.
//!
//! The simulation is the engine's; this file only turns a real folder into a build context (sizes, modes and a
//! content hash per file, never timestamps), reads arguments and prints the result.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dockerlab_engine::cache::{megabytes, BuildReport, Event, History, Status, World};
use dockerlab_engine::context::{BuildContext, ContextFile};
use dockerlab_engine::diagnostic::Severity;
use serde_json::{json, Value};

use crate::report;

/// Text files whose words matter to the simulation: `.dockerignore` and pip requirement files. Larger files of
/// these names are hashed but not read as text.
const MAX_TEXT_BYTES: u64 = 1 << 20;

#[derive(Debug, Args)]
pub struct CacheArgs {
    /// The Dockerfile to simulate; `-` reads standard input.
    #[arg(default_value = "Dockerfile")]
    file: PathBuf,
    /// The build context folder. Without it, Dockerlab's default ML project is used.
    #[arg(long, value_name = "DIR")]
    context: Option<PathBuf>,
    /// A file (or folder) of the context that gets new content before the rebuild; repeatable.
    #[arg(long = "edit", value_name = "PATH")]
    edits: Vec<String>,
    /// Another change before the rebuild, in the engine's event language (`touch PATH`, `move-tag IMAGE`,
    /// `append requirements.txt LINE`, `replace PATH SIZE`, …); repeatable, applied after the edits.
    #[arg(long = "event", value_name = "EVENT")]
    events: Vec<String>,
    /// Set a build-time variable for both builds, as `docker build --build-arg NAME=value` does.
    #[arg(long = "build-arg", value_name = "NAME=VALUE", value_parser = crate::input::parse_pair)]
    build_args: Vec<(String, String)>,
    /// The stage to build, as `docker build --target`.
    #[arg(long)]
    target: Option<String>,
    /// Run the rebuild with `--no-cache`.
    #[arg(long)]
    no_cache: bool,
    /// What to print.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A table of steps with the reason for each, for people.
    Text,
    /// One JSON object with an `instructions` array, for machines.
    Json,
}

/// Runs the command. Exits 1 when the Dockerfile has an error the builder would stop at, as `parse` does.
pub fn run(args: &CacheArgs) -> Result<ExitCode, String> {
    let (path, dockerfile) = crate::input::read_source(&args.file)?;
    let mut world = World::with_default_project(&dockerfile);
    if let Some(dir) = &args.context {
        world.context = read_context(dir)?;
        world.dockerfile_path = dockerfile_inside(&args.file, dir);
    }
    world.options.build_args = args.build_args.iter().cloned().collect::<BTreeMap<_, _>>();
    world.options.target = args.target.clone();
    let mut events: Vec<Event> = args.edits.iter().map(|path| Event::Edit(path.clone())).collect();
    for text in &args.events {
        events.push(Event::parse(text).map_err(|error| format!("--event {text:?}: {error}"))?);
    }
    if args.no_cache {
        events.push(Event::NoCache(true));
    }

    let mut history = History::new(world);
    let analysis = history.world().analyze();
    let first = history.build().clone();
    for event in &events {
        history.apply(event).map_err(|error| format!("cannot apply \"{event}\": {error}"))?;
    }
    let rebuild = history.build().clone();
    let prepared = history.prepared();
    let summary = prepared.summary();

    match args.format {
        Format::Text => {
            let mut out = String::new();
            let changes = if events.is_empty() {
                "nothing changed".to_string()
            } else {
                events.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            };
            let _ = writeln!(out, "{path}: rebuild after {changes}");
            let _ = writeln!(
                out,
                "context: {} in {} files; after .dockerignore {} in {} files{}",
                megabytes(summary.bytes_before as f64 / 1e6),
                summary.files_before,
                megabytes(summary.bytes_after as f64 / 1e6),
                summary.files_after,
                if summary.has_dockerignore { "" } else { " (no .dockerignore)" }
            );
            for problem in &summary.ignore.problems {
                let _ = writeln!(out, ".dockerignore:{}: error: {}", problem.line, problem.message);
            }
            for secret in summary.secrets.iter().filter(|secret| secret.sent) {
                let _ = writeln!(out, "secret: {} ({}) is sent to the builder", secret.path, secret.kind);
            }
            out.push('\n');
            out.push_str(&table(&rebuild, &analysis));
            out.push('\n');
            let layers = rebuild.steps.iter().filter(|step| step.layer && step.status != Status::Skipped).count();
            let _ = writeln!(
                out,
                "first build: about {}; rebuild: about {} ({} of {} layer steps rebuilt)",
                duration(first.total_seconds),
                duration(rebuild.total_seconds),
                rebuild.rebuilt().count(),
                layers
            );
            if !analysis.diagnostics.is_empty() || !rebuild.diagnostics.is_empty() {
                out.push('\n');
                for diagnostic in analysis.diagnostics.iter().chain(&rebuild.diagnostics) {
                    out.push_str(&report::diagnostic(&path, &dockerfile, diagnostic));
                }
            }
            print!("{out}");
        }
        Format::Json => {
            let instructions: Vec<Value> = rebuild
                .steps
                .iter()
                .map(|step| {
                    let mut value = json!({
                        "line": step.line,
                        "end_line": step.span.end_line,
                        "instruction": step.keyword,
                        "stage": rebuild.stage_label(step.stage),
                        "status": step.status.as_str(),
                        "reason": step.reason.text(),
                        "reason_code": step.reason.code(),
                        "rule": step.rule,
                        "seconds": round(step.seconds),
                        "layer": step.layer,
                    });
                    if let Some(note) = &step.note {
                        value["note"] = json!(note);
                    }
                    value
                })
                .collect();
            let diagnostics: Vec<Value> = analysis
                .diagnostics
                .iter()
                .chain(&rebuild.diagnostics)
                .map(|diagnostic| {
                    json!({
                        "severity": diagnostic.severity,
                        "code": diagnostic.code,
                        "line": diagnostic.span.line,
                        "column": diagnostic.span.column,
                        "message": diagnostic.message,
                        "hint": diagnostic.hint,
                    })
                })
                .collect();
            let secrets: Vec<Value> = summary
                .secrets
                .iter()
                .map(|secret| {
                    let copied_by: Vec<u32> = rebuild
                        .secrets_copied
                        .iter()
                        .filter(|copy| copy.path == secret.path)
                        .map(|copy| copy.line)
                        .collect();
                    json!({"path": secret.path, "kind": secret.kind, "sent": secret.sent, "copied_by_lines": copied_by})
                })
                .collect();
            let output = json!({
                "dockerfile": path,
                "events": events.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "context": {
                    "has_dockerignore": summary.has_dockerignore,
                    "files_before": summary.files_before,
                    "bytes_before": summary.bytes_before,
                    "files_after": summary.files_after,
                    "bytes_after": summary.bytes_after,
                    "dockerignore_problems": summary.ignore.problems,
                    "secrets": secrets,
                },
                "first_build": { "total_seconds": round(first.total_seconds) },
                "rebuild": {
                    "total_seconds": round(rebuild.total_seconds),
                    "context_seconds": round(rebuild.context_seconds),
                    "rebuilt": rebuild.rebuilt().count(),
                    "target_stage": rebuild.stage_label(rebuild.target_stage),
                },
                "instructions": instructions,
                "diagnostics": diagnostics,
            });
            let text = serde_json::to_string_pretty(&output).map_err(|error| error.to_string())?;
            println!("{text}");
        }
    }
    let has_errors = analysis.diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error);
    Ok(if has_errors { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn table(build: &BuildReport, analysis: &dockerlab_engine::Analysis) -> String {
    let mut out =
        format!("{:>5}  {:<8}  {:<44}  {:<7}  {:>9}  why\n", "line", "stage", "instruction", "status", "time");
    for step in &build.steps {
        let text = analysis.tree.nodes.get(step.instruction).map(|node| node.original.as_str()).unwrap_or("");
        let time = if step.status == Status::Miss { duration(step.seconds) } else { String::new() };
        let mut why = step.reason.text();
        if let Some(note) = &step.note {
            let _ = write!(why, " [{note}]");
        }
        let _ = writeln!(
            out,
            "{:>5}  {:<8}  {:<44}  {:<7}  {:>9}  {why}",
            step.line,
            report::one_line(build.stage_label(step.stage), 8),
            report::one_line(text, 42),
            step.status.as_str(),
            time
        );
    }
    out
}

/// `0.4 s`, `45 s`, `3 min 5 s`, `1 h 12 min`.
fn duration(seconds: f64) -> String {
    if seconds < 10.0 {
        format!("{seconds:.1} s")
    } else if seconds < 60.0 {
        format!("{seconds:.0} s")
    } else if seconds < 3600.0 {
        let whole = seconds.round() as u64;
        format!("{} min {} s", whole / 60, whole % 60)
    } else {
        let minutes = (seconds / 60.0).round() as u64;
        format!("{} h {} min", minutes / 60, minutes % 60)
    }
}

fn round(seconds: f64) -> f64 {
    (seconds * 100.0).round() / 100.0
}

/// The Dockerfile's path relative to the context, when it lies inside it (then `COPY . .` copies it).
fn dockerfile_inside(file: &Path, dir: &Path) -> Option<String> {
    let file = std::fs::canonicalize(file).ok()?;
    let dir = std::fs::canonicalize(dir).ok()?;
    let relative = file.strip_prefix(&dir).ok()?;
    Some(slash_path(relative))
}

fn slash_path(path: &Path) -> String {
    path.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Reads a real folder: every file's size, mode and a content hash; modification times are never looked at,
/// because the builder's checksum ignores them.
fn read_context(dir: &Path) -> Result<BuildContext, String> {
    let metadata =
        std::fs::metadata(dir).map_err(|error| format!("cannot read the context {}: {error}", dir.display()))?;
    if !metadata.is_dir() {
        return Err(format!("the context {} is not a folder", dir.display()));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|error| format!("cannot walk {}: {error}", dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).map(slash_path).unwrap_or_default();
        if relative.is_empty() {
            continue;
        }
        let metadata = entry.metadata().map_err(|error| format!("cannot read {relative}: {error}"))?;
        let (content, text) = if entry.file_type().is_symlink() {
            // A link is sent as a link: its target is its content.
            let target = std::fs::read_link(entry.path()).map(|target| slash_path(&target)).unwrap_or_default();
            (xxhash_rust::xxh3::xxh3_64(target.as_bytes()), None)
        } else {
            hash_file(entry.path(), &relative, metadata.len())?
        };
        files.push(ContextFile { path: relative, size: metadata.len(), content, mode: mode_of(&metadata), text });
    }
    Ok(BuildContext::from_files(files))
}

fn hash_file(path: &Path, relative: &str, size: u64) -> Result<(u64, Option<String>), String> {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let wants_text = name == ".dockerignore" || (name.starts_with("requirements") && name.ends_with(".txt"));
    if wants_text && size <= MAX_TEXT_BYTES {
        let bytes = std::fs::read(path).map_err(|error| format!("cannot read {relative}: {error}"))?;
        return Ok((xxhash_rust::xxh3::xxh3_64(&bytes), Some(String::from_utf8_lossy(&bytes).into_owned())));
    }
    let mut file = std::fs::File::open(path).map_err(|error| format!("cannot read {relative}: {error}"))?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file.read(&mut buffer).map_err(|error| format!("cannot read {relative}: {error}"))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok((hasher.digest(), None))
}

#[cfg(unix)]
fn mode_of(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(metadata: &std::fs::Metadata) -> u32 {
    if metadata.permissions().readonly() {
        0o444
    } else {
        dockerlab_engine::context::DEFAULT_MODE
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_like_a_person_says_them() {
        assert_eq!(duration(0.3), "0.3 s");
        assert_eq!(duration(45.2), "45 s");
        assert_eq!(duration(185.0), "3 min 5 s");
        assert_eq!(duration(4320.0), "1 h 12 min");
    }
}
