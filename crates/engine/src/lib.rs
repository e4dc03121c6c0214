//! Dockerlab's engine: everything Dockerlab knows about Dockerfiles, build contexts and images.
//!
//! The engine is plain Rust with no web and no I/O dependency, so the browser app and the `dockerlab`
//! command share it unchanged. Analysis of a user's text never fails and never panics: it returns what it
//! understood together with located diagnostics.
