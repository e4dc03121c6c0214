//! The playground's whole state: what a share link carries and local storage keeps.
//!
//! Project changes and build events are kept in the engine's one-line event language (`remove .env`,
//! `replace models/model.safetensors`), so they are readable in the link's JSON, replayed by the engine itself,
//! and checked with [`dockerlab_engine::cache::Event::parse`] when a link is opened. A file's new text is a
//! `write PATH "TEXT"` change with the text as a JSON string, so it is one line and kept exactly ([`write_change`]),
//! and [`FileAction`] is what
//! the Project pane and the Context panel ask for, turned into such changes by [`PlaygroundState::apply`].

use dockerlab_engine::cache::{Event, World};
use dockerlab_engine::context::{clean_relative, is_same_or_under};
use serde::{Deserialize, Serialize};

use super::presets;

/// One panel beside the editor. Adding a panel is one variant here and one arm in the page's panel switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Panel {
    #[default]
    Layers,
    Cache,
    Lint,
    Context,
    Strategies,
    Compose,
}

impl Panel {
    /// The panels in the order of the panel bar.
    pub const ALL: [Panel; 6] =
        [Panel::Layers, Panel::Cache, Panel::Lint, Panel::Context, Panel::Strategies, Panel::Compose];

    /// The word in `?embed=<panel>` and in the state.
    pub fn id(self) -> &'static str {
        match self {
            Panel::Layers => "layers",
            Panel::Cache => "cache",
            Panel::Lint => "lint",
            Panel::Context => "context",
            Panel::Strategies => "strategies",
            Panel::Compose => "compose",
        }
    }

    /// The panel's accessible name and tab label.
    pub fn title(self) -> &'static str {
        match self {
            Panel::Layers => "Layers",
            Panel::Cache => "Build cache",
            Panel::Lint => "Lint",
            Panel::Context => "Context",
            Panel::Strategies => "Model strategies",
            Panel::Compose => "Compose",
        }
    }

    pub fn from_id(id: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|panel| panel.id().eq_ignore_ascii_case(id.trim()))
    }
}

/// The file the editor holds. It is part of the context as it is on disk, but its text is the state's own.
pub const DOCKERFILE: &str = "Dockerfile";
/// The file the Context panel's `.dockerignore` box holds; its text is also the state's own.
pub const DOCKERIGNORE: &str = ".dockerignore";

/// The verbs a project change may use: the ones that change files, not the builder's options.
pub const PROJECT_VERBS: [&str; 8] = ["add", "remove", "edit", "write", "append", "replace", "touch", "chmod"];

/// Everything the learner set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaygroundState {
    pub dockerfile: String,
    /// Changes to the default project, in order, in the event language.
    #[serde(default)]
    pub project: Vec<String>,
    /// The `.dockerignore` text; empty means the project has none.
    #[serde(default)]
    pub dockerignore: String,
    #[serde(default)]
    pub panel: Panel,
    /// The build history: the events between builds, in the event language. Build 1 is the first build.
    #[serde(default)]
    pub events: Vec<String>,
    /// The file open in the Project pane.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<String>,
    /// The figures the learner typed in the Model strategies panel; the others follow the project.
    #[serde(default, skip_serializing_if = "StrategyFigures::is_empty")]
    pub strategy: StrategyFigures,
}

/// The learner's own figures for the model-strategy comparison. `None` keeps the figure the panel starts from:
/// the project's model file and the engine's defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyFigures {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_mb: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updates_per_week: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth_mbit_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cold_starts_per_week: Option<f64>,
}

impl StrategyFigures {
    pub fn is_empty(&self) -> bool {
        *self == StrategyFigures::default()
    }

    /// Every figure given, in order.
    pub fn given(&self) -> impl Iterator<Item = f64> {
        [self.model_mb, self.updates_per_week, self.replicas, self.bandwidth_mbit_s, self.cold_starts_per_week]
            .into_iter()
            .flatten()
    }
}

// The figures are numbers: comparing them as exact values is what a state needs.
impl Eq for StrategyFigures {}

impl Default for PlaygroundState {
    fn default() -> Self {
        PlaygroundState {
            dockerfile: presets::WELL_ORDERED.to_owned(),
            project: Vec::new(),
            dockerignore: String::new(),
            panel: Panel::default(),
            events: Vec::new(),
            open: None,
            strategy: StrategyFigures::default(),
        }
    }
}

/// What a recorded change did when replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    pub world: World,
    /// Changes that could not be applied, with the reason (a removed file edited later, say).
    pub problems: Vec<String>,
}

impl PlaygroundState {
    /// The world of the first build: the default project with the learner's changes, `.dockerignore` and
    /// Dockerfile. The Dockerfile is also a file of the context, as it is on disk.
    pub fn world(&self) -> Replayed {
        let mut world = World::with_default_project(&self.dockerfile);
        let mut problems = Vec::new();
        for change in &self.project {
            if let Err(problem) = Event::parse(change).and_then(|event| event.apply(&mut world)) {
                problems.push(format!("{change}: {problem}"));
            }
        }
        if self.dockerignore.trim().is_empty() {
            world.context.remove(".dockerignore");
        } else {
            world.context.set_text(".dockerignore", &self.dockerignore);
        }
        world.context.set_text("Dockerfile", &self.dockerfile);
        Replayed { world, problems }
    }

    /// Records a project change after checking that it reads and is a file change.
    pub fn change_project(&mut self, change: &str) -> Result<(), String> {
        check_project_change(change)?;
        self.project.push(change.trim().to_owned());
        Ok(())
    }

    /// Does what the learner asked to a file. Returns the path acted on, cleaned as the project writes paths,
    /// or a sentence saying why nothing changed.
    pub fn apply(&mut self, action: &FileAction) -> Result<String, String> {
        match action {
            FileAction::Write { path, text } => self.write_file(path, text).map(|()| path.clone()),
            FileAction::Add { path, size } => self.add_file(path, size),
            FileAction::Remove(path) => match path.as_str() {
                DOCKERFILE => Err("The Dockerfile cannot be removed: the build reads it.".to_owned()),
                DOCKERIGNORE => {
                    self.dockerignore.clear();
                    Ok(path.clone())
                }
                _ => self.change_project(&format!("remove {path}")).map(|()| path.clone()),
            },
            FileAction::MarkChanged(path) => self.change_project(&format!("edit {path}")).map(|()| path.clone()),
        }
    }

    fn write_file(&mut self, path: &str, text: &str) -> Result<(), String> {
        match path {
            DOCKERFILE => return Err("The Dockerfile is the text in the editor.".to_owned()),
            DOCKERIGNORE => {
                self.dockerignore = text.to_owned();
                return Ok(());
            }
            _ => {}
        }
        let change = write_change(path, text);
        check_project_change(&change)?;
        // The pane writes the file at every keystroke. The previous write of the same file is replaced rather
        // than kept when no change since touched that path, so a typing session is one change, not hundreds.
        let last_touch = self.project.iter().rposition(|earlier| {
            Event::parse(earlier)
                .ok()
                .as_ref()
                .and_then(event_path)
                .is_some_and(|earlier| is_same_or_under(path, earlier) || is_same_or_under(earlier, path))
        });
        if let Some(index) = last_touch {
            if matches!(Event::parse(&self.project[index]), Ok(Event::Write(written, _)) if written == path) {
                self.project.remove(index);
            }
        }
        // Typed back to what it was: no change at all.
        let before = self.world().world.context.get(path).and_then(|file| file.text.clone());
        if before.as_deref() == Some(text) {
            return Ok(());
        }
        self.project.push(change);
        Ok(())
    }

    /// Adds a text file (no size given) or a file of `size` bytes (`3M`, `10k`) that the learner cannot read.
    fn add_file(&mut self, path: &str, size: &str) -> Result<String, String> {
        let path = path.trim();
        if path.is_empty() || path.contains(char::is_whitespace) || clean_relative(path) == "." {
            return Err("Give the file a path without spaces, such as notes/todo.md.".to_owned());
        }
        let path = clean_relative(path);
        match path.as_str() {
            DOCKERFILE => {
                return Err("The project already has its Dockerfile: it is the text in the editor.".to_owned())
            }
            DOCKERIGNORE => {
                return Err(
                    "Type .dockerignore rules in the Context panel: the file exists once it has a rule.".to_owned()
                )
            }
            _ => {}
        }
        let world = self.world().world;
        for file in world.context.files() {
            if is_same_or_under(&file.path, &path) {
                return Err(format!("{path} is already in the project: open it to change it."));
            }
            if is_same_or_under(&path, &file.path) {
                return Err(format!("{} is a file, so it cannot hold {path}.", file.path));
            }
        }
        let size = size.trim();
        let change = if size.is_empty() { write_change(&path, "") } else { format!("add {path} {size}") };
        check_project_change(&change)
            .map_err(|_| format!("Give the size as a number with k, M or G (3M, 10k), not {size:?}."))?;
        self.project.push(change);
        Ok(path)
    }
}

/// What the learner does to a file of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileAction {
    /// New text for a text file, as typed.
    Write {
        path: String,
        text: String,
    },
    /// A new file: a text file when `size` is empty, else a file of that many bytes (`3M`).
    Add {
        path: String,
        size: String,
    },
    Remove(String),
    /// New content of the same size, for a file whose text the playground does not hold.
    MarkChanged(String),
}

/// Whether the learner may remove the file at `path`; the build always has its Dockerfile.
pub fn removable(path: &str) -> bool {
    path != DOCKERFILE
}

/// The change that gives `path` the text `text`: `write PATH "TEXT"`, the text as a JSON string, so the change is
/// one line and the engine reads back exactly the text (blank space around it and typed backslashes included).
pub fn write_change(path: &str, text: &str) -> String {
    if text.is_empty() {
        return format!("write {path}");
    }
    let quoted = serde_json::to_string(text).unwrap_or_default();
    format!("write {path} {quoted}")
}

/// The path a file change names.
fn event_path(event: &Event) -> Option<&str> {
    match event {
        Event::Edit(path)
        | Event::Touch(path)
        | Event::Remove(path)
        | Event::Chmod(path, _)
        | Event::Add(path, _)
        | Event::Replace(path, _)
        | Event::Write(path, _)
        | Event::Append(path, _) => Some(path),
        _ => None,
    }
}

/// Whether `change` is a project change in the event language.
pub fn check_project_change(change: &str) -> Result<(), String> {
    let verb = change.split_whitespace().next().unwrap_or_default();
    if !PROJECT_VERBS.contains(&verb) {
        return Err(format!("{verb:?} is not a change to a file"));
    }
    Event::parse(change).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_are_found_by_their_ids_and_have_the_accessible_names() {
        for panel in Panel::ALL {
            assert_eq!(Panel::from_id(panel.id()), Some(panel));
        }
        assert_eq!(Panel::from_id("Lint"), Some(Panel::Lint));
        assert_eq!(Panel::from_id("swarm"), None);
        let names: Vec<&str> = Panel::ALL.iter().map(|panel| panel.title()).collect();
        assert_eq!(names, ["Layers", "Build cache", "Lint", "Context", "Model strategies", "Compose"]);
    }

    #[test]
    fn the_world_replays_project_changes_and_reports_the_ones_that_fail() {
        let mut state = PlaygroundState::default();
        state.change_project("remove .env").unwrap();
        state.change_project("add notes/todo.md 2k").unwrap();
        state.project.push("edit does/not/exist.py".into());
        state.dockerignore = "data/\n".into();
        let replayed = state.world();
        assert!(replayed.world.context.get(".env").is_none());
        assert_eq!(replayed.world.context.get("notes/todo.md").unwrap().size, 2_000);
        assert_eq!(replayed.world.context.dockerignore(), Some("data/\n"));
        assert_eq!(replayed.problems.len(), 1);
        assert!(replayed.problems[0].contains("does/not/exist.py"));
    }

    fn write(path: &str, text: &str) -> FileAction {
        FileAction::Write { path: path.to_owned(), text: text.to_owned() }
    }

    fn text_of(state: &PlaygroundState, path: &str) -> Option<String> {
        state.world().world.context.get(path).and_then(|file| file.text.clone())
    }

    #[test]
    fn typing_in_a_file_is_one_write_change_with_line_breaks_escaped() {
        let mut state = PlaygroundState::default();
        let original = text_of(&state, "requirements.txt").unwrap();
        let mut typed = original.clone();
        for word in ["xgboost", "==", "2.0.3"] {
            typed.push_str(word);
            assert_eq!(state.apply(&write("requirements.txt", &typed)), Ok("requirements.txt".to_owned()));
        }
        typed.push('\n');
        state.apply(&write("requirements.txt", &typed)).unwrap();
        assert_eq!(state.project.len(), 1, "{:?}", state.project);
        assert!(state.project[0].starts_with("write requirements.txt \"torch==2.3.1\\ntransformers"));
        assert!(!state.project[0].contains('\n'), "one line: {:?}", state.project[0]);
        assert_eq!(text_of(&state, "requirements.txt").unwrap(), typed);
        // Typed back to the original text: nothing is left to record.
        state.apply(&write("requirements.txt", &original)).unwrap();
        assert_eq!(state.project, Vec::<String>::new());
    }

    #[test]
    fn writes_to_two_files_in_turn_keep_one_change_each_and_other_changes_stay_in_order() {
        let mut state = PlaygroundState::default();
        for round in 0..5 {
            state.apply(&write("requirements.txt", &format!("numpy=={round}\n"))).unwrap();
            state.apply(&write(".env.example", &format!("TOKEN={round}\n"))).unwrap();
        }
        assert_eq!(state.project.len(), 2, "{:?}", state.project);
        assert_eq!(text_of(&state, ".env.example").unwrap(), "TOKEN=4\n");
        // A change between two writes that touches the file keeps the earlier write where it was.
        state.apply(&FileAction::MarkChanged(".env.example".to_owned())).unwrap();
        state.apply(&write(".env.example", "TOKEN=5\n")).unwrap();
        assert_eq!(state.project.len(), 4, "{:?}", state.project);
        assert_eq!(state.world().problems, Vec::<String>::new());
    }

    #[test]
    fn special_characters_and_inner_blank_space_survive_a_write() {
        let mut state = PlaygroundState::default();
        let text = "# <script>alert(\"x\")</script> & 100%\nnumpy==1.26.4  # déjà vu ✓\n\n\tpath\\to\\file ?a=1#b\n";
        state.apply(&write("requirements.txt", text)).unwrap();
        assert_eq!(text_of(&state, "requirements.txt").unwrap(), text);
    }

    #[test]
    fn a_write_keeps_blank_space_around_the_text_and_typed_backslashes() {
        let mut state = PlaygroundState::default();
        for text in ["  numpy\n", "print('a\\nb')\n", "numpy ", "\n\n", "\"quoted\" \\ \t end"] {
            state.apply(&write("notes.md", text)).unwrap();
            assert_eq!(text_of(&state, "notes.md").as_deref(), Some(text), "{text:?}");
            assert!(!state.project.last().unwrap().contains('\n'), "one line: {:?}", state.project);
        }
        assert_eq!(write_change("notes.md", ""), "write notes.md");
    }

    #[test]
    fn the_dockerignore_and_the_dockerfile_keep_their_own_fields() {
        let mut state = PlaygroundState::default();
        state.apply(&write(DOCKERIGNORE, "data/\n.env\n")).unwrap();
        assert_eq!(state.dockerignore, "data/\n.env\n");
        assert!(state.project.is_empty());
        assert!(state.apply(&write(DOCKERFILE, "FROM scratch\n")).is_err());
        assert!(state.apply(&FileAction::Remove(DOCKERFILE.to_owned())).is_err());
        assert!(!removable(DOCKERFILE) && removable(DOCKERIGNORE));
        state.apply(&FileAction::Remove(DOCKERIGNORE.to_owned())).unwrap();
        assert_eq!(state.dockerignore, "");
        assert!(state.world().world.context.get(DOCKERIGNORE).is_none());
    }

    #[test]
    fn added_files_are_text_without_a_size_and_opaque_with_one() {
        let mut state = PlaygroundState::default();
        let add = |path: &str, size: &str| FileAction::Add { path: path.to_owned(), size: size.to_owned() };
        assert_eq!(state.apply(&add("./notes//todo.md", "")), Ok("notes/todo.md".to_owned()));
        assert_eq!(text_of(&state, "notes/todo.md").as_deref(), Some(""));
        state.apply(&write("notes/todo.md", "- write tests\n")).unwrap();
        // The write that created the file is replaced too: writing creates a file as well.
        assert_eq!(state.project, ["write notes/todo.md \"- write tests\\n\""]);
        assert_eq!(state.apply(&add("data/new.csv", "3M")), Ok("data/new.csv".to_owned()));
        let world = state.world().world;
        let added = world.context.get("data/new.csv").unwrap();
        assert_eq!((added.size, added.text.is_none()), (3_000_000, true));
        for (path, size) in [
            ("two words.md", ""),
            ("", ""),
            ("notes/todo.md", ""),
            ("src", "1k"),
            ("README.md/x", ""),
            ("big.bin", "lots"),
        ] {
            let before = state.project.clone();
            let error = state.apply(&add(path, size)).unwrap_err();
            assert!(error.ends_with('.'), "{error}");
            assert_eq!(state.project, before, "{path}");
        }
        assert!(state.apply(&add(DOCKERIGNORE, "")).is_err());
    }

    #[test]
    fn only_file_changes_count_as_project_changes() {
        assert!(check_project_change("move-tag python:3.12-slim").is_err());
        assert!(check_project_change("remove").is_err());
        assert!(check_project_change("append requirements.txt pydantic==2.7.4").is_ok());
    }
}
