//! Docker Compose for ML stacks: parsing compose files, the service graph, simulating `up`, and lint.
//!
//! Text → [`yaml`] (located YAML tree, anchors and merge keys resolved) → [`parse`] (typed [`model`], with
//! interpolation) → [`lint`] (references and ML rules), [`graph`] and [`simulate`]. [`analyze`] runs the first
//! steps:
//!
//! ```
//! use dockerlab_engine::compose::{analyze, simulate, ParseOptions, Scenario};
//!
//! let text = "services:\n  db:\n    image: redis:7.4\n  api:\n    build: .\n    depends_on: [db]\n";
//! let analysis = analyze(text, &ParseOptions::default());
//! assert!(analysis.diagnostics.iter().all(|d| !d.is_error()));
//! let plan = simulate(&analysis.file, &Scenario::up(&[]));
//! assert_eq!(plan.order(), ["db", "api"]);
//! ```

pub mod interpolate;
pub mod lint;
pub mod model;
pub mod parse;
pub mod simulate;
pub mod yaml;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
pub use model::{ComposeFile, Condition};
pub use parse::ParseOptions;
pub use simulate::{simulate, Command, Plan, Scenario};

/// A parsed Compose file with every diagnostic (parse, references, lint) in file order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComposeAnalysis {
    pub file: ComposeFile,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks a Compose file. Never fails and never panics.
pub fn analyze(text: &str, options: &ParseOptions) -> ComposeAnalysis {
    let (file, mut diagnostics) = parse::parse(text, options);
    if !diagnostics.iter().any(|d| d.code == "compose-yaml" && d.is_error()) {
        diagnostics.extend(lint::check(&file));
    }
    diagnostics.sort_by_key(|d| (d.span.offset, d.severity));
    ComposeAnalysis { file, diagnostics }
}

/// One box of the service graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GraphNode {
    pub name: String,
    pub profiles: Vec<String>,
    pub has_healthcheck: bool,
    /// Depth in the dependency order: 0 for services that depend on nothing.
    pub layer: usize,
}

/// One arrow: `from` depends on `to` with a condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
    pub condition: Condition,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Graph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

/// The service graph, laid out in layers by dependency depth (cycles are cut at the file's size).
pub fn graph(file: &ComposeFile) -> Graph {
    let count = file.services.len();
    let mut layers = vec![0usize; count];
    // Relaxation bounded by the number of services: longest paths in a DAG, and a finite answer for cycles.
    for _ in 0..count {
        let mut changed = false;
        for (index, service) in file.services.iter().enumerate() {
            for dependency in &service.depends_on {
                if let Some(target) = file.services.iter().position(|s| s.name == dependency.service) {
                    let wanted = (layers[target] + 1).min(count);
                    if wanted > layers[index] {
                        layers[index] = wanted;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    let nodes = file
        .services
        .iter()
        .zip(layers)
        .map(|(service, layer)| GraphNode {
            name: service.name.clone(),
            profiles: service.profiles.clone(),
            has_healthcheck: service.healthcheck.as_ref().is_some_and(|c| !c.disabled),
            layer,
        })
        .collect();
    let edges = file
        .services
        .iter()
        .flat_map(|service| {
            service.depends_on.iter().filter(|d| file.service(&d.service).is_some()).map(|d| GraphEdge {
                from: service.name.clone(),
                to: d.service.clone(),
                condition: d.condition,
            })
        })
        .collect();
    Graph { nodes, edges }
}
