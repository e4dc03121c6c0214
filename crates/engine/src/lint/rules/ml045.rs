//! ML045 cpu-base-cuda-packages: GPU builds of ML packages installed on a base image without CUDA.

use crate::lint::costs::pip_packages;
use crate::lint::facts::ImageRef;
use crate::lint::{Facts, PipInstall, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML045",
    name: "cpu-base-cuda-packages",
    severity: Severity::Info,
    aliases: &[],
    summary: "GPU builds of ML packages on a CPU base image: decide where the model will run.",
    lesson: "base-images",
    doc: include_str!("../docs/ML045.md"),
    needs_context: false,
    check,
};

/// Whether a pip word or index selects a GPU build.
pub(crate) fn is_gpu_build(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let name = PipInstall::package_name(&lower);
    let cuda_index = lower.contains("download.pytorch.org/whl/cu");
    let cuda_version = lower.split("+cu").nth(1).is_some_and(|rest| rest.starts_with(|ch: char| ch.is_ascii_digit()));
    cuda_index
        || cuda_version
        || matches!(name.as_str(), "onnxruntime-gpu" | "faiss-gpu" | "tensorflow-gpu")
        || name.starts_with("cupy-cuda")
        || lower.starts_with("tensorflow[and-cuda]")
        || lower.starts_with("jax[cuda")
}

fn check(facts: &Facts, report: &mut Report) {
    for run in facts.runs() {
        let Some(stage) = run.stage else { continue };
        let Some(base) = facts.root_image(stage) else { continue };
        if base.contains('$') || ImageRef::parse(base).is_cuda() {
            continue;
        }
        for install in run.pip_installs() {
            let word = install.indexes.iter().chain(install.packages.iter()).find(|word| is_gpu_build(&word.text));
            let Some(word) = word else { continue };
            let names: Vec<String> = install.packages.iter().map(|word| PipInstall::package_name(&word.text)).collect();
            let cost = pip_packages(&names).map_or(String::new(), |cost| format!(" Here that is {}.", cost.describe()));
            report.add(
                facts.span(word.start, word.end),
                format!(
                    "`{}` is a GPU build, but `{base}` has no CUDA: on a CPU host its CUDA libraries are dead weight, \
                     and packages that expect the system CUDA libraries fail at import.{cost} For CPU serving install \
                     the CPU build; for GPU serving start from an `nvidia/cuda` runtime image.",
                    word.text
                ),
            );
        }
    }
}
