//! The `dockerlab` command: runs Dockerlab's engine on real Dockerfiles and project folders.
//!
//! This crate only reads files, parses arguments and formats output; the analysis lives in `dockerlab-engine`.

mod parse;
mod report;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Parse(args) => parse::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(message) => {
            eprintln!("dockerlab: {message}");
            ExitCode::from(2)
        }
    }
}
