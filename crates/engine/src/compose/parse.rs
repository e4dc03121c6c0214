//! Lowering the located YAML tree into the typed Compose model, with located diagnostics.
//!
//! Like the Dockerfile front end, this never stops at the first problem: a service with a bad key is still
//! read, an entry that cannot be understood is skipped with an error pointing at it. Keys starting with `x-`
//! are extensions and are ignored wherever Compose allows them.

use std::collections::BTreeMap;

use super::interpolate::{has_reference, interpolate};
use super::model::*;
use super::yaml::{self, Node, Value};
use crate::diagnostic::{Diagnostic, Span};

/// What the file is read with: the variables for `${VAR}` (an `.env` file or the shell in real Compose).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseOptions {
    pub env: BTreeMap<String, String>,
}

const TOP_LEVEL_KEYS: &[&str] =
    &["version", "name", "services", "volumes", "networks", "secrets", "configs", "include", "models"];

/// Every service key of the Compose specification; anything else is refused by `docker compose`.
const SERVICE_KEYS: &[&str] = &[
    "annotations",
    "attach",
    "blkio_config",
    "build",
    "cap_add",
    "cap_drop",
    "cgroup",
    "cgroup_parent",
    "command",
    "configs",
    "container_name",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpu_shares",
    "cpus",
    "cpuset",
    "credential_spec",
    "depends_on",
    "deploy",
    "develop",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "driver_opts",
    "entrypoint",
    "env_file",
    "environment",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "gpus",
    "group_add",
    "healthcheck",
    "hostname",
    "image",
    "init",
    "ipc",
    "isolation",
    "labels",
    "label_file",
    "links",
    "logging",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "models",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "post_start",
    "pre_stop",
    "privileged",
    "profiles",
    "provider",
    "pull_policy",
    "read_only",
    "restart",
    "runtime",
    "scale",
    "secrets",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "tty",
    "ulimits",
    "use_api_socket",
    "user",
    "userns_mode",
    "uts",
    "volumes",
    "volumes_from",
    "working_dir",
];

/// Parses a Compose file. Never fails and never panics.
pub fn parse(text: &str, options: &ParseOptions) -> (ComposeFile, Vec<Diagnostic>) {
    let (root, mut diagnostics) = yaml::parse(text);
    let mut lower = Lower { env: &options.env, diagnostics: Vec::new() };
    let file = match &root {
        Some(root) => lower.file(root, text),
        None => {
            if diagnostics.is_empty() {
                let end = crate::diagnostic::LineIndex::new(text).span(0, 0);
                diagnostics.push(Diagnostic::error(
                    "compose-structure",
                    end,
                    "the file is empty: Compose needs a `services:` map",
                ));
            }
            ComposeFile::default()
        }
    };
    // After a YAML syntax error the tree is cut short, so complaints about its shape would be noise: the
    // partial model is kept for display, the syntax error alone is reported.
    if !diagnostics.iter().any(|d| d.code == "compose-yaml" && d.is_error()) {
        diagnostics.append(&mut lower.diagnostics);
    }
    (file, diagnostics)
}

struct Lower<'a> {
    env: &'a BTreeMap<String, String>,
    diagnostics: Vec<Diagnostic>,
}

impl Lower<'_> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error("compose-structure", span, message));
    }

    fn expect_map<'n>(&mut self, node: &'n Node, what: &str) -> &'n [(Node, Node)] {
        match node.as_map() {
            Some(entries) => entries,
            None => {
                if !node.is_null() {
                    self.error(node.span, format!("{what} must be a map, not {}", node.kind_name()));
                }
                &[]
            }
        }
    }

    /// A scalar's text after interpolation; reports lists and maps where text belongs.
    fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Scalar { text, .. } if !node.is_null() => {
                let (value, problems) = interpolate(text, self.env);
                for problem in problems {
                    let diagnostic = if problem.is_error {
                        Diagnostic::error("compose-interpolation", node.span, problem.message)
                    } else {
                        Diagnostic::warning("compose-interpolation", node.span, problem.message)
                    };
                    self.diagnostics.push(diagnostic);
                }
                Some(value)
            }
            _ if node.is_null() => None,
            _ => {
                self.error(node.span, format!("{what} must be text, not {}", node.kind_name()));
                None
            }
        }
    }

    /// A list of strings, or one string taken as a one-item list.
    fn strings(&mut self, node: &Node, what: &str) -> Vec<String> {
        match node.as_seq() {
            Some(items) => items.iter().filter_map(|item| self.text(item, what)).collect(),
            None => self.text(node, what).into_iter().collect(),
        }
    }

    fn file(&mut self, root: &Node, text: &str) -> ComposeFile {
        let mut file = ComposeFile::default();
        let Some(entries) = root.as_map() else {
            self.error(root.span, format!("a Compose file is a map with a `services:` key, not {}", root.kind_name()));
            return file;
        };
        let mut services_node = None;
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            match name {
                "services" => services_node = Some(value),
                "name" => file.name = self.text(value, "`name`"),
                "volumes" => {
                    for (volume_key, volume) in self.expect_map(value, "`volumes`") {
                        if let Some(volume_name) = volume_key.as_str() {
                            let external = volume.get("external").and_then(Node::as_str) == Some("true");
                            file.volumes.push(NamedVolume {
                                name: volume_name.to_string(),
                                external,
                                span: volume_key.span,
                            });
                        }
                    }
                }
                "version" => self.diagnostics.push(
                    Diagnostic::info("compose-version-obsolete", key.span, "`version` is obsolete: Compose ignores it")
                        .with_hint("remove the line; the Compose specification needs no version"),
                ),
                _ if name.starts_with("x-") => {}
                _ if TOP_LEVEL_KEYS.contains(&name) => {}
                _ => self
                    .error(key.span, format!("unknown top-level key `{name}` (known: {})", TOP_LEVEL_KEYS.join(", "))),
            }
        }
        match services_node {
            Some(services) => {
                for (key, value) in self.expect_map(services, "`services`") {
                    if let Some(name) = key.as_str() {
                        let service = self.service(name, key.span, value);
                        file.services.push(service);
                    }
                }
            }
            None => {
                let _ = text;
                self.error(root.span.cover(root.span), "the file has no `services:` map");
            }
        }
        file
    }

    fn service(&mut self, name: &str, span: Span, node: &Node) -> Service {
        let mut service = Service { name: name.to_string(), span, ..Service::default() };
        for (key, value) in self.expect_map(node, &format!("service `{name}`")) {
            let key_name = key.as_str().unwrap_or_default();
            match key_name {
                "image" => {
                    service.image = self.text(value, "`image`").map(|image| Located { value: image, span: value.span })
                }
                "build" => service.build = self.build(value),
                "command" => {
                    let words = match value.as_seq() {
                        Some(_) => self.strings(value, "`command`"),
                        None => self
                            .text(value, "`command`")
                            .map(|c| c.split_whitespace().map(String::from).collect())
                            .unwrap_or_default(),
                    };
                    service.command = Some(Located { value: words, span: value.span });
                }
                "ports" => {
                    for item in value.as_seq().unwrap_or_default() {
                        if let Some(port) = self.port(item) {
                            service.ports.push(port);
                        }
                    }
                }
                "volumes" => {
                    for item in value.as_seq().unwrap_or_default() {
                        if let Some(mount) = self.mount(item) {
                            service.volumes.push(mount);
                        }
                    }
                }
                "environment" => service.environment = self.environment(value),
                "env_file" => {
                    let items: Vec<&Node> = match value.as_seq() {
                        Some(items) => items.iter().collect(),
                        None => vec![value],
                    };
                    for item in items {
                        let path_node = item.get("path").unwrap_or(item);
                        if let Some(path) = self.text(path_node, "`env_file`") {
                            service.env_files.push(Located { value: path, span: item.span });
                        }
                    }
                }
                "depends_on" => service.depends_on = self.depends_on(value),
                "healthcheck" => service.healthcheck = self.healthcheck(value),
                "profiles" => {
                    service.profiles = self.strings(value, "`profiles`");
                    service.profiles_span = Some(value.span);
                }
                "deploy" => {
                    let devices =
                        value.get("resources").and_then(|r| r.get("reservations")).and_then(|r| r.get("devices"));
                    for device in devices.and_then(Node::as_seq).unwrap_or_default() {
                        service.gpus.push(self.device(device));
                    }
                }
                "gpus" => service.gpus.push(DeviceReservation {
                    driver: Some("nvidia".into()),
                    count: self.text(value, "`gpus`"),
                    device_ids: Vec::new(),
                    capabilities: vec!["gpu".into()],
                    span: value.span,
                }),
                "restart" => service.restart = self.text(value, "`restart`"),
                _ if key_name.starts_with("x-") => {}
                _ if SERVICE_KEYS.contains(&key_name) => {}
                _ => {
                    let near = SERVICE_KEYS.iter().find(|known| close_spelling(known, key_name));
                    let mut diagnostic = Diagnostic::error(
                        "compose-unknown-key",
                        key.span,
                        format!("service `{name}` has an unknown key `{key_name}`; Compose refuses the file"),
                    );
                    if let Some(near) = near {
                        diagnostic = diagnostic.with_hint(format!("did you mean `{near}`?"));
                    }
                    self.diagnostics.push(diagnostic);
                }
            }
        }
        if service.image.is_none() && service.build.is_none() {
            self.error(
                span,
                format!("service `{name}` has neither `image` nor `build`: Compose cannot create its container"),
            );
        }
        service
    }

    fn build(&mut self, node: &Node) -> Option<Build> {
        if node.as_map().is_none() {
            return self.text(node, "`build`").map(|context| Build { context, span: node.span, ..Build::default() });
        }
        let mut build = Build { context: ".".into(), span: node.span, ..Build::default() };
        for (key, value) in node.as_map().unwrap_or_default() {
            match key.as_str().unwrap_or_default() {
                "context" => build.context = self.text(value, "`context`").unwrap_or_default(),
                "dockerfile" => build.dockerfile = self.text(value, "`dockerfile`"),
                "target" => build.target = self.text(value, "`target`"),
                "args" => {
                    build.args = self.environment(value).into_iter().map(|var| (var.name, var.value)).collect();
                }
                _ => {}
            }
        }
        Some(build)
    }

    /// `"127.0.0.1:8000:8000/tcp"`, `8000`, or the long form `{ target, published, host_ip, protocol }`.
    fn port(&mut self, node: &Node) -> Option<Port> {
        if node.as_map().is_some() {
            let field = |lower: &mut Self, key: &str| node.get(key).and_then(|value| lower.text(value, key));
            let Some(target) = field(self, "target") else {
                self.error(node.span, "a long-form port needs `target`, the container port");
                return None;
            };
            return Some(Port {
                host_ip: field(self, "host_ip"),
                published: field(self, "published"),
                target,
                protocol: field(self, "protocol").unwrap_or_else(|| "tcp".into()),
                span: node.span,
            });
        }
        let text = self.text(node, "a port")?;
        let (address, protocol) = match text.split_once('/') {
            Some((address, protocol)) => (address, protocol.to_string()),
            None => (text.as_str(), "tcp".to_string()),
        };
        // An IPv6 host address is written in brackets: `[::1]:8000:8000`.
        let (host_ip, rest) = match address.strip_prefix('[').and_then(|a| a.split_once("]:")) {
            Some((ip, rest)) => (Some(ip.to_string()), rest),
            None => (None, address),
        };
        let parts: Vec<&str> = rest.split(':').collect();
        let (host_ip, published, target) = match parts.as_slice() {
            [target] => (host_ip, None, *target),
            [published, target] => (host_ip, Some(published.to_string()), *target),
            [ip, published, target] if host_ip.is_none() => {
                (Some(ip.to_string()), (!published.is_empty()).then(|| published.to_string()), *target)
            }
            _ => {
                self.error(
                    node.span,
                    format!("cannot read the port {text:?}: use [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]"),
                );
                return None;
            }
        };
        let is_port = |p: &str| !p.is_empty() && p.split('-').all(|n| n.parse::<u16>().is_ok());
        if !is_port(target) || published.as_deref().is_some_and(|p| !is_port(p)) {
            self.error(node.span, format!("cannot read the port {text:?}: ports are numbers from 1 to 65535"));
            return None;
        }
        Some(Port { host_ip, published, target: target.to_string(), protocol, span: node.span })
    }

    /// `"./models:/app/models:ro"`, `"data:/data"`, `"/scratch"`, or the long form.
    fn mount(&mut self, node: &Node) -> Option<Mount> {
        if node.as_map().is_some() {
            let field = |lower: &mut Self, key: &str| node.get(key).and_then(|value| lower.text(value, key));
            let kind = match field(self, "type").as_deref() {
                Some("bind") => MountKind::Bind,
                Some("tmpfs") => MountKind::Tmpfs,
                Some("volume") | None => MountKind::Volume,
                Some(other) => {
                    self.error(node.span, format!("mount type `{other}` is not simulated (use bind, volume or tmpfs)"));
                    return None;
                }
            };
            let Some(target) = field(self, "target") else {
                self.error(node.span, "a long-form mount needs `target`, the path inside the container");
                return None;
            };
            let read_only = field(self, "read_only").as_deref() == Some("true");
            return Some(Mount { kind, source: field(self, "source"), target, read_only, span: node.span });
        }
        let text = self.text(node, "a volume")?;
        let parts: Vec<&str> = text.split(':').collect();
        let (source, target, mode) = match parts.as_slice() {
            [target] => (None, *target, ""),
            [source, target] => (Some(*source), *target, ""),
            [source, target, mode] => (Some(*source), *target, *mode),
            _ => {
                self.error(node.span, format!("cannot read the volume {text:?}: use SOURCE:TARGET[:MODE]"));
                return None;
            }
        };
        let kind = match source {
            Some(source) if source.starts_with(['.', '/', '~']) => MountKind::Bind,
            _ => MountKind::Volume,
        };
        let read_only = mode.split(',').any(|m| m == "ro");
        if !mode.is_empty()
            && !mode
                .split(',')
                .all(|m| matches!(m, "ro" | "rw" | "z" | "Z" | "cached" | "delegated" | "consistent" | "nocopy"))
        {
            self.error(node.span, format!("unknown volume mode `{mode}` (use ro or rw)"));
        }
        Some(Mount { kind, source: source.map(String::from), target: target.to_string(), read_only, span: node.span })
    }

    /// `environment` as a list of `NAME=value` or a map.
    fn environment(&mut self, node: &Node) -> Vec<EnvVar> {
        let raw = |n: &Node| matches!(&n.value, Value::Scalar { text, .. } if has_reference(text));
        if let Some(items) = node.as_seq() {
            let mut vars = Vec::new();
            for item in items {
                if let Some(text) = self.text(item, "an environment entry") {
                    let (name, value) = match text.split_once('=') {
                        Some((name, value)) => (name.to_string(), Some(value.to_string())),
                        None => (text.clone(), None),
                    };
                    vars.push(EnvVar { name, value, from_variable: raw(item), span: item.span });
                }
            }
            return vars;
        }
        let mut vars = Vec::new();
        for (key, value) in self.expect_map(node, "`environment`") {
            if let Some(name) = key.as_str() {
                let text = self.text(value, "an environment value");
                vars.push(EnvVar {
                    name: name.to_string(),
                    value: text,
                    from_variable: raw(value),
                    span: key.span.cover(value.span),
                });
            }
        }
        vars
    }

    fn depends_on(&mut self, node: &Node) -> Vec<Dependency> {
        if let Some(items) = node.as_seq() {
            return items
                .iter()
                .filter_map(|item| {
                    let name = self.text(item, "a dependency")?;
                    Some(Dependency {
                        service: name,
                        condition: Condition::ServiceStarted,
                        required: true,
                        span: item.span,
                    })
                })
                .collect();
        }
        let mut dependencies = Vec::new();
        for (key, value) in self.expect_map(node, "`depends_on`") {
            let Some(name) = key.as_str() else { continue };
            let condition = match value.get("condition").and_then(|c| self.text(c, "`condition`")).as_deref() {
                None | Some("service_started") => Condition::ServiceStarted,
                Some("service_healthy") => Condition::ServiceHealthy,
                Some("service_completed_successfully") => Condition::ServiceCompletedSuccessfully,
                Some(other) => {
                    let span = value.get("condition").map_or(key.span, |c| c.span);
                    self.error(span, format!("unknown condition `{other}`: use service_started, service_healthy or service_completed_successfully"));
                    Condition::ServiceStarted
                }
            };
            let required = value.get("required").and_then(Node::as_str) != Some("false");
            dependencies.push(Dependency { service: name.to_string(), condition, required, span: key.span });
        }
        dependencies
    }

    fn healthcheck(&mut self, node: &Node) -> Option<Healthcheck> {
        let mut check = Healthcheck {
            test: Vec::new(),
            disabled: false,
            interval_s: None,
            timeout_s: None,
            retries: None,
            start_period_s: None,
            start_interval_s: None,
            span: node.span,
        };
        for (key, value) in self.expect_map(node, "`healthcheck`") {
            let key_name = key.as_str().unwrap_or_default();
            match key_name {
                "test" => {
                    check.test = match value.as_seq() {
                        Some(_) => self.strings(value, "`test`"),
                        None => {
                            self.text(value, "`test`").map(|t| vec!["CMD-SHELL".to_string(), t]).unwrap_or_default()
                        }
                    }
                }
                "disable" => check.disabled = value.as_str() == Some("true"),
                "retries" => match self.text(value, "`retries`").map(|r| r.parse::<u32>()) {
                    Some(Ok(retries)) => check.retries = Some(retries),
                    Some(Err(_)) => self.error(value.span, "`retries` is a whole number"),
                    None => {}
                },
                "interval" | "timeout" | "start_period" | "start_interval" => {
                    let Some(text) = self.text(value, key_name) else { continue };
                    match duration_seconds(&text) {
                        Some(seconds) => {
                            let slot = match key_name {
                                "interval" => &mut check.interval_s,
                                "timeout" => &mut check.timeout_s,
                                "start_period" => &mut check.start_period_s,
                                _ => &mut check.start_interval_s,
                            };
                            *slot = Some(seconds);
                        }
                        None => self.error(
                            value.span,
                            format!("cannot read the duration {text:?}: write it like 10s, 1m30s or 500ms"),
                        ),
                    }
                }
                _ => {}
            }
        }
        if check.test.first().map(String::as_str) == Some("NONE") {
            check.disabled = true;
        }
        Some(check)
    }

    fn device(&mut self, node: &Node) -> DeviceReservation {
        let field = |lower: &mut Self, key: &str| node.get(key).and_then(|value| lower.text(value, key));
        let list =
            |lower: &mut Self, key: &str| node.get(key).map(|value| lower.strings(value, key)).unwrap_or_default();
        DeviceReservation {
            driver: field(self, "driver"),
            count: field(self, "count"),
            device_ids: list(self, "device_ids"),
            capabilities: list(self, "capabilities"),
            span: node.span,
        }
    }
}

/// Compose durations: `1h2m3s`, `10s`, `1.5s`, `500ms`, `90us`; a bare number is seconds.
pub fn duration_seconds(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return (seconds >= 0.0).then_some(seconds);
    }
    let mut total = 0.0;
    let mut rest = text;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number: f64 = rest[..number_len].parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            "us" | "µs" => 0.000_001,
            "ns" => 0.000_000_001,
            _ => return None,
        };
        total += number * factor;
        rest = &rest[unit_len..];
    }
    (!text.is_empty()).then_some(total)
}

/// One edit apart (a typo): for "did you mean" hints.
fn close_spelling(known: &str, typed: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (known.chars().collect(), typed.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()] <= 2 && typed.len() > 3
}
