//! `pip install` as the estimator reads it: the options that change what lands in the layer, requirement files,
//! and the dependency closure over the measured pip table.

use std::collections::BTreeSet;

use super::data::{IndexOverride, PipPackage, PipTable};

/// A requirement: a normalised name, the extras asked for, and the version if pinned with `==`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub name: String,
    pub extras: Vec<String>,
    pub pinned: Option<String>,
}

/// What one `pip install` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Install {
    pub specs: Vec<Spec>,
    pub requirement_files: Vec<String>,
    /// Local paths, archives, URLs and VCS references: `.`, `./pkg`, `dist/x.whl`, `git+https://…`.
    pub local: Vec<String>,
    /// Words still holding an unset variable, such as `$PACKAGES`.
    pub unresolved: Vec<String>,
    /// Requirements whose name is known but whose version comes from an unset variable (`torch==$VERSION`).
    pub variable_versions: Vec<String>,
    pub indexes: Vec<String>,
    pub no_cache: bool,
    pub no_deps: bool,
    pub user: bool,
    /// `--target` or `--prefix`/`--root`: where the files go instead of site-packages.
    pub location: Option<String>,
}

/// PEP 503: `PyYAML`, `pyyaml` and `py_yaml` are one project.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut last_dash = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !last_dash {
                out.push('-');
            }
            last_dash = true;
        } else {
            out.push(c.to_ascii_lowercase());
            last_dash = false;
        }
    }
    out
}

/// Reads `name[extra,…] <specifier> ; marker` (or `name @ url`). `None` for paths, URLs and garbage.
pub fn parse_spec(text: &str) -> Option<Spec> {
    let text = text.split(';').next().unwrap_or("").trim();
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(text.len());
    let name = &text[..end];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) || name.ends_with('.') {
        return None;
    }
    let mut rest = text[end..].trim_start();
    let mut extras = Vec::new();
    if let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        extras = inner[..close].split(',').map(|e| normalize(e.trim())).filter(|e| !e.is_empty()).collect();
        rest = inner[close + 1..].trim_start();
    }
    let is_spec = rest.is_empty() || rest.starts_with(['=', '<', '>', '~', '!', '@', '(']);
    if !is_spec {
        return None;
    }
    let pinned = rest
        .strip_prefix("==")
        .map(|version| version.split(',').next().unwrap_or("").trim().to_string())
        .filter(|version| !version.is_empty() && !version.contains('*'));
    Some(Spec { name: normalize(name), extras, pinned })
}

/// Whether the words run pip's install command, and where its arguments start.
pub fn install_arguments(words: &[String]) -> Option<usize> {
    subcommand_arguments(words, &["install"])
}

/// Whether the words run `pip wheel` or `pip download`, which fill a folder with wheels instead of installing.
pub fn wheel_arguments(words: &[String]) -> Option<usize> {
    subcommand_arguments(words, &["wheel", "download"])
}

fn subcommand_arguments(words: &[String], subcommands: &[&str]) -> Option<usize> {
    let program = words.first().map(|w| w.rsplit('/').next().unwrap_or(w))?;
    let is_pip = |w: &str| w == "pip" || w.starts_with("pip3") || w.starts_with("pip2");
    let mut index = if is_pip(program) {
        1
    } else if program.starts_with("python") {
        let module = words.iter().position(|w| w == "-m")?;
        if !words.get(module + 1).is_some_and(|w| is_pip(w)) {
            return None;
        }
        module + 2
    } else if program == "uv" && words.get(1).map(String::as_str) == Some("pip") {
        2
    } else {
        return None;
    };
    // Global options may come before the subcommand (`pip --no-cache-dir install`).
    while words.get(index).is_some_and(|w| w.starts_with('-')) {
        index += 1;
    }
    words.get(index).filter(|w| subcommands.contains(&w.as_str())).map(|_| index + 1)
}

/// Options of `pip install` that take a value, so the value is not read as a package.
const VALUE_OPTIONS: &[&str] = &[
    "-c",
    "--constraint",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--trusted-host",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--upgrade-strategy",
    "--progress-bar",
    "--cache-dir",
    "--src",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--global-option",
    "--install-option",
    "--config-settings",
    "-C",
    "--python",
    "--root-user-action",
    "--report",
    "--only-binary",
    "--no-binary",
    "--index-strategy",
    "--extra-index",
];

/// Reads the arguments of `pip install` (everything after `install`, and any options before it).
pub fn parse_install(words: &[String], start: usize) -> Install {
    let mut install = Install::default();
    for word in &words[..start] {
        read_flag(&mut install, word);
    }
    let mut index = start;
    while index < words.len() {
        let word = &words[index];
        index += 1;
        let (option, inline) = match word.split_once('=') {
            Some((option, value)) if word.starts_with("--") => (option, Some(value.to_string())),
            _ => (word.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| words.get(index).cloned().inspect(|_| index += 1));
        match option {
            "-r" | "--requirement" => install.requirement_files.extend(value()),
            "-e" | "--editable" => install.local.extend(value()),
            "-t" | "--target" | "--prefix" | "--root" | "-w" | "--wheel-dir" | "-d" | "--dest" => {
                install.location = value()
            }
            "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" => install.indexes.extend(value()),
            _ if option.starts_with("-r") && option.len() > 2 && !option.starts_with("--") => {
                install.requirement_files.push(option[2..].to_string())
            }
            _ if VALUE_OPTIONS.contains(&option) => {
                value();
            }
            _ if option.starts_with('-') => read_flag(&mut install, option),
            _ => read_requirement_word(&mut install, word),
        }
    }
    install
}

fn read_flag(install: &mut Install, flag: &str) {
    match flag {
        "--no-cache-dir" | "--no-cache" => install.no_cache = true,
        "--no-deps" => install.no_deps = true,
        "--user" => install.user = true,
        _ => {}
    }
}

fn read_requirement_word(install: &mut Install, word: &str) {
    if let Some(position) = word.find('$') {
        // `torch==$TORCH_VERSION` or `tensorflow${SUFFIX}`: the name is known even if the version is not, and the
        // measured version stands in for it.
        let known = word[..position].trim_end_matches(['=', '<', '>', '~', '!']);
        match parse_spec(known).filter(|_| !looks_local(known) && !known.is_empty()) {
            Some(spec) => {
                install.variable_versions.push(word.to_string());
                install.specs.push(spec);
            }
            None => install.unresolved.push(word.to_string()),
        }
    } else if let Some(spec) = (!looks_local(word)).then(|| parse_spec(word)).flatten() {
        install.specs.push(spec);
    } else {
        install.local.push(word.to_string());
    }
}

fn looks_local(word: &str) -> bool {
    word.starts_with(['.', '/', '~'])
        || word.contains("://")
        || word.starts_with("git+")
        || [".whl", ".tar.gz", ".zip", ".tgz"].iter().any(|ext| word.ends_with(ext))
        || (word.contains('/') && !word.contains(" @ "))
}

/// Reads a requirements file into the same shape; nested `-r` files come back in `requirement_files`, relative
/// to the file that names them.
pub fn parse_requirements(text: &str) -> Install {
    let mut install = Install::default();
    let joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
    for line in joined.lines() {
        let line = match line.find(" #") {
            Some(position) => &line[..position],
            None if line.trim_start().starts_with('#') => "",
            None => line,
        };
        let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        let Some(first) = words.first() else { continue };
        if first.starts_with('-') {
            let parsed = parse_install(&words, 0);
            install.requirement_files.extend(parsed.requirement_files);
            install.local.extend(parsed.local);
            install.indexes.extend(parsed.indexes);
            install.specs.extend(parsed.specs);
        } else {
            // One requirement per line; `--hash=` options after it are not packages.
            let requirement = line.split(" --").next().unwrap_or("").trim();
            read_requirement_word(&mut install, requirement);
        }
    }
    install
}

/// One package the closure would install, with the figures it is estimated by.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub name: String,
    pub row: Option<PipPackage>,
    /// Set when a package index other than PyPI (the CPU-only torch index) supplies this package.
    pub from_override: bool,
}

/// The packages pip would install for `roots` when `installed` is already there, following Requires-Dist and
/// extras through the measured table. Packages the table does not know are returned with no row.
pub fn closure(
    roots: &[Spec],
    installed: &BTreeSet<String>,
    table: &PipTable,
    index_override: Option<&IndexOverride>,
    no_deps: bool,
) -> Vec<Chosen> {
    let mut chosen: Vec<Chosen> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut extras_done: BTreeSet<(String, String)> = BTreeSet::new();
    let mut queue: Vec<(String, Vec<String>, bool)> =
        roots.iter().rev().map(|spec| (spec.name.clone(), spec.extras.clone(), true)).collect();
    while let Some((name, extras, is_root)) = queue.pop() {
        let overridden = index_override.and_then(|o| o.packages.get(&name));
        let row = overridden
            .map(|p| PipPackage {
                name: name.clone(),
                version: "(CPU index)".to_string(),
                wheel_bytes: p.wheel_bytes,
                installed_bytes: p.installed_bytes,
                compressed_bytes: p.compressed_bytes,
                requires: p.requires.clone(),
                ..Default::default()
            })
            .or_else(|| table.packages.get(&name).cloned());
        let mut wanted: Vec<String> = Vec::new();
        if !installed.contains(&name) && seen.insert(name.clone()) {
            if let Some(row) = &row {
                wanted.extend(row.requires.iter().cloned());
            }
            chosen.push(Chosen { name: name.clone(), row: row.clone(), from_override: overridden.is_some() });
        }
        for extra in &extras {
            if extras_done.insert((name.clone(), extra.clone())) {
                if let Some(deps) = row.as_ref().and_then(|r| r.extras.get(extra)) {
                    wanted.extend(deps.iter().cloned());
                }
            }
        }
        if no_deps && is_root {
            continue;
        }
        for requirement in wanted.iter().rev() {
            if let Some(spec) = parse_spec(requirement) {
                if spec.name != name {
                    queue.push((spec.name, spec.extras, false));
                }
            }
        }
    }
    chosen
}

/// The override whose index one of these URLs names, if any.
pub fn index_override<'a>(indexes: &[String], overrides: &'a [IndexOverride]) -> Option<&'a IndexOverride> {
    overrides.iter().find(|o| indexes.iter().any(|index| index.contains(&o.index_contains)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn reads_specs() {
        let spec = parse_spec("Transformers[Torch,sentencepiece]>=4.40 ; python_version>'3.8'").unwrap();
        assert_eq!(spec.name, "transformers");
        assert_eq!(spec.extras, vec!["torch", "sentencepiece"]);
        assert_eq!(parse_spec("torch==2.3.1").unwrap().pinned.as_deref(), Some("2.3.1"));
        assert_eq!(parse_spec("./dist/pkg.whl"), None);
    }

    #[test]
    fn reads_install_options() {
        let w =
            words("python3 -m pip install --no-cache-dir -r requirements.txt torch==2.1 --index-url https://x/cpu .");
        let start = install_arguments(&w).unwrap();
        let install = parse_install(&w, start);
        assert!(install.no_cache);
        assert_eq!(install.requirement_files, vec!["requirements.txt"]);
        assert_eq!(install.specs.len(), 1);
        assert_eq!(install.indexes, vec!["https://x/cpu"]);
        assert_eq!(install.local, vec!["."]);
        assert_eq!(install_arguments(&words("pip download torch")), None);
        assert_eq!(install_arguments(&words("pip --no-cache-dir install x")), Some(3));
    }

    #[test]
    fn reads_requirement_files() {
        let install = parse_requirements("# c\nnumpy==1.26 \\\n  --hash=sha256:ab\n-r base.txt\n-e .\npandas # x\n");
        let names: Vec<&str> = install.specs.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["numpy", "pandas"]);
        assert_eq!(install.requirement_files, vec!["base.txt"]);
        assert_eq!(install.local, vec!["."]);
    }
}
