//! Checks on a parsed Compose file: references that Compose itself refuses (unknown services, cycles,
//! undefined volumes) and ML-stack lint rules, each with a stable code listed in [`RULES`].

use super::model::{ComposeFile, Condition, MountKind, Service};
use crate::diagnostic::Diagnostic;

/// Every rule: code and one line on what it catches. Codes are stable and never reused.
pub const RULES: &[(&str, &str)] = &[
    ("compose-unknown-service", "depends_on names a service that is not in the file"),
    ("compose-depends-cycle", "depends_on entries form a cycle"),
    ("compose-undefined-volume", "a service mounts a named volume that the top-level `volumes:` does not declare"),
    ("compose-profile-dependency", "a service depends on a service that only runs under a profile it does not share"),
    ("compose-image-unpinned", "an image without a tag, or tagged `latest`"),
    ("compose-secret-in-environment", "a literal secret in `environment`"),
    ("compose-model-volume-writable", "a model directory mounted read-write into a service that only reads it"),
    ("compose-healthy-without-healthcheck", "service_healthy on a service with no healthcheck in the file"),
    ("compose-port-all-interfaces", "a port published on every network interface"),
    ("compose-job-without-profile", "a one-off job (training, evaluation) that starts with every `up`"),
    ("compose-gpu-reservation", "a GPU reservation: what it needs on the host, and a missing capabilities list"),
];

/// Runs every check. Never panics.
pub fn check(file: &ComposeFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    references(file, &mut out);
    for service in &file.services {
        image_unpinned(service, &mut out);
        secret_in_environment(service, &mut out);
        model_volume_writable(service, &mut out);
        healthy_without_healthcheck(file, service, &mut out);
        port_all_interfaces(service, &mut out);
        job_without_profile(file, service, &mut out);
        gpu_reservation(service, &mut out);
    }
    out
}

fn references(file: &ComposeFile, out: &mut Vec<Diagnostic>) {
    for service in &file.services {
        for dependency in &service.depends_on {
            match file.service(&dependency.service) {
                None => {
                    let known: Vec<&str> = file.services.iter().map(|s| s.name.as_str()).collect();
                    out.push(
                        Diagnostic::error(
                            "compose-unknown-service",
                            dependency.span,
                            format!(
                                "service `{}` depends on `{}`, which is not defined",
                                service.name, dependency.service
                            ),
                        )
                        .with_hint(format!("the services are {}", known.join(", "))),
                    );
                }
                Some(target) => {
                    let shares = target.profiles.is_empty()
                        || (!service.profiles.is_empty()
                            && service.profiles.iter().all(|p| target.profiles.contains(p)));
                    if !shares && dependency.required {
                        out.push(
                            Diagnostic::warning(
                                "compose-profile-dependency",
                                dependency.span,
                                format!(
                                    "`{}` depends on `{}`, which only runs with profile {}; `docker compose up` fails unless that profile is enabled",
                                    service.name,
                                    target.name,
                                    target.profiles.join(", ")
                                ),
                            )
                            .with_hint(format!("add the profile to `{}`, or give the dependency `required: false`", service.name)),
                        );
                    }
                }
            }
        }
        for mount in &service.volumes {
            if let (MountKind::Volume, Some(source)) = (mount.kind, &mount.source) {
                if !file.volumes.iter().any(|v| v.name == *source) {
                    out.push(
                        Diagnostic::error(
                            "compose-undefined-volume",
                            mount.span,
                            format!(
                                "service `{}` uses the named volume `{source}`, which is not declared",
                                service.name
                            ),
                        )
                        .with_hint(format!(
                            "add `{source}:` under the top-level `volumes:`, or write ./{source} for a folder"
                        )),
                    );
                }
            }
        }
    }
    // Cycles: report each service that can reach itself once, at its first dependency on the cycle.
    for service in &file.services {
        if let Some(path) = cycle_from(file, &service.name) {
            let first = service.depends_on.iter().find(|d| d.service == path[1]);
            if let Some(first) = first {
                out.push(Diagnostic::error(
                    "compose-depends-cycle",
                    first.span,
                    format!("depends_on forms a cycle: {}", path.join(" → ")),
                ));
            }
        }
    }
}

/// A dependency path from `start` back to itself, if there is one.
fn cycle_from(file: &ComposeFile, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_string()]];
    let mut seen = std::collections::HashSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last()?.clone();
        let Some(service) = file.service(&last) else { continue };
        for dependency in &service.depends_on {
            if dependency.service == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                return Some(cycle);
            }
            if seen.insert(dependency.service.clone()) {
                let mut next = path.clone();
                next.push(dependency.service.clone());
                stack.push(next);
            }
        }
    }
    None
}

fn image_unpinned(service: &Service, out: &mut Vec<Diagnostic>) {
    let Some(image) = &service.image else { return };
    if service.build.is_some() || image.value.contains('@') {
        return;
    }
    let last = image.value.rsplit('/').next().unwrap_or(&image.value);
    let tag = last.split_once(':').map(|(_, tag)| tag);
    let message = match tag {
        None => format!("`{}` has no tag, so Compose pulls `latest`, which changes under you", image.value),
        Some("latest") => format!("`{}` follows `latest`, which changes under you", image.value),
        _ => return,
    };
    out.push(
        Diagnostic::warning("compose-image-unpinned", image.span, message).with_hint(
            "pin a version tag (redis:7.4-alpine) or a digest (@sha256:…) so every run starts the same stack",
        ),
    );
}

const SECRET_WORDS: &[&str] =
    &["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIALS"];

fn secret_in_environment(service: &Service, out: &mut Vec<Diagnostic>) {
    for var in &service.environment {
        let upper = var.name.to_ascii_uppercase();
        let literal = var.value.as_deref().is_some_and(|v| !v.is_empty()) && !var.from_variable;
        if literal && SECRET_WORDS.iter().any(|word| upper.contains(word)) {
            out.push(
                Diagnostic::warning(
                    "compose-secret-in-environment",
                    var.span,
                    format!("`{}` in service `{}` is a secret written into the Compose file", var.name, service.name),
                )
                .with_hint(format!("read it from the environment (`{}: ${{{}:?set it}}`), an env_file kept out of git, or Compose `secrets:`", var.name, var.name)),
            );
        }
    }
}

/// A training or fine-tuning job writes checkpoints; anything else only reads its models.
fn writes_models(service: &Service) -> bool {
    let mut words = vec![service.name.to_ascii_lowercase()];
    if let Some(command) = &service.command {
        words.extend(command.value.iter().map(|w| w.to_ascii_lowercase()));
    }
    words
        .iter()
        .any(|w| w.contains("train") || w.contains("finetune") || w.contains("fine-tune") || w.contains("export"))
}

fn model_volume_writable(service: &Service, out: &mut Vec<Diagnostic>) {
    if writes_models(service) {
        return;
    }
    for mount in &service.volumes {
        let about_models = mount.target.to_ascii_lowercase().contains("model")
            || mount.source.as_deref().is_some_and(|s| s.to_ascii_lowercase().contains("model"));
        if about_models && !mount.read_only && mount.kind != MountKind::Tmpfs {
            out.push(
                Diagnostic::warning(
                    "compose-model-volume-writable",
                    mount.span,
                    format!(
                        "service `{}` mounts models at {} read-write, but it only needs to read them",
                        service.name, mount.target
                    ),
                )
                .with_hint("add `:ro` (or `read_only: true`) so a bug cannot overwrite the model"),
            );
        }
    }
}

fn healthy_without_healthcheck(file: &ComposeFile, service: &Service, out: &mut Vec<Diagnostic>) {
    for dependency in &service.depends_on {
        if dependency.condition != Condition::ServiceHealthy {
            continue;
        }
        let Some(target) = file.service(&dependency.service) else { continue };
        if target.healthcheck.as_ref().is_none_or(|check| check.disabled) {
            out.push(
                Diagnostic::warning(
                    "compose-healthy-without-healthcheck",
                    dependency.span,
                    format!(
                        "`{}` waits for `{}` to be healthy, but `{}` has no healthcheck",
                        service.name, target.name, target.name
                    ),
                )
                .with_hint(format!(
                    "add a `healthcheck:` to `{}` (unless its image defines a HEALTHCHECK), or use service_started",
                    target.name
                )),
            );
        }
    }
}

fn port_all_interfaces(service: &Service, out: &mut Vec<Diagnostic>) {
    for port in &service.ports {
        let everywhere = port.host_ip.as_deref().is_none_or(|ip| ip == "0.0.0.0" || ip == "::");
        if everywhere && port.published.is_some() {
            out.push(
                Diagnostic::info(
                    "compose-port-all-interfaces",
                    port.span,
                    format!(
                        "port {} of `{}` is published on every network interface, so other machines on your network can reach it",
                        port.published.as_deref().unwrap_or_default(),
                        service.name
                    ),
                )
                .with_hint(format!("write `127.0.0.1:{}:{}` to keep it on this machine", port.published.as_deref().unwrap_or_default(), port.target)),
            );
        }
    }
}

fn job_without_profile(file: &ComposeFile, service: &Service, out: &mut Vec<Diagnostic>) {
    if !service.profiles.is_empty() || !service.ports.is_empty() {
        return;
    }
    // An init job that others wait for with service_completed_successfully belongs in every `up`.
    let awaited = file.services.iter().any(|other| {
        other
            .depends_on
            .iter()
            .any(|d| d.service == service.name && d.condition == Condition::ServiceCompletedSuccessfully)
    });
    if looks_like_job(service) && !awaited {
        out.push(
            Diagnostic::info(
                "compose-job-without-profile",
                service.span,
                format!(
                    "`{}` looks like a one-off job but has no profile, so every `docker compose up` runs it",
                    service.name
                ),
            )
            .with_hint(format!(
                "add `profiles: [\"{}\"]` and run it with `docker compose run --rm {}`",
                service.name, service.name
            )),
        );
    }
}

/// A service that does a piece of work and exits, judged by its name and command (training, evaluation,
/// backfills): the simulator lets it run to completion and lint expects it behind a profile.
pub fn looks_like_job(service: &Service) -> bool {
    let mut words = vec![service.name.to_ascii_lowercase()];
    if let Some(command) = &service.command {
        words.extend(command.value.iter().map(|w| w.to_ascii_lowercase()));
    }
    words
        .iter()
        .any(|w| ["train", "finetune", "fine-tune", "evaluate", "backfill", "batch"].iter().any(|k| w.contains(k)))
}

fn gpu_reservation(service: &Service, out: &mut Vec<Diagnostic>) {
    for device in &service.gpus {
        if device.capabilities.is_empty() {
            out.push(
                Diagnostic::error(
                    "compose-gpu-reservation",
                    device.span,
                    format!("the device reservation of `{}` has no `capabilities`; Compose requires it", service.name),
                )
                .with_hint("add `capabilities: [gpu]`"),
            );
        } else if device.capabilities.iter().any(|c| c == "gpu") {
            let how_many = match (&device.count, device.device_ids.is_empty()) {
                (Some(count), _) => format!("{count} GPU(s)"),
                (None, false) => format!("GPU {}", device.device_ids.join(", ")),
                (None, true) => "all GPUs".to_string(),
            };
            out.push(
                Diagnostic::info(
                    "compose-gpu-reservation",
                    device.span,
                    format!("`{}` reserves {how_many}: the host needs an NVIDIA driver and the NVIDIA Container Toolkit, and the service will not start on a machine without them", service.name),
                )
                .with_hint("keep GPU services behind a profile so the rest of the stack still starts on a laptop"),
            );
        }
    }
}
