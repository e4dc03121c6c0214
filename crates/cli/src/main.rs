//! The `dockerlab` command: runs Dockerlab's engine on real Dockerfiles and project folders.
//!
//! This crate only reads files, parses arguments and formats output; the analysis lives in `dockerlab-engine`.

mod cache;
mod compose;
mod input;
mod lint;
mod parse;
mod report;
mod size;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Check Dockerfiles and ML project folders the way the Dockerlab playground does.
#[derive(Debug, Parser)]
#[command(name = "dockerlab", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse a Dockerfile as BuildKit does and show its stages, instructions and problems.
    Parse(parse::ParseArgs),
    /// Simulate a build and a rebuild after edits: which steps the cache reuses, which it redoes, why, how long.
    Cache(cache::CacheArgs),
    /// Estimate the size of each layer and of the image, with every unknown and the assumption used.
    Size(size::SizeArgs),
    /// Lint Dockerfiles with ML-aware rules; hadolint and BuildKit ignore comments are honoured.
    Lint(lint::LintArgs),
    /// Read a Compose file: its service graph, a simulated `up` or `run --rm` timeline, and ML-stack lint.
    Compose(compose::ComposeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Parse(args) => parse::run(&args),
        Command::Cache(args) => cache::run(&args),
        Command::Size(args) => size::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Compose(args) => compose::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(message) => {
            eprintln!("dockerlab: {message}");
            ExitCode::from(2)
        }
    }
}
