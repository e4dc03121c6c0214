//! Base-image lookup: a `FROM` reference, normalised the way Docker reads it, matched against `base-images.json`.

use super::data::{BaseImage, ImageTable};

/// A reference reduced to `repository:tag` as the table spells it: no `docker.io/`, no `library/`, `latest` when
/// no tag is given, and quay.io's Jupyter images under their Docker Hub names. The digest, if any, is returned
/// apart because a digest pins content the table cannot know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub name: String,
    pub digest: Option<String>,
}

pub fn normalize(reference: &str) -> Normalized {
    let reference = reference.trim();
    let (reference, digest) = match reference.split_once('@') {
        Some((name, digest)) => (name, Some(digest.to_string())),
        None => (reference, None),
    };
    let mut parts: Vec<&str> = reference.split('/').collect();
    // A first component with a dot or a port, or `localhost`, names a registry (Docker's own rule).
    if parts.len() > 1 && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost") {
        let registry = parts[0];
        if matches!(registry, "docker.io" | "index.docker.io" | "registry-1.docker.io" | "quay.io") {
            parts.remove(0);
        }
    }
    if parts.len() == 2 && parts[0] == "library" {
        parts.remove(0);
    }
    let joined = parts.join("/");
    let last = joined.rsplit('/').next().unwrap_or("");
    let name = if last.contains(':') { joined.clone() } else { format!("{joined}:latest") };
    let (repository, tag) = name.rsplit_once(':').unwrap_or((&name, "latest"));
    Normalized { name: format!("{}:{tag}", repository.to_ascii_lowercase()), digest }
}

/// The first image whose pattern matches, with the normalised name it was looked up by.
pub fn lookup<'a>(table: &'a ImageTable, reference: &str) -> (Normalized, Option<&'a BaseImage>) {
    let normalized = normalize(reference);
    let bare = normalized.name.strip_suffix(":latest").unwrap_or(&normalized.name).to_string();
    let found = table.images.iter().find(|image| {
        image.patterns.iter().any(|pattern| wildcard(pattern, &normalized.name) || wildcard(pattern, &bare))
    });
    (normalized, found)
}

/// `*` matches any run of characters; everything else matches itself.
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let pieces: Vec<&str> = pattern.split('*').collect();
    if pieces.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) || text.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(position) => rest = &rest[position + piece.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_docker() {
        assert_eq!(normalize("python").name, "python:latest");
        assert_eq!(normalize("docker.io/library/python:3.11-slim").name, "python:3.11-slim");
        assert_eq!(normalize("quay.io/jupyter/base-notebook").name, "jupyter/base-notebook:latest");
        assert_eq!(normalize("localhost:5000/app").name, "localhost:5000/app:latest");
        let pinned = normalize("python:3.11@sha256:abc");
        assert_eq!((pinned.name.as_str(), pinned.digest.as_deref()), ("python:3.11", Some("sha256:abc")));
    }

    #[test]
    fn wildcards() {
        assert!(wildcard("python:3.11-slim*", "python:3.11-slim-bookworm"));
        assert!(wildcard("nvidia/cuda:*cudnn*-devel-*", "nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04"));
        assert!(!wildcard("python:3.11.*", "python:3.1"));
        assert!(!wildcard("a*a", "a"));
    }
}
