//! ML022 served-without-healthcheck: an image that serves a model but declares no `HEALTHCHECK`.

use crate::instructions::InstructionKind;
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML022",
    name: "served-without-healthcheck",
    severity: Severity::Info,
    aliases: &["DL3057"],
    summary: "A served model needs a HEALTHCHECK so a loading or hung server is not sent traffic.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML022.md"),
    needs_context: false,
    check,
};

/// Programs that serve models or APIs over the network.
const SERVERS: [&str; 14] = [
    "uvicorn",
    "gunicorn",
    "hypercorn",
    "flask",
    "fastapi",
    "torchserve",
    "tritonserver",
    "text-generation-launcher",
    "vllm",
    "bentoml",
    "mlflow",
    "streamlit",
    "gradio",
    "serve",
];

fn check(facts: &Facts, report: &mut Report) {
    let chain = facts.final_chain();
    let mut has_healthcheck = false;
    let mut expose = None;
    let mut command = None;
    // Walk from the root stage to the target so later instructions win.
    for &index in chain.iter().rev() {
        let Some(stage) = facts.stage(index) else { continue };
        for (_, instruction) in facts.stage_instructions(stage) {
            match &instruction.kind {
                InstructionKind::Healthcheck(_) => has_healthcheck = true,
                InstructionKind::Expose(_) => expose = Some(instruction),
                InstructionKind::Cmd(line) | InstructionKind::Entrypoint(line) => command = Some((instruction, line)),
                _ => {}
            }
        }
    }
    if has_healthcheck {
        return;
    }
    let serving_command = command.filter(|(_, line)| {
        let text = line.text().to_ascii_lowercase();
        SERVERS.iter().any(|server| {
            text.split(|ch: char| ch.is_whitespace() || ch == '/' || ch == '"').any(|word| word == *server)
        })
    });
    let Some(instruction) = serving_command.map(|(instruction, _)| instruction).or(expose) else { return };
    report.add(
        instruction.keyword_span,
        "this image serves requests but has no HEALTHCHECK: Docker and Compose only know the process is alive, not \
         that the model finished loading or still answers, so traffic reaches a server that is still loading \
         weights or hung. Add e.g. `HEALTHCHECK CMD curl -fs http://localhost:8000/health || exit 1`.",
    );
}
