//! Share links: the whole [`PlaygroundState`] in the URL fragment, so nothing goes to a server.
//!
//! The format is `<version>.<data>`: version `1` is the state as JSON, deflated (raw DEFLATE, `miniz_oxide`),
//! then base64url without padding, which needs no escaping in a URL. Opening a link checks everything before the
//! playground trusts it — the version, the encoding, the inflated size, the JSON shape, every recorded change and
//! event — and reports the first problem so the page can open the default state with a notice instead.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use dockerlab_engine::cache::Event;

use super::state::{check_project_change, PlaygroundState};

/// The format written by [`encode`].
pub const VERSION: &str = "1";
/// Longest encoded link read, in characters: well beyond any real state, short of a memory problem.
pub const MAX_ENCODED: usize = 400_000;
/// Largest inflated JSON accepted.
pub const MAX_JSON: usize = 1 << 20;
/// Longest Dockerfile and `.dockerignore` accepted.
pub const MAX_TEXT: usize = 256 * 1024;
/// Most recorded project changes or build events accepted.
pub const MAX_STEPS: usize = 200;

/// Why a link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    Empty,
    Version(String),
    TooLong(usize),
    Encoding,
    Compression,
    Json(String),
    Content(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::Empty => write!(f, "the link carries no playground data"),
            ShareError::Version(version) => {
                write!(f, "the link is in format {version:?}, which this version of Dockerlab does not read")
            }
            ShareError::TooLong(length) => write!(f, "the link's data is {length} characters long, too long to open"),
            ShareError::Encoding => write!(f, "the link's data is not valid base64url: it may have been cut short"),
            ShareError::Compression => write!(f, "the link's data does not inflate: it may have been cut short"),
            ShareError::Json(problem) => write!(f, "the link's data is not a playground state ({problem})"),
            ShareError::Content(problem) => write!(f, "the link's playground state is not usable: {problem}"),
        }
    }
}

/// The state as link data (without `s=`).
pub fn encode(state: &PlaygroundState) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Reads link data written by [`encode`], checking everything.
pub fn decode(data: &str) -> Result<PlaygroundState, ShareError> {
    let data = data.trim();
    if data.is_empty() {
        return Err(ShareError::Empty);
    }
    if data.len() > MAX_ENCODED {
        return Err(ShareError::TooLong(data.len()));
    }
    let (version, body) = data.split_once('.').unwrap_or(("", data));
    if version != VERSION {
        return Err(ShareError::Version(version.chars().take(12).collect()));
    }
    let packed = URL_SAFE_NO_PAD.decode(body).map_err(|_| ShareError::Encoding)?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON).map_err(|_| ShareError::Compression)?;
    let state: PlaygroundState = serde_json::from_slice(&json).map_err(|error| ShareError::Json(error.to_string()))?;
    check(&state).map_err(ShareError::Content)?;
    Ok(state)
}

/// Limits and meaning of a state from outside.
pub fn check(state: &PlaygroundState) -> Result<(), String> {
    if state.dockerfile.len() > MAX_TEXT || state.dockerignore.len() > MAX_TEXT {
        return Err("the Dockerfile or .dockerignore is larger than 256 KiB".to_owned());
    }
    if state.project.len() > MAX_STEPS || state.events.len() > MAX_STEPS {
        return Err(format!("more than {MAX_STEPS} recorded changes"));
    }
    for change in &state.project {
        check_project_change(change).map_err(|problem| format!("project change {change:?}: {problem}"))?;
    }
    for event in &state.events {
        Event::parse(event).map_err(|problem| format!("build event {event:?}: {problem}"))?;
    }
    if state.open.as_ref().is_some_and(|path| path.len() > 4096) {
        return Err("the open file's path is too long".to_owned());
    }
    if state.strategy.given().any(|figure| !figure.is_finite() || figure < 0.0) {
        return Err("a model-strategy figure is negative or not a number".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::state::{Panel, StrategyFigures};

    fn sample() -> PlaygroundState {
        PlaygroundState {
            dockerfile: "FROM python:3.12-slim\nCOPY . .\n".into(),
            project: vec!["remove .env".into(), "add data/new.csv 3M".into()],
            dockerignore: "data/\n.git\n".into(),
            panel: Panel::Context,
            events: vec!["edit src/serve.py".into(), "move-tag python:3.12-slim".into()],
            open: Some("requirements.txt".into()),
            strategy: StrategyFigures { replicas: Some(12.0), bandwidth_mbit_s: Some(250.5), ..Default::default() },
        }
    }

    #[test]
    fn a_state_round_trips_through_a_link() {
        let link = encode(&sample());
        assert!(link.starts_with("1."));
        assert!(link.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"-_.".contains(&byte)), "{link}");
        assert_eq!(decode(&link), Ok(sample()));
        assert_eq!(decode(&encode(&PlaygroundState::default())), Ok(PlaygroundState::default()));
    }

    #[test]
    fn a_written_file_with_line_breaks_and_special_characters_round_trips_through_a_link() {
        use crate::playground::state::FileAction;
        let text = "torch==2.3.1\n# \"quoted\" <b>&amp;</b> 100% ?x=1#y é ✓\n\tindented\\path\n\n";
        let mut state = sample();
        state.apply(&FileAction::Write { path: "requirements.txt".into(), text: text.into() }).unwrap();
        state.apply(&FileAction::Add { path: "notes/todo.md".into(), size: String::new() }).unwrap();
        let link = encode(&state);
        assert!(link.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"-_.".contains(&byte)), "{link}");
        let opened = decode(&link).unwrap();
        assert_eq!(opened, state);
        let world = opened.world().world;
        assert_eq!(world.context.get("requirements.txt").unwrap().text.as_deref(), Some(text));
        assert_eq!(world.context.get("notes/todo.md").unwrap().text.as_deref(), Some(""));
    }

    #[test]
    fn a_long_dockerfile_compresses() {
        let mut state = sample();
        state.dockerfile = "RUN pip install --no-cache-dir numpy\n".repeat(300);
        assert!(encode(&state).len() < 1_000);
    }

    #[test]
    fn truncated_and_malformed_links_are_rejected_with_a_reason() {
        let link = encode(&sample());
        assert!(matches!(decode(&link[..link.len() / 2]), Err(ShareError::Compression | ShareError::Encoding)));
        assert_eq!(decode(""), Err(ShareError::Empty));
        assert!(matches!(decode("2.abc"), Err(ShareError::Version(_))));
        assert!(matches!(decode("1.<script>alert(1)</script>"), Err(ShareError::Encoding)));
        assert!(matches!(decode("<script>alert(1)</script>"), Err(ShareError::Version(_))));
        let not_json = format!("1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 6)));
        assert!(matches!(decode(&not_json), Err(ShareError::Json(_))));
        assert!(matches!(decode(&"A".repeat(MAX_ENCODED + 1)), Err(ShareError::TooLong(_))));
    }

    #[test]
    fn unknown_events_and_non_file_project_changes_are_rejected() {
        let mut state = sample();
        state.events.push("format-disk".into());
        assert!(matches!(decode(&encode(&state)), Err(ShareError::Content(_))));
        let mut state = sample();
        state.project.push("move-tag python".into());
        assert!(matches!(decode(&encode(&state)), Err(ShareError::Content(_))));
        let mut state = sample();
        state.strategy.replicas = Some(-3.0);
        assert!(matches!(decode(&encode(&state)), Err(ShareError::Content(_))));
    }

    #[test]
    fn a_link_from_before_the_open_file_and_the_strategy_figures_still_opens() {
        let json = br#"{"dockerfile":"FROM x\n","panel":"strategies"}"#;
        let link = format!("1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json, 6)));
        let state = decode(&link).unwrap();
        assert_eq!((state.open, state.strategy, state.panel), (None, StrategyFigures::default(), Panel::Strategies));
        // And a state that has neither writes neither field.
        let plain = PlaygroundState::default();
        let json = serde_json::to_string(&plain).unwrap();
        assert!(!json.contains("open") && !json.contains("strategy"), "{json}");
    }

    #[test]
    fn a_script_in_the_dockerfile_is_kept_as_text() {
        let mut state = sample();
        state.dockerfile = "FROM x\n# <script>alert(1)</script>\n".into();
        assert_eq!(decode(&encode(&state)).unwrap().dockerfile, state.dockerfile);
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(ShareError::Compression.to_string(), "the link's data does not inflate: it may have been cut short");
    }
}
