//! `dockerlab compose`: a Compose file's services, dependency graph, simulated `up` timeline and lint findings.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dockerlab_engine::compose::{analyze, graph, simulate, Command, ParseOptions, Plan, Scenario};
use dockerlab_engine::diagnostic::Severity;

use crate::report;

#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// The Compose file to read.
    #[arg(default_value = "compose.yaml")]
    file: PathBuf,
    /// Enable a profile, as `docker compose --profile NAME`; repeat for several.
    #[arg(long = "profile", value_name = "NAME")]
    profiles: Vec<String>,
    /// Simulate `up SERVICE` instead of a plain `up`; repeat for several.
    #[arg(long = "service", value_name = "SERVICE")]
    services: Vec<String>,
    /// Simulate `run --rm SERVICE` (a one-off job) instead of `up`.
    #[arg(long, value_name = "SERVICE", conflicts_with = "services")]
    run: Option<String>,
    /// What to print.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The graph, the timeline and the findings, for people.
    Text,
    /// The parsed file, graph, plan and diagnostics as JSON.
    Json,
}

/// Runs the command. Exits with 1 when the file has an error Compose would refuse or the command cannot run.
pub fn run(args: &ComposeArgs) -> Result<ExitCode, String> {
    let bytes = std::fs::read(&args.file).map_err(|error| format!("cannot read {}: {error}", args.file.display()))?;
    let source = String::from_utf8_lossy(&bytes).into_owned();
    let path = args.file.display().to_string();
    // Interpolation uses the real environment, as `docker compose` does (an `.env` file is not read).
    let options = ParseOptions { env: std::env::vars().collect() };
    let analysis = analyze(&source, &options);
    let command = match &args.run {
        Some(service) => Command::Run { service: service.clone() },
        None => Command::Up { services: args.services.clone() },
    };
    let scenario = Scenario { command, profiles: args.profiles.clone() };
    let plan = simulate(&analysis.file, &scenario);
    let graph = graph(&analysis.file);
    match args.format {
        Format::Json => {
            let value = serde_json::json!({
                "file": analysis.file,
                "graph": graph,
                "plan": plan,
                "diagnostics": analysis.diagnostics,
            });
            println!("{}", serde_json::to_string_pretty(&value).map_err(|error| error.to_string())?);
        }
        Format::Text => {
            let mut out = String::new();
            out.push_str(&format!(
                "{path}: {} services, profiles: {}\n",
                analysis.file.services.len(),
                list(&analysis.file.profiles())
            ));
            out.push_str("\ngraph (depends on):\n");
            for node in &graph.nodes {
                let deps: Vec<String> = graph
                    .edges
                    .iter()
                    .filter(|e| e.from == node.name)
                    .map(|e| format!("{} ({})", e.to, e.condition.name()))
                    .collect();
                let profiles = if node.profiles.is_empty() {
                    String::new()
                } else {
                    format!(" [profile {}]", node.profiles.join(", "))
                };
                let arrow = if deps.is_empty() { String::new() } else { format!(" → {}", deps.join(", ")) };
                out.push_str(&format!("  {}{}{profiles}{arrow}\n", "  ".repeat(node.layer), node.name));
            }
            out.push_str(&timeline(&plan));
            if !analysis.diagnostics.is_empty() {
                out.push('\n');
                for diagnostic in &analysis.diagnostics {
                    out.push_str(&report::diagnostic(&path, &source, diagnostic));
                }
            }
            print!("{out}");
        }
    }
    let failed = analysis.diagnostics.iter().any(|d| d.severity == Severity::Error)
        || !plan.problems.is_empty()
        || plan.services.iter().any(|p| p.blocked.is_some());
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

fn timeline(plan: &Plan) -> String {
    let mut out = format!("\n{} (simulated, fresh machine, about {:.0} s):\n", plan.command_line, plan.total_s);
    for problem in &plan.problems {
        out.push_str(&format!("  error: {problem}\n"));
    }
    for service in &plan.services {
        match (&service.blocked, service.started_s) {
            (Some(why), _) => out.push_str(&format!("  {:<16} does not start: {why}\n", service.name)),
            (None, Some(started)) => {
                let mut line = format!("  {:<16} started at {started:>5.0} s", service.name);
                if let Some(healthy) = service.healthy_s {
                    line.push_str(&format!(", healthy at {healthy:.0} s"));
                }
                if let Some(exited) = service.exited_s {
                    line.push_str(&format!(", exits at {exited:.0} s"));
                }
                out.push_str(&format!("{line}  ({})\n", service.reason));
                for step in &service.steps {
                    out.push_str(&format!("  {:<16}   {:>5.0}–{:<5.0} {}\n", "", step.start_s, step.end_s, step.label));
                }
            }
            (None, None) => {}
        }
    }
    for skipped in &plan.skipped {
        out.push_str(&format!("  {:<16} not started: {}\n", skipped.name, skipped.reason));
    }
    out
}
