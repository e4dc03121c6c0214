//! `dockerlab lint`: the ML-aware linter on real Dockerfiles, printed for people (tty) or tools (json, sarif,
//! checkstyle), with the exit code set by `--failure-threshold` as hadolint does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dockerlab_engine::context::{BuildContext, ContextFile};
use dockerlab_engine::lint::{lint, Finding, LintOptions, Severity, RULES};
use serde_json::{json, Value};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Dockerfiles to lint; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Tty)]
    format: Format,
    /// Exit with 1 when a finding is at least this severe: error, warning, info, style, or none to never fail.
    #[arg(long = "failure-threshold", value_enum, default_value_t = Threshold::Info)]
    failure_threshold: Threshold,
    /// The build context (project folder): enables the .dockerignore rules and copy sizes.
    #[arg(long)]
    context: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Compiler-style lines with the source line underlined.
    Tty,
    /// An array of findings.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// Checkstyle XML, for CI plug-ins.
    Checkstyle,
}

/// The least severe finding that fails the run, as hadolint's `--failure-threshold` (default `info`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Threshold {
    Error,
    Warning,
    Info,
    Style,
    /// Never fail.
    None,
}

impl Threshold {
    fn severity(self) -> Option<Severity> {
        match self {
            Threshold::Error => Some(Severity::Error),
            Threshold::Warning => Some(Severity::Warning),
            Threshold::Info => Some(Severity::Info),
            Threshold::Style => Some(Severity::Style),
            Threshold::None => None,
        }
    }
}

/// Files in a context folder above this size are not read as text.
const MAX_TEXT_BYTES: u64 = 1 << 20;
/// A context folder with more entries than this is read only this far, so a stray home directory cannot stall lint.
const MAX_CONTEXT_ENTRIES: usize = 500_000;

/// Runs the command: 0 when nothing reaches the threshold, 1 when something does, 2 (from main) on I/O errors.
pub fn run(args: &LintArgs) -> Result<ExitCode, String> {
    let context = args.context.as_deref().map(read_context).transpose()?;
    let mut results = Vec::new();
    for file in &args.files {
        let (path, source) = crate::input::read_source(file)?;
        let findings = lint(&source, &LintOptions::default(), context.as_ref());
        results.push((path, source, findings));
    }
    let output = match args.format {
        Format::Tty => tty(&results),
        Format::Json => {
            serde_json::to_string_pretty(&json_findings(&results)).map_err(|error| error.to_string())? + "\n"
        }
        Format::Sarif => serde_json::to_string_pretty(&sarif(&results)).map_err(|error| error.to_string())? + "\n",
        Format::Checkstyle => checkstyle(&results),
    };
    print!("{output}");
    let failed = args.failure_threshold.severity().is_some_and(|threshold| {
        results.iter().flat_map(|(_, _, findings)| findings).any(|finding| finding.severity <= threshold)
    });
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

type Results = [(String, String, Vec<Finding>)];

/// Reads a folder's file list and sizes, plus the text of `.dockerignore` and requirements files. Contents are not
/// hashed: lint needs names and sizes only.
fn read_context(dir: &Path) -> Result<BuildContext, String> {
    if !dir.is_dir() {
        return Err(format!("the context {} is not a folder", dir.display()));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).into_iter().take(MAX_CONTEXT_ENTRIES) {
        let entry = entry.map_err(|error| format!("cannot walk {}: {error}", dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(dir)
            .map(|path| path.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
            .unwrap_or_default();
        if relative.is_empty() {
            continue;
        }
        let size = entry.metadata().map(|metadata| metadata.len()).unwrap_or(0);
        let name = relative.rsplit('/').next().unwrap_or(&relative);
        let wants_text = relative == ".dockerignore" || (name.starts_with("requirements") && name.ends_with(".txt"));
        if wants_text && size <= MAX_TEXT_BYTES && entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).map_err(|error| format!("cannot read {relative}: {error}"))?;
            files.push(ContextFile::text(&relative, &String::from_utf8_lossy(&bytes)));
        } else {
            files.push(ContextFile::sized(&relative, size, 0));
        }
    }
    Ok(BuildContext::from_files(files))
}

fn tty(results: &Results) -> String {
    let mut out = String::new();
    let mut total = 0;
    for (path, source, findings) in results {
        for finding in findings {
            total += 1;
            let span = finding.span;
            let aliases =
                if finding.aliases.is_empty() { String::new() } else { format!(" ({})", finding.aliases.join(", ")) };
            let _ = writeln!(
                out,
                "{path}:{}:{}: {}[{}]{aliases}: {}",
                span.line,
                span.column,
                finding.severity.name(),
                finding.code,
                finding.message
            );
            if let Some(line) = source.lines().nth(span.line.saturating_sub(1) as usize) {
                let line = line.trim_end_matches('\r');
                let gutter = span.line.to_string();
                let start = span.column.saturating_sub(1) as usize;
                let chars = line.chars().count();
                let width = if span.end_line == span.line {
                    span.end_column.saturating_sub(span.column) as usize
                } else {
                    chars.saturating_sub(start)
                };
                let _ = writeln!(out, "{gutter} | {line}");
                let _ = writeln!(
                    out,
                    "{} | {}{}",
                    " ".repeat(gutter.len()),
                    " ".repeat(start.min(chars)),
                    "^".repeat(width.max(1))
                );
            }
            if let Some(fix) = &finding.fix {
                let _ = writeln!(out, "  = fix: {}", fix.title);
            }
            let _ = writeln!(out, "  = lesson: {}", finding.lesson);
        }
    }
    let files = results.len();
    let _ = writeln!(out, "{total} finding{} in {files} file{}", plural(total), plural(files));
    out
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn json_findings(results: &Results) -> Value {
    let mut all = Vec::new();
    for (path, _, findings) in results {
        for finding in findings {
            let span = finding.span;
            let mut value = json!({
                "file": path,
                "line": span.line,
                "column": span.column,
                "end_line": span.end_line,
                "end_column": span.end_column,
                "code": finding.code,
                "name": finding.name,
                "aliases": finding.aliases,
                "severity": finding.severity.name(),
                "message": finding.message,
                "lesson": finding.lesson,
            });
            if let Some(fix) = &finding.fix {
                value["fix"] = json!({
                    "title": fix.title,
                    "edits": fix.edits.iter().map(|edit| json!({"start": edit.start, "end": edit.end, "replacement": edit.replacement})).collect::<Vec<_>>(),
                });
            }
            all.push(value);
        }
    }
    Value::Array(all)
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn sarif(results: &Results) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "defaultConfiguration": {"level": sarif_level(rule.severity)},
                "properties": {"aliases": rule.aliases, "lesson": rule.lesson},
            })
        })
        .collect();
    let mut sarif_results = Vec::new();
    for (path, _, findings) in results {
        for finding in findings {
            let span = finding.span;
            sarif_results.push(json!({
                "ruleId": finding.code,
                "level": sarif_level(finding.severity),
                "message": {"text": finding.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": path},
                        "region": {
                            "startLine": span.line,
                            "startColumn": span.column,
                            "endLine": span.end_line,
                            "endColumn": span.end_column,
                        },
                    },
                }],
            }));
        }
    }
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "dockerlab", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "results": sarif_results,
        }],
    })
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters, even escaped.
            ch if (ch as u32) < 0x20 && !matches!(ch, '\t' | '\n' | '\r') => out.push(' '),
            ch => out.push(ch),
        }
    }
    out
}

fn checkstyle(results: &Results) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for (path, _, findings) in results {
        let _ = writeln!(out, "  <file name=\"{}\">", xml_escape(path));
        for finding in findings {
            let severity = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "info",
            };
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"dockerlab.{}\"/>",
                finding.span.line,
                finding.span.column,
                xml_escape(&finding.message),
                finding.code
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}
