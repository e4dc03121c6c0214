//! Duration estimates for build steps, from the figures in `data/timings.txt`.
//!
//! A `RUN` is read the way a person skims it: `apt-get update`, `apt-get install` and `pip install` (with the
//! packages of `requirements.txt` when the context has its text), `conda install`, downloads with `curl`/`wget`,
//! `git clone`. Everything else costs a flat default. A warm cache mount (section B.8) removes the download part
//! of pip and apt installs, which is exactly what it is for.
//!
//! Download sizes come first from the size estimator's measured tables (`data/pip-packages.json` with dependency
//! edges, `data/base-images.json`), so sizes and times agree; `data/timings.txt` supplies the times and the
//! fallback figures for packages and images those tables do not list.

use super::timings::{timings, Timings};
use crate::context::BuildContext;

/// A duration estimate with a short note on what it consists of.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Estimate {
    pub seconds: f64,
    /// What the time is made of, for the learner ("pip installs 7 packages, about 2.6 GB to download").
    pub note: Option<String>,
}

/// Which package caches a `RUN` finds warm (its cache mount was filled by an earlier build).
#[derive(Debug, Clone, Copy, Default)]
pub struct WarmCaches {
    pub pip: bool,
    pub apt: bool,
}

/// Seconds to pull and unpack a base image.
pub fn pull(image: &str) -> Estimate {
    let table = timings();
    let (mut cost, mut known) = table.image(image);
    let images = &crate::size::data::tables().images;
    if let (_, Some(measured)) = crate::size::images::lookup(images, image) {
        cost.download_mb = measured.compressed_bytes as f64 / 1e6;
        known = !measured.generic;
    }
    let extract = table.setting("extract_mb_s");
    let seconds =
        table.download_seconds(cost.download_mb) + if extract > 0.0 { cost.download_mb / extract } else { 0.0 };
    let guess = if known { "" } else { " (size unknown, a typical figure assumed)" };
    Estimate { seconds, note: Some(format!("pulls about {}{guess}", megabytes(cost.download_mb))) }
}

/// Seconds to copy `bytes` in `files` files into a layer.
pub fn copy(bytes: u64) -> Estimate {
    let table = timings();
    let throughput = table.setting("copy_mb_s");
    let megabytes_copied = bytes as f64 / 1e6;
    let seconds = table.setting("copy_fixed_s") + if throughput > 0.0 { megabytes_copied / throughput } else { 0.0 };
    Estimate { seconds, note: Some(format!("copies {}", megabytes(megabytes_copied))) }
}

/// Seconds to download something from a URL whose size is unknown.
pub fn url_download() -> Estimate {
    let table = timings();
    let size = table.setting("url_download_mb");
    Estimate {
        seconds: table.download_seconds(size) + table.setting("copy_fixed_s"),
        note: Some(format!("downloads a file of unknown size; about {} assumed", megabytes(size))),
    }
}

/// Seconds for a `RUN`, read from its command text.
pub fn run(command: &str, context: &BuildContext, warm: WarmCaches) -> Estimate {
    let table = timings();
    let mut seconds = table.setting("container_start_s");
    let mut recognised = false;
    let mut pip_packages = 0usize;
    let mut apt_packages = 0usize;
    let mut download_mb = 0.0;
    for simple in simple_commands(command) {
        let words: Vec<&str> = simple.iter().map(|word| word.as_str()).collect();
        let words = strip_prefixes(&words);
        match words {
            [apt, "update", ..] if is_apt(apt) => {
                recognised = true;
                seconds += table.setting("apt_update_s");
            }
            [apt, "install", rest @ ..] | [apt, "-y", "install", rest @ ..] | [apt, "-qq", "install", rest @ ..]
                if is_apt(apt) =>
            {
                recognised = true;
                for package in rest.iter().filter(|word| !word.starts_with('-')) {
                    let name = package.split('=').next().unwrap_or(package);
                    let (cost, _) = table.apt(name);
                    apt_packages += 1;
                    if !warm.apt {
                        download_mb += cost.download_mb;
                    }
                    seconds += cost.install_s;
                }
            }
            _ => {
                if let Some(arguments) = pip_install_arguments(words) {
                    recognised = true;
                    seconds += table.setting("pip_resolve_s");
                    let packages = pip_packages_of(arguments, context, 0);
                    for package in &packages {
                        seconds += table.pip(package).0.install_s;
                    }
                    pip_packages += packages.len();
                    if !warm.pip {
                        download_mb += pip_download_mb(&packages);
                    }
                } else if let Some(arguments) = conda_install_arguments(words) {
                    recognised = true;
                    seconds += table.setting("conda_solve_s");
                    for package in arguments.iter().filter(|word| !word.starts_with('-')) {
                        let (cost, _) = table.pip(package.split(['=', '<', '>']).next().unwrap_or(package));
                        pip_packages += 1;
                        download_mb += cost.download_mb;
                        seconds += cost.install_s;
                    }
                } else if matches!(words.first(), Some(&"curl") | Some(&"wget"))
                    && words.iter().any(|word| word.starts_with("http://") || word.starts_with("https://"))
                {
                    recognised = true;
                    download_mb += table.setting("url_download_mb");
                } else if let ["git", "clone", ..] = words {
                    recognised = true;
                    seconds += table.setting("git_clone_s");
                }
            }
        }
    }
    seconds += table.download_seconds(download_mb);
    if !recognised {
        seconds += table.setting("run_default_s");
        return Estimate { seconds, note: None };
    }
    let mut parts = Vec::new();
    if apt_packages > 0 {
        parts.push(plural(apt_packages, "apt package"));
    }
    if pip_packages > 0 {
        parts.push(plural(pip_packages, "Python package"));
    }
    let mut note = if parts.is_empty() { String::new() } else { format!("installs {}", parts.join(" and ")) };
    if download_mb > 0.0 {
        if !note.is_empty() {
            note.push_str(", ");
        }
        note.push_str(&format!("downloads about {}", megabytes(download_mb)));
    }
    Estimate { seconds, note: (!note.is_empty()).then_some(note) }
}

/// Megabytes pip downloads for these packages and everything they require, from the size estimator's measured
/// wheel sizes; a package it does not know takes the figure of `timings.txt`, which counts its dependencies too.
fn pip_download_mb(packages: &[String]) -> f64 {
    let measured = &crate::size::data::tables().pip;
    let roots: Vec<crate::size::pip::Spec> =
        packages.iter().filter_map(|package| crate::size::pip::parse_spec(package)).collect();
    let chosen = crate::size::pip::closure(&roots, &Default::default(), measured, None, false);
    chosen
        .iter()
        .map(|package| match &package.row {
            Some(row) => row.wheel_bytes as f64 / 1e6,
            None => timings().pip(&package.name).0.download_mb,
        })
        .sum()
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// `1.2 GB`, `450 MB`, `3 MB`.
pub fn megabytes(value: f64) -> String {
    if value >= 1000.0 {
        format!("{:.1} GB", value / 1000.0)
    } else if value >= 1.0 {
        format!("{value:.0} MB")
    } else {
        format!("{:.0} kB", value * 1000.0)
    }
}

fn is_apt(word: &str) -> bool {
    matches!(word, "apt-get" | "apt")
}

/// Splits a shell command into simple commands at `&&`, `||`, `;`, `|` and line breaks, and into words with quotes
/// removed. This is a reading aid for estimates, not a shell: anything it misreads only changes a duration.
fn simple_commands(command: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut chars = command.chars().peekable();
    let flush_word = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    while let Some(ch) = chars.next() {
        match (quote, ch) {
            (Some(open), ch) if ch == open => quote = None,
            (Some(_), ch) => word.push(ch),
            (None, '\'' | '"') => quote = Some(ch),
            (None, '\\') => {
                if let Some(next) = chars.next() {
                    if next != '\n' {
                        word.push(next);
                    }
                }
            }
            (None, ';' | '\n' | '|' | '&') => {
                flush_word(&mut word, &mut words);
                if !words.is_empty() {
                    commands.push(std::mem::take(&mut words));
                }
            }
            (None, ch) if ch.is_whitespace() => flush_word(&mut word, &mut words),
            (None, ch) => word.push(ch),
        }
    }
    flush_word(&mut word, &mut words);
    if !words.is_empty() {
        commands.push(words);
    }
    commands
}

/// Drops `VAR=value` assignments, `sudo`, `set -e` style prefixes and `DEBIAN_FRONTEND=…` before the command.
fn strip_prefixes<'w>(mut words: &'w [&'w str]) -> &'w [&'w str] {
    while let Some((first, rest)) = words.split_first() {
        let assignment = first.contains('=') && !first.starts_with('-') && !first.starts_with('=');
        if assignment || matches!(*first, "sudo" | "exec" | "time" | "command") {
            words = rest;
        } else {
            break;
        }
    }
    words
}

/// The arguments after `install` for pip in its usual spellings.
fn pip_install_arguments<'w>(words: &'w [&'w str]) -> Option<&'w [&'w str]> {
    let after_pip = match words {
        [pip, rest @ ..] if pip.starts_with("pip") => rest,
        [python, "-m", "pip", rest @ ..] if python.starts_with("python") => rest,
        ["uv", "pip", rest @ ..] => rest,
        _ => return None,
    };
    let position = after_pip.iter().position(|word| *word == "install")?;
    // Options before `install` (`pip --no-cache-dir install`) are allowed; anything else is another subcommand.
    after_pip[..position].iter().all(|word| word.starts_with('-')).then(|| &after_pip[position + 1..])
}

fn conda_install_arguments<'w>(words: &'w [&'w str]) -> Option<&'w [&'w str]> {
    match words {
        [tool, "install", rest @ ..] if matches!(*tool, "conda" | "mamba" | "micromamba") => Some(rest),
        _ => None,
    }
}

/// Package names from pip arguments, following `-r FILE` into the context's copy of FILE when its text is known.
fn pip_packages_of(arguments: &[&str], context: &BuildContext, depth: usize) -> Vec<String> {
    let table: &Timings = timings();
    let mut packages = Vec::new();
    let mut index = 0;
    while index < arguments.len() {
        let word = arguments[index];
        index += 1;
        let requirement_file = if matches!(word, "-r" | "--requirement" | "-c" | "--constraint") {
            let file = arguments.get(index).copied();
            index += 1;
            if matches!(word, "-c" | "--constraint") {
                continue;
            }
            file
        } else {
            word.strip_prefix("--requirement=").or_else(|| word.strip_prefix("-r"))
        };
        if let Some(file) = requirement_file.filter(|file| !file.is_empty()) {
            match requirement_text(context, file).filter(|_| depth < 4) {
                Some(text) => {
                    for line in text.lines() {
                        let line = line.split('#').next().unwrap_or("").trim();
                        if line.is_empty() {
                            continue;
                        }
                        let words: Vec<&str> = line.split_whitespace().collect();
                        packages.extend(pip_packages_of(&words, context, depth + 1));
                    }
                }
                None => {
                    let count = table.setting("pip_requirements_default") as usize;
                    packages.extend((0..count).map(|n| format!("unknown-requirement-{n}")));
                }
            }
            continue;
        }
        if word.starts_with('-') {
            // Options with a value take the next word too.
            if matches!(word, "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" | "-t" | "--target") {
                index += 1;
            }
            continue;
        }
        let name_end = word.find(['=', '<', '>', '!', '~', '[', ';', '@', ' ']).unwrap_or(word.len());
        let name = &word[..name_end];
        if !name.is_empty() {
            packages.push(name.to_string());
        }
    }
    packages
}

/// The text of a requirements file as the context holds it: by its path, or by its file name anywhere.
fn requirement_text<'c>(context: &'c BuildContext, file: &str) -> Option<&'c str> {
    let relative = file.trim_start_matches("./");
    if let Some(text) = context.get(relative).and_then(|file| file.text.as_deref()) {
        return Some(text);
    }
    let name = relative.rsplit('/').next().unwrap_or(relative);
    context.files().iter().find(|candidate| candidate.path.rsplit('/').next() == Some(name))?.text.as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::default_ml_project;

    #[test]
    fn requirements_are_read_from_the_context() {
        let project = default_ml_project();
        let estimate = run("pip install --no-cache-dir -r requirements.txt", &project, WarmCaches::default());
        assert!(estimate.note.as_deref().unwrap().contains("installs 7 Python packages"), "{estimate:?}");
        // torch dominates: minutes, not seconds.
        assert!(estimate.seconds > 120.0, "{estimate:?}");
        let warm = run("pip install -r requirements.txt", &project, WarmCaches { pip: true, apt: false });
        assert!(warm.seconds < estimate.seconds / 3.0, "{warm:?}");
    }

    #[test]
    fn apt_and_unknown_commands() {
        let project = BuildContext::new();
        let update = run("apt-get update", &project, WarmCaches::default()).seconds;
        let both = run(
            "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git curl",
            &project,
            WarmCaches::default(),
        );
        assert!(both.seconds > update);
        assert!(both.note.unwrap().contains("2 apt packages"));
        assert!(run("echo hello", &project, WarmCaches::default()).note.is_none());
    }

    #[test]
    fn commands_split_on_operators_and_quotes() {
        let commands = simple_commands("a 'b c' && d \\\n e; f | g");
        assert_eq!(commands, vec![vec!["a", "b c"], vec!["d", "e"], vec!["f"], vec!["g"]]);
        assert_eq!(megabytes(2500.0), "2.5 GB");
    }
}
