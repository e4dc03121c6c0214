//! The playground's whole state: what a share link carries and local storage keeps.
//!
//! Project changes and build events are kept in the engine's one-line event language (`remove .env`,
//! `replace models/model.safetensors`), so they are readable in the link's JSON, replayed by the engine itself,
//! and checked with [`dockerlab_engine::cache::Event::parse`] when a link is opened.

use dockerlab_engine::cache::{Event, World};
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
}

impl Default for PlaygroundState {
    fn default() -> Self {
        PlaygroundState {
            dockerfile: presets::WELL_ORDERED.to_owned(),
            project: Vec::new(),
            dockerignore: String::new(),
            panel: Panel::default(),
            events: Vec::new(),
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

    #[test]
    fn only_file_changes_count_as_project_changes() {
        assert!(check_project_change("move-tag python:3.12-slim").is_err());
        assert!(check_project_change("remove").is_err());
        assert!(check_project_change("append requirements.txt pydantic==2.7.4").is_ok());
    }
}
