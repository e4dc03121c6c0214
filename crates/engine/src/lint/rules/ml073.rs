//! ML073 const-platform: `FROM --platform` with a fixed value.

use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML073",
    name: "const-platform",
    severity: Severity::Info,
    aliases: &["FromPlatformFlagConstDisallowed"],
    summary: "A fixed `--platform` on FROM forces emulation on other machines.",
    lesson: "base-images",
    doc: include_str!("../docs/ML073.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        let Some((_, from)) = super::from_of(facts, stage) else { continue };
        let Some(platform) = &from.platform else { continue };
        if platform.raw.contains('$') || platform.raw.is_empty() {
            continue;
        }
        // A stage named after its platform (`build-arm64`) is deliberately per-platform.
        let name = stage.name.as_deref().unwrap_or("");
        if platform.value.split('/').any(|part| !part.is_empty() && name.contains(&part.to_ascii_lowercase())) {
            continue;
        }
        report.add(
            platform.span,
            format!(
                "`--platform={}` is fixed: on a machine of another architecture (an Apple-silicon laptop, an ARM \
                 server) the stage runs under emulation, many times slower, and a GPU image may not exist for it. \
                 Use `$BUILDPLATFORM` or `$TARGETPLATFORM`, or pass `--platform` to the build.",
                platform.raw
            ),
        );
    }
}
