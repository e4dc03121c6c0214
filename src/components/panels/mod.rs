//! The playground's panels, one file each. They draw view models from `crate::playground::derive` and report
//! the learner's actions through callbacks; none of them computes anything itself.

mod cache;
mod context;
mod layers;
mod lint;
mod strategies;

pub use cache::{CachePanel, CacheTimeline};
pub use context::ContextPanel;
pub use layers::LayersPanel;
pub use lint::LintPanel;
pub use strategies::{StrategiesPanel, StrategyComparison};
