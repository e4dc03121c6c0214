//! The ML-aware Dockerfile linter: rules, findings with located spans and quick fixes, and ignore comments.
//!
//! Each rule lives in its own file under [`rules`] and holds its code, severity, aliases, messages and check
//! together; [`registry::RULES`] names every rule once, and each rule has a Markdown page under `lint/docs/`.
//! Rules never look at ignore comments: [`lint_analysis`] runs every rule and then drops the findings that a
//! comment silences, in one place, so `# hadolint ignore=DL3008`, `# hadolint global ignore=…`,
//! `# check=skip=JSONArgsRecommended` and Dockerlab's own `# dockerlab ignore=ML011` all behave the same way
//! for every rule. A finding is silenced by its own code, its kebab-case name or any of its aliases.
//!
//! ```
//! use dockerlab_engine::lint::{lint, LintOptions};
//!
//! let findings = lint("FROM python:3.12-slim\nRUN pip install torch==2.3.1\n", &LintOptions::default(), None);
//! assert!(findings.iter().any(|finding| finding.code == "ML011"));
//! ```

mod costs;
mod facts;
mod packages;
pub mod registry;
pub mod rules;
mod shell;

use serde::{Serialize, Serializer};

use crate::context::BuildContext;
use crate::diagnostic::Span;
use crate::syntax::{Comment, Dockerfile};
use crate::{analyze, Analysis, AnalyzeOptions};

pub use facts::{Facts, ImageRef, RunView};
pub use packages::{AptCall, PipInstall};
pub use registry::RULES;
pub use shell::{ShellCommand, ShellWord};

/// How serious a finding is. The order is the order of `--failure-threshold`: `Error` is the most serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails or the image is broken.
    Error,
    /// The image works but costs time, space or safety.
    Warning,
    /// Worth knowing; often a trade-off.
    Info,
    /// Consistency and readability.
    Style,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    /// Reads a level name, case-insensitively.
    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|severity| severity.name().eq_ignore_ascii_case(text))
    }
}

/// The signature of a rule's check: read the facts, report findings.
pub type Check = fn(&Facts, &mut Report);

/// One lint rule: everything about it in one value, defined in its own file under [`rules`].
#[derive(Debug)]
pub struct Rule {
    /// Stable code in Dockerlab's namespace (`ML011`); never reused for another meaning.
    pub code: &'static str,
    /// A short kebab-case name (`pip-no-cache-dir`), also accepted by ignore comments.
    pub name: &'static str,
    pub severity: Severity,
    /// Codes of the same check in other tools: hadolint (`DL3042`) and BuildKit build checks
    /// (`JSONArgsRecommended`). Ignore comments naming an alias silence this rule.
    pub aliases: &'static [&'static str],
    /// One sentence: what the rule flags.
    pub summary: &'static str,
    /// The id of the lesson that teaches the practice (`images-and-layers`), a file in `lessons/`.
    pub lesson: &'static str,
    /// The rule's documentation page (Markdown).
    pub doc: &'static str,
    /// True when the rule needs the build context (the project folder and its `.dockerignore`); such rules are
    /// skipped when no context is given.
    pub needs_context: bool,
    pub check: Check,
}

impl Rule {
    /// Whether an ignore comment naming `code` refers to this rule.
    pub fn answers_to(&self, code: &str) -> bool {
        self.code.eq_ignore_ascii_case(code)
            || self.name.eq_ignore_ascii_case(code)
            || self.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(code))
    }

    /// Whether one of the aliases is a BuildKit build check (they are CamelCase words, not `DL` codes).
    pub fn is_buildkit_check(&self) -> bool {
        self.aliases.iter().any(|alias| !alias.starts_with("DL"))
    }
}

/// A text edit: replace the bytes `start..end` of the Dockerfile with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// A mechanical change that resolves a finding, as edits that leave the rest of the file byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, as a button label ("Add --no-cache-dir").
    pub title: String,
    pub edits: Vec<Edit>,
}

/// One problem found in a Dockerfile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    #[serde(serialize_with = "serialize_aliases")]
    pub aliases: &'static [&'static str],
    pub severity: Severity,
    /// The word that is wrong, or the instruction when no single word is.
    pub span: Span,
    /// A sentence for the learner, with the ML cost where the data allows one.
    pub message: String,
    pub lesson: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

fn serialize_aliases<S: Serializer>(aliases: &&'static [&'static str], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(aliases.iter())
}

impl Finding {
    /// Attaches a quick fix.
    pub fn with_fix(&mut self, title: impl Into<String>, edits: Vec<Edit>) -> &mut Self {
        self.fix = Some(Fix { title: title.into(), edits });
        self
    }
}

/// Where a rule's check puts its findings; it stamps each with the rule's code, severity and aliases.
pub struct Report<'r> {
    rule: &'static Rule,
    findings: &'r mut Vec<Finding>,
}

impl Report<'_> {
    /// Reports a finding at `span`.
    pub fn add(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        self.findings.push(Finding {
            code: self.rule.code,
            name: self.rule.name,
            aliases: self.rule.aliases,
            severity: self.rule.severity,
            span,
            message: message.into(),
            lesson: self.rule.lesson,
            fix: None,
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }
}

/// Options for [`lint`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintOptions {
    /// Build arguments, target and platform, as for [`analyze`].
    pub analyze: AnalyzeOptions,
}

/// Lints Dockerfile text. `context` is the project folder the build would send, when known; rules about
/// `.dockerignore` and copied files need it and are skipped without it. Never fails and never panics.
pub fn lint(text: &str, options: &LintOptions, context: Option<&BuildContext>) -> Vec<Finding> {
    let analysis = analyze(text, &options.analyze);
    lint_analysis(text, &analysis, context)
}

/// Lints an analysis that the caller already has (the app analyses once per edit and shares the result).
pub fn lint_analysis(text: &str, analysis: &Analysis, context: Option<&BuildContext>) -> Vec<Finding> {
    let facts = Facts::new(text, analysis, context);
    let mut findings = Vec::new();
    for &rule in RULES {
        if rule.needs_context && context.is_none() {
            continue;
        }
        let mut report = Report { rule, findings: &mut findings };
        (rule.check)(&facts, &mut report);
    }
    let suppressions = Suppressions::read(&analysis.tree);
    findings.retain(|finding| !suppressions.silences(finding, &analysis.tree));
    findings
        .sort_by(|a, b| (a.span.offset, a.span.end_offset, a.code).cmp(&(b.span.offset, b.span.end_offset, b.code)));
    findings
}

/// Applies edits to a text. Edits are applied from the end so earlier offsets stay valid; an edit that overlaps
/// one already applied, or that does not fall on character boundaries, is skipped.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| std::cmp::Reverse((edit.start, edit.end)));
    let mut result = text.to_string();
    let mut limit = usize::MAX;
    for edit in sorted {
        let valid = edit.start <= edit.end
            && edit.end <= text.len()
            && text.is_char_boundary(edit.start)
            && text.is_char_boundary(edit.end);
        // Two insertions at the same offset are both kept; anything else overlapping is dropped.
        if !valid || edit.end > limit || (edit.end == limit && edit.start < edit.end) {
            continue;
        }
        result.replace_range(edit.start..edit.end, &edit.replacement);
        limit = edit.start;
    }
    result
}

/// The ignore comments of one Dockerfile.
#[derive(Debug, Default)]
struct Suppressions {
    /// Codes silenced in the whole file (`# hadolint global ignore=`, `# dockerlab global ignore=`, `# check=skip=`).
    global: Vec<String>,
    /// `# check=skip=all`: every rule that is a BuildKit build check.
    all_checks: bool,
}

impl Suppressions {
    fn read(tree: &Dockerfile) -> Suppressions {
        let mut suppressions = Suppressions::default();
        if let Some(directive) = tree.directive("check") {
            let (codes, all) = check_skips(&directive.value);
            suppressions.global.extend(codes);
            suppressions.all_checks |= all;
        }
        for comment in &tree.comments {
            if let Some(Pragma { global: true, codes }) = pragma(&comment.text) {
                suppressions.global.extend(codes);
            }
        }
        suppressions
    }

    fn silences(&self, finding: &Finding, tree: &Dockerfile) -> bool {
        let Some(rule) = RULES.iter().find(|rule| rule.code == finding.code) else { return false };
        if self.all_checks && rule.is_buildkit_check() {
            return true;
        }
        if self.global.iter().any(|code| rule.answers_to(code)) {
            return true;
        }
        // The instruction the finding is in; its comments may silence it.
        let offset = finding.span.offset;
        let node = tree
            .nodes
            .iter()
            .find(|node| node.span.offset <= offset && offset < node.span.end_offset.max(node.span.offset + 1));
        node.is_some_and(|node| instruction_silences(&node.comments, rule))
    }
}

fn instruction_silences(comments: &[Comment], rule: &Rule) -> bool {
    comments.iter().any(|comment| {
        if let Some(Pragma { global: false, codes }) = pragma(&comment.text) {
            return codes.iter().any(|code| rule.answers_to(code));
        }
        // A `# check=skip=…` comment right above an instruction: Dockerlab reads it per instruction too, so a
        // learner can silence one BuildKit check in one place the way hadolint's comments allow.
        match comment.text.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("check") => {
                let (codes, all) = check_skips(value);
                (all && rule.is_buildkit_check()) || codes.iter().any(|code| rule.answers_to(code))
            }
            _ => false,
        }
    })
}

/// A `hadolint` or `dockerlab` ignore comment.
struct Pragma {
    global: bool,
    codes: Vec<String>,
}

/// Reads `hadolint ignore=A,B`, `hadolint global ignore=A`, and the same with `dockerlab` (comment text after `#`).
fn pragma(text: &str) -> Option<Pragma> {
    let mut words = text.trim().splitn(2, char::is_whitespace);
    let tool = words.next()?;
    if !tool.eq_ignore_ascii_case("hadolint") && !tool.eq_ignore_ascii_case("dockerlab") {
        return None;
    }
    let mut rest = words.next()?.trim_start();
    let global = rest.len() > 6 && rest[..6].eq_ignore_ascii_case("global") && rest.as_bytes()[6].is_ascii_whitespace();
    if global {
        rest = rest[6..].trim_start();
    }
    let (key, value) = rest.split_once('=')?;
    if !key.trim().eq_ignore_ascii_case("ignore") {
        return None;
    }
    // The list ends at the first space that is not after a comma (`ignore=DL3008, DL3015 because …`).
    let mut codes = Vec::new();
    for part in value.split(',') {
        let code = part.split_whitespace().next().unwrap_or("");
        if !code.is_empty() {
            codes.push(code.to_string());
        }
        if part.split_whitespace().count() > 1 {
            break;
        }
    }
    Some(Pragma { global, codes })
}

/// Reads the value of a `check` directive (`skip=A,B;error=true`): the skipped names and whether `all` is among
/// them.
fn check_skips(value: &str) -> (Vec<String>, bool) {
    let mut codes = Vec::new();
    let mut all = false;
    for setting in value.split(';') {
        if let Some((key, list)) = setting.split_once('=') {
            if key.trim().eq_ignore_ascii_case("skip") {
                for code in list.split(',').map(str::trim).filter(|code| !code.is_empty()) {
                    all |= code.eq_ignore_ascii_case("all");
                    codes.push(code.to_string());
                }
            }
        }
    }
    (codes, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas_read_like_hadolint() {
        let pragma = pragma("hadolint ignore=DL3008,DL3015").unwrap();
        assert!(!pragma.global);
        assert_eq!(pragma.codes, ["DL3008", "DL3015"]);
        let pragma = pragma_global("dockerlab global ignore=ML011, ML012 because we must");
        assert_eq!(pragma, ["ML011", "ML012"]);
        assert!(super::pragma("hadolint is great").is_none());
        assert!(super::pragma("a comment about ignore=x").is_none());
    }

    fn pragma_global(text: &str) -> Vec<String> {
        let pragma = pragma(text).unwrap();
        assert!(pragma.global);
        pragma.codes
    }

    #[test]
    fn check_directive_values() {
        assert_eq!(check_skips("skip=JSONArgsRecommended,StageNameCasing;error=true").0.len(), 2);
        assert!(check_skips("skip=all").1);
        assert!(!check_skips("error=true").1);
    }

    #[test]
    fn edits_apply_from_the_end_and_skip_overlaps() {
        let text = "abcdef";
        let edits = [
            Edit { start: 1, end: 1, replacement: "X".into() },
            Edit { start: 4, end: 6, replacement: "Y".into() },
            Edit { start: 5, end: 6, replacement: "Z".into() },
        ];
        assert_eq!(apply_edits(text, &edits), "aXbcdeZ");
    }
}
