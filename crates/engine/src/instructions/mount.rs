//! `RUN --mount=…` and `RUN --device=…`: reading the CSV specification, filling in defaults and checking the
//! combinations BuildKit refuses.

use super::suggest::closest_match;
use super::values::{clean_path, parse_ram_in_bytes, resolve_path};
use super::{CacheSharing, Device, Mount, MountType};
use crate::diagnostic::{Diagnostic, Span};

const MOUNT_KEYS: &[&str] = &[
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "size",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
];

/// Splits a CSV record: commas separate fields; a field may be double-quoted, with `""` for a literal quote.
pub(super) fn csv_fields(text: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(ch) => field.push(ch),
                    None => return Err(format!("unterminated quote in {text:?}")),
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => {}
                Some(other) => return Err(format!("unexpected {other:?} after a quoted field in {text:?}")),
            }
        } else {
            loop {
                match chars.next() {
                    Some(',') => break,
                    Some(ch) => field.push(ch),
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                }
            }
        }
        fields.push(field);
    }
}

/// Go's `strconv.ParseBool`.
fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// Reads one `--mount` value. `expand` applies the builder's variable expansion to a value (every key but
/// `from`). `workdir` resolves a relative target. Returns `None` after reporting an error.
pub(super) fn parse_mount(
    text: &str,
    span: Span,
    workdir: &str,
    expand: &mut dyn FnMut(&str) -> Result<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Mount> {
    let mut error = |message: String, hint: Option<String>| {
        let mut diagnostic = Diagnostic::error("invalid-mount", span, message);
        diagnostic.hint = hint;
        diagnostics.push(diagnostic);
    };
    let fields = match csv_fields(text) {
        Ok(fields) => fields,
        Err(message) => {
            error(format!("failed to parse csv mounts: {message}"), None);
            return None;
        }
    };
    let mut mount = Mount {
        mount_type: MountType::Bind,
        from: None,
        source: None,
        target: None,
        resolved_target: None,
        read_only: false,
        size_limit: None,
        id: None,
        sharing: None,
        required: false,
        mode: None,
        uid: None,
        gid: None,
        env: None,
        span,
    };
    let mut read_only_chosen = false;
    for field in &fields {
        let (key, value) = match field.split_once('=') {
            Some((key, value)) => (key.to_ascii_lowercase(), Some(value)),
            None => (field.to_ascii_lowercase(), None),
        };
        let Some(value) = value else {
            match key.as_str() {
                "readonly" | "ro" => {
                    mount.read_only = true;
                    read_only_chosen = true;
                }
                "readwrite" | "rw" => {
                    mount.read_only = false;
                    read_only_chosen = true;
                }
                "required" if matches!(mount.mount_type, MountType::Secret | MountType::Ssh) => mount.required = true,
                "required" => {
                    error(format!("unexpected key 'required' for mount type '{}'", type_name(mount.mount_type)), None);
                    return None;
                }
                _ => {
                    error(
                        format!("invalid field '{field}' must be a key=value pair"),
                        Some("mount options are written key=value, for example type=cache,target=/root/.cache".into()),
                    );
                    return None;
                }
            }
            continue;
        };
        let value = if key == "from" {
            // Only a `$` at the very end is allowed, because it cannot start a variable there.
            if value.find('$').is_some_and(|index| index + 1 != value.len()) {
                error(
                    "'from' doesn't support variable expansion, define alias stage instead".into(),
                    Some(format!("add a stage `FROM {value} AS alias` and use from=alias")),
                );
                return None;
            }
            value.to_string()
        } else {
            match expand(value) {
                Ok(expanded) => expanded,
                Err(message) => {
                    error(message, None);
                    return None;
                }
            }
        };
        match key.as_str() {
            "type" => {
                mount.mount_type = match value.to_ascii_lowercase().as_str() {
                    "bind" => MountType::Bind,
                    "cache" => MountType::Cache,
                    "tmpfs" => MountType::Tmpfs,
                    "secret" => MountType::Secret,
                    "ssh" => MountType::Ssh,
                    _ => {
                        let types = ["bind", "cache", "tmpfs", "secret", "ssh"];
                        let hint = closest_match(&value, types).map(|suggestion| format!("did you mean {suggestion}?"));
                        error(format!("unsupported mount type {value:?}"), hint);
                        return None;
                    }
                }
            }
            "from" => mount.from = Some(value),
            "source" | "src" => mount.source = Some(value),
            "target" | "dst" | "destination" => mount.target = Some(value),
            "readonly" | "ro" | "readwrite" | "rw" => {
                let Some(flag) = parse_bool(&value) else {
                    error(format!("invalid value for {key}: {value}"), None);
                    return None;
                };
                mount.read_only = if key.starts_with("readw") || key == "rw" { !flag } else { flag };
                read_only_chosen = true;
            }
            "required" => {
                if !matches!(mount.mount_type, MountType::Secret | MountType::Ssh) {
                    error(format!("unexpected key 'required' for mount type '{}'", type_name(mount.mount_type)), None);
                    return None;
                }
                let Some(flag) = parse_bool(&value) else {
                    error(format!("invalid value for {key}: {value}"), None);
                    return None;
                };
                mount.required = flag;
            }
            "size" => {
                if mount.mount_type != MountType::Tmpfs {
                    error(format!("unexpected key 'size' for mount type '{}'", type_name(mount.mount_type)), None);
                    return None;
                }
                match parse_ram_in_bytes(&value) {
                    Ok(bytes) => mount.size_limit = Some(bytes),
                    Err(_) => {
                        error(format!("invalid value for size: {value}"), None);
                        return None;
                    }
                }
            }
            "id" => mount.id = Some(value),
            "sharing" => {
                mount.sharing = Some(match value.to_ascii_lowercase().as_str() {
                    "shared" => CacheSharing::Shared,
                    "private" => CacheSharing::Private,
                    "locked" => CacheSharing::Locked,
                    _ => {
                        let modes = ["shared", "private", "locked"];
                        let hint = closest_match(&value, modes).map(|suggestion| format!("did you mean {suggestion}?"));
                        error(format!("unsupported sharing value {value:?}"), hint);
                        return None;
                    }
                })
            }
            "mode" => match u32::from_str_radix(&value, 8) {
                Ok(mode) => mount.mode = Some(mode),
                Err(_) => {
                    error(
                        format!("invalid value {value} for mode"),
                        Some("mode is octal, for example mode=0644".into()),
                    );
                    return None;
                }
            },
            "uid" | "gid" => match value.parse::<u32>() {
                Ok(id) if key == "uid" => mount.uid = Some(id),
                Ok(id) => mount.gid = Some(id),
                Err(_) => {
                    error(format!("invalid value {value} for {key}"), None);
                    return None;
                }
            },
            "env" => mount.env = Some(value),
            _ => {
                let hint = closest_match(&key, MOUNT_KEYS.iter().copied())
                    .map(|suggestion| format!("did you mean {suggestion}?"));
                error(format!("unexpected key '{key}' in '{field}'"), hint);
                return None;
            }
        }
    }
    let file_info_allowed = matches!(mount.mount_type, MountType::Secret | MountType::Ssh | MountType::Cache);
    if !file_info_allowed {
        for (name, present) in
            [("mode", mount.mode.is_some()), ("uid", mount.uid.is_some()), ("gid", mount.gid.is_some())]
        {
            if present {
                error(format!("{name} not allowed for {:?} type mounts", type_name(mount.mount_type)), None);
                return None;
            }
        }
    }
    if !read_only_chosen {
        // Bind, secret and ssh mounts are read-only unless asked; cache and tmpfs mounts are writable.
        mount.read_only = !matches!(mount.mount_type, MountType::Cache | MountType::Tmpfs);
    }
    if mount.mount_type == MountType::Secret {
        let problem = if mount.from.is_some() {
            Some("secret mount should not have a from")
        } else if mount.sharing.is_some() {
            Some("secret mount should not define sharing")
        } else if mount.source.is_none() && mount.target.is_none() && mount.id.is_none() {
            Some("invalid secret mount. one of source, target required")
        } else if mount.source.is_some() && mount.id.is_some() {
            Some("both source and id can't be set")
        } else {
            None
        };
        if let Some(message) = problem {
            error(message.to_string(), None);
            return None;
        }
    }
    if mount.sharing.is_some() && mount.mount_type != MountType::Cache {
        error(format!("invalid cache sharing set for {} mount", type_name(mount.mount_type)), None);
        return None;
    }
    if let Some(target) = &mount.target {
        let resolved = resolve_path(workdir, target);
        if resolved == "/" {
            error(format!("invalid mount target {target:?}: a mount cannot cover the root directory"), None);
            return None;
        }
        mount.resolved_target = Some(resolved);
    } else if matches!(mount.mount_type, MountType::Bind | MountType::Cache | MountType::Tmpfs) {
        error(
            format!("mount target not specified for the {} mount", type_name(mount.mount_type)),
            Some("add target=<path>, for example target=/root/.cache/pip".into()),
        );
        return None;
    }
    if mount.mount_type == MountType::Cache {
        mount.sharing.get_or_insert(CacheSharing::Shared);
        if mount.id.is_none() {
            mount.id = mount.target.as_deref().map(clean_path);
        }
    }
    Some(mount)
}

fn type_name(mount_type: MountType) -> &'static str {
    match mount_type {
        MountType::Bind => "bind",
        MountType::Cache => "cache",
        MountType::Tmpfs => "tmpfs",
        MountType::Secret => "secret",
        MountType::Ssh => "ssh",
    }
}

/// Reads one `--device=name[,required[=bool]]`.
pub(super) fn parse_device(text: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) -> Option<Device> {
    let fields = match csv_fields(text) {
        Ok(fields) => fields,
        Err(message) => {
            diagnostics.push(Diagnostic::error("invalid-device", span, format!("failed to parse device: {message}")));
            return None;
        }
    };
    let mut device = Device { name: String::new(), required: false, span };
    for field in fields {
        match field.split_once('=') {
            None if field.eq_ignore_ascii_case("required") => device.required = true,
            None if device.name.is_empty() => device.name = field,
            Some((key, value)) if key.eq_ignore_ascii_case("required") => match parse_bool(value) {
                Some(flag) => device.required = flag,
                None => {
                    diagnostics.push(Diagnostic::error(
                        "invalid-device",
                        span,
                        format!("invalid value for required: {value}"),
                    ));
                    return None;
                }
            },
            Some((key, value)) if key.eq_ignore_ascii_case("name") => device.name = value.to_string(),
            _ => {
                diagnostics.push(Diagnostic::error(
                    "invalid-device",
                    span,
                    format!("unexpected field {field:?} in --device"),
                ));
                return None;
            }
        }
    }
    if device.name.is_empty() {
        diagnostics.push(Diagnostic::error("invalid-device", span, "--device needs a device name"));
        return None;
    }
    Some(device)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mount(text: &str) -> Result<Mount, Vec<String>> {
        let mut diagnostics = Vec::new();
        let mut expand = |value: &str| Ok(value.replace("$HOME", "/root"));
        parse_mount(text, Span::default(), "/app", &mut expand, &mut diagnostics)
            .ok_or_else(|| diagnostics.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn csv() {
        assert_eq!(csv_fields("a,b=c").unwrap(), vec!["a", "b=c"]);
        assert_eq!(csv_fields("\"x,y\",z").unwrap(), vec!["x,y", "z"]);
        assert!(csv_fields("\"x").is_err());
    }

    #[test]
    fn cache_mount_defaults() {
        let cache = mount("type=cache,target=$HOME/.cache/pip").unwrap();
        assert_eq!(cache.mount_type, MountType::Cache);
        assert!(!cache.read_only);
        assert_eq!(cache.id.as_deref(), Some("/root/.cache/pip"));
        assert_eq!(cache.sharing, Some(CacheSharing::Shared));
        let relative = mount("type=cache,target=cache").unwrap();
        assert_eq!(relative.resolved_target.as_deref(), Some("/app/cache"));
    }

    #[test]
    fn bind_is_read_only_by_default() {
        let bind = mount("target=/src,source=.").unwrap();
        assert_eq!((bind.mount_type, bind.read_only), (MountType::Bind, true));
        assert!(!mount("target=/src,rw").unwrap().read_only);
    }

    #[test]
    fn invalid_mounts() {
        assert!(mount("type=cahce,target=/x").unwrap_err()[0].contains("unsupported mount type"));
        assert!(mount("type=bind,target=/x,mode=0644").is_err());
        assert!(mount("type=cache,target=/x,from=$STAGE").is_err());
        assert!(mount("type=secret").is_err());
        assert!(mount("type=cache,target=/x,sharing=maybe").is_err());
        assert!(mount("type=bind,target=/x,sharing=locked").is_err());
        assert!(mount("type=cache,target=/").is_err());
        assert!(mount("type=cache,tagret=/x").unwrap_err()[0].contains("unexpected key 'tagret'"));
        assert!(mount("type=bind,target=/x,required").is_err());
    }

    #[test]
    fn secret_and_ssh() {
        let secret = mount("type=secret,id=hf,env=HF_TOKEN,required").unwrap();
        assert_eq!((secret.required, secret.env.as_deref(), secret.read_only), (true, Some("HF_TOKEN"), true));
        assert!(mount("type=ssh").is_ok());
    }
}
