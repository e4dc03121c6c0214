//! ML041 model-baked-in: model weights copied or downloaded into the image, with the strategy trade-off.

use crate::context::clean_relative;
use crate::lint::costs::{about, bytes_mb};
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML041",
    name: "model-baked-in",
    severity: Severity::Info,
    aliases: &[],
    summary: "Model weights baked into the image: self-contained, but every model update ships a new large layer.",
    lesson: "shipping-models",
    doc: include_str!("../docs/ML041.md"),
    needs_context: false,
    check,
};

const WEIGHT_EXTENSIONS: [&str; 10] =
    ["safetensors", "pt", "pth", "ckpt", "onnx", "gguf", "h5", "keras", "tflite", "engine"];

/// Whether a path names model weights: a weights file format, or a `models/`, `checkpoints/` or `weights/` folder.
pub(crate) fn is_weights_path(path: &str) -> bool {
    let cleaned = clean_relative(path).to_ascii_lowercase();
    let first = cleaned.split('/').next().unwrap_or("");
    let name = cleaned.rsplit('/').next().unwrap_or("");
    let extension = name.rsplit_once('.').map(|(_, extension)| extension).unwrap_or("");
    matches!(first, "models" | "model" | "checkpoints" | "weights")
        || WEIGHT_EXTENSIONS.contains(&extension)
        || name == "pytorch_model.bin"
}

const TRADE_OFF: &str = "That makes the image self-contained (no download at start-up, the exact weights versioned \
                         with the code), but every model update ships a new layer of that size, and every pull of \
                         the image carries it. Alternatives: mount the weights at run time, download them at start-up \
                         into a volume, or keep them in a separate stage or image copied with `COPY --from`, placed \
                         after the dependencies so code edits do not re-copy it.";

fn check(facts: &Facts, report: &mut Report) {
    for (_, _, copy) in facts.context_copies() {
        for source in &copy.sources {
            let remote_weights = Facts::is_remote_source(&source.value)
                && (source.value.contains("huggingface.co")
                    || is_weights_path(source.value.rsplit('/').next().unwrap_or("")));
            if !(remote_weights || (!Facts::is_remote_source(&source.value) && is_weights_path(&source.value))) {
                continue;
            }
            let bytes: u64 = super::selected_files(facts, &source.value).iter().map(|file| file.size).sum();
            let size = if bytes > 0 { format!(" ({})", about(bytes_mb(bytes))) } else { String::new() };
            report.add(source.span, format!("`{}` bakes model weights{size} into the image. {TRADE_OFF}", source.raw));
        }
    }
    for run in facts.runs() {
        for command in &run.commands {
            let Some(index) = command.program_index() else { continue };
            let program = command.program().unwrap_or("");
            let arguments = command.arguments();
            let downloads = match program {
                "huggingface-cli" | "hf" => arguments.first().is_some_and(|word| word.text == "download"),
                "wget" | "curl" => arguments.iter().any(|word| {
                    word.text.contains("huggingface.co")
                        || (word.text.contains("://") && is_weights_path(word.text.rsplit('/').next().unwrap_or("")))
                }),
                "git" => arguments.iter().any(|word| word.text.contains("huggingface.co")),
                _ => arguments.iter().any(|word| word.text.contains("snapshot_download")),
            };
            if downloads {
                let start = command.words[index].start;
                let end = command.words.last().map_or(start, |word| word.end);
                report.add(
                    facts.span(start, end),
                    format!("this command downloads model weights into a layer. {TRADE_OFF}"),
                );
            }
        }
    }
}
