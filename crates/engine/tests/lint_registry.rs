//! The registry's promises: every rule has a unique stable code, a doc page with Bad and Good examples that the
//! rule really catches and really passes, a lesson, and one-line cases both ways in `lint_cases.rs`.

mod lint_cases;

use std::collections::BTreeSet;

use dockerlab_engine::lint::{lint, LintOptions, RULES};
use lint_cases::{project, CASES, CONTEXT_CASES};

/// The fenced block after a `## Bad` or `## Good` heading, and the `.dockerignore` block that may follow it.
fn example(doc: &str, heading: &str) -> (String, Option<String>) {
    let section = doc.split(&format!("## {heading}\n")).nth(1).unwrap_or_else(|| panic!("no {heading} section"));
    let section = section.split("\n## ").next().unwrap_or("");
    let block = |fence: &str| {
        let start = section.find(fence)? + fence.len();
        let end = section[start..].find("```")? + start;
        Some(section[start..end].to_string())
    };
    (block("```dockerfile\n").expect("a dockerfile block"), block("```dockerignore\n"))
}

#[test]
fn codes_and_names_are_unique_and_stable_in_form() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for rule in RULES {
        assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
        assert!(names.insert(rule.name), "duplicate name {}", rule.name);
        assert!(
            rule.code.len() == 5 && rule.code.starts_with("ML") && rule.code[2..].chars().all(|c| c.is_ascii_digit())
        );
        assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", rule.name);
        // Aliases must never collide with another rule's code, or an ignore comment would silence two rules.
        for alias in rule.aliases {
            assert_eq!(
                RULES.iter().filter(|other| other.aliases.contains(alias)).count(),
                1,
                "alias {alias} used twice"
            );
        }
    }
}

#[test]
fn every_rule_has_a_complete_doc() {
    for rule in RULES {
        let doc = rule.doc;
        assert!(doc.starts_with(&format!("# {} {}\n", rule.code, rule.name)), "{} doc title", rule.code);
        for heading in ["## What it flags", "## Why it matters for ML", "## Bad", "## Good", "## Lesson"] {
            assert!(doc.contains(heading), "{} doc lacks {heading}", rule.code);
        }
        assert!(doc.contains(&format!("`{}`", rule.lesson)), "{} doc names another lesson", rule.code);
        assert!(!rule.summary.is_empty() && !rule.lesson.is_empty());
    }
}

#[test]
fn doc_examples_are_caught_and_clean() {
    for rule in RULES {
        let (bad, bad_ignore) = example(rule.doc, "Bad");
        let (good, good_ignore) = example(rule.doc, "Good");
        let bad_context = project(bad_ignore.as_deref());
        let good_context = project(good_ignore.as_deref());
        let context = |c| if rule.needs_context { Some(c) } else { None };
        let found = lint(&bad, &LintOptions::default(), context(&bad_context));
        assert!(found.iter().any(|f| f.code == rule.code), "{}: Bad example not caught", rule.code);
        let found = lint(&good, &LintOptions::default(), context(&good_context));
        assert!(!found.iter().any(|f| f.code == rule.code), "{}: Good example flagged: {found:?}", rule.code);
    }
}

#[test]
fn every_rule_has_cases_both_ways() {
    for rule in RULES {
        let rows = CASES.iter().map(|&(code, expected, _)| (code, expected));
        let context_rows = CONTEXT_CASES.iter().map(|&(code, expected, _, _)| (code, expected));
        let rows: Vec<(&str, bool)> = rows.chain(context_rows).filter(|(code, _)| *code == rule.code).collect();
        assert!(rows.iter().any(|(_, expected)| *expected), "{} has no catching case", rule.code);
        assert!(rows.iter().any(|(_, expected)| !*expected), "{} has no passing case", rule.code);
    }
}

#[test]
fn lessons_resolve_to_lesson_files() {
    let lessons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let index = std::fs::read_to_string(lessons.join("index.txt")).expect("lessons/index.txt");
    for rule in RULES {
        let file = format!("{}.md", rule.lesson);
        assert!(
            index.lines().any(|line| line.trim() == file),
            "{} names lesson {} missing from the index",
            rule.code,
            rule.lesson
        );
        let text = std::fs::read_to_string(lessons.join(&file)).unwrap_or_default();
        assert!(text.contains(&format!("id: {}", rule.lesson)), "{}: lessons/{file} has another id", rule.code);
    }
}
