//! ML010 copy-all-before-deps: `COPY . .` before the dependency install, so every code edit reinstalls everything.

use crate::instructions::InstructionKind;
use crate::lint::costs::{pip_install_names, pip_packages};
use crate::lint::{Edit, Facts, Report, Rule, RunView, Severity};

pub const RULE: Rule = Rule {
    code: "ML010",
    name: "copy-all-before-deps",
    severity: Severity::Warning,
    aliases: &[],
    summary: "Copying the whole project before installing dependencies reinstalls them on every code edit.",
    lesson: "images-and-layers",
    doc: include_str!("../docs/ML010.md"),
    needs_context: false,
    check,
};

/// Whether a RUN installs dependencies that do not need the project's code: pip packages or requirement files,
/// conda packages or environments, apt packages.
fn installs_dependencies(run: &RunView) -> bool {
    let pip = run.pip_installs().iter().any(|install| {
        !install.requirement_files.is_empty()
            || (!install.packages.is_empty() && install.packages.iter().all(|word| !word.text.starts_with('.')))
    });
    let conda = run.commands.iter().any(|command| {
        matches!(command.program(), Some("conda" | "mamba" | "micromamba"))
            && command.arguments().iter().any(|word| matches!(word.text.as_str(), "install" | "create" | "update"))
    });
    let apt = run.apt_calls().iter().any(|call| call.is("install"));
    pip || conda || apt
}

fn check(facts: &Facts, report: &mut Report) {
    for stage in &facts.lowered().stages {
        let copy_all = facts.stage_instructions(stage).find_map(|(index, instruction)| match &instruction.kind {
            InstructionKind::Copy(copy) if copy.from.is_none() => copy
                .sources
                .iter()
                .find(|source| super::is_whole_context(&source.value))
                .map(|source| (index, copy, source)),
            _ => None,
        });
        let Some((copy_index, copy, source)) = copy_all else { continue };
        let Some(run) = facts.runs().iter().find(|run| {
            !run.onbuild && run.stage == Some(stage.index) && run.index > copy_index && installs_dependencies(run)
        }) else {
            continue;
        };
        let run_line = facts.lowered().instructions[run.index].start_line;
        let names: Vec<String> =
            run.pip_installs().iter().flat_map(|install| pip_install_names(install, facts.context)).collect();
        let cost = match pip_packages(&names) {
            Some(cost) => format!(" and reinstalls {}", cost.describe()),
            None => String::new(),
        };
        let finding = report.add(
            source.span,
            format!(
                "`COPY {} …` comes before the install on line {run_line}, so every edit to any file of the project \
                 invalidates the cache here: each code change re-runs line {run_line}{cost}. Copy the dependency \
                 files first, install, then copy the code.",
                source.raw
            ),
        );
        if let Some(edits) = reorder(facts, stage.index, copy_index, copy, run) {
            finding.with_fix("Copy the requirements and install before copying the code", edits);
        }
    }
}

/// The mechanical reorder: `COPY <requirements> ./` and the install RUN moved above the `COPY . .`. Offered only
/// when it cannot change what the build does: the RUN only runs `pip install -r FILE`, the copy goes to the working
/// directory, nothing between the two instructions changes the environment, and the requirements file does not
/// include other files (known from the context, or the file is the conventional `requirements.txt`).
fn reorder(
    facts: &Facts,
    stage: usize,
    copy_index: usize,
    copy: &crate::instructions::CopyFiles,
    run: &RunView,
) -> Option<Vec<Edit>> {
    if !matches!(copy.destination.raw.as_str(), "." | "./") || copy.sources.len() != 1 || run.onbuild {
        return None;
    }
    let installs = run.pip_installs();
    if installs.len() != run.commands.len() || installs.is_empty() {
        return None;
    }
    let mut files = Vec::new();
    for install in &installs {
        if install.requirement_files.is_empty() || install.packages.iter().any(|word| word.text.starts_with('.')) {
            return None;
        }
        for file in &install.requirement_files {
            let path = file.text.trim_start_matches("--requirement=").trim_start_matches("-r");
            if path.is_empty() || path.starts_with('/') || path.contains("..") || path.contains('$') {
                return None;
            }
            let includes_others = match facts.context.and_then(|context| context.get(path)) {
                Some(file) => file.text.as_deref().is_none_or(|text| {
                    text.lines().any(|line| {
                        let line = line.trim_start();
                        line.starts_with("-r")
                            || line.starts_with("-c")
                            || line.starts_with("--")
                            || line.starts_with("-e")
                            || line.starts_with('.')
                    })
                }),
                None => path != "requirements.txt",
            };
            if includes_others {
                return None;
            }
            files.push(path.to_string());
        }
    }
    // Only instructions that neither change the RUN's environment nor run anything may sit in between.
    let stage = facts.stage(stage)?;
    for (index, instruction) in facts.stage_instructions(stage) {
        if index > copy_index && index < run.index {
            let harmless = matches!(
                &instruction.kind,
                InstructionKind::Copy(_)
                    | InstructionKind::Add(_)
                    | InstructionKind::Label(_)
                    | InstructionKind::Expose(_)
            );
            if !harmless {
                return None;
            }
        }
    }
    let text = facts.text;
    let tree = facts.tree();
    let copy_node = tree.nodes.get(copy_index)?;
    let run_node = tree.nodes.get(run.index)?;
    let copy_line_start = text[..copy_node.span.offset as usize].rfind('\n').map_or(0, |newline| newline + 1);
    let run_line_start = text[..run_node.span.offset as usize].rfind('\n').map_or(0, |newline| newline + 1);
    // Only whitespace may precede either keyword on its line, so whole lines can move.
    if !text[copy_line_start..copy_node.span.offset as usize].trim().is_empty()
        || !text[run_line_start..run_node.span.offset as usize].trim().is_empty()
    {
        return None;
    }
    let run_end = run_node.span.end_offset as usize;
    let run_line_end = match text[run_end..].find('\n') {
        Some(newline) if text[run_end..run_end + newline].trim().is_empty() => run_end + newline + 1,
        None if text[run_end..].trim().is_empty() => text.len(),
        _ => return None,
    };
    let newline = if text[copy_line_start..].contains("\r\n") { "\r\n" } else { "\n" };
    let mut moved = String::new();
    for file in &files {
        let destination = match file.rsplit_once('/') {
            Some((directory, _)) => format!("{directory}/"),
            None => "./".to_string(),
        };
        moved.push_str(&format!("COPY {file} {destination}{newline}"));
    }
    let run_text = text[run_line_start..run_line_end].trim_end_matches(['\n', '\r']);
    moved.push_str(run_text);
    moved.push_str(newline);
    Some(vec![
        Edit { start: copy_line_start, end: copy_line_start, replacement: moved },
        Edit { start: run_line_start, end: run_line_end, replacement: String::new() },
    ])
}
