//! ML042 compilers-in-final-stage: build tools installed in the image that is shipped.

use crate::lint::costs::{about, apt_packages};
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML042",
    name: "compilers-in-final-stage",
    severity: Severity::Info,
    aliases: &[],
    summary: "Compilers installed in the shipped stage; a multi-stage build would leave them behind.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML042.md"),
    needs_context: false,
    check,
};

fn is_compiler(package: &str) -> bool {
    let name = package.split('=').next().unwrap_or(package);
    matches!(name, "build-essential" | "gcc" | "g++" | "clang" | "gfortran" | "build-base")
        || name.starts_with("gcc-")
        || name.starts_with("g++-")
}

fn check(facts: &Facts, report: &mut Report) {
    let Some(target) = facts.target_stage() else { return };
    let removed = |name: &str| {
        facts.runs().iter().filter(|run| run.stage == Some(target)).any(|run| {
            run.apt_calls().iter().any(|call| {
                (call.is("purge") || call.is("remove")) && call.packages.iter().any(|word| word.text == name)
            })
        })
    };
    for run in facts.runs().iter().filter(|run| run.stage == Some(target) && !run.onbuild) {
        for call in run.apt_calls() {
            if !call.is("install") {
                continue;
            }
            let compilers: Vec<_> =
                call.packages.iter().filter(|word| is_compiler(&word.text) && !removed(&word.text)).collect();
            let Some(first) = compilers.first() else { continue };
            let names: Vec<String> =
                compilers.iter().map(|word| word.text.split('=').next().unwrap_or("").to_string()).collect();
            let cost = apt_packages(&names).map_or(String::new(), |cost| {
                format!(" ({} installed, per Debian's package data)", about(cost.installed_mb))
            });
            let last = compilers.last().unwrap_or(first);
            report.add(
                facts.span(first.start, last.end),
                format!(
                    "{} stay in the image you ship{cost}: more to pull on every deploy and more tools for an \
                     attacker. Compile in a builder stage and `COPY --from` only the wheels or binaries. (Keep them \
                     if the model compiles kernels at run time, as torch.compile and Triton do.)",
                    names.join(", ")
                ),
            );
        }
    }
}
