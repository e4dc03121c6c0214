//! Fix-this-Dockerfile exercises: a flawed Dockerfile, a project, and goals the engine checks
//! (`quizzes/exercises/<id>.txt`). The learner edits until every goal passes.
//!
//! ```text
//! id: deps-before-code
//! title: Keep the install cached
//! task: Editing the code reinstalls every package. Reorder the steps.
//! project: default
//! goal: cached-after edit src/serve.py | pip install
//! goal: no-lint-at warning
//! ---
//! FROM python:3.12-slim
//! …
//! --- solution
//! FROM python:3.12-slim
//! …
//! ```
//!
//! The goal language, one goal a line:
//!
//! | goal | passes when |
//! |---|---|
//! | `cached-after EVENT \| TEXT` | after a first build and EVENT, every layer step whose text contains TEXT is a cache hit |
//! | `size-under SIZE` | the size estimate of the final image is below SIZE (`1.5GB`, `800MB`) |
//! | `non-root` | the final stage ends with a `USER` that is not root |
//! | `no-lint-at LEVEL` | no lint finding at LEVEL or more serious (`error`, `warning`, `info`, `style`) |
//! | `no-lint CODE` | no finding with this code (`ML030`) |
//! | `stages-at-least N` | the Dockerfile has at least N stages |
//! | `no-secrets` | no secret-looking file of the project is copied into a layer |
//!
//! Every exercise also checks, before its own goals, that the Dockerfile has no error a builder would refuse.

use dockerlab_engine::cache::{Event, History, Status};
use dockerlab_engine::context::BuildContext;
use dockerlab_engine::instructions::{InstructionKind, StageBase};
use dockerlab_engine::lint::{self, LintOptions, Severity};
use dockerlab_engine::size::{self, SizeOptions};
use dockerlab_engine::{analyze, Analysis, AnalyzeOptions};

use crate::fields::{parse_fields, FieldReader};
use crate::front_matter::is_id;
use crate::markdown::render_inline;
use crate::project;
use crate::sections::split_sections;
use crate::Problem;

/// One checkable goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goal {
    CachedAfter { event: Event, step: String },
    SizeUnder { bytes: u64 },
    NonRoot,
    NoLintAt(Severity),
    NoLint(String),
    StagesAtLeast(usize),
    NoSecrets,
}

impl Goal {
    /// Reads one `goal:` value.
    pub fn parse(text: &str) -> Result<Goal, String> {
        let text = text.trim();
        let (verb, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let rest = rest.trim();
        match verb {
            "cached-after" => {
                let (event, step) = rest.split_once('|').ok_or("`cached-after` needs `EVENT | TEXT OF THE STEP`")?;
                let step = step.trim();
                if step.is_empty() {
                    return Err("`cached-after` needs the text of the step after `|`".into());
                }
                Ok(Goal::CachedAfter { event: Event::parse(event)?, step: step.to_owned() })
            }
            "size-under" => parse_size(rest).map(|bytes| Goal::SizeUnder { bytes }),
            "non-root" => Ok(Goal::NonRoot),
            "no-lint-at" => Severity::parse(rest)
                .map(Goal::NoLintAt)
                .ok_or_else(|| format!("{rest:?} is not a level: use error, warning, info or style")),
            "no-lint" if !rest.is_empty() => Ok(Goal::NoLint(rest.to_ascii_uppercase())),
            "stages-at-least" => {
                rest.parse().map(Goal::StagesAtLeast).map_err(|_| format!("{rest:?} is not a number of stages"))
            }
            "no-secrets" => Ok(Goal::NoSecrets),
            _ => Err(format!(
                "unknown goal {verb:?}; use cached-after, size-under, non-root, no-lint-at, no-lint, \
                 stages-at-least or no-secrets"
            )),
        }
    }

    /// The goal as a sentence for the page.
    pub fn describe(&self) -> String {
        match self {
            Goal::CachedAfter { event, step } => {
                format!("After “{event}”, the step with “{step}” is a cache hit")
            }
            Goal::SizeUnder { bytes } => format!("The final image is estimated under {}", format_size(*bytes)),
            Goal::NonRoot => "The final image runs as a non-root user".into(),
            Goal::NoLintAt(level) => format!("No lint finding at {} level or above", level.name()),
            Goal::NoLint(code) => format!("No {code} finding"),
            Goal::StagesAtLeast(count) => format!("At least {count} build stages"),
            Goal::NoSecrets => "No secret file from the project ends up in a layer".into(),
        }
    }
}

/// `1.5GB`, `800MB`, `900M` (powers of 1000).
fn parse_size(text: &str) -> Result<u64, String> {
    let lower = text.trim().to_ascii_lowercase();
    let lower = lower.trim_end_matches('b');
    let (number, scale) = if let Some(n) = lower.strip_suffix('g') {
        (n, 1e9)
    } else if let Some(n) = lower.strip_suffix('m') {
        (n, 1e6)
    } else if let Some(n) = lower.strip_suffix('k') {
        (n, 1e3)
    } else {
        (lower, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 => Ok((value * scale) as u64),
        _ => Err(format!("cannot read {text:?} as a size such as 1.5GB")),
    }
}

/// `1.2 GB`, `850 MB`.
pub fn format_size(bytes: u64) -> String {
    if bytes >= 1_000_000_000 {
        format!("{:.2} GB", bytes as f64 / 1e9)
    } else {
        format!("{:.0} MB", bytes as f64 / 1e6)
    }
}

/// One exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    /// Sanitised HTML.
    pub task_html: String,
    pub project: String,
    pub goals: Vec<Goal>,
    pub dockerfile: String,
    /// A known-good version, shown on request and checked by the tests.
    pub solution: String,
}

pub fn parse_exercise(text: &str) -> (Exercise, Vec<Problem>) {
    let (header, sections) = split_sections(text);
    let (fields, mut problems) = parse_fields(&header, 1);
    let mut reader = FieldReader::new(&fields, 1);
    reader.reject_unknown(&["id", "title", "task", "project", "goal"]);
    let id = reader.required("id");
    if !id.is_empty() && !is_id(&id) {
        reader.problems.push(Problem::new(1, format!("id {id:?} must use lower-case letters, digits and hyphens")));
    }
    let title = reader.required("title");
    let task_html = render_inline(&reader.required("task"));
    let project = reader.optional("project").map_or(project::DEFAULT_PROJECT.to_owned(), |f| f.value.clone());
    if !project::is_known(&project) {
        reader.problems.push(Problem::new(0, format!("no project is called {project:?}; use default or a preset id")));
    }
    let mut goals = Vec::new();
    for field in fields.iter().filter(|field| field.key == "goal") {
        match Goal::parse(&field.value) {
            Ok(goal) => goals.push(goal),
            Err(error) => reader.problems.push(Problem::new(field.line, error)),
        }
    }
    if goals.is_empty() {
        reader.problems.push(Problem::new(0, "an exercise needs at least one `goal`"));
    }
    let mut dockerfile = String::new();
    let mut solution = String::new();
    for section in &sections {
        match section.name.as_str() {
            "" => dockerfile = section.text.clone(),
            "solution" => solution = section.text.clone(),
            other => reader.problems.push(Problem::new(section.line, format!("unknown section `--- {other}`"))),
        }
    }
    if dockerfile.is_empty() {
        reader.problems.push(Problem::new(0, "put the flawed Dockerfile after a line with only `---`"));
    }
    if solution.is_empty() {
        reader.problems.push(Problem::new(0, "put a working solution after a line `--- solution`"));
    }
    problems.append(&mut reader.problems);
    (Exercise { id, title, task_html, project, goals, dockerfile, solution }, problems)
}

/// How one goal fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalResult {
    pub goal: String,
    pub passed: bool,
    /// What the engine found, in a sentence.
    pub detail: String,
}

impl Exercise {
    /// Checks every goal against `dockerfile` (the learner's current text). The first result is always
    /// "the Dockerfile has no errors".
    pub fn check(&self, dockerfile: &str) -> Vec<GoalResult> {
        let context = project::context(&self.project).unwrap_or_default();
        let analysis = analyze(dockerfile, &AnalyzeOptions::default());
        let errors: Vec<String> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("line {}: {}", d.span.line, d.message))
            .collect();
        let mut results = vec![GoalResult {
            goal: "The Dockerfile has no errors".into(),
            passed: errors.is_empty(),
            detail: if errors.is_empty() { "It parses and lowers cleanly.".into() } else { errors.join("; ") },
        }];
        let mut lint_findings = None;
        for goal in &self.goals {
            let (passed, detail) = match goal {
                Goal::CachedAfter { event, step } => cached_after(dockerfile, &context, event, step),
                Goal::SizeUnder { bytes } => {
                    let report = size::estimate(&analysis, Some(&context), &SizeOptions::default());
                    (
                        report.total_bytes < *bytes,
                        format!("Estimated at {} (uncompressed).", format_size(report.total_bytes)),
                    )
                }
                Goal::NonRoot => non_root(&analysis),
                Goal::NoLintAt(level) => {
                    let findings = lint_findings
                        .get_or_insert_with(|| lint::lint(dockerfile, &LintOptions::default(), Some(&context)));
                    let serious: Vec<String> = findings
                        .iter()
                        .filter(|finding| finding.severity <= *level)
                        .map(|finding| format!("{} (line {})", finding.code, finding.span.line))
                        .collect();
                    let detail = if serious.is_empty() {
                        "None found.".to_owned()
                    } else {
                        format!("Still reported: {}.", serious.join(", "))
                    };
                    (serious.is_empty(), detail)
                }
                Goal::NoLint(code) => {
                    let findings = lint_findings
                        .get_or_insert_with(|| lint::lint(dockerfile, &LintOptions::default(), Some(&context)));
                    let lines: Vec<String> = findings
                        .iter()
                        .filter(|finding| finding.code == code || finding.aliases.contains(&code.as_str()))
                        .map(|finding| finding.span.line.to_string())
                        .collect();
                    let detail = if lines.is_empty() {
                        "None found.".to_owned()
                    } else {
                        format!("Reported on line {}.", lines.join(", "))
                    };
                    (lines.is_empty(), detail)
                }
                Goal::StagesAtLeast(count) => {
                    let stages = analysis.lowered.stages.len();
                    (stages >= *count, format!("The Dockerfile has {stages} stage{}.", plural(stages)))
                }
                Goal::NoSecrets => {
                    let mut history = History::new(project::world(dockerfile, context.clone()));
                    let report = history.build();
                    let paths: Vec<String> = report.secrets_copied.iter().map(|s| s.path.clone()).collect();
                    let detail = if paths.is_empty() {
                        "No secret-looking file is copied.".to_owned()
                    } else {
                        format!("Copied into a layer: {}.", paths.join(", "))
                    };
                    (paths.is_empty(), detail)
                }
            };
            results.push(GoalResult { goal: goal.describe(), passed, detail });
        }
        results
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn cached_after(dockerfile: &str, context: &BuildContext, event: &Event, step: &str) -> (bool, String) {
    let mut world = project::world(dockerfile, context.clone());
    project::ensure_file(&mut world, event);
    let mut history = History::new(world);
    history.build();
    if let Err(error) = history.apply(event) {
        return (false, error);
    }
    let rebuild = history.build();
    let matching: Vec<_> = rebuild
        .steps
        .iter()
        .filter(|s| s.layer && dockerfile.get(s.span.range()).is_some_and(|text| text.contains(step)))
        .collect();
    if matching.is_empty() {
        return (false, format!("No step contains “{step}”."));
    }
    let missed: Vec<String> =
        matching.iter().filter(|s| s.status == Status::Miss).map(|s| format!("line {}", s.line)).collect();
    if missed.is_empty() {
        (true, format!("Reused from the cache (line {}).", matching[0].line))
    } else {
        (false, format!("Runs again: {}.", missed.join(", ")))
    }
}

/// The user the final stage ends with, following `FROM <earlier stage>` back.
fn non_root(analysis: &Analysis) -> (bool, String) {
    let lowered = &analysis.lowered;
    let mut stage = lowered.target_stage;
    let mut guard = 0;
    while let Some(index) = stage {
        let Some(current) = lowered.stages.get(index) else { break };
        let user = current.instructions.iter().rev().find_map(|&i| match &lowered.instructions.get(i)?.kind {
            InstructionKind::User(user) => Some(user.user.value.clone()),
            _ => None,
        });
        if let Some(user) = user {
            let name = user.split(':').next().unwrap_or_default().to_owned();
            let root = name == "root" || name == "0";
            let detail = if root {
                format!("The final stage ends as `{user}`.")
            } else {
                format!("The final stage runs as `{user}`.")
            };
            return (!root, detail);
        }
        stage = match current.base {
            StageBase::Stage(parent) if guard < 64 => Some(parent),
            _ => None,
        };
        guard += 1;
    }
    (false, "No `USER` in the final stage, so it runs as root.".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_read_and_describe_themselves() {
        assert_eq!(
            Goal::parse("cached-after edit src/serve.py | pip install").unwrap(),
            Goal::CachedAfter { event: Event::Edit("src/serve.py".into()), step: "pip install".into() }
        );
        assert_eq!(Goal::parse("size-under 1.5GB").unwrap(), Goal::SizeUnder { bytes: 1_500_000_000 });
        assert_eq!(Goal::parse("no-lint-at Warning").unwrap(), Goal::NoLintAt(Severity::Warning));
        assert_eq!(Goal::parse("no-lint ml030").unwrap(), Goal::NoLint("ML030".into()));
        assert_eq!(Goal::parse("stages-at-least 2").unwrap(), Goal::StagesAtLeast(2));
        assert!(Goal::parse("fly").unwrap_err().contains("unknown goal"));
        assert!(Goal::parse("size-under lots").is_err());
        assert!(Goal::parse("cached-after edit x").is_err());
        assert_eq!(Goal::NonRoot.describe(), "The final image runs as a non-root user");
    }

    fn exercise(goals: &str) -> Exercise {
        let text = format!(
            "id: t\ntitle: T\ntask: Do it.\n{goals}---\nFROM python:3.12-slim\n--- solution\nFROM python:3.12-slim\n"
        );
        let (exercise, problems) = parse_exercise(&text);
        assert!(problems.is_empty(), "{problems:?}");
        exercise
    }

    #[test]
    fn cache_goal_follows_the_order_of_steps() {
        let ex = exercise("goal: cached-after edit src/serve.py | pip install\n");
        let bad = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n";
        let good = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY src/ src/\n";
        assert!(!ex.check(bad)[1].passed);
        assert!(ex.check(good)[1].passed, "{:?}", ex.check(good));
    }

    #[test]
    fn user_goal_follows_stages_and_root_names() {
        let ex = exercise("goal: non-root\n");
        assert!(!ex.check("FROM python:3.12-slim\n")[1].passed);
        assert!(!ex.check("FROM python:3.12-slim\nUSER app\nUSER 0:0\n")[1].passed);
        assert!(ex.check("FROM python:3.12-slim AS base\nUSER 10001\nFROM base\nRUN true\n")[1].passed);
    }

    #[test]
    fn errors_come_first_and_stage_counts_are_checked() {
        let ex = exercise("goal: stages-at-least 2\n");
        let results = ex.check("FROM python:3.12-slim AS a\nRUNN x\n");
        assert!(!results[0].passed);
        assert!(!results[1].passed);
        assert!(ex.check("FROM python:3.12-slim AS a\nFROM a\n")[1].passed);
    }

    #[test]
    fn a_missing_solution_or_unknown_goal_is_a_problem() {
        let (_, problems) = parse_exercise("id: t\ntitle: T\ntask: x\ngoal: fly\n---\nFROM a\n");
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(messages.iter().any(|m| m.contains("unknown goal")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("solution")), "{messages:?}");
    }
}
