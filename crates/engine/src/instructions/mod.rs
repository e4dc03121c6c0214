//! Typed instructions and the stage graph, lowered from the syntax tree.
//!
//! [`lower`] turns each [`syntax::Node`](crate::syntax::Node) into a typed [`Instruction`] (flags validated, mount
//! specifications parsed, durations read), groups them into [`Stage`]s, links the stages (`FROM stage`,
//! `COPY --from`, `RUN --mount from=`) and applies variable expansion in exactly the places the builder does
//! (section A.8 of the semantics reference). Every value that the builder expands is kept twice in a [`Word`]:
//! as written and as expanded.
//!
//! Lowering never stops: a broken line becomes an instruction with what could be understood, plus a located
//! diagnostic, and everything before and after it is still analysed.

mod flags;
mod lower;
mod mount;
mod suggest;
mod values;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;
use std::time::Duration;

use serde::{Serialize, Serializer};
use smallvec::SmallVec;

use crate::diagnostic::{Diagnostic, Span};
use crate::syntax::Dockerfile;
use crate::text::Text;

pub use suggest::{closest_match, edit_distance};
pub use values::{clean_path, parse_go_duration, parse_ram_in_bytes};

/// Inputs that change what a Dockerfile means, like the options of `docker build`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LowerOptions {
    /// `--build-arg NAME=value`: overrides the default of a declared `ARG`.
    pub build_args: BTreeMap<String, String>,
    /// `--platform`: the target platform, `os/arch[/variant]`.
    pub target_platform: String,
    /// The platform the builder runs on.
    pub build_platform: String,
    /// `--target`: the stage to build; the last stage when absent.
    pub target: Option<String>,
}

impl Default for LowerOptions {
    fn default() -> Self {
        LowerOptions {
            build_args: BTreeMap::new(),
            target_platform: "linux/amd64".to_string(),
            build_platform: "linux/amd64".to_string(),
            target: None,
        }
    }
}

/// The typed view of a whole Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lowered {
    /// One entry per syntax node, in file order (so `instructions[i]` comes from `tree.nodes[i]`).
    pub instructions: Vec<Instruction>,
    /// `ARG`s before the first `FROM`, with their values after defaults and build args.
    pub global_args: Vec<GlobalArg>,
    pub stages: Vec<Stage>,
    /// The stage that would be built: the `--target` or the last one.
    pub target_stage: Option<usize>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lowers a parsed Dockerfile. Never fails; problems are in [`Lowered::diagnostics`].
pub fn lower(tree: &Dockerfile, options: &LowerOptions) -> Lowered {
    lower::lower(tree, options)
}

/// A piece of text from the Dockerfile: as written, and as the builder sees it.
///
/// `value` has quotes removed and variables expanded where the builder expands this position; elsewhere it equals
/// `raw`. `unset` lists variables the text refers to that had no value (input for the `UndefinedVar` check).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Word {
    pub raw: Text,
    pub value: Text,
    pub span: Span,
    #[serde(skip_serializing_if = "Names::is_empty")]
    pub used: Names,
    #[serde(skip_serializing_if = "Names::is_empty")]
    pub unset: Names,
}

impl Word {
    /// A word the builder takes literally.
    pub fn literal(raw: impl Into<Text>, span: Span) -> Word {
        let raw = raw.into();
        Word { value: raw.clone(), raw, span, used: Names::default(), unset: Names::default() }
    }

    /// Whether the raw text refers to a variable.
    pub fn has_variables(&self) -> bool {
        self.used.len() + self.unset.len() > 0
    }
}

/// The variable names a [`Word`] refers to, in first-seen order.
///
/// Nearly every word refers to none, and a parse makes a few hundred words, so an empty list is one null pointer
/// rather than the three words of an empty `Vec`: those made every word, and every instruction that holds words,
/// about a quarter larger, and all of it was copied as instructions were built and moved into place. It reads as a slice
/// and serialises (and prints with `{:?}`) exactly as the `Vec<String>` it replaced.
///
/// The box around the `Vec` is what makes the empty list one null pointer (a boxed slice would be two words); only
/// a word that does refer to a variable pays for the second allocation.
#[derive(Clone, PartialEq, Eq, Default)]
#[allow(clippy::box_collection)]
pub struct Names(Option<Box<Vec<String>>>);

impl Names {
    pub fn new(names: Vec<String>) -> Names {
        Names::from(names)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub fn as_slice(&self) -> &[String] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl std::convert::From<Vec<String>> for Names {
    fn from(names: Vec<String>) -> Names {
        // An empty list keeps the null form, so `is_empty` only has to look at the pointer.
        Names(if names.is_empty() { None } else { Some(Box::new(names)) })
    }
}

impl Deref for Names {
    type Target = [String];

    fn deref(&self) -> &[String] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Names {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl PartialEq<Vec<String>> for Names {
    fn eq(&self, other: &Vec<String>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl fmt::Debug for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl Serialize for Names {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.as_slice())
    }
}

/// The words of a command: in place when there is one, as there nearly always is (a shell-form command is one
/// word). This costs no space: `COPY` is the largest kind of instruction, and a `RUN` with its word in place is
/// still smaller.
pub type Words = SmallVec<[Word; 1]>;

/// One typed instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    pub kind: InstructionKind,
    /// The whole instruction, heredoc bodies included.
    pub span: Span,
    pub keyword_span: Span,
    pub start_line: u32,
    pub end_line: u32,
    /// The stage this instruction belongs to; `None` before the first `FROM`.
    pub stage: Option<usize>,
}

/// What an instruction does, with its typed arguments.
///
/// Every instruction is as large as the largest kind, so the large and optional parts are boxed (`FROM`, and the
/// flags that are rarely given): unboxed they made each instruction near a kilobyte, and a parse mostly copied
/// memory around.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "instruction", rename_all = "UPPERCASE")]
pub enum InstructionKind {
    From(Box<From>),
    Run(Run),
    Copy(CopyFiles),
    Add(CopyFiles),
    Env(KeyValues),
    Label(KeyValues),
    Arg(Arg),
    Workdir(Workdir),
    User(User),
    Expose(Expose),
    Volume(Volume),
    Cmd(CommandLine),
    Entrypoint(CommandLine),
    Shell(Shell),
    Healthcheck(Healthcheck),
    Stopsignal(Stopsignal),
    Maintainer(Maintainer),
    Onbuild(Onbuild),
    /// A keyword the builder does not know (already reported as an error).
    Unknown(Unknown),
}

/// `FROM [--platform=…] image [AS name]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct From {
    pub platform: Option<Word>,
    /// The base: expanded with the global ARGs only.
    pub image: Word,
    /// The `AS` keyword as written (for the `FromAsCasing` check).
    pub as_keyword: Option<Word>,
    /// The stage name as written; `value` is lower-cased, as BuildKit stores it.
    pub stage_name: Option<Word>,
}

/// Exec form (JSON array) or shell form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CommandForm {
    Exec,
    Shell,
}

/// The command of a `RUN`, `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD`. Never expanded by the builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandLine {
    pub form: CommandForm,
    /// Exec form: one word per element. Shell form: one word holding the whole text.
    pub arguments: Words,
    /// Heredoc bodies attached to a `RUN`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub heredocs: Vec<HeredocFile>,
}

impl CommandLine {
    /// The command as one line of text (exec-form elements joined by spaces), for display and cache keys.
    pub fn text(&self) -> String {
        self.arguments.iter().map(|word| word.value.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// A heredoc body as the builder uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeredocFile {
    pub name: String,
    /// The body after `<<-` TAB stripping and, for `COPY`/`ADD` with an unquoted marker, variable expansion.
    pub content: String,
    /// The body as written.
    pub raw_content: String,
    pub expand: bool,
    pub chomp: bool,
    pub file_descriptor: u32,
    pub span: Span,
}

/// `RUN [--mount=…] [--network=…] [--security=…] [--device=…] command`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub command: CommandLine,
    pub mounts: Vec<Mount>,
    pub network: Option<Box<Word>>,
    pub security: Option<Box<Word>>,
    pub devices: Vec<Device>,
}

/// The kind of a `RUN --mount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountType {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
}

/// `sharing=` of a cache mount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheSharing {
    Shared,
    Private,
    Locked,
}

/// One `RUN --mount=…`, with BuildKit's defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mount {
    pub mount_type: MountType,
    /// `from=`: a stage name or index, or an image. Never expanded.
    pub from: Option<String>,
    pub source: Option<String>,
    /// The target as written (expanded).
    pub target: Option<String>,
    /// The target made absolute against the current `WORKDIR` and cleaned.
    pub resolved_target: Option<String>,
    pub read_only: bool,
    /// `size=` of a tmpfs mount, in bytes.
    pub size_limit: Option<i64>,
    /// `id=`; for cache mounts it defaults to the resolved target.
    pub id: Option<String>,
    /// For cache mounts: `shared` unless set.
    pub sharing: Option<CacheSharing>,
    pub required: bool,
    pub mode: Option<u32>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    /// `env=` of a secret mount.
    pub env: Option<String>,
    /// The whole `--mount` flag.
    pub span: Span,
}

/// One `RUN --device=name[,required]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Device {
    pub name: String,
    pub required: bool,
    pub span: Span,
}

/// `COPY` and `ADD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyFiles {
    /// Paths, URLs or git references to copy (expanded), in order; heredoc sources are separate. Nearly every
    /// `COPY` has one source, which is kept in place: a heap allocation for each was a good part of what lowering
    /// a `COPY` cost, and `COPY` is the most common instruction after `RUN`.
    pub sources: Words,
    /// Files created from heredoc bodies (`COPY <<EOF /dest`).
    pub heredoc_sources: Vec<HeredocFile>,
    pub destination: Word,
    /// Whether the arguments were a JSON array.
    pub json_form: bool,
    /// `--from=`: a stage name, stage index or image (COPY only). Never expanded.
    pub from: Option<Box<Word>>,
    pub chown: Option<Box<Word>>,
    pub chmod: Option<Box<Word>>,
    pub link: bool,
    pub parents: bool,
    pub excludes: Vec<Word>,
    /// ADD only.
    pub checksum: Option<Box<Word>>,
    /// ADD only; `None` when the flag is absent.
    pub keep_git_dir: Option<bool>,
    /// ADD only; `None` when the flag is absent.
    pub unpack: Option<bool>,
}

/// One key-value pair of `ENV` or `LABEL`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    pub key: Word,
    pub value: Word,
    /// The legacy `KEY value` form (the `LegacyKeyValueFormat` check).
    pub legacy: bool,
}

/// `ENV` or `LABEL`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValues {
    /// Usually one pair, kept in place (as with [`CopyFiles::sources`]); this keeps the instruction no larger
    /// than a `COPY`.
    pub pairs: SmallVec<[KeyValue; 1]>,
}

/// `ARG name[=default] …`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arg {
    /// Usually one name, kept in place (as with [`CopyFiles::sources`]).
    pub args: SmallVec<[ArgDeclaration; 1]>,
}

/// One name of an `ARG` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArgDeclaration {
    /// The name (never expanded).
    pub name: Word,
    /// The default as written and expanded.
    pub default: Option<Word>,
    /// The value in effect after this line: a build arg, the default, or an imported global; `None` if unset.
    pub value: Option<Text>,
}

/// A global `ARG` (before the first `FROM`) and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlobalArg {
    pub name: Text,
    pub value: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workdir {
    pub path: Word,
    /// The working directory after this line (relative paths joined to the previous one), if known.
    pub resolved: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub user: Word,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expose {
    /// One word per port specification after expansion and splitting, e.g. `8080/tcp`.
    pub ports: Vec<Word>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Volume {
    pub paths: Vec<Word>,
    pub json_form: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shell {
    pub shell: Vec<Word>,
}

/// `HEALTHCHECK NONE` or `HEALTHCHECK [options] CMD command`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Healthcheck {
    /// `None` for `HEALTHCHECK NONE`, which disables an inherited check.
    pub command: Option<CommandLine>,
    /// The values in effect: the options or the builder's defaults (30s, 30s, 0s, 5s, 3).
    pub interval: Duration,
    pub timeout: Duration,
    pub start_period: Duration,
    pub start_interval: Duration,
    pub retries: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stopsignal {
    pub signal: Word,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Maintainer {
    pub name: Word,
}

/// `ONBUILD trigger`: stored in the image, run by builds that start `FROM` it. Nothing is expanded here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Onbuild {
    /// The trigger as it is recorded in the image (heredoc bodies appended).
    pub expression: String,
    pub trigger: Option<Box<Instruction>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unknown {
    pub keyword: String,
}

/// What a stage starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum StageBase {
    /// `FROM scratch`: the empty image.
    Scratch,
    /// An image reference (expanded), e.g. `python:3.12-slim`.
    Image(Text),
    /// An earlier stage, by index.
    Stage(usize),
}

/// How one stage uses another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencyKind {
    From,
    CopyFrom,
    MountFrom,
}

/// An edge of the stage graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageDependency {
    pub stage: usize,
    pub kind: DependencyKind,
    /// The instruction that creates the edge.
    pub instruction: usize,
    pub span: Span,
}

/// An image used by `COPY --from=image` or `--mount from=image` rather than a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalSource {
    pub image: String,
    pub kind: DependencyKind,
    pub instruction: usize,
    pub span: Span,
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub index: usize,
    /// Lower-cased, as BuildKit stores it.
    pub name: Option<Text>,
    pub base: StageBase,
    /// Platform from `FROM --platform`, expanded.
    pub platform: Option<String>,
    /// Index of the `FROM` instruction in [`Lowered::instructions`].
    pub from_instruction: usize,
    /// Indices of the instructions after the `FROM`, in order.
    pub instructions: Vec<usize>,
    pub dependencies: Vec<StageDependency>,
    pub external_sources: Vec<ExternalSource>,
    /// The environment at the end of the stage from this Dockerfile's `ENV`s (the base image's are unknown here).
    pub env: Vec<(Text, Text)>,
    /// ARGs in scope at the end of the stage with their values.
    pub args: Vec<(Text, Option<Text>)>,
    /// Whether building the target stage needs this stage.
    pub reachable: bool,
    /// From the `FROM` to the end of the stage's last instruction.
    pub span: Span,
}
