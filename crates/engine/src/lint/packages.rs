//! Package-manager calls read from shell commands: `apt-get`/`apt` and `pip install`, with their options and
//! package words located, so rules can underline the package that is unpinned or the `install` that lacks a flag.

use super::shell::{ShellCommand, ShellWord};

/// One `apt-get`, `apt` or `aptitude` command.
pub struct AptCall<'a> {
    pub command: &'a ShellCommand,
    /// The program word (`apt-get`).
    pub program: &'a ShellWord,
    /// `apt-get`, `apt` or `aptitude`.
    pub tool: &'a str,
    /// The first word that is not an option (`update`, `install`).
    pub subcommand: Option<&'a ShellWord>,
    /// Option words, with the values of options that take one.
    pub options: Vec<&'a ShellWord>,
    /// Words after the subcommand that are not options.
    pub packages: Vec<&'a ShellWord>,
}

impl AptCall<'_> {
    pub fn is(&self, subcommand: &str) -> bool {
        self.subcommand.is_some_and(|word| word.text == subcommand)
    }

    /// `-y`, `--yes`, `--assume-yes`, `-qq` or a short-option cluster holding `y` (`-qy`).
    pub fn assumes_yes(&self) -> bool {
        self.options.iter().any(|word| {
            let text = word.text.as_str();
            matches!(text, "--yes" | "--assume-yes" | "-qq" | "--quiet=2")
                || (text.starts_with('-') && !text.starts_with("--") && text.contains('y'))
        })
    }

    /// `--no-install-recommends` or `-o APT::Install-Recommends=false`.
    pub fn skips_recommends(&self) -> bool {
        self.options.iter().any(|word| {
            let text = word.text.as_str();
            text == "--no-install-recommends"
                || text.to_ascii_lowercase().replace(['"', '\''], "").contains("apt::install-recommends=false")
                || text.to_ascii_lowercase().contains("apt::install-recommends=0")
        })
    }
}

/// Reads every apt call in a list of commands.
pub fn apt_calls(commands: &[ShellCommand]) -> Vec<AptCall<'_>> {
    let mut calls = Vec::new();
    for command in commands {
        let Some(program_index) = command.program_index() else { continue };
        let program = &command.words[program_index];
        let tool = program.text.rsplit('/').next().unwrap_or("");
        if !matches!(tool, "apt-get" | "apt" | "aptitude") {
            continue;
        }
        let mut call = AptCall { command, program, tool, subcommand: None, options: Vec::new(), packages: Vec::new() };
        let mut words = command.words[program_index + 1..].iter();
        while let Some(word) = words.next() {
            if word.text.starts_with('-') {
                call.options.push(word);
                let takes_value = matches!(
                    word.text.as_str(),
                    "-o" | "-c" | "-t" | "--option" | "--config-file" | "--target-release" | "--default-release"
                );
                if takes_value {
                    if let Some(value) = words.next() {
                        call.options.push(value);
                    }
                }
            } else if call.subcommand.is_none() {
                call.subcommand = Some(word);
            } else {
                call.packages.push(word);
            }
        }
        calls.push(call);
    }
    calls
}

/// One `pip install` (also `pip3`, `pip3.12`, `python -m pip`).
pub struct PipInstall<'a> {
    pub command: &'a ShellCommand,
    /// The `install` word, where flags are inserted.
    pub install: &'a ShellWord,
    /// Option words (before and after `install`), without their values.
    pub options: Vec<&'a ShellWord>,
    /// Requirement specifiers given on the command line.
    pub packages: Vec<&'a ShellWord>,
    /// Files named by `-r`/`--requirement`.
    pub requirement_files: Vec<&'a ShellWord>,
    /// `-c`/`--constraint` was given.
    pub constrained: bool,
    /// Values of `--index-url`, `--extra-index-url` and `--find-links`.
    pub indexes: Vec<&'a ShellWord>,
}

impl PipInstall<'_> {
    /// Whether an option is present, as `--name` or `--name=value`.
    pub fn has_option(&self, name: &str) -> bool {
        self.options.iter().any(|word| word.text == name || word.text.split_once('=').is_some_and(|(n, _)| n == name))
    }

    /// The package name of a requirement word (`Torch[extra]==2.3` → `torch`), lower-cased.
    pub fn package_name(word: &str) -> String {
        let end =
            word.find(|ch: char| !(ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))).unwrap_or(word.len());
        word[..end].to_ascii_lowercase().replace('_', "-")
    }

    /// Whether a requirement word pins or bounds a version, or is not a name at all (a path, URL, wheel or
    /// archive, a variable). Only bare names and names with extras are unpinned.
    pub fn is_pinned(word: &str) -> bool {
        let lower = word.to_ascii_lowercase();
        // A VCS URL pins only with `@ref` after the repository path; without it pip takes the default branch.
        if ["git+", "hg+", "svn+", "bzr+"].iter().any(|prefix| lower.starts_with(prefix)) {
            return lower.split_once("://").is_some_and(|(_, rest)| rest.contains('@'));
        }
        ["==", ">=", "<=", "!=", "~=", ">", "<", "@"].iter().any(|operator| word.contains(operator))
            || word.contains('/')
            || word.starts_with('.')
            || word.contains('$')
            || [".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2"].iter().any(|suffix| lower.ends_with(suffix))
    }
}

/// Whether `name` is a pip executable: `pip`, `pip3`, `pip3.12`.
fn is_pip(name: &str) -> bool {
    name.strip_prefix("pip").is_some_and(|rest| rest.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

fn is_python(name: &str) -> bool {
    name.strip_prefix("python").is_some_and(|rest| rest.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

/// pip options that take a value as the next word.
const PIP_VALUE_OPTIONS: [&str; 33] = [
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "--upgrade-strategy",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--trusted-host",
    "--cache-dir",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--config-settings",
    "--report",
    "--progress-bar",
];

/// Reads every `pip install` in a list of commands.
pub fn pip_installs(commands: &[ShellCommand]) -> Vec<PipInstall<'_>> {
    let mut installs = Vec::new();
    for command in commands {
        let Some(program_index) = command.program_index() else { continue };
        let program = command.words[program_index].text.rsplit('/').next().unwrap_or("");
        let mut rest = &command.words[program_index + 1..];
        if is_python(program) {
            // `python [-u -I …] -m pip …`
            let Some(m) = rest.iter().position(|word| word.text == "-m") else { continue };
            if rest.get(m + 1).is_none_or(|word| word.text != "pip") {
                continue;
            }
            rest = &rest[m + 2..];
        } else if !is_pip(program) {
            continue;
        }
        let mut options = Vec::new();
        let mut install = None;
        let mut packages = Vec::new();
        let mut requirement_files = Vec::new();
        let mut constrained = false;
        let mut indexes = Vec::new();
        let mut words = rest.iter();
        while let Some(word) = words.next() {
            let text = word.text.as_str();
            if text.starts_with('-') && text.len() > 1 {
                options.push(word);
                let (name, inline_value) = match text.split_once('=') {
                    Some((name, _)) if text.starts_with("--") => (name, true),
                    _ => (text, false),
                };
                // `-rfile.txt`: a short option with its value attached.
                let attached = !text.starts_with("--") && text.len() > 2;
                let short = if attached { &text[..2] } else { name };
                let takes_value = PIP_VALUE_OPTIONS.contains(&short) && !inline_value && !attached;
                let value = if takes_value { words.next() } else { None };
                match short {
                    "-r" | "--requirement" => {
                        requirement_files.extend(value.or(if attached || inline_value { Some(word) } else { None }))
                    }
                    "-c" | "--constraint" => constrained = true,
                    "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" => {
                        indexes.extend(value.or(if attached || inline_value { Some(word) } else { None }))
                    }
                    _ => {}
                }
                if matches!(short, "-e" | "--editable") {
                    // An editable install names a path or URL, never a version to pin.
                    continue;
                }
            } else if install.is_none() {
                if text != "install" {
                    break;
                }
                install = Some(word);
            } else {
                packages.push(word);
            }
        }
        if let Some(install) = install {
            installs.push(PipInstall { command, install, options, packages, requirement_files, constrained, indexes });
        }
    }
    installs
}

#[cfg(test)]
mod tests {
    use super::super::shell::{commands, Source};
    use super::*;

    fn read(text: &str) -> Vec<ShellCommand> {
        commands(text, 0, text.len(), '\\', Source::DockerfileLine)
    }

    #[test]
    fn pip_options_and_packages_are_told_apart() {
        let commands = read("python3 -m pip install --no-cache-dir -i https://x torch==2.3 numpy -rreq.txt -c c.txt");
        let installs = pip_installs(&commands);
        let install = &installs[0];
        let packages: Vec<&str> = install.packages.iter().map(|word| word.text.as_str()).collect();
        assert_eq!(packages, ["torch==2.3", "numpy"]);
        assert_eq!(install.requirement_files[0].text, "-rreq.txt");
        assert!(install.constrained && install.has_option("--no-cache-dir"));
        assert_eq!(install.indexes[0].text, "https://x");
        assert!(pip_installs(&read("pip download x")).is_empty());
        assert!(pip_installs(&read("pipx install x")).is_empty());
    }

    #[test]
    fn apt_subcommands_options_and_packages() {
        let commands = read("apt-get -o Acquire::Retries=3 install -qy --no-install-recommends curl git");
        let calls = apt_calls(&commands);
        assert!(calls[0].is("install") && calls[0].assumes_yes() && calls[0].skips_recommends());
        assert_eq!(calls[0].packages.len(), 2);
        assert!(!apt_calls(&read("apt-get install -q x"))[0].assumes_yes());
    }

    #[test]
    fn pins_and_names() {
        assert_eq!(PipInstall::package_name("Scikit_Learn[all]>=1"), "scikit-learn");
        for pinned in ["torch==2.3.1", "x>=1", "./pkg", "a.whl", "git+https://h/x@v1", "${PKG}"] {
            assert!(PipInstall::is_pinned(pinned), "{pinned}");
        }
        for unpinned in ["torch", "torch[cuda]", "git+https://github.com/org/repo"] {
            assert!(!PipInstall::is_pinned(unpinned), "{unpinned}");
        }
    }
}
