//! Interactive blocks: fenced code blocks whose info string starts with `dockerlab-`, parsed into typed values.
//!
//! The body of a block is `key: value` lines (see [`crate::fields`]); the playground and predict blocks may add
//! a line `---` followed by a Dockerfile that replaces the preset's. For example:
//!
//! ````text
//! ```dockerlab-predict
//! preset: lgbm-api
//! event: edit app/serve.py
//! question: You fixed a typo in the service code. Which steps run again?
//! ```
//! ````
//!
//! Problems point at lines of the lesson file. References that need other files (a quiz id) are checked when
//! the whole course is assembled, see [`crate::course`].

use dockerlab_engine::compose;
use dockerlab_engine::{analyze, AnalyzeOptions};

use crate::fields::{list, parse_fields, Field, FieldReader};
use crate::presets::{self, Preset};
use crate::Problem;

/// A live component in a lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Playground(PlaygroundBlock),
    Predict(PredictBlock),
    Strategy(StrategyBlock),
    Quiz(QuizBlock),
    Diagram(DiagramBlock),
    Compose(ComposeBlock),
}

impl Block {
    /// The info-string name of the block kind (`dockerlab-…`).
    pub fn kind(&self) -> &'static str {
        match self {
            Block::Playground(_) => "dockerlab-playground",
            Block::Predict(_) => "dockerlab-predict",
            Block::Strategy(_) => "dockerlab-strategy",
            Block::Quiz(_) => "dockerlab-quiz",
            Block::Diagram(_) => "dockerlab-diagram",
            Block::Compose(_) => "dockerlab-compose",
        }
    }
}

/// The info strings of every block kind.
pub const KINDS: [&str; 6] = [
    "dockerlab-playground",
    "dockerlab-predict",
    "dockerlab-strategy",
    "dockerlab-quiz",
    "dockerlab-diagram",
    "dockerlab-compose",
];

/// A change to the preset's build context between two builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextEvent {
    /// A file's content changes (`edit app/serve.py`).
    Edit(String),
    /// A new file appears (`add notebooks/eda-2.ipynb`).
    Add(String),
    /// A file is deleted (`remove tests/test_serve.py`).
    Remove(String),
}

impl ContextEvent {
    /// A sentence for the page: "app/serve.py is edited".
    pub fn describe(&self) -> String {
        match self {
            ContextEvent::Edit(path) => format!("{path} is edited"),
            ContextEvent::Add(path) => format!("{path} is added"),
            ContextEvent::Remove(path) => format!("{path} is removed"),
        }
    }

    pub fn path(&self) -> &str {
        match self {
            ContextEvent::Edit(path) | ContextEvent::Add(path) | ContextEvent::Remove(path) => path,
        }
    }
}

/// An editable Dockerfile with its preset context and an optional event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaygroundBlock {
    pub preset: &'static Preset,
    pub dockerfile: String,
    pub event: Option<ContextEvent>,
    pub title: Option<String>,
}

/// "Predict which layers rebuild": a Dockerfile, a preset context and one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictBlock {
    pub preset: &'static Preset,
    pub dockerfile: String,
    pub event: ContextEvent,
    pub question: String,
}

/// The ways to get a model file into a running container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelStrategy {
    Bake,
    Download,
    Mount,
}

impl ModelStrategy {
    pub const ALL: [ModelStrategy; 3] = [ModelStrategy::Bake, ModelStrategy::Download, ModelStrategy::Mount];

    pub fn from_name(name: &str) -> Option<ModelStrategy> {
        match name {
            "bake" => Some(ModelStrategy::Bake),
            "download" => Some(ModelStrategy::Download),
            "mount" => Some(ModelStrategy::Mount),
            _ => None,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ModelStrategy::Bake => "Bake the model into the image",
            ModelStrategy::Download => "Download the model at start-up",
            ModelStrategy::Mount => "Mount the model from a volume",
        }
    }

    /// One sentence on how the strategy works.
    pub fn how(self) -> &'static str {
        match self {
            ModelStrategy::Bake => {
                "A COPY instruction puts the weights in a layer, so the image tag names code and model together."
            }
            ModelStrategy::Download => {
                "The entrypoint fetches the weights from object storage or a registry before serving."
            }
            ModelStrategy::Mount => {
                "The container reads the weights from a path that the host or the orchestrator provides."
            }
        }
    }
}

/// A comparison of model-shipping strategies for one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrategyBlock {
    /// The model being shipped, in the lesson's words ("a 900 MB sentence-embedding model").
    pub model: String,
    pub strategies: Vec<ModelStrategy>,
}

/// A quiz question, by id; the quiz itself lives in `quizzes/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizBlock {
    pub id: String,
    /// The lesson line, for reporting an id that does not resolve.
    pub line: u32,
}

/// The diagrams the app can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagramKind {
    ContainerVsVm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiagramBlock {
    pub kind: DiagramKind,
}

/// A Compose file with its service graph, a simulated `docker compose up` timeline and lint, with a toggle
/// per profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeBlock {
    pub title: Option<String>,
    /// The Compose file written after `---`.
    pub compose: String,
    /// The profiles offered as toggles; every profile in the file when the block names none.
    pub profiles: Vec<String>,
}

/// Parses a block. `kind` is the info string's first word; `body_line` is the lesson line of the body's first
/// line. A Dockerfile in the block is checked with the engine, and its errors are problems too.
pub fn parse_block(kind: &str, body: &str, body_line: u32) -> Result<Block, Vec<Problem>> {
    let (header, dockerfile) = split_body(body, body_line);
    let (fields, mut problems) = parse_fields(header, body_line);
    let mut reader = FieldReader::new(&fields, body_line.saturating_sub(1).max(1));
    let block = match kind {
        "dockerlab-playground" => {
            reader.reject_unknown(&["preset", "event", "title"]);
            let preset = preset(&mut reader);
            let event = reader.optional("event").map(|field| (field.clone(), preset));
            let event = event.and_then(|(field, preset)| context_event(&field, preset, &mut reader.problems));
            let title = reader.optional("title").map(|field| field.value.clone());
            preset.map(|preset| {
                Block::Playground(PlaygroundBlock {
                    preset,
                    dockerfile: dockerfile_text(preset, dockerfile, &mut reader.problems),
                    event,
                    title,
                })
            })
        }
        "dockerlab-predict" => {
            reader.reject_unknown(&["preset", "event", "question"]);
            let preset = preset(&mut reader);
            let event = match reader.optional("event") {
                Some(field) => context_event(field, preset, &mut reader.problems),
                None => {
                    reader
                        .problems
                        .push(Problem::new(reader.line, "`event` is missing: say what changes before the rebuild"));
                    None
                }
            };
            let question = reader
                .optional("question")
                .map(|field| field.value.clone())
                .unwrap_or_else(|| "Which steps run again, and which come from the cache?".to_owned());
            match (preset, event) {
                (Some(preset), Some(event)) => Some(Block::Predict(PredictBlock {
                    preset,
                    dockerfile: dockerfile_text(preset, dockerfile, &mut reader.problems),
                    event,
                    question,
                })),
                _ => None,
            }
        }
        "dockerlab-strategy" => {
            reader.reject_unknown(&["model", "strategies"]);
            let model = reader.required("model");
            let strategies = match reader.optional("strategies") {
                None => ModelStrategy::ALL.to_vec(),
                Some(field) => list(&field.value)
                    .iter()
                    .filter_map(|name| {
                        let strategy = ModelStrategy::from_name(name);
                        if strategy.is_none() {
                            reader.problems.push(Problem::new(
                                field.line,
                                format!("unknown strategy {name:?}: use bake, download or mount"),
                            ));
                        }
                        strategy
                    })
                    .collect(),
            };
            no_dockerfile(kind, dockerfile, &mut reader.problems);
            Some(Block::Strategy(StrategyBlock { model, strategies }))
        }
        "dockerlab-quiz" => {
            reader.reject_unknown(&["id"]);
            let line = reader.optional("id").map_or(reader.line, |field| field.line);
            let id = reader.required("id");
            no_dockerfile(kind, dockerfile, &mut reader.problems);
            Some(Block::Quiz(QuizBlock { id, line }))
        }
        "dockerlab-diagram" => {
            reader.reject_unknown(&["kind"]);
            let line = reader.optional("kind").map_or(reader.line, |field| field.line);
            let name = reader.required("kind");
            no_dockerfile(kind, dockerfile, &mut reader.problems);
            match name.as_str() {
                "container-vs-vm" => Some(Block::Diagram(DiagramBlock { kind: DiagramKind::ContainerVsVm })),
                "" => None,
                other => {
                    reader.problems.push(Problem::new(
                        line,
                        format!("unknown diagram {other:?}: the one diagram is container-vs-vm"),
                    ));
                    None
                }
            }
        }
        "dockerlab-compose" => {
            reader.reject_unknown(&["title", "profiles"]);
            let title = reader.optional("title").map(|field| field.value.clone());
            let profiles_field = reader.optional("profiles").cloned();
            compose_block(title, profiles_field, dockerfile, reader.line, &mut reader.problems).map(Block::Compose)
        }
        other => {
            reader.problems.push(Problem::new(
                reader.line,
                format!("unknown block {other:?}: the blocks are {}", KINDS.join(", ")),
            ));
            None
        }
    };
    problems.append(&mut reader.problems);
    match block {
        Some(block) if problems.is_empty() => Ok(block),
        _ => Err(problems),
    }
}

/// A Dockerfile written inside a block, with the lesson line of its first line.
struct InlineDockerfile<'a> {
    text: &'a str,
    line: u32,
}

fn split_body(body: &str, body_line: u32) -> (&str, Option<InlineDockerfile<'_>>) {
    let mut offset = 0;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let rest = &body[offset + line.len()..];
            return (&body[..offset], Some(InlineDockerfile { text: rest, line: body_line + index as u32 + 1 }));
        }
        offset += line.len();
    }
    (body, None)
}

fn preset(reader: &mut FieldReader<'_>) -> Option<&'static Preset> {
    let line = reader.optional("preset").map_or(reader.line, |field| field.line);
    let id = reader.required("preset");
    if id.is_empty() {
        return None;
    }
    let found = presets::find(&id);
    if found.is_none() {
        let known: Vec<&str> = presets::PRESETS.iter().map(|preset| preset.id).collect();
        reader.problems.push(Problem::new(line, format!("unknown preset {id:?} (presets: {})", known.join(", "))));
    }
    found
}

fn context_event(field: &Field, preset: Option<&Preset>, problems: &mut Vec<Problem>) -> Option<ContextEvent> {
    let (verb, path) =
        field.value.split_once(' ').map(|(verb, path)| (verb, path.trim())).unwrap_or((&field.value, ""));
    let event = match verb {
        "edit" if !path.is_empty() => ContextEvent::Edit(path.to_owned()),
        "add" if !path.is_empty() => ContextEvent::Add(path.to_owned()),
        "remove" if !path.is_empty() => ContextEvent::Remove(path.to_owned()),
        _ => {
            problems.push(Problem::new(
                field.line,
                format!("event {:?} is not `edit PATH`, `add PATH` or `remove PATH`", field.value),
            ));
            return None;
        }
    };
    if let Some(preset) = preset {
        let problem = match event {
            ContextEvent::Add(_) if preset.files.iter().any(|file| file.path == event.path()) => {
                Some(format!("{} is already in the context of preset {:?}", event.path(), preset.id))
            }
            ContextEvent::Edit(_) | ContextEvent::Remove(_) if !preset.contains(event.path()) => {
                Some(format!("{} is not in the context of preset {:?}", event.path(), preset.id))
            }
            _ => None,
        };
        if let Some(problem) = problem {
            problems.push(Problem::new(field.line, problem));
            return None;
        }
    }
    Some(event)
}

/// The block's own Dockerfile if it has one (checked with the engine), else the preset's.
fn dockerfile_text(preset: &Preset, inline: Option<InlineDockerfile<'_>>, problems: &mut Vec<Problem>) -> String {
    match inline {
        Some(inline) if !inline.text.trim().is_empty() => {
            problems.extend(dockerfile_problems(inline.text, inline.line));
            inline.text.to_owned()
        }
        _ => preset.dockerfile.to_owned(),
    }
}

fn no_dockerfile(kind: &str, inline: Option<InlineDockerfile<'_>>, problems: &mut Vec<Problem>) {
    if let Some(inline) = inline {
        problems.push(Problem::new(inline.line - 1, format!("{kind} takes no Dockerfile after `---`")));
    }
}

/// A Compose block needs a Compose file after `---` that the engine reads without errors (lint findings are
/// fine: a lesson may show them on purpose), and its profiles must be ones the file uses.
fn compose_block(
    title: Option<String>,
    profiles_field: Option<Field>,
    inline: Option<InlineDockerfile<'_>>,
    line: u32,
    problems: &mut Vec<Problem>,
) -> Option<ComposeBlock> {
    let Some(inline) = inline.filter(|inline| !inline.text.trim().is_empty()) else {
        problems.push(Problem::new(line, "dockerlab-compose needs a Compose file after a `---` line"));
        return None;
    };
    let analysis = compose::analyze(inline.text, &compose::ParseOptions::default());
    for diagnostic in analysis.diagnostics.iter().filter(|diagnostic| diagnostic.is_error()) {
        problems.push(Problem::new(
            inline.line + diagnostic.span.line.saturating_sub(1),
            format!("Compose error [{}]: {}", diagnostic.code, diagnostic.message),
        ));
    }
    let in_file = analysis.file.profiles();
    let profiles = match &profiles_field {
        None => in_file,
        Some(field) => {
            let named = list(&field.value);
            for name in named.iter().filter(|name| !in_file.contains(name)) {
                problems.push(Problem::new(
                    field.line,
                    format!("no service uses the profile {name:?} (profiles in the file: {})", in_file.join(", ")),
                ));
            }
            named
        }
    };
    Some(ComposeBlock { title, compose: inline.text.to_owned(), profiles })
}

/// The engine's errors about a Dockerfile shown in a lesson, located to lesson lines. Warnings are allowed: a
/// lesson may show a Dockerfile that works but could be better.
pub fn dockerfile_problems(text: &str, first_line: u32) -> Vec<Problem> {
    analyze(text, &AnalyzeOptions::default())
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| {
            Problem::new(
                first_line + diagnostic.span.line.saturating_sub(1),
                format!("Dockerfile error [{}]: {}", diagnostic.code, diagnostic.message),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(kind: &str, body: &str) -> Vec<String> {
        parse_block(kind, body, 20).unwrap_err().into_iter().map(|problem| problem.to_string()).collect()
    }

    #[test]
    fn playground_uses_the_preset_dockerfile_or_its_own() {
        let Ok(Block::Playground(block)) =
            parse_block("dockerlab-playground", "preset: lgbm-api\nevent: edit app/serve.py\n", 20)
        else {
            panic!("expected a playground");
        };
        assert_eq!(block.dockerfile, presets::find("lgbm-api").unwrap().dockerfile);
        assert_eq!(block.event, Some(ContextEvent::Edit("app/serve.py".into())));

        let body = "preset: lgbm-api\n---\nFROM python:3.12-slim\nCOPY . .\n";
        let Ok(Block::Playground(block)) = parse_block("dockerlab-playground", body, 20) else {
            panic!("expected a playground");
        };
        assert_eq!(block.dockerfile, "FROM python:3.12-slim\nCOPY . .\n");
    }

    #[test]
    fn inline_dockerfile_errors_point_at_lesson_lines() {
        let body = "preset: lgbm-api\n---\nFROM python:3.12-slim\nRUNN pip install x\n";
        let found = problems("dockerlab-playground", body);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("line 23: Dockerfile error"), "{found:?}");
    }

    #[test]
    fn predict_needs_an_event_that_fits_the_context() {
        assert_eq!(
            problems("dockerlab-predict", "preset: lgbm-api\n"),
            vec!["line 19: `event` is missing: say what changes before the rebuild"]
        );
        assert_eq!(
            problems("dockerlab-predict", "preset: lgbm-api\nevent: edit app/missing.py\n"),
            vec!["line 21: app/missing.py is not in the context of preset \"lgbm-api\""]
        );
        assert_eq!(
            problems("dockerlab-predict", "preset: lgbm-api\nevent: add requirements.txt\n"),
            vec!["line 21: requirements.txt is already in the context of preset \"lgbm-api\""]
        );
        assert_eq!(
            problems("dockerlab-predict", "preset: lgbm-api\nevent: rename x\n"),
            vec!["line 21: event \"rename x\" is not `edit PATH`, `add PATH` or `remove PATH`"]
        );
        assert!(parse_block("dockerlab-predict", "preset: lgbm-api\nevent: add notebooks/new.ipynb\n", 1).is_ok());
    }

    #[test]
    fn unknown_presets_kinds_fields_and_strategies() {
        assert_eq!(
            problems("dockerlab-playground", "preset: nope\n"),
            vec!["line 20: unknown preset \"nope\" (presets: lgbm-api, torch-training)"]
        );
        assert_eq!(
            problems("dockerlab-chart", "x: 1\n"),
            vec!["line 19: unknown block \"dockerlab-chart\": the blocks are dockerlab-playground, dockerlab-predict, dockerlab-strategy, dockerlab-quiz, dockerlab-diagram, dockerlab-compose"]
        );
        assert_eq!(
            problems("dockerlab-quiz", "id: a\ncolour: red\n"),
            vec!["line 21: unknown field `colour` (known fields: id)"]
        );
        assert_eq!(
            problems("dockerlab-strategy", "model: m\nstrategies: bake, ship\n"),
            vec!["line 21: unknown strategy \"ship\": use bake, download or mount"]
        );
        assert_eq!(
            problems("dockerlab-diagram", "kind: pie\n"),
            vec!["line 20: unknown diagram \"pie\": the one diagram is container-vs-vm"]
        );
    }

    #[test]
    fn quiz_strategy_and_diagram_blocks() {
        assert_eq!(
            parse_block("dockerlab-quiz", "id: writable-layer\n", 5),
            Ok(Block::Quiz(QuizBlock { id: "writable-layer".into(), line: 5 }))
        );
        let Ok(Block::Strategy(block)) = parse_block("dockerlab-strategy", "model: a 2 GB model\n", 1) else {
            panic!("expected a strategy block");
        };
        assert_eq!(block.strategies, ModelStrategy::ALL.to_vec());
        assert_eq!(
            parse_block("dockerlab-diagram", "kind: container-vs-vm\n", 1),
            Ok(Block::Diagram(DiagramBlock { kind: DiagramKind::ContainerVsVm }))
        );
    }

    #[test]
    fn compose_blocks_need_a_file_that_reads_without_errors() {
        let body =
            "title: A stack\n---\nservices:\n  api:\n    image: a:1\n  train:\n    build: .\n    profiles: [train]\n";
        let Ok(Block::Compose(block)) = parse_block("dockerlab-compose", body, 20) else {
            panic!("expected a compose block");
        };
        assert_eq!(block.profiles, ["train"]);
        assert_eq!(block.title.as_deref(), Some("A stack"));
        assert_eq!(
            problems("dockerlab-compose", "title: x\n"),
            vec!["line 19: dockerlab-compose needs a Compose file after a `---` line"]
        );
        let broken = "---\nservices:\n  api:\n    image: a:1\n    depends_on: [db]\n";
        let found = problems("dockerlab-compose", broken);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("line 24: Compose error [compose-unknown-service]"), "{found:?}");
        assert_eq!(
            problems("dockerlab-compose", "profiles: gpu\n---\nservices:\n  api:\n    image: a:1\n"),
            vec!["line 20: no service uses the profile \"gpu\" (profiles in the file: )"]
        );
    }
}
