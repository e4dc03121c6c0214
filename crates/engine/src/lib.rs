//! Dockerlab's engine: everything Dockerlab knows about Dockerfiles, build contexts and images.
//!
//! The engine is plain Rust with no web and no I/O dependency, so the browser app and the `dockerlab`
//! command share it unchanged. Analysis of a user's text never fails and never panics: it returns what it
//! understood together with located diagnostics.
//!
//! The pipeline runs one way: text → [`syntax`] (BuildKit's located parse tree) → [`instructions`] (typed
//! instructions, stages, expanded values). [`analyze`] runs both steps:
//!
//! ```
//! use dockerlab_engine::{analyze, AnalyzeOptions};
//!
//! let analysis = analyze("FROM python:3.12-slim AS base\nRUN pip install torch\n", &AnalyzeOptions::default());
//! assert!(analysis.diagnostics.is_empty());
//! assert_eq!(analysis.lowered.stages[0].name.as_deref(), Some("base"));
//! ```

pub mod cache;
pub mod compose;
pub mod context;
pub mod diagnostic;
pub mod expand;
pub mod instructions;
pub mod lint;
pub mod size;
pub mod strategy;
pub mod syntax;
pub mod text;

use serde::Serialize;

use diagnostic::Diagnostic;
use instructions::Lowered;
pub use text::Text;

/// Options for [`analyze`]: the same as lowering's (`--build-arg`, `--platform`, `--target`).
pub type AnalyzeOptions = instructions::LowerOptions;

/// Everything known about one Dockerfile text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// The located parse tree.
    pub tree: syntax::Dockerfile,
    /// Typed instructions, global ARGs and stages. Its own `diagnostics` list is moved into
    /// [`Analysis::diagnostics`], so it is empty here.
    pub lowered: Lowered,
    /// Parser diagnostics followed by lowering diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and lowers a Dockerfile. Never fails and never panics; problems are in [`Analysis::diagnostics`].
pub fn analyze(text: &str, options: &AnalyzeOptions) -> Analysis {
    let parsed = syntax::Dockerfile::parse(text);
    let mut lowered = instructions::lower(&parsed.tree, options);
    let mut diagnostics = parsed.diagnostics;
    diagnostics.append(&mut lowered.diagnostics);
    Analysis { tree: parsed.tree, lowered, diagnostics }
}
