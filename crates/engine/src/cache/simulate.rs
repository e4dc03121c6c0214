//! One build: walks the instructions in file order, computes each layer step's cache key, and decides hit or miss
//! against a [`BuilderCache`] without changing it.
//!
//! Keys chain: a step's key contains the key of the state below it, so a miss changes every later key of its stage
//! (B.1) without any special rule. Settings-only instructions change no key themselves; the environment, working
//! directory, user and shell they set go into the key of each later `RUN` (B.3). Explanations are computed only for
//! misses, by comparing the step with what an earlier build ran on the same layers; hits cost a hash and a lookup.

use std::sync::Arc;

use super::cost::{self, WarmCaches};
use super::reason::Reason;
use super::timings::timings;
use super::{
    mount_id_key, normalise_image, BuildReport, BuilderCache, EnvVar, FileSpec, Record, RecordKind, Registry,
    SecretCopy, StageReport, Status, Step,
};
use crate::context::hash::KeyHasher;
use crate::context::{BuildContext, Pattern, PreparedContext};
use crate::diagnostic::Diagnostic;
use crate::instructions::{
    CopyFiles, DependencyKind, Instruction, InstructionKind, MountType, Run, StageBase, Workdir,
};
use crate::text::Text;
use crate::Analysis;

/// What one build needs besides the cache.
#[derive(Debug, Clone, Copy)]
pub struct BuildInput<'a> {
    pub analysis: &'a Analysis,
    /// The context before `.dockerignore` (for the text of requirements files in estimates).
    pub context: &'a BuildContext,
    pub prepared: &'a PreparedContext,
    pub registry: &'a Registry,
    /// Fingerprint of the Dockerfile text, used when a `COPY` copies the Dockerfile itself.
    pub dockerfile_content: u64,
    pub platform: &'a str,
    pub no_cache: bool,
    /// The 1-based number this build will have in its history.
    pub number: usize,
}

/// A build's decisions, and what it would add to the cache once committed with [`BuilderCache::commit`].
#[derive(Debug, Clone)]
pub struct Decided {
    pub report: BuildReport,
    pub(crate) records: Vec<Record>,
    pub(crate) images: Vec<u64>,
    pub(crate) tags: Vec<(String, u64)>,
    pub(crate) bases: Vec<(usize, String)>,
    pub(crate) mounts: Vec<u64>,
}

/// The state of one stage while its instructions are walked.
#[derive(Debug, Clone)]
struct StageState {
    key: u64,
    /// ENV variables and ARGs, each sorted by name, with shared text: every record of a `RUN` keeps a snapshot
    /// of the environment, and a Dockerfile that alternates ENV and RUN lines would otherwise copy every variable
    /// into every snapshot.
    env: Vec<(Arc<str>, Arc<str>)>,
    args: Vec<(Arc<str>, Option<Arc<str>>)>,
    /// The sum of the ENV variables' hashes, kept up to date as they are set.
    env_sum: u64,
    /// What a `RUN` sees (ENVs, and ARGs with a value that no ENV overrides), sorted by name. Built only when a
    /// miss needs it and shared by every record until the next ENV or ARG, so walking stays allocation-light.
    merged: Option<Arc<[EnvVar]>>,
    env_hash: u64,
    workdir: String,
    user: String,
    shell: Vec<String>,
    /// The first step of the chain that missed: the root cause for every later miss.
    first_miss: Option<(u32, &'static str)>,
    rebuilt: bool,
    seconds: f64,
    /// When the stages this one waits for are done.
    ready_at: f64,
}

impl StageState {
    fn new(key: u64) -> StageState {
        let mut state = StageState {
            key,
            env: Vec::new(),
            args: Vec::new(),
            env_sum: 0,
            merged: None,
            env_hash: 0,
            workdir: "/".to_string(),
            user: String::new(),
            shell: vec!["/bin/sh".to_string(), "-c".to_string()],
            first_miss: None,
            rebuilt: false,
            seconds: 0.0,
            ready_at: 0.0,
        };
        state.merge_env();
        state
    }

    fn end(&self) -> f64 {
        self.ready_at + self.seconds
    }

    fn miss(&mut self, line: u32, keyword: &'static str, seconds: f64) {
        self.first_miss.get_or_insert((line, keyword));
        self.rebuilt = true;
        self.seconds += seconds;
    }

    fn set_env(&mut self, name: &str, value: &str) {
        let value: Arc<str> = value.into();
        match self.env.binary_search_by(|(key, _)| (**key).cmp(name)) {
            Ok(at) => {
                self.env_sum = self.env_sum.wrapping_sub(var_hash(name, &self.env[at].1));
                self.env[at].1 = Arc::clone(&value);
            }
            Err(at) => self.env.insert(at, (name.into(), Arc::clone(&value))),
        }
        self.env_sum = self.env_sum.wrapping_add(var_hash(name, &value));
    }

    fn set_arg(&mut self, name: &str, value: Option<&str>) {
        let value = value.map(Arc::<str>::from);
        match self.args.binary_search_by(|(key, _)| (**key).cmp(name)) {
            Ok(at) => self.args[at].1 = value,
            Err(at) => self.args.insert(at, (name.into(), value)),
        }
    }

    fn has_env(&self, name: &str) -> bool {
        self.env.binary_search_by(|(key, _)| (**key).cmp(name)).is_ok()
    }

    /// The ARGs a `RUN` sees: those with a value that no ENV overrides, sorted by name.
    fn visible_args(&self) -> impl Iterator<Item = (&Arc<str>, &Arc<str>)> {
        self.args
            .iter()
            .filter_map(|(name, value)| Some((name, value.as_ref()?)))
            .filter(|(name, _)| !self.has_env(name))
    }

    /// Recomputes the environment's fingerprint after an ENV or ARG line. Each variable is hashed on its own and
    /// the results are added, so the order of declarations does not matter and nothing is sorted or copied.
    fn merge_env(&mut self) {
        let mut sum = self.env_sum;
        for (name, value) in self.visible_args() {
            sum = sum.wrapping_add(var_hash(name, value));
        }
        self.env_hash = KeyHasher::tagged("env").u64(sum).finish();
        self.merged = None;
    }

    /// The environment as a list sorted by name, built on first use after a change: the ENV variables and the
    /// visible ARGs, two sorted lists with no name in common, merged.
    fn environment(&mut self) -> Arc<[EnvVar]> {
        if let Some(merged) = &self.merged {
            return merged.clone();
        }
        let var = |(name, value): (&Arc<str>, &Arc<str>), from_arg| EnvVar {
            name: Arc::clone(name),
            value: Arc::clone(value),
            from_arg,
        };
        let merged: Arc<[EnvVar]> = {
            let mut merged = Vec::with_capacity(self.env.len() + self.args.len());
            let mut env = self.env.iter().map(|(name, value)| (name, value)).peekable();
            let mut args = self.visible_args().peekable();
            loop {
                let take_env = match (env.peek(), args.peek()) {
                    (Some(from_env), Some(from_arg)) => from_env.0 < from_arg.0,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                if take_env {
                    merged.extend(env.next().map(|pair| var(pair, false)));
                } else {
                    merged.extend(args.next().map(|pair| var(pair, true)));
                }
            }
            merged.into()
        };
        self.merged = Some(merged.clone());
        merged
    }
}

fn var_hash(name: &str, value: &str) -> u64 {
    KeyHasher::tagged("var").str(name).str(value).finish()
}

/// Where a `--from=` points.
enum Source {
    Stage(usize),
    Image(String),
    Unknown(String),
}

/// The parts of a layer step's key, kept apart so a miss can say which part changed.
struct Parts {
    kind: RecordKind,
    keyword: &'static str,
    link: bool,
    parent: u64,
    text: u64,
    place: u64,
    mounts: u64,
    mount_content: u64,
    content: u64,
    /// The rule that decides this kind of step when its own key changes.
    rule: &'static str,
    files: Option<FileSpec>,
    source: Option<(Reason, &'static str)>,
}

impl Parts {
    fn new(kind: RecordKind, keyword: &'static str, parent: u64, rule: &'static str) -> Parts {
        Parts {
            kind,
            keyword,
            link: false,
            parent,
            text: 0,
            place: 0,
            mounts: 0,
            mount_content: 0,
            content: 0,
            rule,
            files: None,
            source: None,
        }
    }

    fn key(&self, env_hash: u64) -> u64 {
        let parent = if self.link { 0 } else { self.parent };
        KeyHasher::tagged("step")
            .u64(parent)
            .u64(self.text)
            .u64(self.place)
            .u64(self.mounts)
            .u64(self.mount_content)
            .u64(self.content)
            .u64(env_hash)
            .finish()
    }
}

/// Decides one build. Never panics on any analysis: instructions that cannot be built are reported as skipped.
pub fn decide(input: &BuildInput, cache: &BuilderCache) -> Decided {
    let lowered = &input.analysis.lowered;
    let labels: Vec<String> = lowered
        .stages
        .iter()
        .map(|stage| stage.name.as_ref().map_or_else(|| stage.index.to_string(), Text::to_string))
        .collect();
    let mut walker = Walker {
        input,
        cache,
        states: vec![None; lowered.stages.len()],
        steps: Vec::with_capacity(lowered.instructions.len()),
        decided: Decided {
            report: BuildReport {
                number: input.number,
                steps: Vec::new(),
                stages: Vec::new(),
                target_stage: lowered.target_stage,
                total_seconds: 0.0,
                context_seconds: 0.0,
                context_bytes: 0,
                secrets_copied: Vec::new(),
                diagnostics: Vec::new(),
                no_cache: input.no_cache,
            },
            records: Vec::new(),
            images: Vec::new(),
            tags: Vec::new(),
            bases: Vec::new(),
            mounts: Vec::new(),
        },
        labels,
    };
    for (index, instruction) in lowered.instructions.iter().enumerate() {
        walker.instruction(index, instruction);
    }
    walker.finish()
}

struct Walker<'a> {
    input: &'a BuildInput<'a>,
    cache: &'a BuilderCache,
    states: Vec<Option<StageState>>,
    steps: Vec<Step>,
    decided: Decided,
    labels: Vec<String>,
}

impl Walker<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        index: usize,
        instruction: &Instruction,
        status: Status,
        reason: Reason,
        rule: &'static str,
        seconds: f64,
        layer: bool,
        note: Option<String>,
    ) {
        self.steps.push(Step {
            instruction: index,
            keyword: keyword(&instruction.kind),
            line: instruction.start_line,
            span: instruction.span,
            stage: instruction.stage,
            status,
            reason,
            rule,
            seconds,
            layer,
            note,
        });
    }

    fn metadata(&mut self, index: usize, instruction: &Instruction) {
        let reason = Reason::Metadata { keyword: keyword(&instruction.kind) };
        self.push(index, instruction, Status::Hit, reason, "B.1", timings().setting("metadata_s"), false, None);
    }

    fn instruction(&mut self, index: usize, instruction: &Instruction) {
        let lowered = &self.input.analysis.lowered;
        let Some(stage_index) = instruction.stage else {
            if let InstructionKind::Arg(_) = instruction.kind {
                self.push(index, instruction, Status::Hit, Reason::GlobalArg, "B.1", 0.0, false, None);
            } else {
                self.push(index, instruction, Status::Skipped, Reason::OutsideStage, "B.1", 0.0, false, None);
            }
            return;
        };
        let Some(stage) = lowered.stages.get(stage_index) else {
            self.push(index, instruction, Status::Skipped, Reason::OutsideStage, "B.1", 0.0, false, None);
            return;
        };
        if !stage.reachable {
            let target = lowered.target_stage.and_then(|target| self.labels.get(target)).cloned().unwrap_or_default();
            let reason = Reason::StageNotNeeded { stage: self.labels[stage_index].clone(), target };
            self.push(index, instruction, Status::Skipped, reason, "B.7", 0.0, false, None);
            return;
        }
        if let InstructionKind::From(_) = instruction.kind {
            self.from(index, instruction, stage_index);
            return;
        }
        let Some(mut state) = self.states[stage_index].take() else {
            self.push(index, instruction, Status::Skipped, Reason::OutsideStage, "B.1", 0.0, false, None);
            return;
        };
        match &instruction.kind {
            InstructionKind::Run(run) => self.run(index, instruction, &mut state, run),
            InstructionKind::Copy(files) => self.copy(index, instruction, &mut state, files, "COPY"),
            InstructionKind::Add(files) => self.copy(index, instruction, &mut state, files, "ADD"),
            InstructionKind::Workdir(workdir) => self.workdir(index, instruction, &mut state, workdir),
            InstructionKind::Env(values) => {
                for pair in &values.pairs {
                    state.set_env(&pair.key.value, &pair.value.value);
                }
                state.merge_env();
                self.metadata(index, instruction);
            }
            InstructionKind::Arg(arg) => {
                for declaration in &arg.args {
                    state.set_arg(&declaration.name.value, declaration.value.as_deref());
                }
                state.merge_env();
                self.metadata(index, instruction);
            }
            InstructionKind::User(user) => {
                state.user = user.user.value.to_string();
                self.metadata(index, instruction);
            }
            InstructionKind::Shell(shell) => {
                state.shell = shell.shell.iter().map(|word| word.value.to_string()).collect();
                self.metadata(index, instruction);
            }
            InstructionKind::Unknown(_) => {
                self.push(index, instruction, Status::Skipped, Reason::UnknownInstruction, "B.1", 0.0, false, None);
            }
            _ => self.metadata(index, instruction),
        }
        self.states[stage_index] = Some(state);
    }

    fn from(&mut self, index: usize, instruction: &Instruction, stage_index: usize) {
        let stage = &self.input.analysis.lowered.stages[stage_index];
        let line = instruction.start_line;
        let platform = stage.platform.as_deref().unwrap_or(self.input.platform);
        let parent = match &stage.base {
            StageBase::Stage(parent) => self.states.get(*parent).and_then(|state| state.clone()),
            _ => None,
        };
        let (state, status, reason, rule, seconds, note) = match (&stage.base, parent) {
            (StageBase::Stage(parent), Some(parent_state)) => {
                let label = self.labels[*parent].clone();
                let mut state = StageState {
                    ready_at: parent_state.end(),
                    seconds: 0.0,
                    first_miss: parent_state.rebuilt.then_some((line, "FROM")),
                    ..parent_state
                };
                state.rebuilt = state.first_miss.is_some();
                if state.rebuilt {
                    (state, Status::Miss, Reason::ParentStageRebuilt { stage: label }, "B.7", 0.0, None)
                } else {
                    (state, Status::Hit, Reason::ParentStageUnchanged { stage: label }, "B.7", 0.0, None)
                }
            }
            (StageBase::Scratch, _) => {
                let key = KeyHasher::tagged("scratch").str(platform).finish();
                (StageState::new(key), Status::Hit, Reason::Scratch, "B.2", 0.0, None)
            }
            (base, _) => {
                let image = match base {
                    StageBase::Image(image) => image.to_string(),
                    _ => String::new(),
                };
                let (digest, pinned) = self.input.registry.resolve(&image);
                let name = normalise_image(&image);
                let key = KeyHasher::tagged("image").str(&name).u64(digest).str(platform).finish();
                let mut state = StageState::new(key);
                self.decided.bases.push((stage_index, image.clone()));
                let present = self.cache.images.contains(&key) || self.decided.images.contains(&key);
                if present {
                    let reason = if pinned { Reason::ImagePinned { image } } else { Reason::ImagePresent { image } };
                    (state, Status::Hit, reason, "B.2", 0.0, None)
                } else {
                    let reason = self.explain_base(&image, &name, stage_index);
                    let estimate = cost::pull(&image);
                    state.miss(line, "FROM", estimate.seconds);
                    self.decided.images.push(key);
                    if !pinned {
                        self.decided.tags.push((name, key));
                    }
                    (state, Status::Miss, reason, "B.2", estimate.seconds, estimate.note)
                }
            }
        };
        self.states[stage_index] = Some(state);
        self.push(index, instruction, status, reason, rule, seconds, true, note);
    }

    fn explain_base(&self, image: &str, name: &str, stage_index: usize) -> Reason {
        if self.cache.tags.contains_key(name) {
            return Reason::TagMoved { image: image.to_string() };
        }
        match self.cache.bases.get(&stage_index) {
            Some(old) if old != image => Reason::BaseImageChanged { old: old.clone(), new: image.to_string() },
            _ => Reason::FirstPull { image: image.to_string() },
        }
    }

    fn run(&mut self, index: usize, instruction: &Instruction, state: &mut StageState, run: &Run) {
        let mut parts = Parts::new(RecordKind::Run, "RUN", state.key, "B.3");
        let mut text = KeyHasher::tagged("run");
        text.u64(run.command.form as u64);
        for word in &run.command.arguments {
            text.str(&word.value);
        }
        for heredoc in &run.command.heredocs {
            text.str(&heredoc.name).str(&heredoc.content).bool(heredoc.chomp).bool(heredoc.expand);
        }
        parts.text = text.finish();
        let mut place = KeyHasher::tagged("place");
        place.str(&state.workdir).str(&state.user);
        if run.command.form == crate::instructions::CommandForm::Shell {
            for part in &state.shell {
                place.str(part);
            }
        }
        place.opt_str(run.network.as_ref().map(|word| word.value.as_str()));
        place.opt_str(run.security.as_ref().map(|word| word.value.as_str()));
        for device in &run.devices {
            place.str(&device.name).bool(device.required);
        }
        parts.place = place.finish();
        let mut mounts = KeyHasher::tagged("mounts");
        let mut mount_content = KeyHasher::tagged("mount-content");
        let mut warm = WarmCaches::default();
        let mut warm_targets: Vec<&str> = Vec::new();
        let first_mount = self.decided.mounts.len();
        for mount in &run.mounts {
            mounts
                .u64(mount.mount_type as u64)
                .opt_str(mount.from.as_deref())
                .opt_str(mount.source.as_deref())
                .opt_str(mount.resolved_target.as_deref())
                .opt_str(mount.id.as_deref())
                .opt_str(mount.env.as_deref())
                .bool(mount.read_only)
                .bool(mount.required)
                .u64(mount.sharing.map_or(9, |sharing| sharing as u64))
                .u64(mount.mode.map_or(u64::MAX, u64::from))
                .u64(mount.uid.map_or(u64::MAX, u64::from))
                .u64(mount.gid.map_or(u64::MAX, u64::from))
                .u64(mount.size_limit.map_or(u64::MAX, |size| size as u64));
            match mount.mount_type {
                MountType::Bind => {
                    let content = match &mount.from {
                        Some(from) => self.source_content(instruction, index, DependencyKind::MountFrom, from).0,
                        None => {
                            let source = mount.source.as_deref().unwrap_or(".");
                            self.input.prepared.select(&[source], &[], self.input.dockerfile_content).checksum
                        }
                    };
                    mount_content.u64(content);
                }
                MountType::Cache => {
                    let target = mount.resolved_target.as_deref().unwrap_or("");
                    let id = mount.id.as_deref().unwrap_or(target);
                    let id_key = mount_id_key(id);
                    if self.cache.mounts.contains(&id_key) {
                        if target.contains("/.cache") || target.contains("/opt/conda/pkgs") {
                            warm.pip = true;
                            warm_targets.push(target);
                        } else if target.starts_with("/var/cache/apt") || target.starts_with("/var/lib/apt") {
                            warm.apt = true;
                            warm_targets.push(target);
                        }
                    }
                    self.decided.mounts.push(id_key);
                }
                _ => {}
            }
        }
        parts.mounts = mounts.finish();
        parts.mount_content = mount_content.finish();
        let key = parts.key(state.env_hash);
        state.key = key;
        if !self.input.no_cache && self.cache.entries.contains_key(&key) {
            // A hit uses no cache mount, so the ids it names are not newly filled.
            self.decided.mounts.truncate(first_mount);
            let seconds = timings().setting("cache_hit_s");
            self.push(index, instruction, Status::Hit, Reason::Cached { keyword: "RUN" }, "B.3", seconds, true, None);
            return;
        }
        state.environment();
        let (reason, rule) = self.explain(&parts, state);
        let mut command = run.command.text();
        for heredoc in &run.command.heredocs {
            command.push('\n');
            command.push_str(&heredoc.content);
        }
        let estimate = cost::run(&command, self.input.context, warm);
        let mut note = estimate.note;
        if !warm_targets.is_empty() {
            let remark = format!(
                "the cache mount at {} kept its files from an earlier build, so packages are not downloaded again (B.8)",
                warm_targets.join(", ")
            );
            note = Some(match note {
                Some(note) => format!("{note}; {remark}"),
                None => remark,
            });
        }
        state.miss(instruction.start_line, "RUN", estimate.seconds);
        self.record(&parts, key, key, state);
        self.push(index, instruction, Status::Miss, reason, rule, estimate.seconds, true, note);
    }

    fn copy(
        &mut self,
        index: usize,
        instruction: &Instruction,
        state: &mut StageState,
        files: &CopyFiles,
        keyword: &'static str,
    ) {
        let remote: Vec<&str> =
            files.sources.iter().map(|word| word.value.as_str()).filter(|source| is_remote(source)).collect();
        let local: Vec<&str> =
            files.sources.iter().map(|word| word.value.as_str()).filter(|source| !is_remote(source)).collect();
        let rule = if files.from.is_some() {
            "B.7"
        } else if !remote.is_empty() {
            "B.5"
        } else {
            "B.4"
        };
        let mut parts = Parts::new(RecordKind::Copy, keyword, state.key, rule);
        // `--link` is ignored together with `--chmod` (B.6).
        parts.link = files.link && files.chmod.is_none();
        let destination = resolve(&state.workdir, &files.destination.value);
        let mut definition = KeyHasher::tagged(keyword);
        for source in &files.sources {
            definition.str(&source.value);
        }
        definition
            .str(&destination)
            .bool(files.destination.value.ends_with('/'))
            .opt_str(files.chown.as_ref().map(|word| word.value.as_str()))
            .opt_str(files.chmod.as_ref().map(|word| word.value.as_str()))
            .bool(files.link)
            .bool(files.parents)
            .opt_str(files.checksum.as_ref().map(|word| word.value.as_str()))
            .u64(files.keep_git_dir.map_or(2, u64::from))
            .u64(files.unpack.map_or(2, u64::from))
            .opt_str(files.from.as_ref().map(|word| word.value.as_str()));
        for exclude in &files.excludes {
            definition.str(&exclude.value);
        }
        parts.text = definition.finish();

        let mut content = KeyHasher::tagged("content");
        let mut bytes = 0;
        if let Some(from) = &files.from {
            let (checksum, source_reason, ready_at) =
                self.source_content(instruction, index, DependencyKind::CopyFrom, &from.value);
            content.u64(checksum);
            parts.source = source_reason;
            state.ready_at = state.ready_at.max(ready_at);
        } else {
            for source in &remote {
                // The server is asked on every build; the simulated web does not change, so its content is stable.
                content.str("remote").str(source);
            }
            if !local.is_empty() {
                let excludes: Vec<Pattern> =
                    files.excludes.iter().filter_map(|word| Pattern::new(&word.value).ok()).collect();
                let prepared = self.input.prepared;
                let selection = prepared.select(&local, &excludes, self.input.dockerfile_content);
                content.u64(selection.checksum);
                bytes = selection.bytes;
                if selection.missing > 0 {
                    self.report_missing(instruction, keyword, &local);
                }
                for path in prepared.selected_secrets(&local, &excludes) {
                    self.report_secret(instruction, keyword, path);
                }
            }
        }
        for heredoc in &files.heredoc_sources {
            content.str(&heredoc.name).str(&heredoc.content);
        }
        parts.content = content.finish();
        let key = parts.key(0);
        let parent = state.key;
        let next_state = if parts.link { KeyHasher::tagged("link-state").u64(parent).u64(key).finish() } else { key };
        state.key = next_state;
        if !self.input.no_cache && self.cache.entries.contains_key(&key) {
            let (reason, rule) = if parts.link && state.first_miss.is_some() {
                (Reason::LinkReused, "B.6")
            } else {
                (Reason::Cached { keyword }, rule)
            };
            self.push(index, instruction, Status::Hit, reason, rule, timings().setting("cache_hit_s"), true, None);
            return;
        }
        // Kept only for misses: it lets a later build name the files that changed.
        if files.from.is_none() && !local.is_empty() {
            parts.files = Some(FileSpec {
                snapshot: self.cache.snapshot_index(),
                sources: local.iter().map(|source| source.to_string()).collect(),
                excludes: files.excludes.iter().map(|word| word.value.to_string()).collect(),
                dockerfile_content: self.input.dockerfile_content,
            });
        }
        let (reason, rule) = self.explain(&parts, state);
        let estimate = if files.from.is_some() {
            cost::copy(0)
        } else if !remote.is_empty() {
            cost::url_download()
        } else {
            cost::copy(bytes)
        };
        state.miss(instruction.start_line, keyword, estimate.seconds);
        self.record(&parts, key, next_state, state);
        self.push(index, instruction, Status::Miss, reason, rule, estimate.seconds, true, estimate.note);
    }

    fn workdir(&mut self, index: usize, instruction: &Instruction, state: &mut StageState, workdir: &Workdir) {
        let resolved = workdir.resolved.clone().unwrap_or_else(|| resolve(&state.workdir, &workdir.path.value));
        state.workdir = resolved;
        if state.workdir == "/" {
            self.metadata(index, instruction);
            return;
        }
        let mut parts = Parts::new(RecordKind::Workdir, "WORKDIR", state.key, "B.1");
        parts.text = KeyHasher::tagged("workdir").str(&state.workdir).finish();
        parts.place = KeyHasher::tagged("owner").str(&state.user).finish();
        let key = parts.key(0);
        state.key = key;
        if !self.input.no_cache && self.cache.entries.contains_key(&key) {
            let reason = Reason::Cached { keyword: "WORKDIR" };
            self.push(index, instruction, Status::Hit, reason, "B.1", timings().setting("cache_hit_s"), true, None);
            return;
        }
        let (reason, rule) = self.explain(&parts, state);
        let seconds = timings().setting("workdir_s");
        state.miss(instruction.start_line, "WORKDIR", seconds);
        self.record(&parts, key, key, state);
        self.push(index, instruction, Status::Miss, reason, rule, seconds, true, None);
    }

    /// The fingerprint of what `--from=` provides, why it changed if it did, and when it is ready.
    fn source_content(
        &self,
        instruction: &Instruction,
        index: usize,
        kind: DependencyKind,
        reference: &str,
    ) -> (u64, Option<(Reason, &'static str)>, f64) {
        match self.resolve_source(instruction, index, kind, reference) {
            Source::Stage(stage) => match self.states.get(stage).and_then(Option::as_ref) {
                // A rebuilt stage is assumed to produce different bytes: ML builds rarely reproduce files exactly
                // (timestamps in .pyc files, wheel metadata), so the content cut-off of B.6 is the exception.
                Some(source) => {
                    let reason = Reason::SourceStageRebuilt { stage: self.labels[stage].clone() };
                    (source.key, Some((reason, "B.7")), source.end())
                }
                None => (KeyHasher::tagged("unbuilt").u64(stage as u64).finish(), None, 0.0),
            },
            Source::Image(image) => {
                let (digest, _) = self.input.registry.resolve(&image);
                (digest, Some((Reason::SourceImageChanged { image }, "B.2")), 0.0)
            }
            Source::Unknown(text) => (KeyHasher::tagged("unknown-source").str(&text).finish(), None, 0.0),
        }
    }

    fn resolve_source(&self, instruction: &Instruction, index: usize, kind: DependencyKind, reference: &str) -> Source {
        let Some(stage) = instruction.stage.and_then(|stage| self.input.analysis.lowered.stages.get(stage)) else {
            return Source::Unknown(reference.to_string());
        };
        let lower = reference.to_ascii_lowercase();
        let names = |dependency: usize| {
            let label = &self.labels[dependency];
            *label == lower || dependency.to_string() == lower
        };
        if let Some(dependency) =
            stage.dependencies.iter().find(|edge| edge.instruction == index && edge.kind == kind && names(edge.stage))
        {
            return Source::Stage(dependency.stage);
        }
        match stage.external_sources.iter().find(|source| source.instruction == index && source.image == reference) {
            Some(source) => Source::Image(source.image.clone()),
            None => Source::Unknown(reference.to_string()),
        }
    }

    /// Why a layer step missed: what differs from the step an earlier build ran on the same layers.
    fn explain(&self, parts: &Parts, state: &StageState) -> (Reason, &'static str) {
        if self.input.no_cache {
            return (Reason::NoCache, parts.rule);
        }
        if self.cache.builds == 0 {
            return (Reason::FirstBuild, parts.rule);
        }
        let records = &self.cache.records;
        let same_kind = |record: &&Record| record.kind == parts.kind && record.link == parts.link;
        let mut candidate = self
            .cache
            .children
            .get(&parts.parent)
            .and_then(|list| list.iter().rev().map(|&index| &records[index]).find(same_kind));
        if candidate.is_none() && parts.link {
            // A linked copy does not sit on its parent, so look for the same definition anywhere.
            candidate = records.iter().rev().filter(same_kind).find(|record| record.text == parts.text);
        }
        let Some(record) = candidate else {
            if !self.cache.states.contains(&parts.parent) {
                if let Some((line, keyword)) = state.first_miss {
                    return (Reason::EarlierStepRebuilt { line, keyword }, "B.1");
                }
            }
            return (Reason::NewStep, parts.rule);
        };
        if record.text != parts.text {
            let reason = match parts.kind {
                RecordKind::Run => Reason::CommandChanged,
                RecordKind::Copy => Reason::DefinitionChanged { keyword: parts.keyword },
                RecordKind::Workdir => Reason::WorkdirChanged,
            };
            return (reason, parts.rule);
        }
        if record.place != parts.place {
            return (Reason::PlaceChanged, parts.rule);
        }
        if record.mounts != parts.mounts {
            return (Reason::MountChanged, "B.8");
        }
        if parts.kind == RecordKind::Run && record.env_hash != state.env_hash {
            let current = state.merged.clone().unwrap_or_else(|| Arc::from(Vec::new()));
            return (env_difference(&record.env, &current), "B.3");
        }
        if record.mount_content != parts.mount_content {
            return (Reason::BoundFilesChanged, "B.3");
        }
        if record.content != parts.content {
            if let Some((reason, rule)) = &parts.source {
                return (reason.clone(), rule);
            }
            if let (Some(old), Some(new)) = (&record.files, &parts.files) {
                return (self.file_difference(old, new), parts.rule);
            }
            return (Reason::FilesChanged { changed: Vec::new(), added: Vec::new(), removed: Vec::new() }, parts.rule);
        }
        match state.first_miss {
            Some((line, keyword)) if record.parent != parts.parent => {
                (Reason::EarlierStepRebuilt { line, keyword }, "B.1")
            }
            _ => (Reason::NewStep, parts.rule),
        }
    }

    fn file_difference(&self, old: &FileSpec, new: &FileSpec) -> Reason {
        let compile = |patterns: &[String]| -> Vec<Pattern> {
            patterns.iter().filter_map(|pattern| Pattern::new(pattern).ok()).collect()
        };
        let sources = |spec: &FileSpec| -> Vec<String> { spec.sources.clone() };
        let (old_sources, new_sources) = (sources(old), sources(new));
        let old_refs: Vec<&str> = old_sources.iter().map(String::as_str).collect();
        let new_refs: Vec<&str> = new_sources.iter().map(String::as_str).collect();
        let Some(old_snapshot) = self.cache.snapshots.get(old.snapshot) else {
            return Reason::FilesChanged { changed: Vec::new(), added: Vec::new(), removed: Vec::new() };
        };
        let before = old_snapshot.selected_files(&old_refs, &compile(&old.excludes), old.dockerfile_content);
        let after = self.input.prepared.selected_files(&new_refs, &compile(&new.excludes), new.dockerfile_content);
        let (mut changed, mut added, mut removed) = (Vec::new(), Vec::new(), Vec::new());
        let (mut i, mut j) = (0, 0);
        while i < before.len() || j < after.len() {
            match (before.get(i), after.get(j)) {
                (Some(a), Some(b)) if a.0 == b.0 => {
                    if a.1 != b.1 {
                        changed.push(a.0.to_string());
                    }
                    i += 1;
                    j += 1;
                }
                (Some(a), Some(b)) if a.0 < b.0 => {
                    removed.push(a.0.to_string());
                    i += 1;
                }
                (Some(_), Some(b)) => {
                    added.push(b.0.to_string());
                    j += 1;
                }
                (Some(a), None) => {
                    removed.push(a.0.to_string());
                    i += 1;
                }
                (None, Some(b)) => {
                    added.push(b.0.to_string());
                    j += 1;
                }
                (None, None) => break,
            }
        }
        Reason::FilesChanged { changed, added, removed }
    }

    fn record(&mut self, parts: &Parts, key: u64, next_state: u64, state: &StageState) {
        self.decided.records.push(Record {
            kind: parts.kind,
            link: parts.link,
            key,
            parent: parts.parent,
            state: next_state,
            build: self.input.number,
            text: parts.text,
            place: parts.place,
            mounts: parts.mounts,
            mount_content: parts.mount_content,
            env_hash: if parts.kind == RecordKind::Run { state.env_hash } else { 0 },
            content: parts.content,
            env: match (parts.kind, &state.merged) {
                (RecordKind::Run, Some(merged)) => merged.clone(),
                _ => Arc::from(Vec::new()),
            },
            files: parts.files.clone(),
        });
    }

    fn report_missing(&mut self, instruction: &Instruction, keyword: &str, sources: &[&str]) {
        for source in sources {
            if self.input.prepared.select(&[source], &[], 0).missing > 0 {
                self.decided.report.diagnostics.push(
                    Diagnostic::warning(
                        "copy-source-not-found",
                        instruction.span,
                        format!(
                            "{keyword} source {source:?} is not in the build context, or .dockerignore leaves it out; \
                             a real build stops here"
                        ),
                    )
                    .with_hint("check the path, and that no .dockerignore line excludes it"),
                );
            }
        }
    }

    fn report_secret(&mut self, instruction: &Instruction, keyword: &str, path: &str) {
        let kind = crate::context::secret_kind(path).unwrap_or("a secret");
        self.decided.report.secrets_copied.push(SecretCopy {
            path: path.to_string(),
            kind,
            line: instruction.start_line,
            span: instruction.span,
        });
        self.decided.report.diagnostics.push(
            Diagnostic::warning(
                "secret-in-layer",
                instruction.span,
                format!("{keyword} puts {path} ({kind}) into an image layer, where anyone with the image can read it"),
            )
            .with_hint(format!("add {path} to .dockerignore, and pass secrets with RUN --mount=type=secret")),
        );
    }

    fn finish(mut self) -> Decided {
        let lowered = &self.input.analysis.lowered;
        let table = timings();
        let summary = self.input.prepared.summary();
        let throughput = table.setting("context_mb_s");
        let context_seconds = if throughput > 0.0 { summary.bytes_after as f64 / 1e6 / throughput } else { 0.0 };
        let mut longest: f64 = 0.0;
        let mut stages = Vec::with_capacity(lowered.stages.len());
        for (index, stage) in lowered.stages.iter().enumerate() {
            let state = self.states.get(index).and_then(Option::as_ref);
            if let Some(state) = state {
                longest = longest.max(state.end());
            }
            stages.push(StageReport {
                index,
                name: stage.name.as_ref().map(Text::to_string),
                label: self.labels[index].clone(),
                built: state.is_some(),
                rebuilt: state.is_some_and(|state| state.rebuilt),
                seconds: state.map_or(0.0, |state| state.seconds),
            });
        }
        let report = &mut self.decided.report;
        report.steps = self.steps;
        report.stages = stages;
        report.context_seconds = context_seconds;
        report.context_bytes = summary.bytes_after;
        report.total_seconds = context_seconds + longest;
        self.decided
    }
}

/// The first variable whose value differs between two environments, as a reason.
fn env_difference(old: &[EnvVar], new: &[EnvVar]) -> Reason {
    let find = |list: &[EnvVar], name: &str| list.iter().find(|var| &*var.name == name).cloned();
    let mut names: Vec<&str> = old.iter().chain(new).map(|var| &*var.name).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let (before, after) = (find(old, name), find(new, name));
        if before.as_ref().map(|var| &var.value) == after.as_ref().map(|var| &var.value) {
            continue;
        }
        let from_arg =
            before.as_ref().is_some_and(|var| var.from_arg) || after.as_ref().is_some_and(|var| var.from_arg);
        let (old, new) = (before.map(|var| var.value.to_string()), after.map(|var| var.value.to_string()));
        return if from_arg {
            Reason::ArgChanged { name: name.to_string(), old, new }
        } else {
            Reason::EnvChanged { name: name.to_string(), old, new }
        };
    }
    Reason::CommandChanged
}

fn keyword(kind: &InstructionKind) -> &'static str {
    match kind {
        InstructionKind::From(_) => "FROM",
        InstructionKind::Run(_) => "RUN",
        InstructionKind::Copy(_) => "COPY",
        InstructionKind::Add(_) => "ADD",
        InstructionKind::Env(_) => "ENV",
        InstructionKind::Label(_) => "LABEL",
        InstructionKind::Arg(_) => "ARG",
        InstructionKind::Workdir(_) => "WORKDIR",
        InstructionKind::User(_) => "USER",
        InstructionKind::Expose(_) => "EXPOSE",
        InstructionKind::Volume(_) => "VOLUME",
        InstructionKind::Cmd(_) => "CMD",
        InstructionKind::Entrypoint(_) => "ENTRYPOINT",
        InstructionKind::Shell(_) => "SHELL",
        InstructionKind::Healthcheck(_) => "HEALTHCHECK",
        InstructionKind::Stopsignal(_) => "STOPSIGNAL",
        InstructionKind::Maintainer(_) => "MAINTAINER",
        InstructionKind::Onbuild(_) => "ONBUILD",
        InstructionKind::Unknown(_) => "UNKNOWN",
    }
}

/// Whether an `ADD` source is fetched rather than read from the context.
fn is_remote(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.ends_with(".git")
}

/// Joins a destination onto the working directory, as the builder resolves `COPY` destinations.
fn resolve(workdir: &str, path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{}", workdir.trim_end_matches('/'), path)
    }
}
