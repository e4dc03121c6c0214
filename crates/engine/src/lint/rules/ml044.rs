//! ML044 cuda-base-cpu-packages: a CUDA base image whose stage installs CPU-only ML packages.

use crate::lint::costs::{about, image_installed_mb};
use crate::lint::facts::ImageRef;
use crate::lint::{Facts, PipInstall, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML044",
    name: "cuda-base-cpu-packages",
    severity: Severity::Warning,
    aliases: &[],
    summary: "CPU-only packages on a CUDA base image: the GPU libraries are shipped and never used.",
    lesson: "base-images",
    doc: include_str!("../docs/ML044.md"),
    needs_context: false,
    check,
};

/// Whether a pip word or index selects a CPU-only build.
pub(crate) fn is_cpu_only(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let name = PipInstall::package_name(&lower);
    lower.contains("download.pytorch.org/whl/cpu")
        || lower.contains("+cpu")
        || matches!(name.as_str(), "tensorflow-cpu" | "faiss-cpu" | "jax[cpu]")
        || lower.starts_with("jax[cpu]")
}

fn check(facts: &Facts, report: &mut Report) {
    for run in facts.runs() {
        let Some(stage) = run.stage else { continue };
        let Some(base) = facts.root_image(stage) else { continue };
        if !ImageRef::parse(base).is_cuda() {
            continue;
        }
        for install in run.pip_installs() {
            let word = install.indexes.iter().chain(install.packages.iter()).find(|word| is_cpu_only(&word.text));
            let Some(word) = word else { continue };
            let size = image_installed_mb(base)
                .map_or(String::new(), |mb| format!(" ({} installed, per the base-image table)", about(mb)));
            report.add(
                facts.span(word.start, word.end),
                format!(
                    "`{}` selects a CPU-only build, but the stage is based on the CUDA image `{base}`{size}: the CUDA \
                     libraries ship in every pull and never run. Either install the CUDA build to use the GPU, or \
                     start from a CPU image such as `python:3.12-slim`.",
                    word.text
                ),
            );
        }
    }
}
