//! `dockerlab size`: the estimated size of each layer and of the image a Dockerfile builds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dockerlab_engine::analyze;
use dockerlab_engine::context::{BuildContext, ContextFile};
use dockerlab_engine::instructions::LowerOptions;
use dockerlab_engine::size::{estimate, human, SizeOptions, SizeReport};

#[derive(Debug, Args)]
pub struct SizeArgs {
    /// The Dockerfile to read.
    #[arg(default_value = "Dockerfile")]
    file: PathBuf,
    /// The build context folder, for the sizes of COPY and ADD and the text of requirements files.
    #[arg(long)]
    context: Option<PathBuf>,
    /// What to print.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Set a build-time variable, as `docker build --build-arg NAME=value` does.
    #[arg(long = "build-arg", value_name = "NAME=VALUE", value_parser = crate::input::parse_pair)]
    build_args: Vec<(String, String)>,
    /// The stage to build, as `docker build --target`.
    #[arg(long)]
    target: Option<String>,
    /// Replace the assumption behind an unknown with a figure of your own, in bytes (keys are listed in the output).
    #[arg(long = "assume", value_name = "KEY=BYTES", value_parser = parse_assumption)]
    assume: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A table of layers and the unknowns, for people.
    Text,
    /// The whole estimate as JSON.
    Json,
}

fn parse_assumption(text: &str) -> Result<(String, u64), String> {
    // Keys contain '=' never but may contain ':', so the last '=' splits.
    let (key, value) = text.rsplit_once('=').ok_or_else(|| format!("expected KEY=BYTES, got '{text}'"))?;
    let bytes = value.parse::<u64>().map_err(|_| format!("'{value}' is not a number of bytes"))?;
    Ok((key.to_string(), bytes))
}

/// Runs the command.
pub fn run(args: &SizeArgs) -> Result<ExitCode, String> {
    let bytes = std::fs::read(&args.file).map_err(|error| format!("cannot read {}: {error}", args.file.display()))?;
    let source = String::from_utf8_lossy(&bytes).into_owned();
    let options = LowerOptions {
        build_args: args.build_args.iter().cloned().collect::<BTreeMap<_, _>>(),
        target: args.target.clone(),
        ..LowerOptions::default()
    };
    let analysis = analyze(&source, &options);
    let context = match &args.context {
        Some(directory) => Some(read_context(directory)?),
        None => None,
    };
    let dockerfile_path = args.context.as_ref().and_then(|directory| relative_inside(directory, &args.file));
    let size_options = SizeOptions { assume: args.assume.iter().cloned().collect(), dockerfile_path };
    let report = estimate(&analysis, context.as_ref(), &size_options);
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&report).map_err(|error| error.to_string())?;
            println!("{json}");
        }
        Format::Text => print!("{}", text_report(&args.file.display().to_string(), &report, context.is_some())),
    }
    Ok(ExitCode::SUCCESS)
}

/// Files whose words the estimate reads (requirements, constraints, environment files, `.dockerignore`).
fn wants_text(path: &str, size: u64) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    size <= 1 << 20
        && (name == ".dockerignore"
            || [".txt", ".in", ".yml", ".yaml", ".toml", ".cfg"].iter().any(|ext| name.ends_with(ext))
            || name.starts_with("requirements"))
}

fn read_context(directory: &Path) -> Result<BuildContext, String> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(metadata) = std::fs::symlink_metadata(&path) else { continue };
            if metadata.is_dir() {
                pending.push(path);
                continue;
            }
            let Some(relative) = relative_inside(directory, &path) else { continue };
            let size = metadata.len();
            let text = if wants_text(&relative, size) { std::fs::read_to_string(&path).ok() } else { None };
            files.push(match text {
                Some(text) => ContextFile::text(&relative, &text),
                // Sizes are all the estimate needs of other files; reading gigabytes of weights to hash them
                // would only slow it down.
                None => ContextFile::sized(&relative, size, 0),
            });
        }
    }
    Ok(BuildContext::from_files(files))
}

fn relative_inside(directory: &Path, file: &Path) -> Option<String> {
    let directory = directory.canonicalize().ok()?;
    let file = file.canonicalize().ok()?;
    let relative = file.strip_prefix(&directory).ok()?;
    Some(relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"))
}

fn text_report(path: &str, report: &SizeReport, has_context: bool) -> String {
    let mut out = format!(
        "{path}: {} uncompressed, {} compressed (pull), {} wasted (efficiency {:.1}%)\n",
        human(report.total_bytes),
        human(report.compressed_bytes),
        human(report.wasted_bytes),
        report.efficiency * 100.0
    );
    if let Some(stage) = report.target_stage {
        out.push_str(&format!("target stage {stage}; only its layers (and those of the stages it is FROM) count\n"));
    }
    if !has_context {
        out.push_str("no --context given: COPY and ADD sizes are assumptions\n");
    }
    out.push_str(&format!("\n{:>5}  {:<5} {:>10} {:>11} {:>10}  what\n", "line", "", "size", "compressed", "wasted"));
    for layer in &report.layers {
        let what: Vec<String> = layer
            .parts
            .iter()
            .filter(|p| !p.removed)
            .take(3)
            .map(|p| format!("{} {}", p.what, human(p.bytes)))
            .collect();
        let more = layer.parts.iter().filter(|p| !p.removed).count().saturating_sub(3);
        let more = if more > 0 { format!(" (+{more} more)") } else { String::new() };
        let wasted = if layer.wasted_bytes > 0 { human(layer.wasted_bytes) } else { String::new() };
        out.push_str(&format!(
            "{:>5}  {:<5} {:>10} {:>11} {:>10}  {}{more}\n",
            layer.line,
            layer.instruction,
            human(layer.bytes),
            human(layer.compressed_bytes),
            wasted,
            what.join(", ")
        ));
        for part in layer.parts.iter().filter(|p| p.removed) {
            out.push_str(&format!("{:>36}  - {} ({})\n", "", part.what, human(part.bytes)));
        }
    }
    if !report.unknowns.is_empty() {
        out.push_str(&format!("\nunknowns ({}), each with the assumption used:\n", report.unknowns.len()));
        for unknown in &report.unknowns {
            let given = if unknown.overridden { " (your figure)" } else { "" };
            out.push_str(&format!(
                "  line {}: {}\n      assumed: {} -> {}{given}\n      override: --assume '{}=BYTES'\n",
                unknown.line,
                unknown.message,
                unknown.assumption,
                human(unknown.assumed_bytes),
                unknown.key
            ));
        }
    }
    out
}
