//! Image size estimates: how big each layer and the final image would be, and which choices move it.
//!
//! [`estimate`] walks the stages the target needs, in order, and sizes each layer from the knowledge base in
//! `crates/engine/data/` ([`data`]): the base image from `base-images.json`, `apt-get install` from Debian's
//! metadata with the dependency closure on top of what the image already holds, `pip install` from packages
//! measured by really installing them, `COPY`/`ADD` from the files the build context selects. Files a later layer
//! removes or overwrites still count, as they do in Docker, and are reported as wasted bytes the way dive reports
//! them. Only the target stage's layers (and the stages it is built `FROM`) make up the image.
//!
//! Whatever the estimate cannot know is named in an [`Unknown`] with the assumption used, never a silent zero,
//! and every unknown has a key the caller can override with a figure of its own ([`SizeOptions::assume`]).
//!
//! ```
//! use dockerlab_engine::{analyze, AnalyzeOptions};
//! use dockerlab_engine::size::{estimate, SizeOptions};
//!
//! let analysis = analyze("FROM python:3.11-slim\nRUN pip install --no-cache-dir numpy\n", &AnalyzeOptions::default());
//! let report = estimate(&analysis, None, &SizeOptions::default());
//! assert_eq!(report.layers[1].line, 2);
//! assert!(report.layers[1].bytes > 10_000_000);
//! ```

mod apt;
pub mod data;
mod estimate;
pub mod images;
pub mod pip;
mod shell;

pub use estimate::human;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::context::BuildContext;
use crate::Analysis;

/// Inputs to an estimate besides the Dockerfile and its context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SizeOptions {
    /// Figures the learner supplies for unknowns, in bytes, keyed by [`Unknown::key`].
    pub assume: BTreeMap<String, u64>,
    /// Where the Dockerfile sits in the context (so `COPY . .` copies it too), if it is inside.
    pub dockerfile_path: Option<String>,
}

/// The estimate for the target stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizeReport {
    /// The stage that would be built; `None` when the Dockerfile has no `FROM`.
    pub target_stage: Option<usize>,
    /// The base image first (line 0), then every layer of the stages the image is built from, in order.
    pub layers: Vec<Layer>,
    /// Uncompressed: what `docker images` shows.
    pub total_bytes: u64,
    /// gzip'd layers: what a pull downloads.
    pub compressed_bytes: u64,
    /// Bytes that later layers remove or overwrite but the image still carries (dive's "wasted").
    pub wasted_bytes: u64,
    /// `1 - wasted / total`, dive's efficiency score.
    pub efficiency: f64,
    /// Every layer's unknowns, in layer order.
    pub unknowns: Vec<Unknown>,
}

/// One layer of the image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layer {
    /// 1-based first line of the instruction; 0 for the base image.
    pub line: u32,
    pub end_line: u32,
    /// `FROM` for the base image, else the keyword that made the layer (`RUN`, `COPY`, `ADD`).
    pub instruction: String,
    /// The stage whose instruction made the layer.
    pub stage: usize,
    pub bytes: u64,
    pub compressed_bytes: u64,
    /// Bytes of this layer that a later layer removes or overwrites.
    pub wasted_bytes: u64,
    /// What the bytes are, largest contributions first.
    pub parts: Vec<Part>,
    pub unknowns: Vec<Unknown>,
}

/// One contribution to a layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub what: String,
    pub bytes: u64,
    /// Removed again in the same layer, so it does not count.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

/// Something the estimate could not know, and what it assumed instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unknown {
    /// Stable key for [`SizeOptions::assume`], e.g. `pip:mypackage` or `download:L12`.
    pub key: String,
    /// The instruction's first line; 0 for the base image.
    pub line: u32,
    pub message: String,
    /// The assumption used, in words.
    pub assumption: String,
    /// The bytes the assumption put into the estimate.
    pub assumed_bytes: u64,
    /// Whether the caller's figure replaced the table's assumption.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overridden: bool,
}

/// Estimates the image that building `analysis`'s target stage would produce. Never fails and never panics.
///
/// Without a `context`, `COPY` and `ADD` sizes are unknowns with a stated assumption.
pub fn estimate(analysis: &Analysis, context: Option<&BuildContext>, options: &SizeOptions) -> SizeReport {
    estimate::Estimator::new(analysis, context, options).run()
}

/// Problems reading the embedded tables (a test keeps this empty).
pub fn table_errors() -> &'static [String] {
    &data::tables().errors
}
