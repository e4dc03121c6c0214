//! The build-cache simulator: which steps a rebuild reuses, which it redoes, why, and what that costs.
//!
//! The model is BuildKit's (section (b) of the semantics reference). Every layer step has a key built from the key
//! of the state below it plus its own definition: for `RUN` the command text, environment, working directory, user,
//! shell and mounts (B.3); for `COPY`/`ADD` the definition plus a checksum of the selected files after
//! `.dockerignore` (B.4). A key that an earlier build produced is a hit; any other is a miss, and since later keys
//! contain it, a miss invalidates the rest of its stage (B.1). Settings-only instructions make no layer. Stages are
//! built only when the target needs them (B.7), `COPY --link` is keyed without the layers below (B.6), and a cache
//! mount keeps its contents across misses, which changes the time but never the decision (B.8).
//!
//! [`History`] runs a sequence of builds with [`Event`]s between them; [`predict`] answers quiz questions.

mod cost;
mod history;
mod predict;
mod reason;
mod simulate;
pub mod timings;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use serde::Serialize;

use crate::context::hash::{hash_str, KeyHasher};
use crate::context::PreparedContext;
use crate::diagnostic::{Diagnostic, Span};

pub use cost::{megabytes, Estimate};
pub use history::{Event, History, World};
pub use predict::{grade, predict, predict_next, Grade, Prediction};
pub use reason::Reason;
pub use simulate::{decide, BuildInput, Decided};

/// What happened to one instruction in one build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Reused from the cache (or nothing to do).
    Hit,
    /// Run again.
    Miss,
    /// Not built at all: its stage is not needed, or it is outside any stage.
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Hit => "hit",
            Status::Miss => "miss",
            Status::Skipped => "skipped",
        }
    }
}

/// The decision for one instruction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Index in `Lowered::instructions`.
    pub instruction: usize,
    /// `RUN`, `COPY`, …
    pub keyword: &'static str,
    /// First line of the instruction (1-based).
    pub line: u32,
    /// The whole instruction in the Dockerfile.
    pub span: Span,
    /// The stage index; `None` before the first `FROM`.
    pub stage: Option<usize>,
    pub status: Status,
    pub reason: Reason,
    /// The rule of the semantics reference that decides it, such as `B.4`.
    pub rule: &'static str,
    /// Estimated seconds this step takes in this build.
    pub seconds: f64,
    /// Whether the step makes a layer (or pulls an image); settings-only instructions do not.
    pub layer: bool,
    /// What the time is made of, or another remark ("the pip cache mount is warm").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One stage in one build.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageReport {
    pub index: usize,
    pub name: Option<String>,
    /// The name, or the index when the stage has none: how `--from=` refers to it.
    pub label: String,
    pub built: bool,
    pub rebuilt: bool,
    /// Estimated seconds of this stage's own steps.
    pub seconds: f64,
}

/// A secret-looking file that a `COPY`/`ADD` puts into a layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretCopy {
    pub path: String,
    pub kind: &'static str,
    pub line: u32,
    pub span: Span,
}

/// Everything one build decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BuildReport {
    /// 1-based position in the history.
    pub number: usize,
    /// One step per instruction, in file order.
    pub steps: Vec<Step>,
    pub stages: Vec<StageReport>,
    pub target_stage: Option<usize>,
    /// Estimated wall-clock seconds: sending the context, then the stages (those that do not depend on each other
    /// run in parallel, as BuildKit runs them).
    pub total_seconds: f64,
    /// Sending the context after `.dockerignore` (the part of the total before any step).
    pub context_seconds: f64,
    pub context_bytes: u64,
    pub secrets_copied: Vec<SecretCopy>,
    /// Problems found while simulating (a source that is not in the context, a secret in a layer).
    pub diagnostics: Vec<Diagnostic>,
    pub no_cache: bool,
}

impl BuildReport {
    /// The steps that run again.
    pub fn rebuilt(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|step| step.status == Status::Miss)
    }

    /// The step of the instruction that starts on `line`.
    pub fn step_at_line(&self, line: u32) -> Option<&Step> {
        self.steps.iter().find(|step| step.line == line)
    }

    /// How a stage is named in messages: `"builder"` or `0`.
    pub fn stage_label(&self, stage: Option<usize>) -> &str {
        match stage.and_then(|index| self.stages.get(index)) {
            Some(stage) => &stage.label,
            None => "(global)",
        }
    }
}

/// `docker build` options that change decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildOptions {
    pub build_args: BTreeMap<String, String>,
    pub target: Option<String>,
    pub platform: String,
    pub no_cache: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            build_args: BTreeMap::new(),
            target: None,
            platform: crate::AnalyzeOptions::default().target_platform,
            no_cache: false,
        }
    }
}

/// What image tags point to. Moving a tag gives it a new digest; a reference pinned with `@sha256:` never moves.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Registry {
    moves: BTreeMap<String, u32>,
}

impl Registry {
    /// Points a tag at a new image, as a publisher pushing `python:3.12-slim` again does.
    pub fn move_tag(&mut self, image: &str) {
        *self.moves.entry(normalise_image(image)).or_default() += 1;
    }

    /// The digest a reference resolves to now, and whether it is pinned by digest.
    pub fn resolve(&self, image: &str) -> (u64, bool) {
        if let Some((_, digest)) = image.split_once('@') {
            return (KeyHasher::tagged("digest").str(digest).finish(), true);
        }
        let name = normalise_image(image);
        let moves = self.moves.get(&name).copied().unwrap_or(0);
        (KeyHasher::tagged("digest").str(&name).u64(moves.into()).finish(), false)
    }
}

/// `python` → `python:latest`, `docker.io/library/python:3.12` → `python:3.12`; digests are kept.
pub fn normalise_image(image: &str) -> String {
    let lower = image.to_ascii_lowercase();
    if lower.contains('@') {
        return lower;
    }
    let (name, tag) = timings::split_image(&lower);
    format!("{name}:{tag}")
}

/// A 64-bit key is already well mixed, so the maps below use it as its own hash.
#[derive(Default)]
struct KeyIdentity(u64);

impl Hasher for KeyIdentity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 << 8) | u64::from(*byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyIdentity>>;
type KeySet = HashSet<u64, BuildHasherDefault<KeyIdentity>>;

/// One environment variable as a `RUN` sees it, and whether an `ARG` (rather than an `ENV`) set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnvVar {
    pub name: Arc<str>,
    pub value: Arc<str>,
    pub from_arg: bool,
}

/// Which kind of layer step a record is, so explanations compare like with like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    Run,
    Copy,
    Workdir,
}

/// The files a `COPY` read, kept so a later miss can name the files that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileSpec {
    pub snapshot: usize,
    pub sources: Vec<String>,
    pub excludes: Vec<String>,
    pub dockerfile_content: u64,
}

/// A cache entry: a layer step some build produced, with the parts of its key kept apart for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub kind: RecordKind,
    pub link: bool,
    pub key: u64,
    pub parent: u64,
    pub state: u64,
    pub build: usize,
    pub text: u64,
    pub place: u64,
    pub mounts: u64,
    pub mount_content: u64,
    pub env_hash: u64,
    pub content: u64,
    pub env: Arc<[EnvVar]>,
    pub files: Option<FileSpec>,
}

/// The builder's cache after some builds: what a new build can reuse.
#[derive(Debug, Clone, Default)]
pub struct BuilderCache {
    entries: KeyMap<usize>,
    children: KeyMap<Vec<usize>>,
    states: KeySet,
    records: Vec<Record>,
    /// Pulled images, by the key of the resolved reference.
    images: KeySet,
    /// The digest each tag had when it was last pulled, to tell "the tag moved" from "a new image".
    tags: HashMap<String, u64>,
    /// The base image of each stage in the last build, to tell "the base changed from … to …".
    bases: HashMap<usize, String>,
    /// Cache-mount ids that earlier builds filled.
    mounts: KeySet,
    snapshots: Vec<Arc<PreparedContext>>,
    builds: usize,
}

impl BuilderCache {
    pub fn new() -> Self {
        BuilderCache::default()
    }

    /// Number of builds recorded.
    pub fn builds(&self) -> usize {
        self.builds
    }

    /// Number of layer entries.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Records what a build produced, so later builds can reuse it.
    pub fn commit(&mut self, decided: Decided, snapshot: Arc<PreparedContext>) -> BuildReport {
        let Decided { report, records, images, tags, bases, mounts } = decided;
        self.snapshots.push(snapshot);
        for record in records {
            let index = self.records.len();
            self.entries.entry(record.key).or_insert(index);
            self.children.entry(record.parent).or_default().push(index);
            self.states.insert(record.state);
            self.records.push(record);
        }
        for image in images {
            self.images.insert(image);
            self.states.insert(image);
        }
        self.tags.extend(tags);
        self.bases.extend(bases);
        self.mounts.extend(mounts);
        self.builds += 1;
        report
    }

    fn snapshot_index(&self) -> usize {
        self.snapshots.len()
    }
}

fn mount_id_key(id: &str) -> u64 {
    hash_str(id)
}
