//! ML071 redundant-target-platform: `FROM --platform=$TARGETPLATFORM`, which is the default anyway.

use crate::lint::{Edit, Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML071",
    name: "redundant-target-platform",
    severity: Severity::Info,
    aliases: &["RedundantTargetPlatform", "DL3065"],
    summary: "`--platform=$TARGETPLATFORM` says what FROM does anyway.",
    lesson: "base-images",
    doc: include_str!("../docs/ML071.md"),
    needs_context: false,
    check,
};

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        let Some(node) = facts.tree().nodes.get(stage.from_instruction) else { continue };
        let Some(flag) = node.flags.iter().find(|flag| flag.name == "platform") else { continue };
        if !matches!(flag.value.as_deref(), Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")) {
            continue;
        }
        // Remove the flag and the spaces after it.
        let rest = &facts.text[flag.span.end_offset as usize..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        report
            .add(
                flag.span,
                "the target platform is what FROM pulls by default, so `--platform=$TARGETPLATFORM` changes nothing; \
                 remove it (use `$BUILDPLATFORM` for a builder stage that cross-compiles).",
            )
            .with_fix(
                "Remove --platform",
                vec![Edit {
                    start: flag.span.offset as usize,
                    end: flag.span.end_offset as usize + spaces,
                    replacement: String::new(),
                }],
            );
    }
}
