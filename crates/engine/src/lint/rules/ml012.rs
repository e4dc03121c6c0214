//! ML012 pip-unpinned: a package named on the `pip install` line without a version.

use crate::lint::{Facts, PipInstall, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML012",
    name: "pip-unpinned",
    severity: Severity::Warning,
    aliases: &["DL3013"],
    summary: "`pip install name` without `==version` installs whatever is newest on build day.",
    lesson: "production-habits",
    doc: include_str!("../docs/ML012.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for run in facts.runs() {
        for install in run.pip_installs() {
            // Requirement and constraint files carry the versions; what they pin is their business.
            if !install.requirement_files.is_empty() || install.constrained {
                continue;
            }
            for package in &install.packages {
                if PipInstall::is_pinned(&package.text) {
                    continue;
                }
                let name = PipInstall::package_name(&package.text);
                report.add(
                    facts.span(package.start, package.end),
                    format!(
                        "`{}` has no version, so each build installs whatever is newest that day: two builds of this \
                         Dockerfile can train or serve with different {name} releases, and results stop being \
                         reproducible. Pin it, e.g. `{name}==<version>`, or install from a pinned requirements file.",
                        package.text
                    ),
                );
            }
        }
    }
}
