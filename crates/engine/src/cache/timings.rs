//! The figures behind every duration: read from `data/timings.txt`, which names a source and a date per row.
//!
//! The file is embedded at compile time and parsed on first use; the engine never reads files at run time. Rows are
//! `table | name | key=value … | source | checked`. Figures the author could not verify are labelled in the file
//! itself (`ASSUMPTION`, `APPROX`), and the UI shows estimates, so no more precision is claimed than the data has.

use std::collections::HashMap;
use std::sync::OnceLock;

const TIMINGS: &str = include_str!("../../data/timings.txt");

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub table: String,
    pub name: String,
    pub numbers: Vec<(String, f64)>,
    pub source: String,
    pub checked: String,
    pub line: u32,
}

impl Row {
    pub fn number(&self, key: &str) -> Option<f64> {
        self.numbers.iter().find(|(name, _)| name == key).map(|(_, value)| *value)
    }
}

/// What a package or an image costs: a download, an install step, and the bytes it leaves behind.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cost {
    pub download_mb: f64,
    pub install_s: f64,
    pub installed_mb: f64,
}

/// The parsed table.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub rows: Vec<Row>,
    /// Lines that could not be read, with the reason; a test keeps this empty.
    pub errors: Vec<String>,
    settings: HashMap<String, usize>,
    pip: HashMap<String, usize>,
    apt: HashMap<String, usize>,
    images: Vec<usize>,
}

/// The embedded table, parsed once.
pub fn timings() -> &'static Timings {
    static PARSED: OnceLock<Timings> = OnceLock::new();
    PARSED.get_or_init(|| Timings::parse(TIMINGS))
}

impl Timings {
    pub fn parse(text: &str) -> Timings {
        let mut timings = Timings::default();
        for (index, line) in text.lines().enumerate() {
            let line_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = trimmed.split('|').map(str::trim).collect();
            let [table, name, numbers, source, checked] = fields.as_slice() else {
                timings.errors.push(format!("line {line_number}: expected 5 fields separated by '|'"));
                continue;
            };
            if source.is_empty() || checked.is_empty() {
                timings.errors.push(format!("line {line_number}: every figure needs a source and a date"));
                continue;
            }
            let mut parsed = Vec::new();
            for pair in numbers.split_whitespace() {
                match pair.split_once('=').map(|(key, value)| (key, value.parse::<f64>())) {
                    Some((key, Ok(value))) if value.is_finite() && value >= 0.0 => {
                        parsed.push((key.to_string(), value))
                    }
                    _ => timings.errors.push(format!("line {line_number}: cannot read {pair:?} as key=number")),
                }
            }
            let row_index = timings.rows.len();
            match *table {
                "setting" => {
                    timings.settings.insert(name.to_string(), row_index);
                }
                "pip" => {
                    timings.pip.insert(name.to_string(), row_index);
                }
                "apt" => {
                    timings.apt.insert(name.to_string(), row_index);
                }
                "image" => timings.images.push(row_index),
                other => timings.errors.push(format!("line {line_number}: unknown table {other:?}")),
            }
            timings.rows.push(Row {
                table: table.to_string(),
                name: name.to_string(),
                numbers: parsed,
                source: source.to_string(),
                checked: checked.to_string(),
                line: line_number,
            });
        }
        timings
    }

    /// A setting's `value`, or `key` of a setting row. Zero when missing, which a test rules out.
    pub fn setting(&self, name: &str) -> f64 {
        self.setting_number(name, "value")
    }

    pub fn setting_number(&self, name: &str, key: &str) -> f64 {
        self.settings.get(name).and_then(|&index| self.rows[index].number(key)).unwrap_or(0.0)
    }

    /// Seconds to download `megabytes` at the assumed bandwidth.
    pub fn download_seconds(&self, megabytes: f64) -> f64 {
        let mbit = self.setting("download_mbit_s");
        if mbit <= 0.0 {
            0.0
        } else {
            megabytes * 8.0 / mbit
        }
    }

    /// A PyPI package's cost (name normalised as pip does: case and `_`/`.` vs `-`), or the default.
    pub fn pip(&self, name: &str) -> (Cost, bool) {
        let normalised = name.to_ascii_lowercase().replace(['_', '.'], "-");
        self.package(&self.pip, &normalised, "pip_package")
    }

    /// A Debian package's cost, or the default.
    pub fn apt(&self, name: &str) -> (Cost, bool) {
        self.package(&self.apt, &name.to_ascii_lowercase(), "apt_package")
    }

    fn package(&self, table: &HashMap<String, usize>, name: &str, default: &str) -> (Cost, bool) {
        match table.get(name) {
            Some(&index) => (self.cost(&self.rows[index]), true),
            None => match self.settings.get(default) {
                Some(&index) => (self.cost(&self.rows[index]), false),
                None => (Cost::default(), false),
            },
        }
    }

    fn cost(&self, row: &Row) -> Cost {
        Cost {
            download_mb: row.number("download_mb").unwrap_or(0.0),
            install_s: row.number("install_s").unwrap_or(0.0),
            installed_mb: row.number("installed_mb").unwrap_or(0.0),
        }
    }

    /// The compressed and installed size of a base image, matched on repository and tag (see the data file).
    pub fn image(&self, reference: &str) -> (Cost, bool) {
        let (repository, tag) = split_image(reference);
        for &index in &self.images {
            let row = &self.rows[index];
            let (row_repository, row_tag) = match row.name.split_once(':') {
                Some((repository, tag)) => (repository, Some(tag.trim_start_matches('*'))),
                None => (row.name.as_str(), None),
            };
            if row_repository == repository && row_tag.is_none_or(|wanted| tag.contains(wanted)) {
                return (self.cost(row), true);
            }
        }
        let default = self.setting("image_default_mb");
        (Cost { download_mb: default, install_s: 0.0, installed_mb: default * 2.5 }, false)
    }
}

/// Splits `docker.io/library/python:3.12-slim@sha256:…` into `("python", "3.12-slim")`.
pub fn split_image(reference: &str) -> (&str, &str) {
    let without_digest = reference.split('@').next().unwrap_or(reference);
    let (name, tag) = match without_digest.rfind(':') {
        Some(colon) if !without_digest[colon..].contains('/') => {
            (&without_digest[..colon], &without_digest[colon + 1..])
        }
        _ => (without_digest, "latest"),
    };
    let name = name.strip_prefix("docker.io/").unwrap_or(name);
    let name = name.strip_prefix("library/").unwrap_or(name);
    (name, tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_reads_cleanly_and_every_row_has_a_source() {
        let table = timings();
        assert!(table.errors.is_empty(), "{:?}", table.errors);
        assert!(table.rows.len() > 40);
        for row in &table.rows {
            assert!(row.source.len() > 10 && row.checked.starts_with("20"), "line {}", row.line);
        }
        for setting in ["download_mbit_s", "copy_mb_s", "copy_fixed_s", "extract_mb_s", "run_default_s"] {
            assert!(table.setting(setting) > 0.0, "{setting}");
        }
    }

    #[test]
    fn lookups_normalise_names_and_fall_back_to_defaults() {
        let table = timings();
        assert!(table.pip("Scikit_Learn").1);
        assert!(!table.pip("left-pad").1);
        assert!(table.pip("left-pad").0.download_mb > 0.0);
        let slim = table.image("python:3.12-slim-bookworm").0.download_mb;
        let full = table.image("docker.io/library/python:3.12").0.download_mb;
        assert!(slim < full);
        assert!(table.image("pytorch/pytorch:2.3.1-cuda12.1-cudnn8-devel").0.download_mb > 5000.0);
        assert_eq!(split_image("localhost:5000/team/app"), ("localhost:5000/team/app", "latest"));
    }

    #[test]
    fn malformed_rows_are_reported() {
        let table = Timings::parse("setting | x | value=1\nsetting | y | value=abc | s | 2026\n");
        assert_eq!(table.errors.len(), 2);
    }
}
