//! What every rule needs to know about one Dockerfile, computed once: located RUN commands, stage chains, image
//! references, the build context and its `.dockerignore`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::context::{BuildContext, ContextFile, IgnoreFile};
use crate::diagnostic::{LineIndex, Span};
use crate::instructions::{
    CommandForm, CopyFiles, Instruction, InstructionKind, Lowered, MountType, Run, Stage, StageBase,
};
use crate::syntax::{ArgumentForm, Dockerfile, Keyword, Node};
use crate::Analysis;

use super::packages::{apt_calls, pip_installs, AptCall, PipInstall};
use super::shell::{commands, ShellCommand, Source};

/// The facts shared by all rules.
pub struct Facts<'a> {
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub context: Option<&'a BuildContext>,
    /// The context's `.dockerignore`, parsed; `None` when there is no context or no such file.
    pub ignore: Option<IgnoreFile>,
    lines: LineIndex<'a>,
    runs: Vec<RunView<'a>>,
    /// Context files each `COPY` source text selects, filled as rules ask (many `COPY` lines share a source).
    selections: RefCell<HashMap<String, Rc<[&'a ContextFile]>>>,
}

/// A `RUN` (or the `RUN` trigger of an `ONBUILD`) with its commands read.
pub struct RunView<'a> {
    /// Index into [`Lowered::instructions`] and [`Dockerfile::nodes`].
    pub index: usize,
    pub run: &'a Run,
    /// The syntax node of the `RUN` itself (the trigger for `ONBUILD RUN`).
    pub node: &'a Node,
    pub stage: Option<usize>,
    pub onbuild: bool,
    pub commands: Vec<ShellCommand>,
}

impl RunView<'_> {
    pub fn apt_calls(&self) -> Vec<AptCall<'_>> {
        apt_calls(&self.commands)
    }

    pub fn pip_installs(&self) -> Vec<PipInstall<'_>> {
        pip_installs(&self.commands)
    }

    /// Whether the RUN has a cache mount whose target is `path` or under it.
    pub fn has_cache_mount_on(&self, path: &str) -> bool {
        self.run.mounts.iter().any(|mount| {
            mount.mount_type == MountType::Cache
                && mount.resolved_target.as_deref().or(mount.target.as_deref()).is_some_and(|target| {
                    let target = target.trim_end_matches('/');
                    target == path || target.starts_with(&format!("{path}/"))
                })
        })
    }

    /// The program names of the commands, for quick "does it call X" questions.
    pub fn calls(&self, program: &str) -> bool {
        self.commands.iter().any(|command| command.program() == Some(program))
    }
}

impl<'a> Facts<'a> {
    pub fn new(text: &'a str, analysis: &'a Analysis, context: Option<&'a BuildContext>) -> Facts<'a> {
        let ignore = context.and_then(BuildContext::dockerignore).map(IgnoreFile::parse);
        let mut facts = Facts {
            text,
            analysis,
            context,
            ignore,
            lines: LineIndex::new(text),
            runs: Vec::new(),
            selections: RefCell::new(HashMap::new()),
        };
        facts.runs = facts.read_runs();
        facts
    }

    /// The selection of `source`, computing it with `select` the first time this source text is asked for.
    pub(crate) fn selection(
        &self,
        source: &str,
        select: impl FnOnce() -> Vec<&'a ContextFile>,
    ) -> Rc<[&'a ContextFile]> {
        if let Some(found) = self.selections.borrow().get(source) {
            return Rc::clone(found);
        }
        let selected: Rc<[&'a ContextFile]> = select().into();
        self.selections.borrow_mut().insert(source.to_owned(), Rc::clone(&selected));
        selected
    }

    pub fn tree(&self) -> &'a Dockerfile {
        &self.analysis.tree
    }

    pub fn lowered(&self) -> &'a Lowered {
        &self.analysis.lowered
    }

    /// The span of the bytes `start..end` of the Dockerfile.
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.lines.span(start, end)
    }

    /// Instructions with their index and syntax node.
    pub fn instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction, &'a Node)> {
        let nodes = &self.analysis.tree.nodes;
        self.analysis
            .lowered
            .instructions
            .iter()
            .enumerate()
            .filter_map(move |(index, instruction)| nodes.get(index).map(|node| (index, instruction, node)))
    }

    pub fn runs(&self) -> &[RunView<'a>] {
        &self.runs
    }

    pub fn stage(&self, index: usize) -> Option<&'a Stage> {
        self.analysis.lowered.stages.get(index)
    }

    /// The instructions of a stage (after its `FROM`).
    pub fn stage_instructions(&self, stage: &Stage) -> impl Iterator<Item = (usize, &'a Instruction)> {
        let instructions = &self.analysis.lowered.instructions;
        stage.instructions.clone().into_iter().filter_map(move |index| instructions.get(index).map(|i| (index, i)))
    }

    /// The stage and the stages it is built `FROM`, nearest first. Stops on a cycle.
    pub fn stage_chain(&self, stage: usize) -> Vec<usize> {
        let mut chain = vec![stage];
        let mut current = stage;
        while let Some(StageBase::Stage(parent)) = self.stage(current).map(|stage| &stage.base) {
            if chain.contains(parent) {
                break;
            }
            chain.push(*parent);
            current = *parent;
        }
        chain
    }

    /// The external image at the root of a stage's chain, if any (`None` for `scratch`).
    pub fn root_image(&self, stage: usize) -> Option<&'a str> {
        let root = *self.stage_chain(stage).last()?;
        match &self.stage(root)?.base {
            StageBase::Image(image) => Some(image.as_str()),
            _ => None,
        }
    }

    /// The stage that is built: the `--target` or the last one.
    pub fn target_stage(&self) -> Option<usize> {
        self.analysis.lowered.target_stage
    }

    /// The stages whose filesystem ends up in the built image: the target and the stages it is built `FROM`.
    pub fn final_chain(&self) -> Vec<usize> {
        self.target_stage().map(|target| self.stage_chain(target)).unwrap_or_default()
    }

    /// Whether the image built from the target stage is a multi-stage build (it copies from another stage).
    pub fn is_multi_stage(&self) -> bool {
        self.analysis.lowered.stages.len() > 1
    }

    /// `COPY`/`ADD` instructions that take files from the build context (no `--from`), with their stage.
    pub fn context_copies(&self) -> Vec<(usize, &'a Instruction, &'a CopyFiles)> {
        self.analysis
            .lowered
            .instructions
            .iter()
            .enumerate()
            .filter_map(|(index, instruction)| match &instruction.kind {
                InstructionKind::Copy(copy) if copy.from.is_none() => Some((index, instruction, copy)),
                InstructionKind::Add(copy) => Some((index, instruction, copy)),
                _ => None,
            })
            .collect()
    }

    /// Whether a `COPY` source is a URL or git reference rather than a context path.
    pub fn is_remote_source(source: &str) -> bool {
        let lower = source.to_ascii_lowercase();
        lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("git@")
            || lower.contains("://")
    }

    fn read_runs(&self) -> Vec<RunView<'a>> {
        let mut runs = Vec::new();
        let nodes = &self.analysis.tree.nodes;
        for (index, instruction) in self.analysis.lowered.instructions.iter().enumerate() {
            let Some(outer) = nodes.get(index) else { continue };
            let (run, onbuild) = match &instruction.kind {
                InstructionKind::Run(run) => (run, false),
                InstructionKind::Onbuild(onbuild) => match onbuild.trigger.as_deref().map(|trigger| &trigger.kind) {
                    Some(InstructionKind::Run(run)) => (run, true),
                    _ => continue,
                },
                _ => continue,
            };
            let node = outer.effective();
            if node.keyword != Keyword::Run {
                continue;
            }
            let commands = self.read_commands(node, run);
            runs.push(RunView { index, run, node, stage: instruction.stage, onbuild, commands });
        }
        runs
    }

    fn read_commands(&self, node: &Node, run: &Run) -> Vec<ShellCommand> {
        let escape = self.analysis.tree.escape;
        if run.command.form == CommandForm::Exec || node.form == ArgumentForm::Json {
            // Exec form: the array is one command, each element one word.
            let words = node
                .arguments
                .iter()
                .map(|argument| super::shell::ShellWord {
                    text: argument.value.to_string(),
                    start: argument.span.offset as usize,
                    end: argument.span.end_offset as usize,
                })
                .collect::<Vec<_>>();
            if words.is_empty() {
                return Vec::new();
            }
            return vec![ShellCommand { assignments: Vec::new(), words, separator: super::shell::Separator::End }];
        }
        let rest = node.rest_span;
        let mut result =
            commands(self.text, rest.offset as usize, rest.end_offset as usize, escape, Source::DockerfileLine);
        // Heredoc markers are not words of the command; a heredoc fed to no program (or to a shell) is the script.
        for command in &mut result {
            command.words.retain(|word| !word.text.starts_with("<<"));
        }
        result.retain(|command| !command.words.is_empty() || !command.assignments.is_empty());
        let shell_script = match result.as_slice() {
            [] => true,
            [only] => matches!(only.program(), Some("sh" | "bash" | "ash" | "dash" | "zsh")),
            _ => false,
        };
        if shell_script {
            for heredoc in &node.heredocs {
                let body = heredoc.body_span;
                result.extend(commands(
                    self.text,
                    body.offset as usize,
                    body.end_offset as usize,
                    escape,
                    Source::Script,
                ));
            }
        }
        result
    }
}

/// An image reference split into its parts, with the byte range of each in the Dockerfile when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Registry and repository (`nvidia/cuda`, `localhost:5000/team/app`).
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(reference: &str) -> ImageRef {
        let (rest, digest) = match reference.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest.to_string())),
            None => (reference, None),
        };
        // A colon after the last slash starts the tag; one before it is a registry port.
        let last_slash = rest.rfind('/').map_or(0, |slash| slash + 1);
        let (name, tag) = match rest[last_slash..].find(':') {
            Some(colon) => (&rest[..last_slash + colon], Some(rest[last_slash + colon + 1..].to_string())),
            None => (rest, None),
        };
        ImageRef { name: name.to_string(), tag, digest }
    }

    /// The repository without registry host and `library/` (`docker.io/library/python` → `python`).
    pub fn repository(&self) -> &str {
        let name = self.name.as_str();
        let name = match name.split_once('/') {
            Some((host, rest)) if host.contains('.') || host.contains(':') || host == "localhost" => rest,
            _ => name,
        };
        name.strip_prefix("library/").unwrap_or(name)
    }

    /// Whether the image ships the CUDA runtime: NVIDIA's images and framework images built on them.
    pub fn is_cuda(&self) -> bool {
        let repository = self.repository().to_ascii_lowercase();
        let tag = self.tag.as_deref().unwrap_or("").to_ascii_lowercase();
        repository.starts_with("nvidia/cuda")
            || repository.starts_with("nvcr.io/nvidia")
            || repository.starts_with("nvidia/")
            || (repository == "pytorch/pytorch" && tag.contains("cuda"))
            || (repository == "tensorflow/tensorflow" && tag.contains("gpu"))
            || tag.contains("cuda")
    }
}

/// Byte range of the image word's tag (after `:`) inside the Dockerfile, given the word's range and raw text.
pub fn tag_range(raw: &str, start: usize) -> Option<(usize, usize)> {
    let without_digest = raw.split('@').next().unwrap_or(raw);
    let last_slash = without_digest.rfind('/').map_or(0, |slash| slash + 1);
    let colon = without_digest[last_slash..].find(':')? + last_slash;
    Some((start + colon + 1, start + without_digest.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references_split_at_the_right_colon() {
        let image = ImageRef::parse("localhost:5000/team/app");
        assert_eq!((image.name.as_str(), image.tag), ("localhost:5000/team/app", None));
        let image = ImageRef::parse("docker.io/library/python:3.12-slim@sha256:abc");
        assert_eq!(image.repository(), "python");
        assert_eq!(image.tag.as_deref(), Some("3.12-slim"));
        assert_eq!(image.digest.as_deref(), Some("sha256:abc"));
        assert!(ImageRef::parse("nvidia/cuda:12.1.0-runtime-ubuntu22.04").is_cuda());
        assert!(!ImageRef::parse("python:3.12").is_cuda());
        assert_eq!(tag_range("python:latest", 10), Some((17, 23)));
    }
}
