//! The walk behind [`super::estimate`]: stage by stage, layer by layer, tracking which paths each layer wrote so
//! that removals, overwrites, `chown -R` copies and `COPY --from` can be sized.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use super::apt::{self, AptCommand};
use super::data::{tables, Assumption, BaseImage, Tables};
use super::images;
use super::pip;
use super::shell::{self, Command};
use super::{Layer, Part, SizeOptions, SizeReport, Unknown};
use crate::context::{clean_relative, BuildContext, Pattern, PreparedContext};
use crate::instructions::{CopyFiles, InstructionKind, MountType, Run, StageBase};
use crate::Analysis;

/// Files one layer wrote under a path. Paths are absolute; a write is `live` until a later layer removes or
/// overwrites it.
#[derive(Debug, Clone)]
struct Write {
    path: String,
    bytes: u64,
    compressed: u64,
    layer: usize,
    live: bool,
    /// The context file it came from, for reading a copied `requirements.txt`. Shared, as a copy of a stage's
    /// files carries it along.
    from_context: Option<Rc<str>>,
    /// The layer part it was counted in, so a removal in the same layer can take it out again.
    part: String,
}

/// Everything known about the filesystem and settings at one point of a stage.
#[derive(Debug, Clone)]
struct State<'t> {
    layers: Vec<Layer>,
    writes: Vec<Write>,
    /// The index in `writes` of the live write at each path (at most one is live: a write ends the one before).
    /// Entries whose write a removal ended stay behind; readers check `live`.
    live_at: HashMap<String, usize>,
    pip: BTreeSet<String>,
    apt: BTreeSet<String>,
    os: String,
    libc: String,
    python: Option<String>,
    image: Option<&'t BaseImage>,
    vars: BTreeMap<String, String>,
    workdir: String,
    home: String,
    venv: Option<String>,
    pip_cache_env_off: bool,
}

impl State<'_> {
    fn empty() -> Self {
        State {
            layers: Vec::new(),
            writes: Vec::new(),
            live_at: HashMap::new(),
            pip: BTreeSet::new(),
            apt: BTreeSet::new(),
            os: "none".to_string(),
            libc: "none".to_string(),
            python: None,
            image: None,
            vars: BTreeMap::new(),
            workdir: "/".to_string(),
            home: "/root".to_string(),
            venv: None,
            pip_cache_env_off: false,
        }
    }
}

/// Programs that change nothing worth sizing (or only metadata), so they are not reported as unknown.
const QUIET_PROGRAMS: &[&str] = &[
    "echo",
    "printf",
    "cd",
    "mkdir",
    "ln",
    "true",
    "false",
    "export",
    "set",
    "unset",
    "source",
    ".",
    "test",
    "[",
    "[[",
    "useradd",
    "groupadd",
    "adduser",
    "addgroup",
    "usermod",
    "groupmod",
    "touch",
    "ldconfig",
    "apt-mark",
    "update-locale",
    "dpkg-reconfigure",
    "update-ca-certificates",
    "update-alternatives",
    "which",
    "command",
    "type",
    "exit",
    "ulimit",
    "sleep",
    "cat",
    "sed",
    "grep",
    "awk",
    "head",
    "tail",
    "sort",
    "uniq",
    "tee",
    "xargs",
    "mv",
    "ls",
    "du",
    "df",
    "date",
    "pwd",
    "id",
    "whoami",
    "uname",
    "nproc",
    "printenv",
    "dpkg",
    "lsb_release",
    "gpg",
    "gpgconf",
    "chsh",
    "passwd",
    "chgrp",
    "locale",
    "nvidia-smi",
    "python-config",
    "wc",
    "cut",
    "tr",
    "find",
    "rmdir",
    "mktemp",
    "basename",
    "dirname",
    "readlink",
    "realpath",
    "getent",
    "fix-permissions",
    "shift",
    "local",
    "return",
    "case",
    "esac",
    "for",
    "in",
    "then",
    "else",
    "fi",
    "done",
    "do",
    "trap",
    "read",
    "eval",
    "hash",
    "umask",
    "wait",
    "curl-config",
    "tini",
    "ccache",
];

pub struct Estimator<'a> {
    analysis: &'a Analysis,
    tables: &'static Tables,
    context: Option<&'a BuildContext>,
    prepared: Option<PreparedContext>,
    options: &'a SizeOptions,
}

impl<'a> Estimator<'a> {
    pub fn new(analysis: &'a Analysis, context: Option<&'a BuildContext>, options: &'a SizeOptions) -> Self {
        let prepared = context.map(|c| PreparedContext::new(c, options.dockerfile_path.as_deref()));
        Estimator { analysis, tables: tables(), context, prepared, options }
    }

    pub fn run(&self) -> SizeReport {
        let lowered = &self.analysis.lowered;
        let mut states: Vec<Option<State<'static>>> = vec![None; lowered.stages.len()];
        for stage in &lowered.stages {
            if !stage.reachable && lowered.target_stage != Some(stage.index) {
                continue;
            }
            let mut state = match &stage.base {
                StageBase::Scratch => State::empty(),
                StageBase::Image(reference) => self.base_state(reference, stage.index, stage.platform.as_deref()),
                StageBase::Stage(index) => states.get(*index).cloned().flatten().unwrap_or_else(State::empty),
            };
            for arg in &lowered.global_args {
                if let Some(value) = &arg.value {
                    state.vars.entry(arg.name.to_string()).or_insert_with(|| value.to_string());
                }
            }
            for &index in &stage.instructions {
                self.apply(&mut state, index, stage.index, &states);
            }
            states[stage.index] = Some(state);
        }
        let target = lowered.target_stage;
        let state = target.and_then(|t| states.get_mut(t).and_then(Option::take)).unwrap_or_else(State::empty);
        report(target, state.layers)
    }

    fn assumption(&self, key: &str) -> Assumption {
        self.tables.assumptions.get(key)
    }

    /// Makes an unknown, applying the caller's figure for its key if there is one. Returns the bytes and
    /// compressed bytes to use.
    fn unknown(
        &self,
        layer: &mut Layer,
        key: String,
        message: String,
        assumption: String,
        bytes: u64,
        compressed: u64,
    ) -> (u64, u64) {
        let (bytes, compressed, overridden) = match self.options.assume.get(&key) {
            Some(&given) => {
                let ratio = if bytes > 0 { compressed as f64 / bytes as f64 } else { 1.0 };
                (given, (given as f64 * ratio).round() as u64, true)
            }
            None => (bytes, compressed, false),
        };
        if !layer.unknowns.iter().any(|u| u.key == key) {
            let line = layer.line;
            layer.unknowns.push(Unknown { key, line, message, assumption, assumed_bytes: bytes, overridden });
        }
        (bytes, compressed)
    }

    fn base_state(&self, reference: &str, stage: usize, platform: Option<&str>) -> State<'static> {
        let mut state = State::empty();
        let mut layer = new_layer(0, 0, "FROM", stage);
        let (normalized, found) = images::lookup(&self.tables.images, reference);
        let key = format!("image:{}", normalized.name);
        if reference.contains('$') || reference.trim().is_empty() {
            let fallback = self.assumption("unknown_base_image");
            let (bytes, compressed) = self.unknown(
                &mut layer,
                format!("image:{reference}"),
                format!("the base image '{reference}' depends on a variable with no value"),
                fallback.why,
                fallback.bytes,
                fallback.compressed_bytes,
            );
            add_part(&mut layer, format!("base image {reference}"), bytes, compressed);
            set_debian_defaults(&mut state, self.tables);
        } else if let Some(image) = found {
            let mut doubts = Vec::new();
            if image.generic {
                doubts.push(format!(
                    "{} is not in the table; the figures of {} are used",
                    normalized.name, image.reference
                ));
            }
            if image.confidence == "estimate" {
                doubts.push(format!("the figure is an estimate ({}; {})", image.source, image.retrieved));
            }
            if let Some(digest) = &normalized.digest {
                doubts.push(format!("pinned by digest {digest}: the table knows tags, not digests"));
            }
            if let Some(platform) = platform.filter(|p| !p.contains("amd64") && !p.contains('$')) {
                doubts.push(format!("the figures are for linux/amd64, not {platform}"));
            }
            if let Some(note) = &image.note {
                doubts.push(note.clone());
            }
            let (bytes, compressed) = if doubts.is_empty() {
                (image.uncompressed_bytes, image.compressed_bytes)
            } else {
                self.unknown(
                    &mut layer,
                    key,
                    doubts.join("; "),
                    format!("{} as listed for {} ({})", human(image.uncompressed_bytes), image.reference, image.source),
                    image.uncompressed_bytes,
                    image.compressed_bytes,
                )
            };
            add_part(&mut layer, format!("base image {} ({})", normalized.name, image.libc), bytes, compressed);
            state.os = image.os.clone();
            state.libc = image.libc.clone();
            state.python = image.python.clone();
            state.image = Some(image);
            for set in &image.apt_sets {
                if let Some(names) = self.tables.apt.base_sets.get(set) {
                    state.apt.extend(names.iter().cloned());
                }
            }
            state.pip.extend(image.python_packages.iter().map(|n| pip::normalize(n)));
            if image.python.is_some() {
                // Python images ship pip (and, up to 3.11, setuptools and wheel): `pip install -U pip` changes
                // little, so they are taken as present rather than reported unknown.
                state.pip.extend(["pip", "setuptools", "wheel"].map(String::from));
            }
        } else {
            let fallback = self.assumption("unknown_base_image");
            let (bytes, compressed) = self.unknown(
                &mut layer,
                key,
                format!("the base image {} is not in the table", normalized.name),
                fallback.why,
                fallback.bytes,
                fallback.compressed_bytes,
            );
            add_part(&mut layer, format!("base image {}", normalized.name), bytes, compressed);
            set_debian_defaults(&mut state, self.tables);
        }
        state.layers.push(layer);
        state
    }

    fn apply(&self, state: &mut State<'static>, index: usize, stage: usize, states: &[Option<State<'static>>]) {
        let Some(instruction) = self.analysis.lowered.instructions.get(index) else { return };
        match &instruction.kind {
            InstructionKind::Env(pairs) => {
                for pair in &pairs.pairs {
                    let (key, value) = (pair.key.value.to_string(), pair.value.value.to_string());
                    match key.as_str() {
                        "PIP_NO_CACHE_DIR" => state.pip_cache_env_off = !value.is_empty(),
                        "VIRTUAL_ENV" => state.venv = Some(value.clone()),
                        "PATH" => {
                            let first = value.split(':').next().unwrap_or("");
                            if let Some(prefix) = first.strip_suffix("/bin").filter(|p| p.contains("venv")) {
                                state.venv = Some(prefix.to_string());
                            }
                        }
                        _ => {}
                    }
                    state.vars.insert(key, value);
                }
            }
            InstructionKind::Arg(arg) => {
                for declaration in &arg.args {
                    if let Some(value) = &declaration.value {
                        state.vars.insert(declaration.name.value.to_string(), value.to_string());
                    }
                }
            }
            InstructionKind::Workdir(workdir) => {
                state.workdir = workdir.resolved.clone().unwrap_or_else(|| join(&state.workdir, &workdir.path.value));
            }
            InstructionKind::User(user) => {
                let name = user.user.value.split(':').next().unwrap_or("").to_string();
                state.home = if name.is_empty() || name == "root" || name == "0" {
                    "/root".to_string()
                } else {
                    format!("/home/{name}")
                };
            }
            InstructionKind::Run(run) => {
                let layer = new_layer(instruction.start_line, instruction.end_line, "RUN", stage);
                state.layers.push(layer);
                self.run_layer(state, run);
                finish_layer(state);
            }
            InstructionKind::Copy(copy) | InstructionKind::Add(copy) => {
                let keyword = if matches!(instruction.kind, InstructionKind::Add(_)) { "ADD" } else { "COPY" };
                let layer = new_layer(instruction.start_line, instruction.end_line, keyword, stage);
                state.layers.push(layer);
                self.copy(state, copy, keyword == "ADD", states);
                finish_layer(state);
            }
            _ => {}
        }
    }

    fn run_layer(&self, state: &mut State<'static>, run: &Run) {
        let mut text = run.command.text();
        for heredoc in &run.command.heredocs {
            text.push('\n');
            text.push_str(&heredoc.content);
        }
        let text = shell::substitute(&text, &state.vars);
        // Files under cache and tmpfs mounts are not committed to the layer (semantics reference B.8).
        let mounted: Vec<String> = run
            .mounts
            .iter()
            .filter(|m| matches!(m.mount_type, MountType::Cache | MountType::Tmpfs | MountType::Bind))
            .filter_map(|m| m.resolved_target.clone().or_else(|| m.target.clone()))
            .map(|t| join(&state.workdir, &t))
            .collect();
        let mut ctx = RunContext { mounted, run, not_modelled: Vec::new() };
        let commands = shell::commands(&text);
        for command in &commands {
            self.command(state, command, &mut ctx);
        }
        if !ctx.not_modelled.is_empty() {
            let fallback = self.assumption("run_unrecognised");
            let line = current(state).line;
            let listed = ctx.not_modelled.join("`, `");
            let layer = current(state);
            let (bytes, compressed) = self.unknown(
                layer,
                format!("run:L{line}"),
                format!("not modelled: `{listed}`"),
                fallback.why,
                fallback.bytes,
                fallback.compressed_bytes,
            );
            if bytes > 0 {
                self.write(state, "/(not modelled)".to_string(), bytes, compressed, "commands not modelled", None, &[]);
            }
        }
    }

    fn command(&self, state: &mut State<'static>, command: &Command, ctx: &mut RunContext) {
        let words = &command.words;
        let program = command.program().to_string();
        if let Some(start) = pip::install_arguments(words) {
            return self.pip_install(state, words, start, ctx);
        }
        if let Some(start) = pip::wheel_arguments(words) {
            return self.pip_wheel(state, words, start, ctx);
        }
        if let Some(apt_command) = apt::parse(words) {
            return self.apt(state, apt_command, ctx);
        }
        let second = words.get(1).map(String::as_str).unwrap_or("");
        let is_pip = program == "pip" || program.starts_with("pip3") || program.starts_with("python");
        match program.as_str() {
            "rm" => {
                for word in words.iter().skip(1).filter(|w| !w.starts_with('-')) {
                    let path = expand_home(word, &state.home);
                    self.remove(state, &join(&state.workdir, &path));
                }
            }
            "chown" | "chmod" if words.iter().any(|w| w == "-R" || w == "--recursive") => {
                // A recursive chown or chmod rewrites every file under the path into this layer; the old copies
                // stay in the layers below (the classic `RUN chown -R` doubling).
                for word in words.iter().skip(2).filter(|w| !w.starts_with('-')) {
                    self.rewrite(state, &join(&state.workdir, word), &format!("{program} -R {word}"), &ctx.mounted);
                }
            }
            "apk" => {
                if second == "add" {
                    let packages: Vec<&String> = words.iter().skip(2).filter(|w| !w.starts_with('-')).collect();
                    let each = self.assumption("apk_package");
                    let line = current(state).line;
                    let (bytes, compressed) = self.unknown(
                        current(state),
                        format!("apk:L{line}"),
                        format!("Alpine packages are not in the tables: {}", join_words(&packages)),
                        format!("{} each: {}", human(each.bytes), each.why),
                        each.bytes * packages.len() as u64,
                        each.compressed_bytes * packages.len() as u64,
                    );
                    self.write(
                        state,
                        "/usr/lib/apk-packages".to_string(),
                        bytes,
                        compressed,
                        "apk add",
                        None,
                        &ctx.mounted,
                    );
                }
            }
            "conda" | "mamba" | "micromamba" if second == "run" => {
                // `conda run -n env pip install …` runs the command inside the environment: size the command.
                let mut index = 2;
                while let Some(word) = words.get(index).filter(|w| w.starts_with('-')) {
                    let takes_value = matches!(word.as_str(), "-n" | "--name" | "-p" | "--prefix" | "--cwd");
                    index += if takes_value { 2 } else { 1 };
                }
                if index < words.len() {
                    self.command(state, &Command { words: words[index..].to_vec() }, ctx);
                }
            }
            "conda" | "mamba" | "micromamba" => self.conda(state, words, ctx),
            "curl" | "wget" if words.iter().any(|w| w.contains("://")) => self.download(state, words, ctx),
            "git" if second == "clone" => {
                let fallback = self.assumption("git_clone");
                let line = current(state).line;
                let url = words.iter().skip(2).find(|w| w.contains("://") || w.contains('@')).cloned();
                let (bytes, compressed) = self.unknown(
                    current(state),
                    format!("git:L{line}"),
                    format!("git clone {}: the repository's size is unknown", url.as_deref().unwrap_or("?")),
                    fallback.why,
                    fallback.bytes,
                    fallback.compressed_bytes,
                );
                let destination = clone_destination(words, url.as_deref());
                let path = join(&state.workdir, &destination);
                self.write(state, path, bytes, compressed, "git clone", None, &ctx.mounted);
            }
            "huggingface-cli" | "hf" if second == "download" => self.download(state, words, ctx),
            _ if is_pip && (words.iter().any(|w| w == "uninstall")) => {
                let site = self.site_packages(state, words, None, false);
                for word in words.iter().skip_while(|w| *w != "uninstall").skip(1).filter(|w| !w.starts_with('-')) {
                    let name = pip::normalize(word);
                    self.remove(state, &format!("{site}/{name}"));
                    state.pip.remove(&name);
                }
            }
            _ if is_pip && words.iter().any(|w| w == "cache") && words.iter().any(|w| w == "purge") => {
                let home = state.home.clone();
                self.remove(state, &format!("{home}/.cache/pip"));
            }
            _ if program.starts_with("python") && second == "-m" && words.get(2).is_some_and(|w| w == "venv") => {
                // A venv holds links to the interpreter and its own copy of pip, measured by measure_pip.py.
                if let Some(path) = words.iter().skip(3).find(|w| !w.starts_with('-')) {
                    let path = join(&state.workdir, path);
                    state.venv.get_or_insert(path.clone());
                    let (bytes, compressed) = match &self.tables.pip.venv {
                        Some(venv) => (venv.installed_bytes, venv.compressed_bytes),
                        None => {
                            let fallback = self.assumption("pip_local_project");
                            let line = current(state).line;
                            self.unknown(
                                current(state),
                                format!("venv:L{line}"),
                                "the pip table has no measured venv".to_string(),
                                fallback.why,
                                fallback.bytes,
                                fallback.compressed_bytes,
                            )
                        }
                    };
                    self.write(
                        state,
                        format!("{path}/(venv)"),
                        bytes,
                        compressed,
                        "python -m venv",
                        None,
                        &ctx.mounted,
                    );
                }
            }
            _ if QUIET_PROGRAMS.contains(&program.as_str()) || program.is_empty() => {}
            _ if is_pip && !words.iter().any(|w| w == "install") => {}
            _ => {
                let shown: String = words.iter().take(3).cloned().collect::<Vec<_>>().join(" ");
                if !ctx.not_modelled.contains(&shown) {
                    ctx.not_modelled.push(shown);
                }
            }
        }
    }

    fn apt(&self, state: &mut State<'static>, command: AptCommand, ctx: &RunContext) {
        let line = current(state).line;
        if state.libc == "musl" && command != AptCommand::Other {
            self.unknown(
                current(state),
                format!("apt:L{line}"),
                "apt-get does not exist on Alpine images (use apk)".to_string(),
                "nothing is installed".to_string(),
                0,
                0,
            );
            return;
        }
        let ubuntu = state.os.starts_with("ubuntu");
        if ubuntu && command != AptCommand::Other {
            let proxy = self.assumption("ubuntu_apt_proxy");
            self.unknown(
                current(state),
                format!("ubuntu-apt:L{line}"),
                "apt packages and lists on an Ubuntu base".to_string(),
                proxy.why,
                0,
                0,
            );
        }
        match command {
            AptCommand::Update => {
                let (bytes, estimate) = self.tables.images.apt_lists(&state.os, &self.tables.apt);
                let ratio = self.tables.assumptions.ratio("apt_lists");
                let compressed = (bytes as f64 * ratio) as u64;
                let os = state.os.clone();
                let (bytes, compressed) = if estimate {
                    self.unknown(
                        current(state),
                        format!("apt-lists:{os}"),
                        format!("apt-get update's lists on {os}"),
                        "the distribution's estimate in base-images.json".to_string(),
                        bytes,
                        compressed,
                    )
                } else {
                    (bytes, compressed)
                };
                self.write(
                    state,
                    "/var/lib/apt/lists".to_string(),
                    bytes,
                    compressed,
                    "apt-get update lists",
                    None,
                    &ctx.mounted,
                );
            }
            AptCommand::Install { packages, recommends } => {
                let (added, unknown) = apt::closure(&packages, &state.apt, &self.tables.apt, recommends);
                let ratio = self.tables.apt.deb_sample.gzip_over_deb;
                let mut bytes = 0;
                let mut compressed = 0.0;
                for name in &added {
                    if let Some(package) = self.tables.apt.packages.get(name) {
                        bytes += package.installed_kib * 1024;
                        compressed += package.deb_bytes as f64 * ratio;
                    }
                }
                state.apt.extend(added.iter().cloned());
                let mut asked = packages.iter().take(4).cloned().collect::<Vec<_>>().join(" ");
                if packages.len() > 4 {
                    asked.push_str(&format!(" and {} more", packages.len() - 4));
                }
                let count =
                    if added.len() == 1 { "1 package".to_string() } else { format!("{} packages", added.len()) };
                let label = if recommends {
                    format!("apt: {count} with Recommends for {asked}")
                } else {
                    format!("apt: {count} for {asked}")
                };
                if bytes > 0 {
                    self.write(
                        state,
                        format!("/usr/lib/apt-packages/{}", packages.join("+")),
                        bytes,
                        compressed as u64,
                        &label,
                        None,
                        &ctx.mounted,
                    );
                }
                for name in unknown {
                    let each = self.assumption("apt_unknown_package");
                    let (bytes, compressed) = self.unknown(
                        current(state),
                        format!("apt:{name}"),
                        format!("apt package {name} is not in Debian bookworm's lists"),
                        each.why,
                        each.bytes,
                        each.compressed_bytes,
                    );
                    self.write(
                        state,
                        format!("/usr/lib/apt-packages/{name}"),
                        bytes,
                        compressed,
                        &format!("apt: {name} (unknown)"),
                        None,
                        &ctx.mounted,
                    );
                }
            }
            AptCommand::Other => {}
        }
    }

    fn site_packages(&self, state: &State, words: &[String], location: Option<&str>, user: bool) -> String {
        if let Some(location) = location {
            return join(&state.workdir, location);
        }
        if user {
            return format!("{}/.local", state.home);
        }
        if let Some(program) = words.first().filter(|w| w.contains("/bin/")) {
            return program.split("/bin/").next().unwrap_or("").to_string();
        }
        if let Some(venv) = &state.venv {
            return venv.clone();
        }
        match &state.python {
            Some(version) => format!("/usr/local/lib/python{version}/site-packages"),
            None => "/usr/lib/python3/dist-packages".to_string(),
        }
    }

    /// The text of a file the image holds at `path`, found through the `COPY` that put it there or a bind mount
    /// of this `RUN`; `None` when no estimated instruction brought it from the context.
    fn image_file_text(&self, state: &State, path: &str, run: &Run) -> Option<(String, String)> {
        let context = self.context?;
        let mut context_path = state
            .live_at
            .get(path)
            .map(|index| &state.writes[*index])
            .filter(|w| w.live)
            .and_then(|w| w.from_context.as_deref().map(str::to_owned));
        if context_path.is_none() {
            for mount in run.mounts.iter().filter(|m| m.mount_type == MountType::Bind && m.from.is_none()) {
                let target = join(&state.workdir, mount.target.as_deref().unwrap_or(""));
                let source = mount.source.clone().unwrap_or_else(|| ".".to_string());
                if let Some(rest) = under(path, &target) {
                    context_path = Some(clean_relative(&format!("{source}/{rest}")));
                }
            }
        }
        let context_path = context_path?;
        let text = context.get(&context_path)?.text.clone()?;
        Some((context_path, text))
    }

    /// Reads `-r` files (and the files they name) from the context into `install`; returns the image paths of
    /// those that could not be found.
    fn read_requirement_files(&self, state: &State, install: &mut pip::Install, run: &Run) -> Vec<String> {
        let mut missing = Vec::new();
        let mut files: Vec<(String, Option<String>)> =
            install.requirement_files.iter().map(|f| (join(&state.workdir, f), None)).collect();
        let mut seen = BTreeSet::new();
        while let Some((path, from_context)) = files.pop() {
            // Bounded, so that files naming each other cannot loop.
            if !seen.insert(path.clone()) || seen.len() > 20 {
                continue;
            }
            let found = match &from_context {
                Some(context_path) => self
                    .context
                    .and_then(|c| c.get(context_path))
                    .and_then(|f| f.text.clone())
                    .map(|text| (context_path.clone(), text)),
                None => self.image_file_text(state, &path, run),
            };
            let Some((context_path, text)) = found else {
                missing.push(path);
                continue;
            };
            let nested = pip::parse_requirements(&shell::substitute(&text, &state.vars));
            let directory = context_path.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
            for file in &nested.requirement_files {
                let nested_context = clean_relative(&format!("{directory}/{file}"));
                let image_dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                files.push((join(image_dir, file), Some(nested_context)));
            }
            install.specs.extend(nested.specs);
            install.local.extend(nested.local);
            install.indexes.extend(nested.indexes);
            install.unresolved.extend(nested.unresolved);
            install.variable_versions.extend(nested.variable_versions);
        }
        missing
    }

    fn pip_install(&self, state: &mut State<'static>, words: &[String], start: usize, ctx: &mut RunContext) {
        let mut install = pip::parse_install(words, start);
        let line = current(state).line;
        for path in self.read_requirement_files(state, &mut install, ctx.run) {
            let count = self.assumption("pip_requirements_unknown");
            let each = self.assumption("pip_unknown_package");
            let why = if self.context.is_none() {
                "no build context was given".to_string()
            } else {
                "no COPY or bind mount brings it from the context before this RUN".to_string()
            };
            let (bytes, compressed) = self.unknown(
                current(state),
                format!("pip-requirements:{path}"),
                format!("the packages in {path} are unknown: {why}"),
                format!("{} packages of {} each: {}", count.count, human(each.bytes), count.why),
                count.count * each.bytes,
                count.count * each.compressed_bytes,
            );
            let site = self.site_packages(state, words, install.location.as_deref(), install.user);
            self.write(
                state,
                format!("{site}/(from {path})"),
                bytes,
                compressed,
                &format!("pip: {path} (unknown)"),
                None,
                &ctx.mounted,
            );
        }
        let site = self.site_packages(state, words, install.location.as_deref(), install.user);
        for word in install.local.iter().chain(&install.unresolved) {
            let local = self.assumption("pip_local_project");
            let (bytes, compressed) = self.unknown(
                current(state),
                format!("pip-local:L{line}:{word}"),
                format!("pip installs {word}, which the tables cannot size"),
                local.why,
                local.bytes,
                local.compressed_bytes,
            );
            self.write(
                state,
                format!("{site}/({word})"),
                bytes,
                compressed,
                &format!("pip: {word} (unknown)"),
                None,
                &ctx.mounted,
            );
        }
        let index_override = pip::index_override(&install.indexes, &self.tables.assumptions.index_overrides);
        let chosen = pip::closure(&install.specs, &state.pip, &self.tables.pip, index_override, install.no_deps);
        let mut wheel_bytes = 0;
        let mut musl_doubts: Vec<String> = Vec::new();
        let mut pins: Vec<String> = Vec::new();
        let mut from_override: Vec<String> = Vec::new();
        for package in &chosen {
            let (bytes, compressed, wheel, label) = match &package.row {
                Some(row) => {
                    if let Some(spec) = install.specs.iter().find(|s| s.name == package.name) {
                        if let Some(pinned) =
                            spec.pinned.as_ref().filter(|p| **p != row.version && !package.from_override)
                        {
                            pins.push(format!("{}=={pinned} (measured {})", package.name, row.version));
                        }
                    }
                    if package.from_override {
                        from_override.push(package.name.clone());
                    }
                    if state.libc == "musl" && !row.musl.pure_python && row.musl.musllinux_wheel.is_none() {
                        musl_doubts.push(match row.musl.sdist_bytes {
                            Some(_) => format!("{} builds from source", package.name),
                            None => format!("{} has no musl wheel and no sdist: pip install fails", package.name),
                        });
                    }
                    (
                        row.installed_bytes,
                        row.compressed_bytes,
                        row.wheel_bytes,
                        format!("{} {}", package.name, row.version),
                    )
                }
                None => {
                    let each = self.assumption("pip_unknown_package");
                    let (bytes, compressed) = self.unknown(
                        current(state),
                        format!("pip:{}", package.name),
                        format!("pip package {} is not in the measured table", package.name),
                        each.why,
                        each.bytes,
                        each.compressed_bytes,
                    );
                    (bytes, compressed, each.wheel_bytes, format!("{} (unknown)", package.name))
                }
            };
            wheel_bytes += wheel;
            state.pip.insert(package.name.clone());
            self.write(
                state,
                format!("{site}/{}", package.name),
                bytes,
                compressed,
                &format!("pip: {label}"),
                None,
                &ctx.mounted,
            );
        }
        if !install.variable_versions.is_empty() {
            self.unknown(
                current(state),
                format!("pip-version:L{line}"),
                format!("versions come from variables with no value: {}", install.variable_versions.join(", ")),
                "sized as the measured versions".to_string(),
                0,
                0,
            );
        }
        if !pins.is_empty() {
            let bytes: u64 = 0;
            self.unknown(
                current(state),
                format!("pip-pins:L{line}"),
                format!("pinned versions differ from the measured ones: {}", pins.join(", ")),
                "sized as the measured versions".to_string(),
                bytes,
                0,
            );
        }
        if let (Some(o), false) = (index_override, from_override.is_empty()) {
            self.unknown(
                current(state),
                format!("pip-index:L{line}"),
                format!("{} from {}", from_override.join(", "), o.index_contains),
                o.source.clone(),
                0,
                0,
            );
        }
        if !musl_doubts.is_empty() {
            let build = self.assumption("pip_source_build_musl");
            self.unknown(current(state), format!("musl:L{line}"), musl_doubts.join("; "), build.why, 0, 0);
        }
        if let Some(python) = state.python.clone().filter(|v| !chosen.is_empty() && v != "3.11") {
            let note = self.assumption("python_version");
            self.unknown(
                current(state),
                format!("python:{python}"),
                format!("the image has Python {python}"),
                note.why,
                0,
                0,
            );
        }
        let cache_dir = format!("{}/.cache/pip", state.home);
        let cache_on = !install.no_cache && !state.pip_cache_env_off;
        if cache_on && wheel_bytes > 0 {
            let ratio = self.tables.assumptions.ratio("pip_cache");
            let compressed = (wheel_bytes as f64 * ratio) as u64;
            self.write(
                state,
                cache_dir,
                wheel_bytes,
                compressed,
                "pip's cache of downloaded wheels (no --no-cache-dir)",
                None,
                &ctx.mounted,
            );
        }
    }

    /// `pip wheel -w DIR` and `pip download -d DIR`: the wheels of the whole closure land in DIR (compressed
    /// already, so they do not shrink in the layer's gzip).
    fn pip_wheel(&self, state: &mut State<'static>, words: &[String], start: usize, ctx: &mut RunContext) {
        let mut install = pip::parse_install(words, start);
        let line = current(state).line;
        let missing = self.read_requirement_files(state, &mut install, ctx.run);
        let directory = join(&state.workdir, install.location.as_deref().unwrap_or("."));
        let index_override = pip::index_override(&install.indexes, &self.tables.assumptions.index_overrides);
        let nothing = BTreeSet::new();
        let chosen = pip::closure(&install.specs, &nothing, &self.tables.pip, index_override, install.no_deps);
        let mut wheels = 0;
        for package in &chosen {
            wheels += match &package.row {
                Some(row) => row.wheel_bytes,
                None => {
                    let each = self.assumption("pip_unknown_package");
                    self.unknown(
                        current(state),
                        format!("pip:{}", package.name),
                        format!("pip package {} is not in the measured table", package.name),
                        each.why,
                        each.wheel_bytes,
                        each.wheel_bytes,
                    )
                    .0
                }
            };
        }
        if !missing.is_empty() || !install.local.is_empty() || !install.unresolved.is_empty() {
            let count = self.assumption("pip_requirements_unknown");
            let each = self.assumption("pip_unknown_package");
            let (bytes, _) = self.unknown(
                current(state),
                format!("pip-wheel:L{line}"),
                "wheels built from requirement files, local projects or variables are not sized".to_string(),
                format!("{} wheels of {} each", count.count, human(each.wheel_bytes)),
                count.count * each.wheel_bytes,
                count.count * each.wheel_bytes,
            );
            wheels += bytes;
        }
        self.write(state, format!("{directory}/(wheels)"), wheels, wheels, "pip wheels", None, &ctx.mounted);
    }

    fn conda(&self, state: &mut State<'static>, words: &[String], ctx: &mut RunContext) {
        let sub = words.iter().skip(1).find(|w| !w.starts_with('-')).map(String::as_str).unwrap_or("");
        let line = current(state).line;
        let prefix = "/opt/conda".to_string();
        match sub {
            "clean" => self.remove(state, &format!("{prefix}/pkgs")),
            "activate" | "deactivate" | "init" | "config" | "info" | "list" | "run" | "--version" | "shell" => {}
            "install" | "create" | "env" | "update" => {
                let factor = self.assumption("conda_package_factor");
                let mut names = Vec::new();
                let mut skip_next = false;
                for word in words.iter().skip(2) {
                    if skip_next {
                        skip_next = false;
                        continue;
                    }
                    if matches!(
                        word.as_str(),
                        "-c" | "--channel" | "-n" | "--name" | "-p" | "--prefix" | "-f" | "--file"
                    ) {
                        skip_next = true;
                        continue;
                    }
                    if word.starts_with('-') || word == "create" {
                        continue;
                    }
                    let name = word.rsplit("::").next().unwrap_or(word);
                    let name = name.split(['=', '<', '>', ' ']).next().unwrap_or("");
                    if !name.is_empty() && name != "python" && name != "pip" {
                        names.push(pip::normalize(name));
                    }
                }
                let from_file = words.iter().any(|w| w == "-f" || w == "--file") || sub == "env";
                let (estimate, what) = if from_file {
                    let environment = self.assumption("conda_environment");
                    (environment.bytes, format!("{sub} from an environment file: {}", environment.why))
                } else {
                    let each = self.assumption("pip_unknown_package");
                    let total: u64 = names
                        .iter()
                        .map(|n| self.tables.pip.packages.get(n).map_or(each.bytes, |row| row.installed_bytes))
                        .sum();
                    ((total as f64 * factor.factor) as u64, factor.why.clone())
                };
                let other = self.tables.assumptions.ratio("other");
                let (packages, compressed) = self.unknown(
                    current(state),
                    format!("conda:L{line}"),
                    format!("{} {sub} {}: conda's solver is not simulated", words[0], names.join(" ")),
                    what,
                    estimate,
                    (estimate as f64 * other) as u64,
                );
                self.write(
                    state,
                    format!("{prefix}/lib/conda-{line}"),
                    packages,
                    compressed,
                    "conda packages",
                    None,
                    &ctx.mounted,
                );
                // conda keeps the downloaded archives (already compressed) in pkgs/ until `conda clean` runs; in the
                // same RUN that removes them again.
                let cache_ratio = self.tables.assumptions.ratio("pip_cache");
                let cache_compressed = (packages as f64 * cache_ratio) as u64;
                self.write(
                    state,
                    format!("{prefix}/pkgs"),
                    packages,
                    cache_compressed,
                    "conda's package cache (pkgs/)",
                    None,
                    &ctx.mounted,
                );
            }
            _ => {
                let shown = words.iter().take(3).cloned().collect::<Vec<_>>().join(" ");
                if !ctx.not_modelled.contains(&shown) {
                    ctx.not_modelled.push(shown);
                }
            }
        }
    }

    fn download(&self, state: &mut State<'static>, words: &[String], ctx: &RunContext) {
        let fallback = self.assumption("download");
        let line = current(state).line;
        let url = words.iter().find(|w| w.contains("://")).cloned().unwrap_or_else(|| words.join(" "));
        let (bytes, compressed) = self.unknown(
            current(state),
            format!("download:L{line}"),
            format!("the size of {url} is unknown"),
            fallback.why,
            fallback.bytes,
            fallback.compressed_bytes,
        );
        let output = words
            .iter()
            .position(|w| matches!(w.as_str(), "-o" | "--output" | "-O" | "--output-document" | "--local-dir"))
            .and_then(|i| words.get(i + 1))
            .filter(|w| !w.starts_with('-') && *w != "-")
            .cloned()
            .unwrap_or_else(|| url.rsplit('/').next().unwrap_or("download").to_string());
        let path = join(&state.workdir, &output);
        self.write(state, path, bytes, compressed, &format!("download {url}"), None, &ctx.mounted);
    }

    fn copy(&self, state: &mut State<'static>, copy: &CopyFiles, is_add: bool, states: &[Option<State<'static>>]) {
        let destination = join(&state.workdir, &copy.destination.value);
        let to_directory = copy.destination.value.ends_with('/')
            || copy.sources.len() + copy.heredoc_sources.len() > 1
            || copy.destination.value == ".";
        let line = current(state).line;
        for heredoc in &copy.heredoc_sources {
            let path = if to_directory { format!("{destination}/{}", heredoc.name) } else { destination.clone() };
            let bytes = heredoc.content.len() as u64;
            let compressed = (bytes as f64 * self.tables.assumptions.ratio("text")) as u64;
            self.write(state, path, bytes, compressed, &format!("heredoc {}", heredoc.name), None, &[]);
        }
        if let Some(from) = &copy.from {
            return self.copy_from(state, copy, &from.value, &destination, to_directory, states);
        }
        let excludes: Vec<Pattern> = copy.excludes.iter().filter_map(|w| Pattern::new(&w.value).ok()).collect();
        for source in &copy.sources {
            let value = source.value.as_str();
            if is_add && (value.contains("://") || value.starts_with("git@")) {
                let fallback = self.assumption(if value.starts_with("git") || value.ends_with(".git") {
                    "git_clone"
                } else {
                    "download"
                });
                let (bytes, compressed) = self.unknown(
                    current(state),
                    format!("download:L{line}"),
                    format!("ADD {value}: the remote size is unknown"),
                    fallback.why,
                    fallback.bytes,
                    fallback.compressed_bytes,
                );
                let name = value.trim_end_matches('/').rsplit('/').next().unwrap_or("download");
                let path = if to_directory { format!("{destination}/{name}") } else { destination.clone() };
                self.write(state, path, bytes, compressed, &format!("ADD {value}"), None, &[]);
                continue;
            }
            let Some(prepared) = &self.prepared else {
                let fallback = self.assumption("copy_without_context");
                let (bytes, compressed) = self.unknown(
                    current(state),
                    format!("copy:L{line}"),
                    "no build context was given, so the copied files are unknown".to_string(),
                    fallback.why,
                    fallback.bytes,
                    fallback.compressed_bytes,
                );
                self.write(
                    state,
                    format!("{destination}/({value})"),
                    bytes,
                    compressed,
                    &format!("{value} (unknown)"),
                    None,
                    &[],
                );
                continue;
            };
            let cleaned = clean_relative(value);
            let selected = prepared.selected_files(&[value], &excludes, 0);
            if selected.is_empty() {
                self.unknown(
                    current(state),
                    format!("copy:L{line}:{value}"),
                    format!(
                        "{value} matches no file of the context (after .dockerignore): the builder would stop here"
                    ),
                    "nothing is copied".to_string(),
                    0,
                    0,
                );
                continue;
            }
            let mut bytes_total = 0;
            let mut files = Vec::new();
            for (path, _) in selected {
                let size = prepared.file(path).map_or(0, |(size, _, _)| size);
                let relative = if cleaned == "." {
                    path.to_string()
                } else if path == cleaned {
                    String::new()
                } else if let Some(rest) = under(path, &cleaned) {
                    rest.to_string()
                } else {
                    path.rsplit('/').next().unwrap_or(path).to_string()
                };
                let target = match (relative.is_empty(), to_directory) {
                    (true, false) => destination.clone(),
                    (true, true) => format!("{destination}/{}", path.rsplit('/').next().unwrap_or(path)),
                    (false, _) => format!("{}/{relative}", destination.trim_end_matches('/')),
                };
                files.push((target, size, Rc::<str>::from(path)));
                bytes_total += size;
            }
            let archive = is_add
                && copy.unpack != Some(false)
                && [".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".txz"].iter().any(|e| value.ends_with(e));
            if archive {
                self.unknown(
                    current(state),
                    format!("add-unpack:L{line}"),
                    format!("ADD unpacks {value}; its unpacked size is unknown"),
                    "the archive's own size".to_string(),
                    bytes_total,
                    bytes_total,
                );
            }
            for (target, size, from) in files {
                let ratio = self.tables.assumptions.ratio(self.tables.assumptions.class_of(&from));
                let compressed = (size as f64 * ratio) as u64;
                self.write(state, target, size, compressed, &from, Some(Rc::clone(&from)), &[]);
            }
        }
    }

    fn copy_from(
        &self,
        state: &mut State<'static>,
        copy: &CopyFiles,
        from: &str,
        destination: &str,
        to_directory: bool,
        states: &[Option<State<'static>>],
    ) {
        let line = current(state).line;
        let stages = &self.analysis.lowered.stages;
        let index = stages
            .iter()
            .find(|s| s.name.as_deref() == Some(from.to_ascii_lowercase().as_str()))
            .map(|s| s.index)
            .or_else(|| from.parse::<usize>().ok().filter(|i| *i < stages.len()));
        let source_state = index.and_then(|i| states.get(i).cloned().flatten());
        for source in &copy.sources {
            let path = join("/", &source.value);
            let prefix = path.split('*').next().unwrap_or("").trim_end_matches('/').to_string();
            let prefix = if prefix.is_empty() { "/".to_string() } else { prefix };
            let found: Vec<Write> = source_state
                .as_ref()
                .map(|s| s.writes.iter().filter(|w| w.live && under(&w.path, &prefix).is_some()).cloned().collect())
                .unwrap_or_default();
            if found.is_empty() {
                let fallback = self.assumption("copy_from_unknown");
                let what = match (&source_state, index) {
                    (Some(_), _) => format!("nothing the estimate knows was written under {path} in stage {from}"),
                    (None, Some(_)) => format!("stage {from} could not be estimated"),
                    (None, None) => format!("{from} is an image, not a stage of this Dockerfile"),
                };
                let (bytes, compressed) = self.unknown(
                    current(state),
                    format!("copy-from:L{line}:{}", source.value),
                    format!("COPY --from={from} {}: {what}", source.value),
                    fallback.why,
                    fallback.bytes,
                    fallback.compressed_bytes,
                );
                self.write(
                    state,
                    format!("{destination}/({})", source.value),
                    bytes,
                    compressed,
                    &format!("--from={from} {}", source.value),
                    None,
                    &[],
                );
                continue;
            }
            let mut inherited = Vec::new();
            for write in found {
                let relative = under(&write.path, &prefix).unwrap_or("");
                let target = if relative.is_empty() {
                    if to_directory {
                        format!("{destination}/{}", write.path.rsplit('/').next().unwrap_or(""))
                    } else {
                        destination.to_string()
                    }
                } else {
                    format!("{}/{relative}", destination.trim_end_matches('/'))
                };
                if let Some(layer) = source_state.as_ref().and_then(|s| s.layers.get(write.layer)) {
                    for unknown in &layer.unknowns {
                        if !inherited.iter().any(|u: &Unknown| u.key == unknown.key) {
                            inherited.push(unknown.clone());
                        }
                    }
                }
                let label = format!("--from={from} {}", write.path);
                self.write(state, target, write.bytes, write.compressed, &label, write.from_context.clone(), &[]);
            }
            // What the source stage did not know travels with the files copied from it.
            let layer = current(state);
            for mut unknown in inherited {
                if !layer.unknowns.iter().any(|u| u.key == unknown.key) {
                    unknown.message = format!("(from stage {from}, line {}) {}", unknown.line, unknown.message);
                    unknown.line = layer.line;
                    layer.unknowns.push(unknown);
                }
            }
        }
    }

    /// Records files written by the current layer; an earlier layer's file at the same path becomes wasted.
    #[allow(clippy::too_many_arguments)]
    fn write(
        &self,
        state: &mut State<'static>,
        path: String,
        bytes: u64,
        compressed: u64,
        what: &str,
        from_context: Option<Rc<str>>,
        mounted: &[String],
    ) {
        if mounted.iter().any(|m| under(&path, m).is_some()) {
            let layer = current(state);
            layer.parts.push(Part { what: format!("{what} (under a --mount, not committed)"), bytes, removed: true });
            return;
        }
        let layer_index = state.layers.len() - 1;
        if let Some(index) = state.live_at.get(&path).copied().filter(|index| state.writes[*index].live) {
            let earlier = &state.writes[index];
            let (layer, old_bytes, old_compressed, part) =
                (earlier.layer, earlier.bytes, earlier.compressed, earlier.part.clone());
            state.writes[index].live = false;
            if layer < layer_index {
                if let Some(old) = state.layers.get_mut(layer) {
                    old.wasted_bytes += old_bytes;
                }
            } else {
                // Written twice in one RUN (two `apt-get update`s): the layer keeps only the last version.
                let current_layer = current(state);
                current_layer.bytes = current_layer.bytes.saturating_sub(old_bytes);
                current_layer.compressed_bytes = current_layer.compressed_bytes.saturating_sub(old_compressed);
                if let Some(found) = current_layer.parts.iter_mut().find(|p| p.what == part && !p.removed) {
                    found.bytes = found.bytes.saturating_sub(old_bytes);
                }
            }
        }
        let layer = current(state);
        layer.bytes += bytes;
        layer.compressed_bytes += compressed;
        let part = add_part_bytes(layer, what, bytes);
        state.live_at.insert(path.clone(), state.writes.len());
        state.writes.push(Write { path, bytes, compressed, layer: layer_index, live: true, from_context, part });
    }

    /// `rm -rf path`: files of this layer vanish from it; files of earlier layers stay in them as wasted bytes.
    fn remove(&self, state: &mut State<'static>, path: &str) {
        let prefix = path.split('*').next().unwrap_or("").trim_end_matches('/');
        if prefix.is_empty() || prefix == "/" {
            return;
        }
        let layer_index = state.layers.len() - 1;
        let mut removed_here = 0;
        let mut removed_here_compressed = 0;
        for index in 0..state.writes.len() {
            let write = &state.writes[index];
            if !write.live || under(&write.path, prefix).is_none() {
                continue;
            }
            let (layer, bytes, compressed) = (write.layer, write.bytes, write.compressed);
            let part = write.part.clone();
            state.writes[index].live = false;
            if layer == layer_index {
                removed_here += bytes;
                removed_here_compressed += compressed;
                let current_layer = current(state);
                if let Some(found) = current_layer.parts.iter_mut().find(|p| p.what == part && !p.removed) {
                    found.bytes = found.bytes.saturating_sub(bytes);
                }
                current_layer.parts.retain(|p| p.removed || p.bytes > 0 || p.what != part);
            } else if let Some(old) = state.layers.get_mut(layer) {
                old.wasted_bytes += bytes;
            }
        }
        if removed_here > 0 {
            let layer = current(state);
            layer.bytes = layer.bytes.saturating_sub(removed_here);
            layer.compressed_bytes = layer.compressed_bytes.saturating_sub(removed_here_compressed);
            layer.parts.push(Part {
                what: format!("removed in the same RUN: {path}"),
                bytes: removed_here,
                removed: true,
            });
        }
    }

    fn rewrite(&self, state: &mut State<'static>, path: &str, what: &str, mounted: &[String]) {
        let layer_index = state.layers.len() - 1;
        let copies: Vec<Write> = state
            .writes
            .iter()
            .filter(|w| w.live && w.layer < layer_index && under(&w.path, path).is_some())
            .cloned()
            .collect();
        for write in copies {
            self.write(
                state,
                write.path.clone(),
                write.bytes,
                write.compressed,
                what,
                write.from_context.clone(),
                mounted,
            );
        }
    }
}

struct RunContext<'r> {
    mounted: Vec<String>,
    run: &'r Run,
    not_modelled: Vec<String>,
}

fn set_debian_defaults(state: &mut State, tables: &Tables) {
    state.os = "debian-bookworm".to_string();
    state.libc = "glibc".to_string();
    if let Some(names) = tables.apt.base_sets.get("debian-bookworm") {
        state.apt.extend(names.iter().cloned());
    }
}

fn new_layer(line: u32, end_line: u32, instruction: &str, stage: usize) -> Layer {
    Layer {
        line,
        end_line,
        instruction: instruction.to_string(),
        stage,
        bytes: 0,
        compressed_bytes: 0,
        wasted_bytes: 0,
        parts: Vec::new(),
        unknowns: Vec::new(),
    }
}

fn current<'s>(state: &'s mut State) -> &'s mut Layer {
    // Every caller runs after `apply` pushed the layer it is filling, so the list is never empty.
    if state.layers.is_empty() {
        state.layers.push(new_layer(0, 0, "FROM", 0));
    }
    let last = state.layers.len() - 1;
    &mut state.layers[last]
}

fn add_part(layer: &mut Layer, what: String, bytes: u64, compressed: u64) {
    layer.bytes += bytes;
    layer.compressed_bytes += compressed;
    layer.parts.push(Part { what, bytes, removed: false });
}

/// Adds bytes to a part of the same name, so a thousand copied files read as one line per source. Returns the
/// part's name.
fn add_part_bytes(layer: &mut Layer, what: &str, bytes: u64) -> String {
    let key = if what.starts_with("pip: ") || what.starts_with("apt") || what.starts_with("--from") {
        what.to_string()
    } else {
        what.split('/').next().unwrap_or(what).to_string()
    };
    match layer.parts.iter_mut().find(|p| p.what == key && !p.removed) {
        Some(part) => part.bytes += bytes,
        None => layer.parts.push(Part { what: key.clone(), bytes, removed: false }),
    }
    key
}

fn finish_layer(state: &mut State) {
    let layer = current(state);
    layer.parts.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.what.cmp(&b.what)));
}

fn report(target: Option<usize>, layers: Vec<Layer>) -> SizeReport {
    let total_bytes: u64 = layers.iter().map(|l| l.bytes).sum();
    let compressed_bytes = layers.iter().map(|l| l.compressed_bytes).sum();
    let wasted_bytes: u64 = layers.iter().map(|l| l.wasted_bytes.min(l.bytes)).sum();
    let efficiency = if total_bytes == 0 { 1.0 } else { 1.0 - wasted_bytes as f64 / total_bytes as f64 };
    let unknowns = layers.iter().flat_map(|l| l.unknowns.iter().cloned()).collect();
    SizeReport { target_stage: target, layers, total_bytes, compressed_bytes, wasted_bytes, efficiency, unknowns }
}

/// `path` relative to `directory` if it is the directory or inside it (`""` for the directory itself).
fn under<'p>(path: &'p str, directory: &str) -> Option<&'p str> {
    let directory = directory.trim_end_matches('/');
    if directory.is_empty() {
        return Some(path.trim_start_matches('/'));
    }
    let rest = path.strip_prefix(directory)?;
    if rest.is_empty() {
        Some("")
    } else {
        rest.strip_prefix('/')
    }
}

/// Joins a path to a directory and cleans it, as the builder resolves `WORKDIR` and `COPY` destinations.
fn join(base: &str, path: &str) -> String {
    let full = if path.starts_with('/') { path.to_string() } else { format!("{base}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for part in full.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

fn expand_home(word: &str, home: &str) -> String {
    let word = word.replace("$HOME", home).replace("${HOME}", home);
    match word.strip_prefix('~') {
        Some(rest) => format!("{home}{rest}"),
        None => word,
    }
}

fn clone_destination(words: &[String], url: Option<&str>) -> String {
    let after_url = url.and_then(|u| words.iter().position(|w| w == u)).and_then(|i| words.get(i + 1));
    match after_url.filter(|w| !w.starts_with('-')) {
        Some(destination) => destination.clone(),
        None => url
            .and_then(|u| u.trim_end_matches('/').rsplit('/').next())
            .map(|n| n.trim_end_matches(".git").to_string())
            .unwrap_or_else(|| "repository".to_string()),
    }
}

fn join_words(words: &[&String]) -> String {
    words.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" ")
}

/// Bytes for people, in decimal units as Docker prints them.
pub fn human(bytes: u64) -> String {
    let value = bytes as f64;
    if value >= 1e9 {
        format!("{:.2} GB", value / 1e9)
    } else if value >= 1e6 {
        format!("{:.1} MB", value / 1e6)
    } else if value >= 1e3 {
        format!("{:.1} kB", value / 1e3)
    } else {
        format!("{bytes} B")
    }
}
