//! `apt-get install` as the estimator reads it, and the packages apt would add on top of what the image has.

use std::collections::BTreeSet;

use super::data::AptTable;

/// What one `apt-get`/`apt` command line does to the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AptCommand {
    Update,
    Install {
        packages: Vec<String>,
        recommends: bool,
    },
    /// `clean`, `autoremove`, `purge`, `remove`, `upgrade`, …: nothing the estimator sizes.
    Other,
}

/// Options of `apt-get` that take a value.
const VALUE_OPTIONS: &[&str] = &["-o", "--option", "-t", "--target-release", "-c", "--config-file"];

/// Reads `apt-get …` or `apt …`; `None` for other programs.
pub fn parse(words: &[String]) -> Option<AptCommand> {
    let program = words.first().map(|w| w.rsplit('/').next().unwrap_or(w))?;
    if program != "apt-get" && program != "apt" {
        return None;
    }
    let mut subcommand = None;
    let mut packages = Vec::new();
    let mut recommends = true;
    let mut index = 1;
    while index < words.len() {
        let word = &words[index];
        index += 1;
        if VALUE_OPTIONS.contains(&word.as_str()) {
            if let Some(value) = words.get(index) {
                if value.starts_with("APT::Install-Recommends") {
                    recommends = !value.ends_with("=false") && !value.ends_with("=0");
                }
            }
            index += 1;
        } else if word == "--no-install-recommends" {
            recommends = false;
        } else if word.starts_with('-') {
            continue;
        } else if subcommand.is_none() {
            subcommand = Some(word.clone());
        } else {
            // `pkg=version`, `pkg/release` and `pkg:amd64` name the same package for sizing purposes; a name
            // holding a variable (`cuda-nvtx-${CUDA/./-}`) is kept whole, to be reported as unknown.
            if word.contains('$') {
                packages.push(word.clone());
                continue;
            }
            let name = word.split(['=', '/']).next().unwrap_or("");
            let name = name.split(':').next().unwrap_or("");
            if !name.is_empty() && !name.contains('*') && !name.ends_with('-') {
                packages.push(name.to_string());
            }
        }
    }
    Some(match subcommand.as_deref() {
        Some("update") => AptCommand::Update,
        Some("install") => AptCommand::Install { packages, recommends },
        _ => AptCommand::Other,
    })
}

/// Packages `apt-get install` would add for `roots` when `installed` is there: apt takes the first alternative of
/// each dependency group unless one is already installed, and follows Recommends unless told not to. Names the
/// table does not know come back in the second list.
pub fn closure(
    roots: &[String],
    installed: &BTreeSet<String>,
    table: &AptTable,
    recommends: bool,
) -> (Vec<String>, Vec<String>) {
    let mut added: Vec<String> = Vec::new();
    let mut have: BTreeSet<String> = installed.clone();
    let mut unknown = Vec::new();
    let mut queue: Vec<String> = roots.iter().rev().cloned().collect();
    while let Some(name) = queue.pop() {
        if have.contains(&name) {
            continue;
        }
        let Some(package) = table.packages.get(&name) else {
            // A package of the base set is in `have` already; anything else missing is not in the table.
            if roots.contains(&name) {
                unknown.push(name);
            }
            continue;
        };
        have.insert(name.clone());
        added.push(name);
        let groups = package.depends.iter().chain(if recommends { package.recommends.iter() } else { [].iter() });
        for group in groups {
            if !group.iter().any(|alternative| have.contains(alternative)) {
                if let Some(first) = group.first() {
                    queue.push(first.clone());
                }
            }
        }
    }
    (added, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn reads_install_lines() {
        assert_eq!(
            parse(&words("apt-get -y install --no-install-recommends git=1:2.39 curl/bookworm libc6:amd64")),
            Some(AptCommand::Install {
                packages: vec!["git".into(), "curl".into(), "libc6".into()],
                recommends: false
            })
        );
        assert_eq!(parse(&words("apt update")), Some(AptCommand::Update));
        assert_eq!(parse(&words("apt-get clean")), Some(AptCommand::Other));
        assert_eq!(parse(&words("pip install x")), None);
    }
}
