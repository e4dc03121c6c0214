//! `dockerlab parse`: the parser's view of a Dockerfile.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dockerlab_engine::diagnostic::Severity;
use dockerlab_engine::instructions::{LowerOptions, StageBase};
use dockerlab_engine::{analyze, Analysis};

use crate::{input, report};

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The Dockerfile to read; `-` reads standard input.
    #[arg(default_value = "Dockerfile")]
    file: PathBuf,
    /// What to print.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Set a build-time variable, as `docker build --build-arg NAME=value` does.
    #[arg(long = "build-arg", value_name = "NAME=VALUE", value_parser = input::parse_pair)]
    build_args: Vec<(String, String)>,
    /// The stage to build, as `docker build --target`.
    #[arg(long)]
    target: Option<String>,
    /// The target platform, as `docker build --platform`.
    #[arg(long, default_value = "linux/amd64")]
    platform: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Stages, instructions and diagnostics for people.
    Text,
    /// The whole analysis (tree, typed instructions, stages, diagnostics) as JSON.
    Json,
    /// The parse tree exactly as BuildKit's `Node.Dump()` prints it (its parser tests' format).
    #[value(alias = "dump")]
    Buildkit,
}

/// Runs the command. The exit code is 1 when the Dockerfile has an error the builder would stop at.
///
/// The chosen format goes to standard output; diagnostics always go to standard error, so a dump or the JSON can
/// be piped on while the problems still show.
pub fn run(args: &ParseArgs) -> Result<ExitCode, String> {
    let (path, source) = input::read_source(&args.file)?;
    let options = LowerOptions {
        build_args: args.build_args.iter().cloned().collect::<BTreeMap<_, _>>(),
        target_platform: args.platform.clone(),
        build_platform: LowerOptions::default().build_platform,
        target: args.target.clone(),
    };
    let analysis = analyze(&source, &options);
    match args.format {
        Format::Text => print!("{}", text_report(&path, &analysis)),
        Format::Json => {
            let json = serde_json::to_string_pretty(&analysis).map_err(|error| error.to_string())?;
            println!("{json}");
        }
        Format::Buildkit => println!("{}", analysis.tree.dump()),
    }
    for diagnostic in &analysis.diagnostics {
        eprint!("{}", report::diagnostic(&path, &source, diagnostic));
    }
    let has_errors = analysis.diagnostics.iter().any(|d| d.severity == Severity::Error);
    Ok(if has_errors { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn text_report(path: &str, analysis: &Analysis) -> String {
    let lowered = &analysis.lowered;
    let count = |severity| analysis.diagnostics.iter().filter(|d| d.severity == severity).count();
    let plural = |n: usize, word: &str| if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") };
    let mut out = format!(
        "{path}: {}, {}, {}, {}\n",
        plural(lowered.stages.len(), "stage"),
        plural(lowered.instructions.len(), "instruction"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
    );
    if !lowered.global_args.is_empty() {
        out.push_str("\nglobal ARGs:");
        for arg in &lowered.global_args {
            out.push_str(&format!(" {}={}", arg.name, arg.value.as_deref().unwrap_or("(unset)")));
        }
        out.push('\n');
    }
    for stage in &lowered.stages {
        let name = stage.name.as_deref().map(|n| format!(" \"{n}\"")).unwrap_or_default();
        let base = match &stage.base {
            StageBase::Scratch => "scratch".to_string(),
            StageBase::Image(image) => image.to_string(),
            StageBase::Stage(index) => format!("stage {index}"),
        };
        let mut notes = Vec::new();
        if lowered.target_stage == Some(stage.index) {
            notes.push("target".to_string());
        } else if !stage.reachable {
            notes.push("not needed by the target".to_string());
        }
        if let Some(platform) = &stage.platform {
            notes.push(format!("platform {platform}"));
        }
        let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
        out.push_str(&format!("\nstage {}{name} from {base}{notes}\n", stage.index));
        for &index in std::iter::once(&stage.from_instruction).chain(&stage.instructions) {
            if let (Some(instruction), Some(node)) = (lowered.instructions.get(index), analysis.tree.nodes.get(index)) {
                out.push_str(&format!("  {:>4}  {}\n", instruction.start_line, report::one_line(&node.original, 90)));
            }
        }
    }
    out
}
