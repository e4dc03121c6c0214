//! The `dockerlab` command: runs Dockerlab's engine on real Dockerfiles and project folders.
//!
//! This file only parses arguments and formats output; the analysis lives in `dockerlab-engine`.

use std::process::ExitCode;

const USAGE: &str = "\
dockerlab: check Dockerfiles and ML project folders the way the Dockerlab playground does

Usage: dockerlab <COMMAND>

Commands: none yet. The analysis commands arrive with the engine.

Options:
  -h, --help     Print this help
  -V, --version  Print the version
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("dockerlab {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("dockerlab: unknown command or option '{other}'\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
