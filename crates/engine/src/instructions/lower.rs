//! Lowering, instruction by instruction, with the builder's variable scopes and the stage graph.
//!
//! Scopes follow section A.8 of the semantics reference: global ARGs (before the first `FROM`) are visible only in
//! `FROM` lines; inside a stage an `ARG` takes effect from its own line, `ENV` wins over an `ARG` of the same name,
//! every reference on one `ENV` line sees the values from before that line, and a stage built `FROM` another
//! stage starts with that stage's ARGs and ENVs.

use super::flags::{
    parse_flags, ParsedFlags, ADD_FLAGS, COPY_FLAGS, FROM_FLAGS, HEALTHCHECK_FLAGS, NO_FLAGS, RUN_FLAGS,
};
use super::mount::{parse_device, parse_mount};
use super::suggest::closest_match;
use super::values::{parse_go_duration, resolve_path};
use super::{
    Arg, ArgDeclaration, CommandForm, CommandLine, CopyFiles, DependencyKind, Expose, ExternalSource, From, GlobalArg,
    Healthcheck, HeredocFile, Instruction, InstructionKind, KeyValue, KeyValues, LowerOptions, Lowered, Maintainer,
    Names, Onbuild, Run, Shell, Stage, StageBase, StageDependency, Stopsignal, Unknown, User, Volume, Word, Words,
    Workdir,
};
use crate::diagnostic::{Diagnostic, Span};
use crate::expand::{has_variables, Lexer, Vars};
use crate::syntax::{parse_heredoc_marker, Argument, ArgumentForm, Dockerfile, Heredoc, Keyword, Node};
use crate::text::Text;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::time::Duration;

const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_START_PERIOD: Duration = Duration::ZERO;
const DEFAULT_START_INTERVAL: Duration = Duration::from_secs(5);
const DEFAULT_RETRIES: u32 = 3;

/// The variables visible inside a stage, and its working directory.
#[derive(Debug, Clone, Default)]
struct Scope {
    /// `ENV`s in order; a later entry with the same name wins.
    env: Vec<(Text, Text)>,
    /// Declared `ARG`s in order, with their values (`None`: declared without a value).
    args: Vec<(Text, Option<Text>)>,
    /// The working directory set by `WORKDIR`s so far; `None` means the base image's (unknown, usually `/`).
    workdir: Option<Text>,
}

impl Vars for Scope {
    fn get(&self, name: &str) -> Option<&str> {
        if let Some((_, value)) = self.env.iter().rev().find(|(key, _)| key == name) {
            return Some(value.as_str());
        }
        self.args.iter().rev().find(|(key, _)| key == name).and_then(|(_, value)| value.as_deref())
    }
}

impl Scope {
    fn set_env(&mut self, name: Text, value: Text) {
        self.env.retain(|(key, _)| *key != name);
        self.env.push((name, value));
    }

    fn set_arg(&mut self, name: Text, value: Option<Text>) {
        self.args.retain(|(key, _)| *key != name);
        self.args.push((name, value));
    }
}

/// Expands words for one instruction, or leaves them literal where the builder does not expand.
struct Expander<'s> {
    lexer: Lexer,
    vars: &'s dyn Vars,
    /// False inside `ONBUILD` triggers, which the downstream build expands.
    enabled: bool,
}

impl Expander<'_> {
    fn word(&self, raw: &Text, span: Span, diagnostics: &mut Vec<Diagnostic>) -> Word {
        // A word with nothing to expand (no `$`, quote or escape) is its own value: the text is shared, not
        // expanded into a copy.
        if !self.enabled || self.lexer.is_plain(raw) {
            return Word::literal(raw.clone(), span);
        }
        match self.lexer.expand_word(raw, self.vars) {
            Ok(expansion) => Word {
                raw: raw.clone(),
                value: if expansion.value == raw.as_str() { raw.clone() } else { Text::from(expansion.value) },
                span,
                used: Names::new(expansion.used),
                unset: Names::new(expansion.unset),
            },
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    "expansion-error",
                    span,
                    format!("cannot expand {raw:?}: {}", error.message),
                ));
                Word::literal(raw.clone(), span)
            }
        }
    }

    /// Expands and splits into words (EXPOSE). Each word keeps the span of the text it came from.
    fn words(&self, raw: &Text, span: Span, diagnostics: &mut Vec<Diagnostic>) -> Vec<Word> {
        if !self.enabled {
            return vec![Word::literal(raw.clone(), span)];
        }
        match self.lexer.expand_with_words(raw, self.vars) {
            Ok((expansion, words)) => words
                .into_iter()
                .map(|value| Word {
                    raw: raw.clone(),
                    value: Text::from(value),
                    span,
                    used: Names::new(expansion.used.clone()),
                    unset: Names::new(expansion.unset.clone()),
                })
                .collect(),
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    "expansion-error",
                    span,
                    format!("cannot expand {raw:?}: {}", error.message),
                ));
                vec![Word::literal(raw.clone(), span)]
            }
        }
    }

    /// Expands `$VAR`s in a heredoc body while leaving quotes and escapes as written.
    fn heredoc_body(&self, body: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) -> String {
        if !self.enabled {
            return body.to_string();
        }
        let lexer = Lexer { raw_quotes: true, raw_escapes: true, ..self.lexer };
        match lexer.expand_word(body, self.vars) {
            Ok(expansion) => expansion.value,
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    "expansion-error",
                    span,
                    format!("cannot expand heredoc body: {}", error.message),
                ));
                body.to_string()
            }
        }
    }
}

pub(super) fn lower(tree: &Dockerfile, options: &LowerOptions) -> Lowered {
    let mut lowerer = Lowerer::new(tree, options);
    for (index, node) in tree.nodes.iter().enumerate() {
        lowerer.node(index, node);
    }
    lowerer.finish()
}

struct Lowerer<'a> {
    tree: &'a Dockerfile,
    options: &'a LowerOptions,
    lexer: Lexer,
    instructions: Vec<Instruction>,
    global_args: Vec<GlobalArg>,
    /// Values visible in `FROM` lines: the automatic platform ARGs, then global ARGs that have a value.
    global_vars: Vec<(Text, Text)>,
    stages: Vec<Stage>,
    /// The scope at the end of every finished stage, for stages built `FROM` them.
    finished_scopes: Vec<Scope>,
    scope: Scope,
    /// Every stage name in the file with the index its stage will get, to tell "defined later" from "unknown".
    all_stage_names: Vec<(Text, usize)>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Lowerer<'a> {
    fn new(tree: &'a Dockerfile, options: &'a LowerOptions) -> Self {
        let mut global_vars = Vec::with_capacity(9);
        for (names, platform) in [
            (["TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT"], &options.target_platform),
            (["BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT"], &options.build_platform),
        ] {
            let mut parts = platform.splitn(3, '/');
            let os = parts.next().unwrap_or_default();
            let arch = parts.next().unwrap_or_default();
            let variant = parts.next().unwrap_or_default();
            for (name, value) in names.into_iter().zip([platform.as_str(), os, arch, variant]) {
                global_vars.push((Text::new(name), Text::new(value)));
            }
        }
        if let Some(target) = &options.target {
            global_vars.push((Text::new("TARGETSTAGE"), Text::new(target)));
        }
        let mut all_stage_names =
            Vec::with_capacity(tree.nodes.iter().filter(|node| node.keyword == Keyword::From).count());
        let mut stage_count = 0;
        for node in &tree.nodes {
            if node.keyword != Keyword::From {
                continue;
            }
            if let [_, as_word, name] = node.arguments.as_slice() {
                if as_word.value.eq_ignore_ascii_case("as") {
                    all_stage_names.push((lowercase_text(&name.value), stage_count));
                }
            }
            stage_count += 1;
        }
        Lowerer {
            tree,
            options,
            lexer: Lexer::new(tree.escape),
            instructions: Vec::with_capacity(tree.nodes.len()),
            global_args: Vec::new(),
            global_vars,
            stages: Vec::with_capacity(stage_count),
            finished_scopes: Vec::with_capacity(stage_count),
            scope: Scope::default(),
            all_stage_names,
            diagnostics: Vec::new(),
        }
    }

    fn error(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(code, span, message));
    }

    fn node(&mut self, index: usize, node: &Node) {
        let kind = if node.keyword == Keyword::From {
            self.from(index, node)
        } else if self.stages.is_empty() {
            if node.keyword == Keyword::Arg {
                self.global_arg(node)
            } else {
                if node.keyword != Keyword::Unknown {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "instruction-before-from",
                            node.keyword_span,
                            format!("{} before the first FROM: no build stage in current context", node.keyword.name()),
                        )
                        .with_hint("only ARG may come before the first FROM"),
                    );
                }
                let mut scope = Scope::default();
                self.instruction(index, node, &mut scope, true)
            }
        } else {
            let mut scope = std::mem::take(&mut self.scope);
            let kind = self.instruction(index, node, &mut scope, true);
            self.scope = scope;
            kind
        };
        let stage = self.stages.len().checked_sub(1);
        if let (Some(stage), false) = (stage, node.keyword == Keyword::From) {
            self.stages[stage].instructions.push(index);
        }
        self.instructions.push(Instruction {
            kind,
            span: node.span,
            keyword_span: node.keyword_span,
            start_line: node.start_line,
            end_line: node.end_line,
            stage,
        });
    }

    /// Lowers every instruction except `FROM` and global `ARG`s. `expand` is false for `ONBUILD` triggers.
    fn instruction(&mut self, index: usize, node: &Node, scope: &mut Scope, expand: bool) -> InstructionKind {
        let lexer = self.lexer;
        match node.keyword {
            Keyword::Run => InstructionKind::Run(self.run(index, node, scope, expand)),
            Keyword::Copy | Keyword::Add => {
                let files = self.copy(index, node, scope, expand);
                if node.keyword == Keyword::Copy {
                    InstructionKind::Copy(files)
                } else {
                    InstructionKind::Add(files)
                }
            }
            Keyword::Env | Keyword::Label => {
                parse_flags(node, NO_FLAGS, &mut self.diagnostics);
                let expander = Expander { lexer, vars: &*scope, enabled: expand };
                let mut pairs: SmallVec<[KeyValue; 1]> = SmallVec::with_capacity(node.arguments.len() / 3);
                for triple in node.arguments.chunks(3) {
                    let [key, value, separator] = triple else { continue };
                    let key_word = expander.word(&key.value, key.span, &mut self.diagnostics);
                    if key_word.value.is_empty() {
                        let message = format!("{} names can not be blank", node.keyword.name());
                        self.diagnostics.push(Diagnostic::error("blank-name", key.span.cover(value.span), message));
                        continue;
                    }
                    let value_word = expander.word(&value.value, value.span, &mut self.diagnostics);
                    pairs.push(KeyValue { key: key_word, value: value_word, legacy: separator.value.is_empty() });
                }
                if node.arguments.is_empty() && !node.malformed {
                    self.at_least_one_argument(node);
                }
                if node.keyword == Keyword::Env {
                    // Applied after the whole line is expanded: references on the same line see the old values.
                    if expand {
                        for pair in &pairs {
                            scope.set_env(pair.key.value.clone(), pair.value.value.clone());
                        }
                    }
                    InstructionKind::Env(KeyValues { pairs })
                } else {
                    InstructionKind::Label(KeyValues { pairs })
                }
            }
            Keyword::Arg => InstructionKind::Arg(self.stage_arg(node, scope, expand)),
            Keyword::Workdir => {
                parse_flags(node, NO_FLAGS, &mut self.diagnostics);
                let Some(argument) = self.exactly_one_argument(node) else {
                    return InstructionKind::Workdir(Workdir {
                        path: Word::literal("", node.rest_span),
                        resolved: None,
                    });
                };
                let expander = Expander { lexer, vars: &*scope, enabled: expand };
                let path = expander.word(&argument.value, argument.span, &mut self.diagnostics);
                let resolved = resolve_path(scope.workdir.as_deref().unwrap_or("/"), &path.value);
                if expand {
                    scope.workdir = Some(Text::new(&resolved));
                }
                InstructionKind::Workdir(Workdir { path, resolved: Some(resolved) })
            }
            Keyword::User => {
                parse_flags(node, NO_FLAGS, &mut self.diagnostics);
                let user = match self.exactly_one_argument(node) {
                    Some(argument) => Expander { lexer, vars: &*scope, enabled: expand }.word(
                        &argument.value,
                        argument.span,
                        &mut self.diagnostics,
                    ),
                    None => Word::literal("", node.rest_span),
                };
                InstructionKind::User(User { user })
            }
            Keyword::Stopsignal => {
                if !node.flags.is_empty() {
                    let span = node.flags[0].span;
                    self.diagnostics.push(Diagnostic::warning(
                        "ignored-flags",
                        span,
                        "STOPSIGNAL takes no flags; the builder ignores them",
                    ));
                }
                let signal = match self.exactly_one_argument(node) {
                    Some(argument) => Expander { lexer, vars: &*scope, enabled: expand }.word(
                        &argument.value,
                        argument.span,
                        &mut self.diagnostics,
                    ),
                    None => Word::literal("", node.rest_span),
                };
                InstructionKind::Stopsignal(Stopsignal { signal })
            }
            Keyword::Maintainer => {
                parse_flags(node, NO_FLAGS, &mut self.diagnostics);
                let name = match self.exactly_one_argument(node) {
                    Some(argument) => Word::literal(&argument.value, argument.span),
                    None => Word::literal("", node.rest_span),
                };
                InstructionKind::Maintainer(Maintainer { name })
            }
            Keyword::Expose => {
                parse_flags(node, NO_FLAGS, &mut self.diagnostics);
                if node.arguments.is_empty() {
                    self.at_least_one_argument(node);
                }
                let expander = Expander { lexer, vars: &*scope, enabled: expand };
                let mut ports = Vec::new();
                for argument in &node.arguments {
                    ports.extend(expander.words(&argument.value, argument.span, &mut self.diagnostics));
                }
                InstructionKind::Expose(Expose { ports })
            }
            Keyword::Volume => {
                parse_flags(node, NO_FLAGS, &mut self.diagnostics);
                if node.arguments.is_empty() && !node.malformed {
                    self.at_least_one_argument(node);
                }
                let expander = Expander { lexer, vars: &*scope, enabled: expand };
                let mut paths = Vec::new();
                for argument in &node.arguments {
                    let mut word = expander.word(&argument.value, argument.span, &mut self.diagnostics);
                    let start = word.value.len() - word.value.trim_start().len();
                    let end = start + word.value.trim().len();
                    if end - start != word.value.len() {
                        word.value = word.value.slice(start..end);
                    }
                    if word.value.is_empty() {
                        self.error("empty-volume", argument.span, "VOLUME specified can not be an empty string");
                        continue;
                    }
                    paths.push(word);
                }
                InstructionKind::Volume(Volume { paths, json_form: node.form == ArgumentForm::Json })
            }
            Keyword::Cmd | Keyword::Entrypoint => {
                parse_flags(node, NO_FLAGS, &mut self.diagnostics);
                let command = command_line(node, &node.arguments);
                if node.keyword == Keyword::Cmd {
                    InstructionKind::Cmd(command)
                } else {
                    InstructionKind::Entrypoint(command)
                }
            }
            Keyword::Shell => {
                parse_flags(node, NO_FLAGS, &mut self.diagnostics);
                if node.arguments.is_empty() && !node.malformed {
                    self.at_least_one_argument(node);
                } else if node.form != ArgumentForm::Json {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "shell-not-json",
                            node.rest_span,
                            format!("SHELL requires the arguments to be in JSON form, not {:?}", node.rest),
                        )
                        .with_hint("write SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]"),
                    );
                }
                let shell =
                    node.arguments.iter().map(|argument| Word::literal(&argument.value, argument.span)).collect();
                InstructionKind::Shell(Shell { shell })
            }
            Keyword::Healthcheck => InstructionKind::Healthcheck(self.healthcheck(node)),
            Keyword::Onbuild => InstructionKind::Onbuild(self.onbuild(index, node)),
            Keyword::From => unreachable_from(),
            Keyword::Unknown => {
                self.unknown(node);
                InstructionKind::Unknown(Unknown { keyword: node.keyword_text.to_string() })
            }
        }
    }

    fn at_least_one_argument(&mut self, node: &Node) {
        let message = format!("{} requires at least one argument", node.keyword.name());
        self.error("missing-argument", node.keyword_span, message);
    }

    fn exactly_one_argument<'n>(&mut self, node: &'n Node) -> Option<&'n Argument> {
        match node.arguments.as_slice() {
            [argument] => Some(argument),
            _ => {
                let message = format!("{} requires exactly one argument", node.keyword.name());
                self.error("missing-argument", node.keyword_span, message);
                None
            }
        }
    }

    fn unknown(&mut self, node: &Node) {
        if node.keyword_text.is_empty() {
            self.error(
                "unknown-instruction",
                node.span,
                "a line continuation with no instruction: the file ends in an escape character",
            );
            return;
        }
        let mut diagnostic = Diagnostic::error(
            "unknown-instruction",
            node.keyword_span,
            format!("unknown instruction: {}", node.keyword_text),
        );
        if let Some(suggestion) = closest_match(&node.keyword_text, Keyword::ALL.iter().map(|keyword| keyword.name())) {
            diagnostic = diagnostic.with_hint(format!("did you mean {suggestion}?"));
        }
        self.diagnostics.push(diagnostic);
    }

    /// `ARG` before the first `FROM`: a global ARG, usable in `FROM` lines.
    fn global_arg(&mut self, node: &Node) -> InstructionKind {
        parse_flags(node, NO_FLAGS, &mut self.diagnostics);
        if node.arguments.is_empty() {
            self.at_least_one_argument(node);
        }
        let mut args: SmallVec<[ArgDeclaration; 1]> = SmallVec::with_capacity(node.arguments.len());
        let mut new_values = Vec::new();
        // Every word of the line sees the values from before it; taken out (not cloned) while `self` is borrowed.
        let globals = std::mem::take(&mut self.global_vars);
        for argument in &node.arguments {
            let Some(declaration) = self.arg_declaration(argument, &globals, true) else { continue };
            let value = self
                .options
                .build_args
                .get(declaration.name.value.as_str())
                .map(Text::from)
                .or_else(|| declaration.default.as_ref().map(|default| default.value.clone()));
            self.global_args.push(GlobalArg {
                name: declaration.name.value.clone(),
                value: value.clone(),
                span: argument.span,
            });
            new_values.push((declaration.name.value.clone(), value.clone()));
            args.push(ArgDeclaration { value, ..declaration });
        }
        self.global_vars = globals;
        for (name, value) in new_values {
            self.global_vars.retain(|(key, _)| *key != name);
            if let Some(value) = value {
                self.global_vars.push((name, value));
            }
        }
        InstructionKind::Arg(Arg { args })
    }

    /// Splits one `ARG` word into name and default, expanding the default with `vars`.
    fn arg_declaration(&mut self, argument: &Argument, vars: &dyn Vars, expand: bool) -> Option<ArgDeclaration> {
        let text = &argument.value;
        let (name, default) = match text.find('=') {
            Some(equals) => (text.slice(0..equals), Some(text.slice(equals + 1..text.len()))),
            None => (text.clone(), None),
        };
        if name.is_empty() {
            self.error("blank-name", argument.span, "ARG names can not be blank");
            return None;
        }
        let expander = Expander { lexer: self.lexer, vars, enabled: expand };
        let default = default.map(|default| expander.word(&default, argument.span, &mut self.diagnostics));
        Some(ArgDeclaration { name: Word::literal(name, argument.span), default, value: None })
    }

    /// `ARG` inside a stage. Without a default it imports the global ARG of the same name.
    fn stage_arg(&mut self, node: &Node, scope: &mut Scope, expand: bool) -> Arg {
        parse_flags(node, NO_FLAGS, &mut self.diagnostics);
        if node.arguments.is_empty() {
            self.at_least_one_argument(node);
        }
        let mut args: SmallVec<[ArgDeclaration; 1]> = SmallVec::with_capacity(node.arguments.len());
        for argument in &node.arguments {
            let Some(declaration) = self.arg_declaration(argument, &*scope, expand) else { continue };
            let name = declaration.name.value.clone();
            let value =
                self.options.build_args.get(name.as_str()).map(Text::from).or_else(|| match &declaration.default {
                    Some(default) => Some(default.value.clone()),
                    None => self.global_value(&name),
                });
            args.push(ArgDeclaration { value, ..declaration });
        }
        if expand {
            // Every default on the line was expanded before any of them takes effect, as with ENV.
            for declaration in &args {
                scope.set_arg(declaration.name.value.clone(), declaration.value.clone());
            }
        }
        Arg { args }
    }

    /// The value a stage imports with `ARG NAME`: a declared global ARG's, or an automatic platform ARG's.
    fn global_value(&self, name: &str) -> Option<Text> {
        let declared = self.global_args.iter().rev().find(|arg| arg.name == name);
        match declared {
            Some(arg) => arg.value.clone(),
            None => self.global_vars.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.clone()),
        }
    }

    fn from(&mut self, index: usize, node: &Node) -> InstructionKind {
        let flags = parse_flags(node, FROM_FLAGS, &mut self.diagnostics);
        let stage_index = self.stages.len();
        // Close the previous stage: its final scope is what a `FROM <that stage>` inherits.
        if stage_index > 0 {
            self.finished_scopes.push(std::mem::take(&mut self.scope));
        }
        let arguments = &node.arguments;
        let (image_argument, as_keyword, name_argument) = match arguments.as_slice() {
            [image] => (Some(image), None, None),
            [image, as_word, name] if as_word.value.eq_ignore_ascii_case("as") => {
                (Some(image), Some(as_word), Some(name))
            }
            _ => {
                let mut diagnostic = Diagnostic::error(
                    "from-arguments",
                    if node.rest_span.is_empty() { node.keyword_span } else { node.rest_span },
                    format!("FROM requires either one or three arguments, but got {}", arguments.len()),
                )
                .with_hint("write FROM <image> or FROM <image> AS <name>");
                if let [_, second, _] = arguments.as_slice() {
                    diagnostic.hint = Some(format!("the second word must be AS, not {:?}", second.value));
                }
                self.diagnostics.push(diagnostic);
                (arguments.first(), None, None)
            }
        };
        let globals = std::mem::take(&mut self.global_vars);
        let expander = Expander { lexer: self.lexer, vars: &globals, enabled: true };
        let image = match image_argument {
            Some(argument) => expander.word(&argument.value, argument.span, &mut self.diagnostics),
            None => Word::literal("", node.keyword_span),
        };
        let platform = flags.text("platform").map(|flag| expander.word(&flag.value, flag.span, &mut self.diagnostics));
        self.global_vars = globals;
        if image.value.is_empty() && image_argument.is_some() {
            self.diagnostics.push(
                Diagnostic::error("empty-image", image.span, format!("base name ({}) should not be blank", image.raw))
                    .with_hint("give the ARG a default value or pass --build-arg"),
            );
        }
        let stage_name = name_argument.map(|argument| {
            // Every stage name was lower-cased once already, when the names were gathered.
            let lowered = match self.all_stage_names.binary_search_by_key(&stage_index, |(_, at)| *at) {
                Ok(found) => self.all_stage_names.get(found).map_or_else(Text::empty, |(name, _)| name.clone()),
                Err(_) => lowercase_text(&argument.value),
            };
            if !is_valid_stage_name(&lowered) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "invalid-stage-name",
                        argument.span,
                        format!(
                            "invalid name for build stage: {:?}, name can't start with a number or contain symbols",
                            argument.value
                        ),
                    )
                    .with_hint("use lower-case letters, digits, '-', '_' and '.', starting with a letter"),
                );
            }
            Word {
                raw: argument.value.clone(),
                value: lowered,
                span: argument.span,
                used: Names::default(),
                unset: Names::default(),
            }
        });
        let base_name = lowercase(&image.value);
        let mut dependencies = Vec::new();
        let base = if image.value == "scratch" {
            StageBase::Scratch
        } else if let Some(parent) = self.stage_named(&base_name).filter(|&at| at < stage_index) {
            dependencies.push(StageDependency {
                stage: parent,
                kind: DependencyKind::From,
                instruction: index,
                span: image.span,
            });
            StageBase::Stage(parent)
        } else {
            // A name that is not an earlier stage's but is a stage's is a later one's (or this one's).
            if self.stage_named(&base_name).is_some() && !base_name.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(
                        "stage-used-before-definition",
                        image.span,
                        format!("stage {:?} is used here before it is defined", image.value),
                    )
                    .with_hint("a stage can only build on stages defined above it"),
                );
            }
            StageBase::Image(image.value.clone())
        };
        self.scope = match &base {
            StageBase::Stage(parent) => self.finished_scopes.get(*parent).cloned().unwrap_or_default(),
            _ => Scope::default(),
        };
        self.stages.push(Stage {
            index: stage_index,
            name: stage_name.as_ref().map(|name| name.value.clone()),
            base,
            platform: platform.as_ref().map(|platform| platform.value.to_string()),
            from_instruction: index,
            // The instructions up to the next `FROM`, counted so that the list is allocated once.
            instructions: Vec::with_capacity(
                self.tree
                    .nodes
                    .get(index + 1..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|node| node.keyword != Keyword::From)
                    .count(),
            ),
            dependencies,
            external_sources: Vec::new(),
            env: Vec::new(),
            args: Vec::new(),
            reachable: false,
            span: node.span,
        });
        InstructionKind::From(Box::new(From {
            platform,
            image,
            as_keyword: as_keyword.map(|word| Word::literal(&word.value, word.span)),
            stage_name,
        }))
    }

    /// The index of the first stage in the file with this (lower-cased) name, whether defined yet or not.
    ///
    /// Read from the list of names gathered up front rather than from the stages: it holds only names and indices,
    /// and a `FROM` or `--from` that names an earlier stage, a later one, or none is told apart in one pass.
    fn stage_named(&self, name: &str) -> Option<usize> {
        self.all_stage_names.iter().find(|(stage_name, _)| *stage_name == *name).map(|(_, at)| *at)
    }

    /// Resolves `--from=` / `from=`: an earlier stage (by name or index), or an image.
    fn link_source(&mut self, reference: &str, span: Span, kind: DependencyKind, instruction: usize) {
        let Some(current) = self.stages.len().checked_sub(1) else { return };
        let target = if let Ok(number) = reference.parse::<usize>() {
            if number >= current {
                self.diagnostics.push(
                    Diagnostic::error(
                        "stage-used-before-definition",
                        span,
                        format!("stage index {number} is not an earlier stage (this is stage {current})"),
                    )
                    .with_hint("--from=<index> counts stages from 0 and must point above the current one"),
                );
                return;
            }
            Some(number)
        } else {
            let name = lowercase(reference);
            match self.stage_named(&name) {
                Some(stage) if stage < current => Some(stage),
                Some(_) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "stage-used-before-definition",
                            span,
                            format!("stage {reference:?} is used here before it is defined, or by itself"),
                        )
                        .with_hint("move the stage above this instruction"),
                    );
                    return;
                }
                None => None,
            }
        };
        let stage = &mut self.stages[current];
        match target {
            Some(dependency) => stage.dependencies.push(StageDependency { stage: dependency, kind, instruction, span }),
            None => {
                stage.external_sources.push(ExternalSource { image: reference.to_string(), kind, instruction, span })
            }
        }
    }

    fn run(&mut self, index: usize, node: &Node, scope: &mut Scope, expand: bool) -> Run {
        let flags = parse_flags(node, RUN_FLAGS, &mut self.diagnostics);
        let mut command = command_line(node, &node.arguments);
        command.heredocs =
            node.heredocs.iter().map(|heredoc| heredoc_file(heredoc, heredoc.effective_content())).collect();
        let lexer = self.lexer;
        let mut mounts = Vec::new();
        for flag in flags.all("mount") {
            let workdir = scope.workdir.as_deref().unwrap_or("/");
            let mut expand_value = |value: &str| -> Result<String, String> {
                if !expand {
                    return Ok(value.to_string());
                }
                lexer.expand_word(value, &*scope).map(|expansion| expansion.value).map_err(|error| error.message)
            };
            if let Some(mount) = parse_mount(&flag.value, flag.span, workdir, &mut expand_value, &mut self.diagnostics)
            {
                if let (Some(from), true) = (&mount.from, expand) {
                    self.link_source(from, flag.span, DependencyKind::MountFrom, index);
                }
                mounts.push(mount);
            }
        }
        let network = flags.text("network").map(|flag| {
            if !matches!(flag.value.as_str(), "default" | "none" | "host") {
                let hint =
                    closest_match(&flag.value, ["default", "none", "host"]).map(|s| format!("did you mean {s}?"));
                let mut diagnostic = Diagnostic::error(
                    "invalid-network",
                    flag.span,
                    format!("unsupported network mode {:?}", flag.value),
                );
                diagnostic.hint = hint.or_else(|| Some("use default, none or host".into()));
                self.diagnostics.push(diagnostic);
            }
            Word::literal(&flag.value, flag.span)
        });
        let security = flags.text("security").map(|flag| {
            if !matches!(flag.value.as_str(), "sandbox" | "insecure") {
                self.diagnostics.push(
                    Diagnostic::error(
                        "invalid-security",
                        flag.span,
                        format!("unsupported security mode {:?}", flag.value),
                    )
                    .with_hint("use sandbox or insecure"),
                );
            }
            Word::literal(&flag.value, flag.span)
        });
        let devices = flags
            .all("device")
            .filter_map(|flag| parse_device(&flag.value, flag.span, &mut self.diagnostics))
            .collect();
        Run { command, mounts, network: network.map(Box::new), security: security.map(Box::new), devices }
    }

    fn copy(&mut self, index: usize, node: &Node, scope: &Scope, expand: bool) -> CopyFiles {
        let is_add = node.keyword == Keyword::Add;
        let flags = parse_flags(node, if is_add { ADD_FLAGS } else { COPY_FLAGS }, &mut self.diagnostics);
        let instruction = node.keyword.name();
        let expander = Expander { lexer: self.lexer, vars: scope, enabled: expand };
        let arguments = &node.arguments;
        if arguments.len() < 2 && !node.malformed {
            self.diagnostics.push(
                Diagnostic::error(
                    "missing-destination",
                    if node.rest_span.is_empty() { node.keyword_span } else { node.rest_span },
                    format!(
                        "{instruction} requires at least two arguments, but only {} provided; the destination could not be determined",
                        if arguments.is_empty() { "none was".to_string() } else { "one was".to_string() }
                    ),
                )
                .with_hint(format!("write {instruction} <source> <destination>, for example {instruction} . /app")),
            );
        }
        let (sources, destination) = match arguments.split_last() {
            Some((destination, sources)) if !sources.is_empty() => (sources, Some(destination)),
            _ => (&arguments[..0], None),
        };
        let destination = match destination {
            Some(argument) => {
                if matches!(parse_heredoc_marker(&argument.value), Ok(Some(_))) {
                    self.error(
                        "heredoc-destination",
                        argument.span,
                        format!("{instruction} cannot accept a heredoc as a destination"),
                    );
                }
                expander.word(&argument.value, argument.span, &mut self.diagnostics)
            }
            None => Word::literal("", node.rest_span),
        };
        let mut source_words = Words::with_capacity(sources.len());
        let mut heredoc_sources = Vec::new();
        for argument in sources {
            if node.form == ArgumentForm::Text {
                if let Ok(Some(marker)) = parse_heredoc_marker(&argument.value) {
                    if let Some(heredoc) = node.heredocs.iter().find(|heredoc| heredoc.name == marker.name) {
                        let body = heredoc.effective_content();
                        let content = if heredoc.expand {
                            expander.heredoc_body(&body, heredoc.body_span, &mut self.diagnostics)
                        } else {
                            body
                        };
                        heredoc_sources.push(heredoc_file(heredoc, content));
                    }
                    continue;
                }
            }
            source_words.push(expander.word(&argument.value, argument.span, &mut self.diagnostics));
        }
        let mut from = None;
        if let Some(flag) = flags.text("from") {
            if has_variables(&flag.value, self.lexer.escape) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "from-variable",
                        flag.span,
                        format!("variable expansion is not supported for --from ({:?})", flag.value),
                    )
                    .with_hint(format!("add a stage `FROM {} AS alias` and write --from=alias", flag.value)),
                );
            } else if expand {
                self.link_source(&flag.value, flag.span, DependencyKind::CopyFrom, index);
            }
            from = Some(Box::new(Word::literal(&flag.value, flag.span)));
        }
        let expand_flag = |name: &str, diagnostics: &mut Vec<Diagnostic>| {
            flags.text(name).map(|flag| Box::new(expander.word(&flag.value, flag.span, diagnostics)))
        };
        let chown = expand_flag("chown", &mut self.diagnostics);
        let chmod = expand_flag("chmod", &mut self.diagnostics);
        let checksum = expand_flag("checksum", &mut self.diagnostics);
        let excludes =
            flags.all("exclude").map(|flag| expander.word(&flag.value, flag.span, &mut self.diagnostics)).collect();
        if let Some(checksum) = &checksum {
            if source_words.len() + heredoc_sources.len() != 1 {
                self.error("checksum-sources", checksum.span, "checksum can't be specified for multiple sources");
            } else if let Some(source) = source_words.first().filter(|source| !is_remote_source(&source.value)) {
                let message = format!("checksum can't be specified for the local source {:?}", source.value);
                self.error("checksum-sources", checksum.span, message);
            }
        }
        CopyFiles {
            sources: source_words,
            heredoc_sources,
            destination,
            json_form: node.form == ArgumentForm::Json,
            from,
            chown,
            chmod,
            link: flags.bool("link").unwrap_or(false),
            parents: flags.bool("parents").unwrap_or(false),
            excludes,
            checksum,
            keep_git_dir: if is_add { flags.bool("keep-git-dir") } else { None },
            unpack: if is_add { flags.bool("unpack") } else { None },
        }
    }

    fn healthcheck(&mut self, node: &Node) -> Healthcheck {
        let mut result = Healthcheck {
            command: None,
            interval: DEFAULT_INTERVAL,
            timeout: DEFAULT_TIMEOUT,
            start_period: DEFAULT_START_PERIOD,
            start_interval: DEFAULT_START_INTERVAL,
            retries: DEFAULT_RETRIES,
        };
        let Some((kind, command)) = node.arguments.split_first() else {
            if !node.malformed {
                self.at_least_one_argument(node);
            }
            return result;
        };
        let kind_upper = kind.value.to_uppercase();
        if kind_upper == "NONE" {
            if !command.is_empty() {
                self.error("healthcheck-arguments", node.rest_span, "HEALTHCHECK NONE takes no arguments");
            }
            if let Some(flag) = node.flags.first() {
                self.diagnostics.push(Diagnostic::warning(
                    "ignored-flags",
                    flag.span,
                    "the options of HEALTHCHECK NONE are ignored by the builder",
                ));
            }
            return result;
        }
        let flags = parse_flags(node, HEALTHCHECK_FLAGS, &mut self.diagnostics);
        if kind_upper == "CMD" {
            if command.is_empty() && !node.malformed {
                self.error("healthcheck-arguments", kind.span, "Missing command after HEALTHCHECK CMD");
            }
            result.command = Some(command_line(node, command));
        } else {
            let mut diagnostic = Diagnostic::error(
                "healthcheck-type",
                kind.span,
                format!("Unknown type {:?} in HEALTHCHECK (try CMD)", kind.value),
            );
            if let Some(suggestion) = closest_match(&kind.value, ["CMD", "NONE"]) {
                diagnostic = diagnostic.with_hint(format!("did you mean {suggestion}?"));
            }
            self.diagnostics.push(diagnostic);
        }
        for (name, slot) in [
            ("interval", &mut result.interval),
            ("timeout", &mut result.timeout),
            ("start-period", &mut result.start_period),
            ("start-interval", &mut result.start_interval),
        ] {
            if let Some(duration) = self.duration_flag(&flags, name) {
                *slot = duration;
            }
        }
        if let Some(flag) = flags.text("retries") {
            match flag.value.parse::<i64>() {
                Ok(retries) if retries < 0 => {
                    self.error("invalid-retries", flag.span, format!("--retries cannot be negative ({retries})"));
                }
                Ok(0) => {}
                Ok(retries) => result.retries = u32::try_from(retries).unwrap_or(u32::MAX),
                Err(_) => self.error(
                    "invalid-retries",
                    flag.span,
                    format!("--retries must be a whole number, not {:?}", flag.value),
                ),
            }
        }
        result
    }

    /// A healthcheck duration option; `None` (the default applies) when absent, zero or invalid.
    fn duration_flag(&mut self, flags: &ParsedFlags, name: &str) -> Option<Duration> {
        let flag = flags.text(name)?;
        if flag.value.is_empty() {
            return None;
        }
        match parse_go_duration(&flag.value) {
            Ok(duration) if duration.is_zero() => None,
            Ok(duration) if duration < Duration::from_millis(1) => {
                self.error("invalid-duration", flag.span, format!("Interval {name:?} cannot be less than 1ms"));
                None
            }
            Ok(duration) => Some(duration),
            Err(message) => {
                self.diagnostics.push(
                    Diagnostic::error("invalid-duration", flag.span, format!("--{name}: {message}"))
                        .with_hint("durations need a unit, for example 30s, 5m or 1m30s"),
                );
                None
            }
        }
    }

    fn onbuild(&mut self, index: usize, node: &Node) -> Onbuild {
        parse_flags(node, NO_FLAGS, &mut self.diagnostics);
        let mut expression = node.rest.to_string();
        for heredoc in &node.heredocs {
            expression.push('\n');
            expression.push_str(&heredoc.content);
            expression.push_str(&heredoc.name);
        }
        let Some(child) = &node.child else {
            if !node.malformed {
                self.at_least_one_argument(node);
            }
            return Onbuild { expression, trigger: None };
        };
        match child.keyword {
            Keyword::Onbuild => {
                self.error(
                    "onbuild-trigger",
                    child.keyword_span,
                    "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                );
                return Onbuild { expression, trigger: None };
            }
            Keyword::From | Keyword::Maintainer => {
                let message = format!("{} isn't allowed as an ONBUILD trigger", child.keyword.name());
                self.error("onbuild-trigger", child.keyword_span, message);
                return Onbuild { expression, trigger: None };
            }
            _ => {}
        }
        // The trigger runs in a later build, with that build's variables: nothing is expanded or linked here.
        let mut scratch_scope = Scope::default();
        let trigger_node = Node { heredocs: node.heredocs.clone(), ..(**child).clone() };
        let kind = self.instruction(index, &trigger_node, &mut scratch_scope, false);
        let trigger = Instruction {
            kind,
            span: child.span,
            keyword_span: child.keyword_span,
            start_line: node.start_line,
            end_line: node.end_line,
            stage: self.stages.len().checked_sub(1),
        };
        Onbuild { expression, trigger: Some(Box::new(trigger)) }
    }

    fn finish(mut self) -> Lowered {
        if !self.stages.is_empty() {
            self.finished_scopes.push(std::mem::take(&mut self.scope));
        }
        // Nothing reads the finished scopes after this, so their variables move into the stages.
        for (stage, scope) in self.stages.iter_mut().zip(std::mem::take(&mut self.finished_scopes)) {
            stage.env = scope.env;
            stage.args = scope.args;
            if let Some(&last) = stage.instructions.last() {
                stage.span = stage.span.cover(self.instructions[last].span);
            }
        }
        let target_stage = match &self.options.target {
            Some(target) => {
                let wanted = target.to_lowercase();
                let found =
                    self.stages.iter().find(|stage| stage.name.as_deref() == Some(wanted.as_str())).map(|s| s.index);
                if found.is_none() {
                    let span = self.tree.nodes.first().map(|node| node.keyword_span).unwrap_or_default();
                    let mut diagnostic = Diagnostic::error(
                        "unknown-target",
                        span,
                        format!("target stage {target:?} could not be found"),
                    );
                    if let Some(suggestion) =
                        closest_match(&wanted, self.stages.iter().filter_map(|stage| stage.name.as_deref()))
                    {
                        diagnostic = diagnostic.with_hint(format!("did you mean {suggestion}?"));
                    }
                    self.diagnostics.push(diagnostic);
                }
                found
            }
            None => self.stages.len().checked_sub(1),
        };
        if let Some(target) = target_stage {
            let mut pending = vec![target];
            while let Some(stage) = pending.pop() {
                if std::mem::replace(&mut self.stages[stage].reachable, true) {
                    continue;
                }
                pending.extend(self.stages[stage].dependencies.iter().map(|dependency| dependency.stage));
            }
        }
        Lowered {
            instructions: self.instructions,
            global_args: self.global_args,
            stages: self.stages,
            target_stage,
            diagnostics: self.diagnostics,
        }
    }
}

/// `FROM` is lowered by [`Lowerer::from`] before [`Lowerer::instruction`] is reached; an `ONBUILD FROM` trigger
/// is refused before lowering. Returning an empty `Unknown` keeps this total without a panic.
fn unreachable_from() -> InstructionKind {
    InstructionKind::Unknown(Unknown { keyword: "FROM".to_string() })
}

fn command_line(node: &Node, arguments: &[Argument]) -> CommandLine {
    CommandLine {
        form: if node.form == ArgumentForm::Json { CommandForm::Exec } else { CommandForm::Shell },
        // A shell-form command is one word: put in place directly rather than collected.
        arguments: match arguments {
            [argument] => Words::from_buf([Word::literal(&argument.value, argument.span)]),
            _ => arguments.iter().map(|argument| Word::literal(&argument.value, argument.span)).collect(),
        },
        heredocs: Vec::new(),
    }
}

fn heredoc_file(heredoc: &Heredoc, content: String) -> HeredocFile {
    HeredocFile {
        name: heredoc.name.clone(),
        content,
        raw_content: heredoc.content.clone(),
        expand: heredoc.expand,
        chomp: heredoc.chomp,
        file_descriptor: heredoc.file_descriptor,
        span: heredoc.body_span,
    }
}

/// `^[a-z][a-z0-9-_.]*$`, the stage names BuildKit accepts (after lower-casing).
fn is_valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '-' | '_' | '.'))
}

/// Whether an `ADD` source is fetched (URL or git) rather than taken from the build context.
fn is_remote_source(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.ends_with(".git")
}

/// `text.to_lowercase()`, without a copy when it has no upper-case letter (stage names nearly never do).
fn lowercase(text: &str) -> Cow<'_, str> {
    // Folded over every byte rather than stopping at the first hit: names are short and nearly always already
    // lower-case, and a loop without a branch per byte is the cheaper way to read all of them.
    if text.bytes().fold(false, |found, byte| found | byte.is_ascii_uppercase() | !byte.is_ascii()) {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// [`lowercase`] for a [`Text`], sharing it when nothing changes.
fn lowercase_text(text: &Text) -> Text {
    match lowercase(text) {
        Cow::Borrowed(_) => text.clone(),
        Cow::Owned(lowered) => Text::from(lowered),
    }
}
