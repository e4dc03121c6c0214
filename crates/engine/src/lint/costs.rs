//! The figures a finding quotes ("reinstalls torch, about 2.5 GB, on every code edit"), read from the engine's data
//! tables, never written into rule code.
//!
//! pip packages and base images come from the size estimator's measured tables (`data/pip-packages.json`, measured
//! by installing each wheel, with the dependency closure pip would pull in; `data/base-images.json`), apt packages
//! from Debian's metadata (`data/apt-packages.json`). Only what a table lists is counted: an unknown package adds
//! nothing, so a message never quotes a figure the data does not hold, and says so by naming only known packages.

use std::collections::BTreeSet;

use crate::cache::megabytes;
use crate::cache::timings::timings;
use crate::context::BuildContext;
use crate::size::data::tables;
use crate::size::images::lookup;
use crate::size::pip::{closure, parse_spec};

/// What a set of packages costs, counting only the packages the data table knows.
#[derive(Debug, Clone, PartialEq)]
pub struct PackagesCost {
    /// The known packages, in the order given, heaviest first when shown.
    pub known: Vec<String>,
    pub download_mb: f64,
    pub installed_mb: f64,
}

impl PackagesCost {
    /// "torch and transformers, about 2.5 GB to download and 5.1 GB installed".
    pub fn describe(&self) -> String {
        let names = match self.known.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [first, second] => format!("{first} and {second}"),
            [first, second, rest @ ..] => format!("{first}, {second} and {} more", rest.len()),
        };
        format!(
            "{names} (about {} to download and {} installed, per Dockerlab's package tables)",
            megabytes(self.download_mb),
            megabytes(self.installed_mb)
        )
    }
}

/// The cost of pip packages by name, with the dependencies pip would install alongside; `None` when no table
/// knows any of them. Downloads are wheel sizes, installed sizes what the packages add to the image. The measured
/// table comes first; a package it does not hold yet (torch is measured last, being the largest) falls back to its
/// row in `data/timings.txt`, which names its own source.
pub fn pip_packages(names: &[String]) -> Option<PackagesCost> {
    let table = &tables().pip;
    let roots: Vec<_> = names.iter().filter_map(|name| parse_spec(name)).collect();
    let (measured, missing): (Vec<_>, Vec<_>) =
        roots.into_iter().partition(|spec| table.packages.contains_key(&spec.name));
    // Names with their own download size, so the message names the heaviest packages first.
    let mut known: Vec<(String, f64)> = Vec::new();
    let (mut download, mut installed) = (0.0f64, 0.0f64);
    if !measured.is_empty() {
        for chosen in closure(&measured, &BTreeSet::new(), table, None, false) {
            if let Some(row) = &chosen.row {
                download += row.wheel_bytes as f64 / 1e6;
                installed += row.installed_bytes as f64 / 1e6;
            }
        }
        known.extend(measured.iter().map(|spec| {
            let own = table.packages.get(&spec.name).map_or(0.0, |row| row.wheel_bytes as f64 / 1e6);
            (spec.name.clone(), own)
        }));
    }
    for spec in missing {
        let (cost, listed) = timings().pip(&spec.name);
        if listed {
            download += cost.download_mb;
            installed += cost.installed_mb;
            known.push((spec.name.clone(), cost.download_mb));
        }
    }
    known.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut names: Vec<String> = Vec::new();
    for (name, _) in known {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (!names.is_empty()).then_some(PackagesCost { known: names, download_mb: download, installed_mb: installed })
}

/// The installed size of apt packages by name (Debian's `Installed-Size`, without dependencies, which a base image
/// may already hold); `None` when the table knows none of them.
pub fn apt_packages(names: &[String]) -> Option<PackagesCost> {
    let table = &tables().apt;
    let mut known = Vec::new();
    let (mut download, mut installed) = (0u64, 0u64);
    for name in names {
        if let Some(package) = table.packages.get(name) {
            if !known.contains(name) {
                known.push(name.clone());
                download += package.deb_bytes;
                installed += package.installed_kib * 1024;
            }
        }
    }
    (!known.is_empty()).then(|| PackagesCost {
        known,
        download_mb: download as f64 / 1e6,
        installed_mb: installed as f64 / 1e6,
    })
}

/// Uncompressed size of a base image in MB, when `base-images.json` lists it (generic stand-in rows excluded).
pub fn image_installed_mb(reference: &str) -> Option<f64> {
    let (_, image) = lookup(&tables().images, reference);
    image.filter(|image| !image.generic).map(|image| image.uncompressed_bytes as f64 / 1e6)
}

/// `about 1.2 GB`.
pub fn about(mb: f64) -> String {
    format!("about {}", megabytes(mb))
}

/// Package names listed in a requirements file's text: one requirement per line, options and comments skipped.
pub fn requirement_names(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty() && !line.starts_with('-'))
        .map(super::packages::PipInstall::package_name)
        .filter(|name| !name.is_empty())
        .collect()
}

/// The packages a `pip install` brings in: those on the command line plus, when the context holds their text, those
/// in its requirements files.
pub fn pip_install_names(install: &super::PipInstall, context: Option<&BuildContext>) -> Vec<String> {
    let mut names: Vec<String> =
        install.packages.iter().map(|word| super::packages::PipInstall::package_name(&word.text)).collect();
    if let Some(context) = context {
        for file in &install.requirement_files {
            let path = file.text.trim_start_matches("--requirement=").trim_start_matches("-r");
            if let Some(text) = context.get(path).and_then(|file| file.text.as_deref()) {
                names.extend(requirement_names(text));
            }
        }
    }
    names
}

/// Bytes in MB for messages about context files.
pub fn bytes_mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
