//! Which strategy a Dockerfile uses to ship its model, read from its instructions.
//!
//! The signs, strongest first: a `COPY`/`ADD` whose source looks like model weights (a known weights extension or
//! a `models/` folder) bakes the model; a start-up command that downloads, or an environment variable naming a
//! model URL or hub id, downloads at start-up; a `VOLUME`, or a model path in the environment that nothing copies,
//! mounts. With the build context at hand, a `COPY . .` (or of any folder) that takes a weights file past
//! `.dockerignore` bakes the model too. Only the target's stages count, so a builder stage that fetches weights is judged by what the final
//! image does with them.

use serde::Serialize;

use super::Strategy;
use crate::context::{clean_relative, is_same_or_under, BuildContext, IgnoreFile};
use crate::diagnostic::Span;
use crate::instructions::InstructionKind;
use crate::Analysis;

/// The strategy a Dockerfile uses, and the instruction that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    pub strategy: Strategy,
    pub span: Span,
    /// Why, in one sentence quoting the instruction.
    pub evidence: String,
}

const WEIGHT_EXTENSIONS: [&str; 11] =
    [".safetensors", ".bin", ".pt", ".pth", ".onnx", ".ckpt", ".h5", ".gguf", ".pkl", ".joblib", ".tflite"];
const DOWNLOAD_WORDS: [&str; 7] = [
    "curl ",
    "wget ",
    "huggingface-cli download",
    "hf_hub_download",
    "snapshot_download",
    "from_pretrained",
    "download",
];
const DOWNLOAD_ENV: [&str; 4] = ["MODEL_URL", "MODEL_URI", "HF_MODEL", "MODEL_ID"];
const MOUNT_ENV: [&str; 3] = ["MODEL_PATH", "MODEL_DIR", "WEIGHTS_PATH"];

fn looks_like_weights(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let lower = lower.trim_matches(|c| c == '"' || c == '\'' || c == ',' || c == '[' || c == ']');
    WEIGHT_EXTENSIONS.iter().any(|extension| lower.ends_with(extension))
        || lower.starts_with("models/")
        || lower == "models"
        || lower.starts_with("./models")
        || lower.starts_with("weights/")
        || lower.starts_with("checkpoints/")
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() > 70 {
        format!("{}…", line.chars().take(70).collect::<String>())
    } else {
        line.to_string()
    }
}

/// A weights file of the context that copying `source` would take, `.dockerignore` applied.
fn weights_under<'c>(context: &'c BuildContext, ignore: &IgnoreFile, source: &str) -> Option<&'c str> {
    let source = clean_relative(source.trim_matches(|c| c == '"' || c == '\'' || c == ',' || c == '[' || c == ']'));
    context
        .files()
        .iter()
        .map(|file| file.path.as_str())
        .filter(|path| {
            let lower = path.to_ascii_lowercase();
            is_same_or_under(path, &source)
                && WEIGHT_EXTENSIONS.iter().any(|extension| lower.ends_with(extension))
                && !ignore.is_excluded(path)
        })
        // A model folder names the served model better than a training checkpoint does.
        .min_by_key(|path| !path.starts_with("models/"))
}

/// The strategy `text` (analysed as `analysis`) uses, or `None` when nothing in it handles a model. With the
/// build `context`, copies of whole folders are checked for weights files too.
pub fn detect(text: &str, analysis: &Analysis, context: Option<&BuildContext>) -> Option<Detection> {
    let ignore = IgnoreFile::parse(context.and_then(BuildContext::dockerignore).unwrap_or_default());
    let mut download = None;
    let mut mount = None;
    let mut model_env_path = None;
    let mut copied_sources: Vec<String> = Vec::new();
    for instruction in &analysis.lowered.instructions {
        let reachable =
            instruction.stage.and_then(|index| analysis.lowered.stages.get(index)).is_some_and(|stage| stage.reachable);
        if !reachable {
            continue;
        }
        let source =
            text.get(instruction.span.offset as usize..instruction.span.end_offset as usize).unwrap_or_default();
        let quoted = first_line(source);
        let found = |strategy, evidence: String| Some(Detection { strategy, span: instruction.span, evidence });
        match &instruction.kind {
            InstructionKind::Copy(_) | InstructionKind::Add(_) => {
                let words: Vec<&str> =
                    source.split_whitespace().skip(1).filter(|word| !word.starts_with("--")).collect();
                let sources = &words[..words.len().saturating_sub(1)];
                copied_sources.extend(sources.iter().map(|word| word.to_string()));
                let from_stage = source.contains("--from=");
                let named = sources.iter().find(|word| looks_like_weights(word)).map(|word| word.to_string());
                let inside = || {
                    let context = context.filter(|_| !from_stage)?;
                    sources.iter().find_map(|source| weights_under(context, &ignore, source)).map(str::to_owned)
                };
                if let Some(weights) = named.or_else(inside) {
                    let how = if from_stage { " from another stage" } else { "" };
                    return found(
                        Strategy::Bake,
                        format!(
                            "`{quoted}` copies the weights ({weights}){how} into the image, so they ship baked in."
                        ),
                    );
                }
            }
            InstructionKind::Cmd(_) | InstructionKind::Entrypoint(_) if download.is_none() => {
                let lower = source.to_ascii_lowercase();
                if DOWNLOAD_WORDS.iter().any(|word| lower.contains(word)) {
                    download =
                        found(Strategy::Download, format!("`{quoted}` fetches the model when the container starts."));
                }
            }
            InstructionKind::Env(_) | InstructionKind::Arg(_) => {
                let upper = source.to_ascii_uppercase();
                if download.is_none() && DOWNLOAD_ENV.iter().any(|name| upper.contains(name)) {
                    download = found(
                        Strategy::Download,
                        format!("`{quoted}` names a model to fetch at run time, so the image ships without it."),
                    );
                }
                if model_env_path.is_none() && MOUNT_ENV.iter().any(|name| upper.contains(name)) {
                    model_env_path = Some((instruction.span, quoted.clone()));
                }
            }
            InstructionKind::Volume(_) if mount.is_none() => {
                mount = found(
                    Strategy::Mount,
                    format!("`{quoted}` declares a volume, so the weights can be mounted at run time."),
                );
            }
            _ => {}
        }
    }
    download.or(mount).or_else(|| {
        model_env_path.map(|(span, quoted)| Detection {
            strategy: Strategy::Mount,
            span,
            evidence: format!("`{quoted}` points at a model path that no COPY fills, so it must be mounted."),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, AnalyzeOptions};

    fn check(text: &str) -> Option<(Strategy, u32)> {
        let analysis = analyze(text, &AnalyzeOptions::default());
        detect(text, &analysis, None).map(|found| (found.strategy, found.span.line))
    }

    #[test]
    fn copying_a_folder_that_holds_weights_bakes_unless_dockerignore_drops_them() {
        let text = "FROM python:3.12-slim\nCOPY . .\nCMD [\"python\", \"s.py\"]\n";
        let analysis = analyze(text, &AnalyzeOptions::default());
        let mut context = crate::context::default_ml_project();
        let found = detect(text, &analysis, Some(&context)).unwrap();
        assert_eq!((found.strategy, found.span.line), (Strategy::Bake, 2));
        assert!(found.evidence.contains("models/model.safetensors"), "{}", found.evidence);
        context.set_text(".dockerignore", "models/\ncheckpoints/\n.venv/\n");
        assert_eq!(detect(text, &analysis, Some(&context)), None);
        assert_eq!(detect(text, &analysis, None), None);
    }

    #[test]
    fn copying_weights_bakes() {
        assert_eq!(
            check("FROM python:3.12-slim\nCOPY models/model.safetensors /app/models/\n"),
            Some((Strategy::Bake, 2))
        );
        assert_eq!(check("FROM python:3.12-slim\nCOPY model.onnx .\n"), Some((Strategy::Bake, 2)));
        assert_eq!(
            check("FROM python AS b\nRUN echo\nFROM python:3.12-slim\nCOPY --from=b /w/model.pt /m/\n"),
            Some((Strategy::Bake, 4))
        );
    }

    #[test]
    fn a_start_up_download_or_a_model_url_downloads() {
        assert_eq!(
            check("FROM python:3.12-slim\nCMD sh -c \"curl -o m.bin $URL && python serve.py\"\n"),
            Some((Strategy::Download, 2))
        );
        assert_eq!(
            check("FROM python:3.12-slim\nENV MODEL_URL=https://x/m.bin\nCMD [\"python\", \"s.py\"]\n"),
            Some((Strategy::Download, 2))
        );
    }

    #[test]
    fn a_volume_or_an_uncopied_model_path_mounts() {
        assert_eq!(
            check("FROM python:3.12-slim\nVOLUME /models\nCMD [\"python\", \"s.py\"]\n"),
            Some((Strategy::Mount, 2))
        );
        assert_eq!(check("FROM python:3.12-slim\nENV MODEL_PATH=/models/m.bin\n"), Some((Strategy::Mount, 2)));
    }

    #[test]
    fn baking_wins_over_a_volume_and_plain_files_say_nothing() {
        assert_eq!(
            check("FROM python:3.12-slim\nVOLUME /data\nCOPY models/ /app/models/\n"),
            Some((Strategy::Bake, 3))
        );
        assert_eq!(check("FROM python:3.12-slim\nCOPY src/ /app/src/\nCMD [\"python\", \"s.py\"]\n"), None);
        assert_eq!(check(""), None);
    }

    #[test]
    fn stages_the_target_does_not_need_are_ignored() {
        assert_eq!(
            check("FROM python:3.12-slim AS unused\nCOPY model.pt .\nFROM python:3.12-slim\nRUN echo hi\n"),
            None
        );
    }
}
