//! Dockerlab's course as data: lesson front matter and blocks, quiz kinds and grading, and the learner's
//! progress. Like the engine, this crate knows nothing of the web and does no I/O.
