//! Reading what the commands are given: a Dockerfile from a file or standard input, and `NAME=VALUE` pairs.

use std::io::Read;
use std::path::Path;

/// Reads a Dockerfile; `-` reads standard input. Returns the name to show in messages and the text.
///
/// Docker reads Dockerfiles as UTF-8; invalid bytes are shown replaced rather than refusing the file.
pub fn read_source(file: &Path) -> Result<(String, String), String> {
    if file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|error| format!("cannot read standard input: {error}"))?;
        return Ok(("<stdin>".to_string(), text));
    }
    let bytes = std::fs::read(file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    Ok((file.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()))
}

/// Parses a `NAME=VALUE` argument such as `--build-arg`; the value may be empty, the name may not.
pub fn parse_pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err(format!("expected NAME=VALUE, got '{text}'")),
    }
}
