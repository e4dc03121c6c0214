//! The playground's pure side: its state, share links, the view models every panel draws and the project's
//! file tree.
//!
//! Nothing here touches the DOM, so all of it is tested natively (`cargo test -p dockerlab-app`); the components
//! under `components/panels/` only draw what [`derive`] computes.

pub mod derive;
pub mod lines;
pub mod presets;
pub mod share;
pub mod state;
pub mod tree;

pub use state::{Panel, PlaygroundState};
