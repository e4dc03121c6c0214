//! ML081 add-local-files: `ADD` of local files or folders, where `COPY` is the plain tool.

use crate::lint::{Edit, Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML081",
    name: "add-local-files",
    severity: Severity::Warning,
    aliases: &["DL3020"],
    summary: "Use COPY for local files; ADD also unpacks archives and fetches URLs.",
    lesson: "first-ml-dockerfile",
    doc: include_str!("../docs/ML081.md"),
    needs_context: false,
    check,
};

fn is_archive(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".gz", ".bz2", ".xz", ".tb2", ".tz2",
        ".zst", ".tar.zst",
    ]
    .iter()
    .any(|suffix| lower.ends_with(suffix))
}

fn check(facts: &Facts, report: &mut Report) {
    for (_, instruction, node) in facts.instructions() {
        let crate::instructions::InstructionKind::Add(add) = &instruction.kind else { continue };
        let local =
            add.sources.iter().find(|source| !Facts::is_remote_source(&source.value) && !is_archive(&source.value));
        let Some(source) = local else { continue };
        let finding = report.add(
            source.span,
            format!(
                "`ADD {}` copies a local path; ADD would also unpack it if it were an archive, so readers cannot tell \
                 what happens. Use COPY for files and folders.",
                source.raw
            ),
        );
        let add_only_flags = add.checksum.is_some() || add.keep_git_dir.is_some() || add.unpack.is_some();
        let all_local =
            add.sources.iter().all(|source| !Facts::is_remote_source(&source.value) && !is_archive(&source.value));
        if all_local && !add_only_flags && node.keyword_text.eq_ignore_ascii_case("add") {
            let keyword = if node.keyword_text == "add" { "copy" } else { "COPY" };
            let span = node.keyword_span;
            finding.with_fix(
                "Use COPY",
                vec![Edit { start: span.offset as usize, end: span.end_offset as usize, replacement: keyword.into() }],
            );
        }
    }
}
