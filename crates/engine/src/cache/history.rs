//! A build history: the world a build sees (Dockerfile, context, registry, options), events that change it, and
//! the sequence of builds with one shared cache, as a learner experiences them at their desk.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use super::simulate::{decide, BuildInput};
use super::{BuildOptions, BuildReport, BuilderCache, Registry};
use crate::context::hash::KeyHasher;
use crate::context::{default_ml_project, BuildContext, PreparedContext};
use crate::{analyze, Analysis, AnalyzeOptions};

/// Everything a build depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct World {
    pub dockerfile: String,
    /// Where the Dockerfile sits inside the context, if it does (then `COPY . .` copies it too).
    pub dockerfile_path: Option<String>,
    pub context: BuildContext,
    pub options: BuildOptions,
    pub registry: Registry,
}

impl World {
    /// A Dockerfile over the default ML project, which keeps its Dockerfile at the root.
    pub fn with_default_project(dockerfile: &str) -> World {
        World {
            dockerfile: dockerfile.to_string(),
            dockerfile_path: Some("Dockerfile".to_string()),
            context: default_ml_project(),
            options: BuildOptions::default(),
            registry: Registry::default(),
        }
    }

    pub fn analyze(&self) -> Analysis {
        let options = AnalyzeOptions {
            build_args: self.options.build_args.clone(),
            target_platform: self.options.platform.clone(),
            target: self.options.target.clone(),
            ..AnalyzeOptions::default()
        };
        analyze(&self.dockerfile, &options)
    }
}

/// The text of a `write` or `append`: a JSON string (`"  two\nlines "`) is taken exactly as it decodes;
/// anything else is trimmed, with `\n` read as a line break.
fn event_text(body: &str) -> String {
    let body = body.trim();
    if body.starts_with('"') {
        if let Ok(text) = serde_json::from_str::<String>(body) {
            return text;
        }
    }
    body.replace("\\n", "\n")
}

/// Something that happens between two builds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", content = "value", rename_all = "kebab-case")]
pub enum Event {
    /// The file (or every file under the directory) gets new content.
    Edit(String),
    /// Only the modification time changes.
    Touch(String),
    /// The permission bits change.
    Chmod(String, u32),
    /// A new file of this many bytes appears.
    Add(String, u64),
    Remove(String),
    /// The file is replaced by a new one of this many bytes (a retrained model); `None` keeps the size.
    Replace(String, Option<u64>),
    /// The file gets this text (a new `.dockerignore`, a rewritten `requirements.txt`).
    Write(String, String),
    /// A line is added at the end of a text file (a new package in `requirements.txt`).
    Append(String, String),
    /// The Dockerfile gets this text.
    Dockerfile(String),
    /// The publisher pushes a new image under this tag.
    MoveTag(String),
    BuildArg(String, String),
    UnsetBuildArg(String),
    Target(Option<String>),
    NoCache(bool),
}

impl Event {
    /// Reads the one-line form used by scenarios and lessons: `edit src/train.py`, `touch PATH`, `chmod PATH 755`,
    /// `add PATH [BYTES]`, `remove PATH`, `replace PATH [BYTES]`, `write PATH TEXT` (with `\n` for line breaks,
    /// or the text as a JSON string, kept exactly), `append PATH LINE` (the same), `move-tag IMAGE`,
    /// `build-arg NAME=VALUE`, `unset-build-arg NAME`, `target [STAGE]`, `no-cache`, `cache`.
    pub fn parse(text: &str) -> Result<Event, String> {
        let text = text.trim();
        let (verb, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let rest = rest.trim();
        let need = |what: &str| -> Result<(), String> {
            if rest.is_empty() {
                Err(format!("`{verb}` needs {what}"))
            } else {
                Ok(())
            }
        };
        let path_and_number = |rest: &str| -> Result<(String, Option<u64>), String> {
            let mut words = rest.split_whitespace();
            let path = words.next().unwrap_or_default().to_string();
            let number = words
                .next()
                .map(|word| parse_bytes(word).ok_or_else(|| format!("cannot read {word:?} as a size")))
                .transpose()?;
            Ok((path, number))
        };
        match verb {
            "edit" => need("a path").map(|_| Event::Edit(rest.to_string())),
            "touch" => need("a path").map(|_| Event::Touch(rest.to_string())),
            "remove" => need("a path").map(|_| Event::Remove(rest.to_string())),
            "chmod" => {
                let (path, mode) = rest.split_once(char::is_whitespace).ok_or("`chmod` needs a path and a mode")?;
                let mode = u32::from_str_radix(mode.trim(), 8).map_err(|_| format!("cannot read {mode:?} as octal"))?;
                Ok(Event::Chmod(path.to_string(), mode))
            }
            "add" => {
                need("a path")?;
                let (path, size) = path_and_number(rest)?;
                Ok(Event::Add(path, size.unwrap_or(1_000)))
            }
            "replace" => {
                need("a path")?;
                let (path, size) = path_and_number(rest)?;
                Ok(Event::Replace(path, size))
            }
            "write" | "append" => {
                let (path, body) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                need("a path")?;
                let body = event_text(body);
                if verb == "append" {
                    Ok(Event::Append(path.to_string(), body))
                } else {
                    Ok(Event::Write(path.to_string(), body))
                }
            }
            "move-tag" => need("an image").map(|_| Event::MoveTag(rest.to_string())),
            "build-arg" => match rest.split_once('=') {
                Some((name, value)) if !name.is_empty() => Ok(Event::BuildArg(name.to_string(), value.to_string())),
                _ => Err(format!("`build-arg` needs NAME=VALUE, got {rest:?}")),
            },
            "unset-build-arg" => need("a name").map(|_| Event::UnsetBuildArg(rest.to_string())),
            "target" => Ok(Event::Target((!rest.is_empty()).then(|| rest.to_string()))),
            "no-cache" => Ok(Event::NoCache(true)),
            "cache" => Ok(Event::NoCache(false)),
            _ => Err(format!(
                "unknown event {verb:?}; use edit, touch, chmod, add, remove, replace, write, append, move-tag, \
                 build-arg, unset-build-arg, target, no-cache or cache"
            )),
        }
    }

    /// Changes the world. Fails, saying why, when the event names a file that is not there.
    pub fn apply(&self, world: &mut World) -> Result<(), String> {
        let missing = |path: &str| format!("there is no {path} in the build context");
        match self {
            Event::Edit(path) => {
                if world.context.edit(path) == 0 {
                    return Err(missing(path));
                }
            }
            Event::Touch(path) => {
                if world.context.touch(path) == 0 {
                    return Err(missing(path));
                }
            }
            Event::Chmod(path, mode) => {
                if world.context.chmod(path, *mode) == 0 {
                    return Err(missing(path));
                }
            }
            Event::Add(path, size) => world.context.add(path, *size),
            Event::Remove(path) => {
                if world.context.remove(path) == 0 {
                    return Err(missing(path));
                }
            }
            Event::Replace(path, size) => {
                let size = size.or_else(|| world.context.get(path).map(|file| file.size)).unwrap_or(0);
                if !world.context.replace(path, size) {
                    return Err(missing(path));
                }
            }
            Event::Write(path, text) => world.context.set_text(path, text),
            Event::Append(path, line) => {
                let mut current = world.context.get(path).and_then(|file| file.text.clone()).unwrap_or_default();
                if !current.is_empty() && !current.ends_with('\n') {
                    current.push('\n');
                }
                current.push_str(line);
                current.push('\n');
                world.context.set_text(path, &current);
            }
            Event::Dockerfile(text) => world.dockerfile = text.clone(),
            Event::MoveTag(image) => world.registry.move_tag(image),
            Event::BuildArg(name, value) => {
                world.options.build_args.insert(name.clone(), value.clone());
            }
            Event::UnsetBuildArg(name) => {
                world.options.build_args.remove(name);
            }
            Event::Target(target) => world.options.target = target.clone(),
            Event::NoCache(on) => world.options.no_cache = *on,
        }
        Ok(())
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Edit(path) => write!(f, "edit {path}"),
            Event::Touch(path) => write!(f, "touch {path} (modification time only)"),
            Event::Chmod(path, mode) => write!(f, "chmod {mode:o} {path}"),
            Event::Add(path, size) => write!(f, "add {path} ({size} bytes)"),
            Event::Remove(path) => write!(f, "remove {path}"),
            Event::Replace(path, _) => write!(f, "replace {path} with a new version"),
            Event::Append(path, line) => write!(f, "add the line {line:?} to {path}"),
            Event::Write(path, _) => write!(f, "rewrite {path}"),
            Event::Dockerfile(_) => write!(f, "change the Dockerfile"),
            Event::MoveTag(image) => write!(f, "the tag {image} moves to a new image"),
            Event::BuildArg(name, value) => write!(f, "--build-arg {name}={value}"),
            Event::UnsetBuildArg(name) => write!(f, "no --build-arg {name}"),
            Event::Target(Some(target)) => write!(f, "--target {target}"),
            Event::Target(None) => write!(f, "build the last stage"),
            Event::NoCache(true) => write!(f, "--no-cache"),
            Event::NoCache(false) => write!(f, "use the cache again"),
        }
    }
}

/// `1500`, `10k`, `440M`, `2G` (powers of 1000, as disk sizes are shown).
fn parse_bytes(text: &str) -> Option<u64> {
    let lower = text.to_ascii_lowercase();
    let lower = lower.trim_end_matches('b');
    let (number, scale) = match lower.chars().last()? {
        'k' => (&lower[..lower.len() - 1], 1e3),
        'm' => (&lower[..lower.len() - 1], 1e6),
        'g' => (&lower[..lower.len() - 1], 1e9),
        _ => (lower, 1.0),
    };
    let value: f64 = number.parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some((value * scale) as u64)
}

/// A sequence of builds sharing one builder cache.
#[derive(Debug, Clone)]
pub struct History {
    world: World,
    cache: BuilderCache,
    builds: Vec<BuildReport>,
    /// The prepared context and the context generation and Dockerfile path it was made for.
    prepared: Option<(u64, Option<String>, Arc<PreparedContext>)>,
}

impl History {
    pub fn new(world: World) -> History {
        History { world, cache: BuilderCache::new(), builds: Vec::new(), prepared: None }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn builds(&self) -> &[BuildReport] {
        &self.builds
    }

    pub fn cache(&self) -> &BuilderCache {
        &self.cache
    }

    /// Applies an event to the world; the next [`History::build`] sees it.
    pub fn apply(&mut self, event: &Event) -> Result<(), String> {
        event.apply(&mut self.world)
    }

    /// The context after `.dockerignore`, prepared again only when the context changed.
    pub fn prepared(&mut self) -> Arc<PreparedContext> {
        let generation = self.world.context.generation();
        match &self.prepared {
            Some((at, path, prepared)) if *at == generation && *path == self.world.dockerfile_path => prepared.clone(),
            _ => {
                let prepared =
                    Arc::new(PreparedContext::new(&self.world.context, self.world.dockerfile_path.as_deref()));
                self.prepared = Some((generation, self.world.dockerfile_path.clone(), prepared.clone()));
                prepared
            }
        }
    }

    /// What a build would decide now, without running it.
    pub fn preview(&mut self) -> BuildReport {
        let prepared = self.prepared();
        let analysis = self.world.analyze();
        self.decide(&analysis, &prepared).report
    }

    /// Runs a build: decides every step, then records the new layers in the cache.
    pub fn build(&mut self) -> &BuildReport {
        let prepared = self.prepared();
        let analysis = self.world.analyze();
        let decided = self.decide(&analysis, &prepared);
        let report = self.cache.commit(decided, prepared);
        self.builds.push(report);
        let last = self.builds.len() - 1;
        &self.builds[last]
    }

    fn decide(&self, analysis: &Analysis, prepared: &PreparedContext) -> super::Decided {
        let input = BuildInput {
            analysis,
            context: &self.world.context,
            prepared,
            registry: &self.world.registry,
            dockerfile_content: KeyHasher::tagged("content").str(&self.world.dockerfile).finish(),
            platform: &self.world.options.platform,
            no_cache: self.world.options.no_cache,
            number: self.builds.len() + 1,
        };
        decide(&input, &self.cache)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_read_and_print() {
        assert_eq!(Event::parse("edit src/train.py"), Ok(Event::Edit("src/train.py".into())));
        assert_eq!(
            Event::parse("replace models/m.bin 2G"),
            Ok(Event::Replace("models/m.bin".into(), Some(2_000_000_000)))
        );
        assert_eq!(Event::parse("chmod run.sh 755"), Ok(Event::Chmod("run.sh".into(), 0o755)));
        assert_eq!(Event::parse("build-arg PY=3.12"), Ok(Event::BuildArg("PY".into(), "3.12".into())));
        assert_eq!(Event::parse("target"), Ok(Event::Target(None)));
        assert!(Event::parse("explode now").is_err());
        assert!(Event::parse("edit").is_err());
        assert_eq!(Event::MoveTag("python:3.12".into()).to_string(), "the tag python:3.12 moves to a new image");
    }

    #[test]
    fn a_json_string_text_is_kept_exactly() {
        let exact = "  indented\nwith a typed \\n and \"quotes\"\n\n ";
        let line = format!("write notes.txt {}", serde_json::to_string(exact).unwrap());
        assert_eq!(Event::parse(&line), Ok(Event::Write("notes.txt".into(), exact.into())));
        // The plain form is trimmed and reads `\n` as a line break; a quote that does not start a JSON string is
        // plain text.
        assert_eq!(Event::parse("write a.txt  x\\ny  "), Ok(Event::Write("a.txt".into(), "x\ny".into())));
        assert_eq!(Event::parse("append a.txt \"a\" b"), Ok(Event::Append("a.txt".into(), "\"a\" b".into())));
    }

    #[test]
    fn append_adds_a_line_to_the_current_text() {
        let mut world = World::with_default_project("FROM scratch\n");
        Event::parse("append requirements.txt lightgbm==4.3.0").unwrap().apply(&mut world).unwrap();
        let text = world.context.get("requirements.txt").unwrap().text.clone().unwrap();
        assert!(text.starts_with("torch==") && text.ends_with("lightgbm==4.3.0\n"), "{text}");
        assert!(Event::Edit("nope.py".into()).apply(&mut world).is_err());
    }
}
