//! ML040 training-data-copied: datasets copied into the image.

use crate::context::clean_relative;
use crate::lint::costs::{about, bytes_mb};
use crate::lint::{Facts, Report, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "ML040",
    name: "training-data-copied",
    severity: Severity::Warning,
    aliases: &[],
    summary: "Training data copied into the image makes every push and pull carry the dataset.",
    lesson: "shipping-models",
    doc: include_str!("../docs/ML040.md"),
    needs_context: false,
    check,
};

const DATA_DIRECTORIES: [&str; 3] = ["data", "dataset", "datasets"];
const DATA_EXTENSIONS: [&str; 13] = [
    "csv",
    "tsv",
    "parquet",
    "tfrecord",
    "tfrecords",
    "arrow",
    "feather",
    "jsonl",
    "npy",
    "npz",
    "avro",
    "orc",
    "lmdb",
];

/// Whether a source path names data: a `data/` folder or a file in a tabular or array format.
pub(crate) fn is_data_path(path: &str) -> bool {
    let cleaned = clean_relative(path).to_ascii_lowercase();
    let first = cleaned.split('/').next().unwrap_or("");
    let extension = cleaned.rsplit_once('.').map(|(_, extension)| extension).unwrap_or("");
    DATA_DIRECTORIES.contains(&first) || DATA_EXTENSIONS.contains(&extension) || cleaned.ends_with(".csv.gz")
}

fn check(facts: &Facts, report: &mut Report) {
    for (_, _, copy) in facts.context_copies() {
        for source in &copy.sources {
            if Facts::is_remote_source(&source.value) || !is_data_path(&source.value) {
                continue;
            }
            let bytes: u64 = super::selected_files(facts, &source.value).iter().map(|file| file.size).sum();
            let size = if bytes > 0 { format!(" ({} here)", about(bytes_mb(bytes))) } else { String::new() };
            report.add(
                source.span,
                format!(
                    "`{}` looks like training data{size}. Baked into a layer, it is pushed and pulled with every \
                     image, rebuilt whenever it changes, and shipped to wherever the model serves. Mount it at run \
                     time (`docker run -v`) or read it from object storage instead.",
                    source.raw
                ),
            );
        }
    }
}
