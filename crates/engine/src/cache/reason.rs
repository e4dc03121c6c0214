//! Why a step hit, missed or was skipped, in sentences a learner understands, with a stable code for the UI.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// The reason behind one decision. Texts are built only when asked for, so deciding stays cheap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    // Hits.
    /// Nothing the step depends on changed.
    Cached {
        keyword: &'static str,
    },
    /// `COPY --link` is keyed without the layers below it (B.6).
    LinkReused,
    ImagePresent {
        image: String,
    },
    ImagePinned {
        image: String,
    },
    Scratch,
    /// A settings-only instruction: no layer, never rebuilt on its own (B.1).
    Metadata {
        keyword: &'static str,
    },
    GlobalArg,
    ParentStageUnchanged {
        stage: String,
    },
    // Misses.
    FirstBuild,
    NoCache,
    FirstPull {
        image: String,
    },
    TagMoved {
        image: String,
    },
    BaseImageChanged {
        old: String,
        new: String,
    },
    ParentStageRebuilt {
        stage: String,
    },
    EarlierStepRebuilt {
        line: u32,
        keyword: &'static str,
    },
    NewStep,
    CommandChanged,
    DefinitionChanged {
        keyword: &'static str,
    },
    WorkdirChanged,
    PlaceChanged,
    MountChanged,
    ArgChanged {
        name: String,
        old: Option<String>,
        new: Option<String>,
    },
    EnvChanged {
        name: String,
        old: Option<String>,
        new: Option<String>,
    },
    FilesChanged {
        changed: Vec<String>,
        added: Vec<String>,
        removed: Vec<String>,
    },
    BoundFilesChanged,
    SourceStageRebuilt {
        stage: String,
    },
    SourceImageChanged {
        image: String,
    },
    // Not built.
    StageNotNeeded {
        stage: String,
        target: String,
    },
    OutsideStage,
    UnknownInstruction,
}

impl Reason {
    /// A stable identifier, never reused for another meaning.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Cached { .. } => "cached",
            Reason::LinkReused => "link-reused",
            Reason::ImagePresent { .. } => "image-present",
            Reason::ImagePinned { .. } => "image-pinned",
            Reason::Scratch => "scratch",
            Reason::Metadata { .. } => "metadata-only",
            Reason::GlobalArg => "global-arg",
            Reason::ParentStageUnchanged { .. } => "parent-stage-unchanged",
            Reason::FirstBuild => "first-build",
            Reason::NoCache => "no-cache",
            Reason::FirstPull { .. } => "first-pull",
            Reason::TagMoved { .. } => "tag-moved",
            Reason::BaseImageChanged { .. } => "base-image-changed",
            Reason::ParentStageRebuilt { .. } => "parent-stage-rebuilt",
            Reason::EarlierStepRebuilt { .. } => "earlier-step-rebuilt",
            Reason::NewStep => "new-step",
            Reason::CommandChanged => "command-changed",
            Reason::DefinitionChanged { .. } => "instruction-changed",
            Reason::WorkdirChanged => "workdir-changed",
            Reason::PlaceChanged => "workdir-user-or-shell-changed",
            Reason::MountChanged => "mount-changed",
            Reason::ArgChanged { .. } => "build-arg-changed",
            Reason::EnvChanged { .. } => "env-changed",
            Reason::FilesChanged { .. } => "files-changed",
            Reason::BoundFilesChanged => "bound-files-changed",
            Reason::SourceStageRebuilt { .. } => "source-stage-rebuilt",
            Reason::SourceImageChanged { .. } => "source-image-changed",
            Reason::StageNotNeeded { .. } => "stage-not-needed",
            Reason::OutsideStage => "outside-stage",
            Reason::UnknownInstruction => "unknown-instruction",
        }
    }

    /// The explanation shown to the learner.
    pub fn text(&self) -> String {
        match self {
            Reason::Cached { keyword: "RUN" } => {
                "same command, same environment and same layers below it as the last build".to_string()
            }
            Reason::Cached { keyword: "WORKDIR" } => "same directory on the same layers as before".to_string(),
            Reason::Cached { keyword } => format!("{keyword} copies the same files, the same way, as before"),
            Reason::LinkReused => "COPY --link does not depend on the layers below it, so it is reused although an \
                                   earlier step was rebuilt"
                .to_string(),
            Reason::ImagePresent { image } => format!("the base image {image} is already here, at the same digest"),
            Reason::ImagePinned { image } => {
                format!("the base image is pinned by digest ({}), so it cannot change", short_image(image))
            }
            Reason::Scratch => "scratch is the empty image: there is nothing to pull".to_string(),
            Reason::Metadata { keyword: keyword @ ("ARG" | "ENV") } => {
                format!("{keyword} makes no layer; it only sets a variable that later RUN steps see")
            }
            Reason::Metadata { keyword: keyword @ ("USER" | "SHELL") } => {
                format!("{keyword} makes no layer; it only changes how later RUN steps run")
            }
            Reason::Metadata { keyword } => {
                format!("{keyword} makes no layer; it only changes the image's settings, so it never rebuilds anything")
            }
            Reason::GlobalArg => "an ARG before the first FROM only sets values for FROM lines".to_string(),
            Reason::ParentStageUnchanged { stage } => format!("continues from stage {stage}, which is unchanged"),
            Reason::FirstBuild => "first build: nothing is in the cache yet".to_string(),
            Reason::NoCache => "--no-cache: the builder ignores its cache and runs every step".to_string(),
            Reason::FirstPull { image } => format!("the base image {image} is pulled for the first time"),
            Reason::TagMoved { image } => {
                format!("the tag {image} now points to a new image, so the base changed and this stage starts over")
            }
            Reason::BaseImageChanged { old, new } => format!("the base image changed from {old} to {new}"),
            Reason::ParentStageRebuilt { stage } => format!("stage {stage}, which this stage starts from, was rebuilt"),
            Reason::EarlierStepRebuilt { line, keyword: "FROM" } => {
                format!("the image this stage starts from changed (line {line}), so every step of the stage runs again")
            }
            Reason::EarlierStepRebuilt { line, keyword } => format!(
                "an earlier step was rebuilt (line {line}, {keyword}), so every later step of this stage runs again"
            ),
            Reason::NewStep => "this step is new: no earlier build ran it on top of these layers".to_string(),
            Reason::CommandChanged => "the command changed".to_string(),
            Reason::DefinitionChanged { keyword } => {
                format!("the {keyword} line changed (its sources, destination or flags)")
            }
            Reason::WorkdirChanged => "the directory changed".to_string(),
            Reason::PlaceChanged => "the working directory, user or shell it runs with changed".to_string(),
            Reason::MountChanged => "one of its --mount options changed".to_string(),
            Reason::ArgChanged { name, old, new } => format!(
                "the build argument {name} changed ({} → {}); every RUN after `ARG {name}` has it in its environment",
                shown(old),
                shown(new)
            ),
            Reason::EnvChanged { name, old, new } => {
                format!("ENV {name} changed ({} → {}); RUN steps have it in their environment", shown(old), shown(new))
            }
            Reason::FilesChanged { changed, added, removed } => files_text(changed, added, removed),
            Reason::BoundFilesChanged => "the files it mounts with --mount=type=bind changed".to_string(),
            Reason::SourceStageRebuilt { stage } => {
                format!("stage {stage} was rebuilt, so the files copied from it are new")
            }
            Reason::SourceImageChanged { image } => format!("the image {image} it copies from changed"),
            Reason::StageNotNeeded { stage, target } => {
                format!("stage {stage} is not needed to build the target {target}, so it is not built")
            }
            Reason::OutsideStage => "comes before the first FROM, so it belongs to no stage".to_string(),
            Reason::UnknownInstruction => {
                "the builder does not know this instruction; a real build would stop here".to_string()
            }
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Reason", 2)?;
        state.serialize_field("code", self.code())?;
        state.serialize_field("text", &self.text())?;
        state.end()
    }
}

fn shown(value: &Option<String>) -> String {
    match value {
        Some(value) if value.is_empty() => "\"\"".to_string(),
        Some(value) => value.clone(),
        None => "unset".to_string(),
    }
}

fn short_image(image: &str) -> &str {
    match image.split_once("@sha256:") {
        Some((_, digest)) if digest.len() > 12 => &digest[..12],
        _ => image,
    }
}

fn files_text(changed: &[String], added: &[String], removed: &[String]) -> String {
    let mut parts = Vec::new();
    let list = |paths: &[String], one: &str, many: &str| -> Option<String> {
        match paths {
            [] => None,
            [only] => Some(format!("{only} {one}")),
            [first, rest @ ..] => Some(format!("{first} and {} other file{} {many}", rest.len(), plural(rest.len()))),
        }
    };
    parts.extend(list(changed, "changed", "changed"));
    parts.extend(list(added, "was added", "were added"));
    parts.extend(list(removed, "was removed", "were removed"));
    if parts.is_empty() {
        "the copied files changed".to_string()
    } else {
        parts.join("; ")
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_changes_read_naturally() {
        let reason = Reason::FilesChanged { changed: vec!["requirements.txt".into()], added: vec![], removed: vec![] };
        assert_eq!(reason.text(), "requirements.txt changed");
        let reason = Reason::FilesChanged {
            changed: vec!["src/a.py".into(), "src/b.py".into(), "src/c.py".into()],
            added: vec!["src/d.py".into()],
            removed: vec![],
        };
        assert_eq!(reason.text(), "src/a.py and 2 other files changed; src/d.py was added");
    }

    #[test]
    fn argument_changes_name_both_values() {
        let reason = Reason::ArgChanged { name: "PY".into(), old: None, new: Some("3.12".into()) };
        assert!(reason.text().starts_with("the build argument PY changed (unset → 3.12)"));
        assert_eq!(reason.code(), "build-arg-changed");
    }
}
