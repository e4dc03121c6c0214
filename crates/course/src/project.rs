//! The build contexts that graded quiz kinds run against: the engine's default ML project, or one of the
//! course's presets turned into a [`BuildContext`] the cache simulator, the size estimator and the linter can read.
//!
//! Presets list paths only (a folder ends with `/`), because lessons show them as a file list. The sizes given
//! here are rounded illustrations of such a project, not measurements: they change how long a simulated
//! build takes and how big an image is estimated, never which steps rebuild.

use dockerlab_engine::cache::{Event, World};
use dockerlab_engine::context::{default_ml_project, BuildContext, ContextFile};

use crate::blocks::ContextEvent;
use crate::presets::{self, Preset};

/// The project name that means the engine's default ML project.
pub const DEFAULT_PROJECT: &str = "default";

const KB: u64 = 1_000;
const MB: u64 = 1_000_000;

/// The `.dockerignore` the `lgbm-api` preset ships with.
const LGBM_DOCKERIGNORE: &str = ".git\n.venv\n.env\ndata/\nnotebooks/\ntests/\n**/__pycache__\n";
const LGBM_REQUIREMENTS: &str = "lightgbm==4.3.0\nnumpy==1.26.4\npandas==2.2.2\nfastapi==0.111.0\nuvicorn==0.30.1\n";
const TORCH_REQUIREMENTS: &str = "torch==2.3.1\nnumpy==1.26.4\npyyaml==6.0.1\ntqdm==4.66.4\n";

/// A file that stands for a preset folder's contents, with its illustrative size.
fn folder_file(folder: &str) -> (String, u64) {
    match folder {
        "notebooks/" => ("notebooks/exploration.ipynb".into(), 2 * MB),
        "data/" => ("data/train.parquet".into(), 900 * MB),
        ".venv/" => (".venv/lib/site-packages/lightgbm/lib_lightgbm.so".into(), 300 * MB),
        ".git/" => (".git/objects/pack/pack-1.pack".into(), 60 * MB),
        "src/" => ("src/model.py".into(), 8 * KB),
        "checkpoints/" => ("checkpoints/epoch-9.pt".into(), 1_300 * MB),
        other => (format!("{other}placeholder"), KB),
    }
}

/// The build context of a preset.
pub fn preset_context(preset: &Preset) -> BuildContext {
    let mut files = Vec::new();
    for file in preset.files {
        let path = file.path;
        let entry = match path {
            "requirements.txt" if preset.id == "torch-training" => ContextFile::text(path, TORCH_REQUIREMENTS),
            "requirements.txt" => ContextFile::text(path, LGBM_REQUIREMENTS),
            ".dockerignore" => ContextFile::text(path, LGBM_DOCKERIGNORE),
            ".env" => ContextFile::text(path, "DB_PASSWORD=hunter2\n"),
            "models/model.txt" => ContextFile::sized(path, 40 * MB, 0),
            folder if folder.ends_with('/') => {
                let (inner, size) = folder_file(folder);
                ContextFile::sized(&inner, size, 0)
            }
            _ => ContextFile::sized(path, 6 * KB, 0),
        };
        files.push(entry);
    }
    BuildContext::from_files(files)
}

/// The context a quiz file names with `project:`: `default` or a preset id.
pub fn context(project: &str) -> Option<BuildContext> {
    if project == DEFAULT_PROJECT {
        return Some(default_ml_project());
    }
    presets::find(project).map(preset_context)
}

/// Whether `project:` names a project this module knows.
pub fn is_known(project: &str) -> bool {
    project == DEFAULT_PROJECT || presets::find(project).is_some()
}

/// A world for the cache simulator: this Dockerfile over this context, kept beside it (not inside it), so
/// editing the Dockerfile is a change of its own rather than a change to `COPY . .`.
pub fn world(dockerfile: &str, context: BuildContext) -> World {
    World {
        dockerfile: dockerfile.to_owned(),
        dockerfile_path: None,
        context,
        options: Default::default(),
        registry: Default::default(),
    }
}

/// Makes sure the file an event edits or removes exists before the first build, so an event on a file inside
/// a preset folder (`edit data/2024.parquet`) finds it.
pub fn ensure_file(world: &mut World, event: &Event) {
    let path = match event {
        Event::Edit(path) | Event::Remove(path) | Event::Touch(path) | Event::Chmod(path, _) => path,
        Event::Replace(path, _) => path,
        _ => return,
    };
    let present =
        world.context.files().iter().any(|file| file.path == *path || file.path.starts_with(&format!("{path}/")));
    if !present {
        world.context.insert(ContextFile::sized(path, 4 * KB, 0));
    }
}

/// The adapter from a lesson's `dockerlab-predict` block event to the simulator's event.
pub fn block_event(event: &ContextEvent) -> Event {
    match event {
        ContextEvent::Edit(path) => Event::Edit(path.clone()),
        ContextEvent::Add(path) => Event::Add(path.clone(), 4 * KB),
        ContextEvent::Remove(path) => Event::Remove(path.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_and_the_default_project_have_a_context() {
        for preset in presets::PRESETS {
            let context = context(preset.id).unwrap();
            assert!(context.len() >= preset.files.len(), "{}", preset.id);
        }
        assert!(context(DEFAULT_PROJECT).unwrap().get("requirements.txt").is_some());
        assert!(context("nope").is_none());
    }

    #[test]
    fn events_on_files_inside_folders_find_a_file() {
        let mut world = world("FROM python:3.12-slim\n", context("lgbm-api").unwrap());
        let event = Event::Edit("data/2024.parquet".into());
        ensure_file(&mut world, &event);
        assert!(event.apply(&mut world).is_ok());
    }
}
