//! Small value readers the builder applies to flag values: Go durations, memory sizes, paths.

use std::time::Duration;

/// Reads a Go duration such as `30s`, `1m30s`, `1.5h` or `500ms` (units ns, us, µs, ms, s, m, h). A bare `0` is
/// allowed; any other number needs a unit. Negative durations are refused here because no Dockerfile option
/// accepts them.
pub fn parse_go_duration(text: &str) -> Result<Duration, String> {
    let invalid = || format!("time: invalid duration {text:?}");
    let body = text.strip_prefix('+').unwrap_or(text);
    if let Some(magnitude) = body.strip_prefix('-') {
        return if !magnitude.is_empty() && magnitude.chars().all(|ch| ch == '0') {
            Ok(Duration::ZERO)
        } else {
            Err(format!("negative duration {text:?} is not allowed"))
        };
    }
    if body == "0" {
        return Ok(Duration::ZERO);
    }
    if body.is_empty() {
        return Err(invalid());
    }
    let mut total_nanos: f64 = 0.0;
    let mut rest = body;
    while !rest.is_empty() {
        let number_length = rest.find(|ch: char| !(ch.is_ascii_digit() || ch == '.')).unwrap_or(rest.len());
        let number = &rest[..number_length];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        let value: f64 = number.parse().map_err(|_| invalid())?;
        rest = &rest[number_length..];
        let unit_length = rest.find(|ch: char| ch.is_ascii_digit() || ch == '.').unwrap_or(rest.len());
        let unit = &rest[..unit_length];
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("time: missing unit in duration {text:?}")),
            _ => return Err(format!("time: unknown unit {unit:?} in duration {text:?}")),
        };
        rest = &rest[unit_length..];
        total_nanos += value * scale;
    }
    // Go durations are int64 nanoseconds: about 292 years.
    if total_nanos > i64::MAX as f64 {
        return Err(format!("time: invalid duration {text:?} (too large)"));
    }
    Ok(Duration::from_nanos(total_nanos as u64))
}

/// Reads a memory size as Docker's `RAMInBytes` does: a number with an optional binary unit
/// (`k`, `m`, `g`, `t`, `p`, optionally followed by `b` or `ib`), case-insensitive. `64m` is 64 MiB.
pub fn parse_ram_in_bytes(text: &str) -> Result<i64, String> {
    let invalid = || format!("invalid size: {text:?}");
    let trimmed = text.trim();
    let number_length = trimmed.find(|ch: char| !(ch.is_ascii_digit() || ch == '.')).unwrap_or(trimmed.len());
    let value: f64 = trimmed[..number_length].parse().map_err(|_| invalid())?;
    let unit = trimmed[number_length..].trim().to_ascii_lowercase();
    let unit = unit.strip_suffix("ib").or_else(|| unit.strip_suffix('b')).unwrap_or(&unit);
    let multiplier: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024f64.powi(2),
        "g" => 1024f64.powi(3),
        "t" => 1024f64.powi(4),
        "p" => 1024f64.powi(5),
        _ => return Err(invalid()),
    };
    let bytes = value * multiplier;
    if !bytes.is_finite() || bytes > i64::MAX as f64 {
        return Err(invalid());
    }
    Ok(bytes as i64)
}

/// Cleans a slash-separated path like Go's `path.Clean`: collapses `//`, resolves `.` and `..`, drops a trailing
/// `/`. An empty path becomes `.`.
pub fn clean_path(path: &str) -> String {
    clean_parts(path.starts_with('/'), [path])
}

/// Joins `path` onto the directory `base` unless it is already absolute, then cleans it.
pub fn resolve_path(base: &str, path: &str) -> String {
    // Nearly every path is written clean, and `base` is always a result of this function: then cleaning changes
    // nothing, and the result is the path, or the two joined, copied once.
    if let Some(rest) = path.strip_prefix('/') {
        if is_clean_relative(rest) {
            return path.to_string();
        }
    } else if let Some(base_rest) = base.strip_prefix('/') {
        if is_clean_relative(path) && (base_rest.is_empty() || is_clean_relative(base_rest)) {
            let mut joined = String::with_capacity(base.len() + 1 + path.len());
            joined.push_str(base);
            if !base_rest.is_empty() {
                joined.push('/');
            }
            joined.push_str(path);
            return joined;
        }
    }
    if path.starts_with('/') {
        clean_path(path)
    } else {
        // `{base}/{path}`, cleaned, without writing the joined text out first.
        clean_parts(base.starts_with('/') || base.is_empty(), [base, path])
    }
}

/// Whether a relative path is already clean: one or more segments, none of them empty, `.` or `..`.
fn is_clean_relative(path: &str) -> bool {
    path.split('/').all(|segment| !matches!(segment, "" | "." | ".."))
}

/// Cleans the path made of `parts` joined by `/`, writing the result once.
fn clean_parts<const N: usize>(absolute: bool, parts: [&str; N]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|part| part.len() + 1).sum::<usize>() + 1);
    let root = if absolute { "/" } else { "" };
    out.push_str(root);
    // How many segments at the end of `out` a `..` can remove: everything after the `..`s a relative path keeps.
    let mut removable = 0;
    for segment in parts.iter().flat_map(|part| part.split('/')) {
        match segment {
            "" | "." => {}
            ".." if removable > 0 => {
                let last_slash = out.get(root.len()..).and_then(|rest| rest.rfind('/'));
                out.truncate(last_slash.map_or(root.len(), |index| root.len() + index));
                removable -= 1;
            }
            ".." if absolute => {}
            other => {
                if out.len() > root.len() {
                    out.push('/');
                }
                out.push_str(other);
                if other != ".." {
                    removable += 1;
                }
            }
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_go_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_go_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_go_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_go_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_go_duration("0"), Ok(Duration::ZERO));
        assert!(parse_go_duration("30").is_err());
        assert!(parse_go_duration("5x").is_err());
        assert!(parse_go_duration("").is_err());
        assert!(parse_go_duration("-1s").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_ram_in_bytes("64m"), Ok(64 << 20));
        assert_eq!(parse_ram_in_bytes("1GB"), Ok(1 << 30));
        assert_eq!(parse_ram_in_bytes("100"), Ok(100));
        assert!(parse_ram_in_bytes("lots").is_err());
    }

    #[test]
    fn paths() {
        assert_eq!(clean_path("/a//b/../c/"), "/a/c");
        assert_eq!(resolve_path("/app", "cache"), "/app/cache");
        assert_eq!(resolve_path("/app", "/root/.cache/"), "/root/.cache");
        assert_eq!(clean_path("/.."), "/");
        for (path, cleaned) in [
            ("", "."),
            ("a/../..", ".."),
            ("../a/./b/..", "../a"),
            ("a//b/", "a/b"),
            ("/a/b/../../..", "/"),
            ("..", ".."),
            ("./", "."),
        ] {
            assert_eq!(clean_path(path), cleaned, "{path:?}");
        }
        assert_eq!(resolve_path("", "app"), "/app");
        // Paths that are clean already, and paths that only look it.
        for (base, path, resolved) in [
            ("/", "app", "/app"),
            ("/", "/", "/"),
            ("/", "", "/"),
            ("/app", "src/lib", "/app/src/lib"),
            ("/app", "/usr/src", "/usr/src"),
            ("/app", "/usr//src", "/usr/src"),
            ("/app", "/usr/src/", "/usr/src"),
            ("/app", "/usr/./src", "/usr/src"),
            ("/app", "/usr/..", "/"),
            ("/app", "src/", "/app/src"),
            ("/app", ".", "/app"),
            ("/app", "..", "/"),
            ("/app", "a/../b", "/app/b"),
            ("/app/", "src", "/app/src"),
            ("/a/../b", "src", "/b/src"),
            (".", "src", "src"),
            ("rel", "src", "rel/src"),
        ] {
            assert_eq!(resolve_path(base, path), resolved, "{base:?} {path:?}");
        }
        // The shortcut for clean paths gives what cleaning gives, for every short path made of these pieces.
        let pieces = ["", "/", "a", "bc", ".", "..", "//"];
        let mut paths = vec![String::new()];
        for _ in 0..3 {
            paths = paths.iter().flat_map(|path| pieces.iter().map(move |piece| format!("{path}{piece}"))).collect();
        }
        for base in &paths {
            for path in &paths {
                let slow = if path.starts_with('/') {
                    clean_path(path)
                } else {
                    clean_parts(base.starts_with('/') || base.is_empty(), [base.as_str(), path.as_str()])
                };
                assert_eq!(resolve_path(base, path), slow, "{base:?} {path:?}");
            }
        }
        assert_eq!(resolve_path("app", "../x"), "x");
    }
}
