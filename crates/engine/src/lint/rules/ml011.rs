//! ML011 pip-no-cache-dir: `pip install` that leaves pip's download cache in the layer.

use crate::lint::costs::{about, pip_install_names, pip_packages};
use crate::lint::{Edit, Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML011",
    name: "pip-no-cache-dir",
    severity: Severity::Warning,
    aliases: &["DL3042"],
    summary: "`pip install` without `--no-cache-dir` keeps every downloaded wheel in the image.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML011.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for run in facts.runs() {
        // A cache mount keeps the cache out of the layer and makes rebuilds faster: the better fix, accepted.
        if run.has_cache_mount_on("/root/.cache/pip") || run.has_cache_mount_on("/root/.cache") {
            continue;
        }
        if run.run.mounts.iter().any(|mount| {
            mount.target.as_deref().is_some_and(|target| target.trim_end_matches('/').ends_with(".cache/pip"))
        }) {
            continue;
        }
        let env_off = run
            .stage
            .and_then(|stage| super::env_in_chain(facts, stage, run.index, "PIP_NO_CACHE_DIR"))
            .is_some_and(|value| super::is_truthy(&value));
        if env_off {
            continue;
        }
        for install in run.pip_installs() {
            if install.has_option("--no-cache-dir") {
                continue;
            }
            let inline = install.command.environment().any(|assignment| {
                assignment
                    .split_once('=')
                    .is_some_and(|(name, value)| name == "PIP_NO_CACHE_DIR" && super::is_truthy(value))
            });
            if inline {
                continue;
            }
            let start = install
                .command
                .program_index()
                .map_or(install.install.start, |index| install.command.words[index].start);
            let names = pip_install_names(&install, facts.context);
            let cost = match pip_packages(&names) {
                Some(cost) => format!(
                    " For {} that is {} of wheels kept next to the installed packages.",
                    cost.known.join(", "),
                    about(cost.download_mb)
                ),
                None => String::new(),
            };
            let end = install.install.end;
            report
                .add(
                    facts.span(start, end),
                    format!(
                        "pip keeps every wheel it downloads in /root/.cache/pip, and here that cache is saved in the \
                         layer: the image ships each package twice.{cost} Add `--no-cache-dir`, or use \
                         `RUN --mount=type=cache,target=/root/.cache/pip` to keep the cache outside the image and \
                         reuse it across builds."
                    ),
                )
                .with_fix("Add --no-cache-dir", vec![Edit { start: end, end, replacement: " --no-cache-dir".into() }]);
        }
    }
}
