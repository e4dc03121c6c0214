//! The size estimator's knowledge base: the JSON tables in `crates/engine/data/`, parsed once.
//!
//! Every figure the estimator uses comes from here, and every table names its source and date. The tables are
//! written by the scripts in `scripts/measure/` (pip, apt, requirement sets) or by hand with their sources (base
//! images, assumptions). A table that fails to parse is a build-time mistake, not user input, so it shows up as an
//! empty table plus an entry in [`Tables::errors`], which a test keeps empty; estimation itself never panics.
//!
//! With the `embedded-tables` feature (on by default, used by the command-line tool and the tests) the JSON is
//! compiled in and parsed on first use. Without it, as in the browser app, which keeps about half a megabyte of
//! JSON out of the code it downloads before its first page, the host reads the files itself and hands them to
//! [`install`]; until then [`tables`] answers with empty tables and [`installed`] says so.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The text of the four tables, as read from `crates/engine/data/` (file names in the field docs).
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// `pip-packages.json`
    pub pip: &'a str,
    /// `apt-packages.json`
    pub apt: &'a str,
    /// `base-images.json`
    pub images: &'a str,
    /// `size-assumptions.json`
    pub assumptions: &'a str,
}

impl Sources<'_> {
    /// The file names of the tables, in the order of the fields, relative to `crates/engine/data/`.
    pub const FILES: [&'static str; 4] =
        ["pip-packages.json", "apt-packages.json", "base-images.json", "size-assumptions.json"];
}

/// The tables compiled into the binary.
#[cfg(feature = "embedded-tables")]
pub const EMBEDDED: Sources<'static> = Sources {
    pip: include_str!("../../data/pip-packages.json"),
    apt: include_str!("../../data/apt-packages.json"),
    images: include_str!("../../data/base-images.json"),
    assumptions: include_str!("../../data/size-assumptions.json"),
};

/// All tables, parsed.
#[derive(Debug, Default)]
pub struct Tables {
    pub pip: PipTable,
    pub apt: AptTable,
    pub images: ImageTable,
    pub assumptions: AssumptionTable,
    /// Tables that could not be read, with the reason.
    pub errors: Vec<String>,
}

impl Tables {
    /// Parses the four tables. Never fails: a table that cannot be read is empty and named in `errors`.
    pub fn parse(sources: Sources<'_>) -> Tables {
        let mut errors = Vec::new();
        let mut read = |name: &str, text: &str| -> serde_json::Value {
            serde_json::from_str(text).unwrap_or_else(|error| {
                errors.push(format!("{name}: {error}"));
                serde_json::Value::Null
            })
        };
        let [pip_file, apt_file, images_file, assumptions_file] = Sources::FILES;
        let pip = read(pip_file, sources.pip);
        let apt = read(apt_file, sources.apt);
        let images = read(images_file, sources.images);
        let assumptions = read(assumptions_file, sources.assumptions);
        Tables {
            pip: typed(pip_file, pip, &mut errors),
            apt: typed(apt_file, apt, &mut errors),
            images: typed(images_file, images, &mut errors),
            assumptions: typed(assumptions_file, assumptions, &mut errors),
            errors,
        }
    }
}

static INSTALLED: OnceLock<Tables> = OnceLock::new();

/// The tables in use: the installed ones, else (with `embedded-tables`) the embedded ones parsed on first use, else
/// empty tables whose `errors` say they are not loaded yet.
pub fn tables() -> &'static Tables {
    #[cfg(feature = "embedded-tables")]
    {
        INSTALLED.get_or_init(|| Tables::parse(EMBEDDED))
    }
    #[cfg(not(feature = "embedded-tables"))]
    {
        static MISSING: OnceLock<Tables> = OnceLock::new();
        INSTALLED.get().unwrap_or_else(|| {
            MISSING.get_or_init(|| Tables {
                errors: vec!["the size tables are not loaded yet".to_owned()],
                ..Tables::default()
            })
        })
    }
}

/// Parses and installs the tables the host read itself. Returns the reading errors (empty when all is well), or
/// `None` when tables were already in use, which stay: estimates never change tables midway.
pub fn install(sources: Sources<'_>) -> Option<Vec<String>> {
    let mut fresh = Some(Tables::parse(sources));
    let installed = INSTALLED.get_or_init(|| fresh.take().unwrap_or_default());
    fresh.is_none().then(|| installed.errors.clone())
}

/// Whether real tables are in use (installed, or embedded in this build).
pub fn installed() -> bool {
    cfg!(feature = "embedded-tables") || INSTALLED.get().is_some()
}

fn typed<T: for<'de> Deserialize<'de> + Default>(name: &str, value: serde_json::Value, errors: &mut Vec<String>) -> T {
    if value.is_null() {
        return T::default();
    }
    T::deserialize(value).unwrap_or_else(|error| {
        errors.push(format!("{name}: {error}"));
        T::default()
    })
}

/// `pip-packages.json`: one measured row per pinned package.
#[derive(Debug, Default, Deserialize)]
pub struct PipTable {
    pub measured: String,
    pub python: String,
    pub source: String,
    pub packages: BTreeMap<String, PipPackage>,
    /// What `python -m venv` writes (measured with the same Python).
    #[serde(default)]
    pub venv: Option<MeasuredTree>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeasuredTree {
    pub installed_bytes: u64,
    pub compressed_bytes: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PipPackage {
    pub name: String,
    pub version: String,
    pub wheel_bytes: u64,
    pub installed_bytes: u64,
    pub compressed_bytes: u64,
    /// Requirements without an extra, markers evaluated for CPython 3.11 on linux x86_64: `name` or
    /// `name[extra,…]`.
    pub requires: Vec<String>,
    /// Requirements that an extra adds (`transformers[torch]`).
    #[serde(default)]
    pub extras: BTreeMap<String, Vec<String>>,
    pub musl: MuslFacts,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MuslFacts {
    #[serde(default)]
    pub checked: bool,
    #[serde(default)]
    pub pure_python: bool,
    #[serde(default)]
    pub musllinux_wheel: Option<String>,
    #[serde(default)]
    pub sdist_bytes: Option<u64>,
}

/// `apt-packages.json`: Debian bookworm's metadata for the packages ML images install.
#[derive(Debug, Default, Deserialize)]
pub struct AptTable {
    pub source: String,
    pub retrieved: String,
    pub apt_lists: AptLists,
    pub deb_sample: DebSample,
    /// Package sets that base images already hold; an image lists the names of the sets it has.
    pub base_sets: BTreeMap<String, Vec<String>>,
    pub packages: BTreeMap<String, AptPackage>,
}

#[derive(Debug, Default, Deserialize)]
pub struct AptLists {
    pub bytes: u64,
    pub measured: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct DebSample {
    /// A gzip'd tar of the unpacked files over the `.deb` size, measured on a sample.
    pub gzip_over_deb: f64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AptPackage {
    pub version: String,
    /// `Installed-Size`, in KiB as Debian declares it.
    pub installed_kib: u64,
    pub deb_bytes: u64,
    /// Dependency groups: each group lists alternatives, already resolved to real package names.
    pub depends: Vec<Vec<String>>,
    pub recommends: Vec<Vec<String>>,
}

/// `base-images.json`.
#[derive(Debug, Default, Deserialize)]
pub struct ImageTable {
    pub distros: BTreeMap<String, Distro>,
    pub images: Vec<BaseImage>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Distro {
    /// A number, or the text "from apt-packages.json" when the apt table measured it.
    #[serde(default)]
    pub apt_lists_bytes: Option<serde_json::Value>,
    #[serde(default)]
    pub package_manager: Option<String>,
    #[serde(default)]
    pub confidence: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub proxy: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct BaseImage {
    pub reference: String,
    /// Patterns over the normalised reference (`python:3.11-slim`); `*` matches any text.
    #[serde(rename = "match")]
    pub patterns: Vec<String>,
    pub os: String,
    pub libc: String,
    pub arch: String,
    pub uncompressed_bytes: u64,
    pub compressed_bytes: u64,
    /// `exact`, `approximate` or `estimate`.
    pub confidence: String,
    pub source: String,
    pub retrieved: String,
    #[serde(default)]
    pub apt_sets: Vec<String>,
    #[serde(default)]
    pub python: Option<String>,
    #[serde(default)]
    pub python_packages: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Stands in for tags the table does not list.
    #[serde(default)]
    pub generic: bool,
}

/// `size-assumptions.json`.
#[derive(Debug, Default, Deserialize)]
pub struct AssumptionTable {
    pub written: String,
    pub assumptions: BTreeMap<String, Assumption>,
    pub compression: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub index_overrides: Vec<IndexOverride>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Assumption {
    #[serde(default)]
    pub bytes: u64,
    #[serde(default)]
    pub compressed_bytes: u64,
    #[serde(default)]
    pub wheel_bytes: u64,
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub factor: f64,
    pub why: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct IndexOverride {
    pub index_contains: String,
    pub confidence: String,
    pub source: String,
    pub packages: BTreeMap<String, OverridePackage>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct OverridePackage {
    pub installed_bytes: u64,
    pub compressed_bytes: u64,
    pub wheel_bytes: u64,
    pub requires: Vec<String>,
}

impl AssumptionTable {
    /// The named assumption, or an empty one (zero bytes, "missing") so that a typo in code shows in the output
    /// rather than panicking; a test checks that every name the estimator uses exists.
    pub fn get(&self, key: &str) -> Assumption {
        self.assumptions.get(key).cloned().unwrap_or_else(|| Assumption {
            why: format!("(assumption {key} is missing from the table)"),
            ..Default::default()
        })
    }

    /// The compression ratio of a named class (`text`, `binary`, `other`, `pip_cache`, `apt_lists`).
    pub fn ratio(&self, class: &str) -> f64 {
        self.compression.get(class).and_then(|value| value.get("ratio")).and_then(|r| r.as_f64()).unwrap_or(1.0)
    }

    /// The compression class of a file by its extension.
    pub fn class_of(&self, path: &str) -> &'static str {
        let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
        for class in ["text", "binary"] {
            let listed = self
                .compression
                .get(class)
                .and_then(|value| value.get("extensions"))
                .and_then(|list| list.as_array())
                .is_some_and(|list| {
                    list.iter().any(|item| item.as_str().is_some_and(|item| item.eq_ignore_ascii_case(extension)))
                });
            if listed {
                return class;
            }
        }
        "other"
    }
}

impl ImageTable {
    /// Bytes of `apt-get update`'s lists for an OS family, and whether the figure is an estimate.
    pub fn apt_lists(&self, os: &str, apt: &AptTable) -> (u64, bool) {
        let family = if os.starts_with("ubuntu") { "ubuntu" } else { os };
        match self.distros.get(family).and_then(|d| d.apt_lists_bytes.as_ref()) {
            Some(serde_json::Value::Number(number)) => (number.as_u64().unwrap_or(0), true),
            _ => (apt.apt_lists.bytes, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_that_does_not_parse_is_empty_and_named() {
        let sources = Sources { pip: "{ not json", apt: "[]", images: "{}", assumptions: "{}" };
        let tables = Tables::parse(sources);
        assert!(tables.pip.packages.is_empty());
        assert!(tables.errors.iter().any(|error| error.starts_with("pip-packages.json:")), "{:?}", tables.errors);
        // An array is valid JSON but not the apt table's shape.
        assert!(tables.errors.iter().any(|error| error.starts_with("apt-packages.json:")), "{:?}", tables.errors);
    }

    #[cfg(feature = "embedded-tables")]
    #[test]
    fn tables_in_use_are_never_replaced() {
        let before = tables().pip.packages.len();
        assert!(before > 0);
        assert!(installed());
        let empty = Sources { pip: "{}", apt: "{}", images: "{}", assumptions: "{}" };
        assert_eq!(install(empty), None);
        assert_eq!(tables().pip.packages.len(), before);
    }
}
