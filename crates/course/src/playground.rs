//! The view model of a Dockerfile playground: what the live editor shows for the text a learner typed.
//!
//! Everything here derives from one engine analysis, so the component only draws it.

use dockerlab_engine::diagnostic::Severity;
use dockerlab_engine::instructions::StageBase;
use dockerlab_engine::{analyze, AnalyzeOptions};

use crate::highlight::{highlight, Lang};

/// One stage of the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageView {
    /// "stage 1" or the stage's name.
    pub name: String,
    /// The image or stage it starts from.
    pub base: String,
    pub line: u32,
    /// Instructions after the `FROM`.
    pub steps: usize,
    /// Whether the target build needs it.
    pub reachable: bool,
}

/// One located problem, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticView {
    /// "error", "warning" or "info".
    pub severity: &'static str,
    pub line: u32,
    pub column: u32,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

/// What the playground shows for one Dockerfile text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaygroundView {
    /// The text as highlighted, sanitised HTML.
    pub highlighted_html: String,
    pub stages: Vec<StageView>,
    pub diagnostics: Vec<DiagnosticView>,
}

/// Analyses `text` for the playground. Never fails.
pub fn view(text: &str) -> PlaygroundView {
    let analysis = analyze(text, &AnalyzeOptions::default());
    let stages = analysis
        .lowered
        .stages
        .iter()
        .map(|stage| StageView {
            name: stage.name.as_ref().map_or_else(|| format!("stage {}", stage.index + 1), ToString::to_string),
            base: match &stage.base {
                StageBase::Scratch => "scratch (empty)".to_owned(),
                StageBase::Image(image) => image.to_string(),
                StageBase::Stage(index) => {
                    let parent = &analysis.lowered.stages[*index];
                    format!(
                        "stage {}",
                        parent.name.as_ref().map_or_else(|| (index + 1).to_string(), ToString::to_string)
                    )
                }
            },
            line: stage.span.line,
            steps: stage.instructions.len(),
            reachable: stage.reachable,
        })
        .collect();
    let diagnostics = analysis
        .diagnostics
        .iter()
        .map(|diagnostic| DiagnosticView {
            severity: match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            },
            line: diagnostic.span.line,
            column: diagnostic.span.column,
            code: diagnostic.code,
            message: diagnostic.message.clone(),
            hint: diagnostic.hint.clone(),
        })
        .collect();
    PlaygroundView { highlighted_html: highlight(Lang::Dockerfile, text), stages, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_diagnostics() {
        let view = view("FROM python:3.12 AS build\nRUN pip wheel .\nFROM build\nRUNN x\n");
        let stages: Vec<(&str, &str, u32, usize)> = view
            .stages
            .iter()
            .map(|stage| (stage.name.as_str(), stage.base.as_str(), stage.line, stage.steps))
            .collect();
        assert_eq!(stages, vec![("build", "python:3.12", 1, 1), ("stage 2", "stage build", 3, 1)]);
        assert_eq!(view.diagnostics.len(), 1);
        assert_eq!(
            (view.diagnostics[0].severity, view.diagnostics[0].line, view.diagnostics[0].column),
            ("error", 4, 1)
        );
        assert!(view.highlighted_html.contains("<span class=\"tok-keyword\">FROM</span>"));
    }

    #[test]
    fn half_typed_text_still_shows_what_it_can() {
        for text in ["", "F", "FROM", "FROM x AS", "RUN <<EOF\n", "COPY --from= . ."] {
            let _ = view(text);
        }
    }
}
