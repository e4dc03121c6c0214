//! The typed Compose model: services, their dependencies, mounts, ports and health checks, each with its span.

use serde::Serialize;

use crate::diagnostic::Span;

/// A Compose file as Dockerlab understands it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ComposeFile {
    /// The project name (`name:`), if given.
    pub name: Option<String>,
    /// Services in file order.
    pub services: Vec<Service>,
    /// Top-level named volumes.
    pub volumes: Vec<NamedVolume>,
}

impl ComposeFile {
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|service| service.name == name)
    }

    /// Every profile named by some service, sorted and without repeats.
    pub fn profiles(&self) -> Vec<String> {
        let mut all: Vec<String> = self.services.iter().flat_map(|s| s.profiles.iter().cloned()).collect();
        all.sort();
        all.dedup();
        all
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedVolume {
    pub name: String,
    pub external: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Service {
    pub name: String,
    /// The span of the service's name in `services:`.
    pub span: Span,
    pub image: Option<Located<String>>,
    pub build: Option<Build>,
    pub command: Option<Located<Vec<String>>>,
    pub ports: Vec<Port>,
    pub volumes: Vec<Mount>,
    pub environment: Vec<EnvVar>,
    pub env_files: Vec<Located<String>>,
    pub depends_on: Vec<Dependency>,
    pub healthcheck: Option<Healthcheck>,
    pub profiles: Vec<String>,
    pub profiles_span: Option<Span>,
    pub gpus: Vec<DeviceReservation>,
    pub restart: Option<String>,
}

/// A value and where it was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Build {
    pub context: String,
    pub dockerfile: Option<String>,
    pub args: Vec<(String, Option<String>)>,
    pub target: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Port {
    /// `None` means every interface (0.0.0.0 and ::).
    pub host_ip: Option<String>,
    /// The host port or range; `None` lets Docker choose one.
    pub published: Option<String>,
    pub target: String,
    pub protocol: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountKind {
    Bind,
    Volume,
    Tmpfs,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mount {
    pub kind: MountKind,
    /// Host path for a bind mount, volume name for a named volume, `None` for an anonymous volume or tmpfs.
    pub source: Option<String>,
    pub target: String,
    pub read_only: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvVar {
    pub name: String,
    /// `None` when the value is taken from the shell (`- NAME` or `NAME:` with nothing).
    pub value: Option<String>,
    /// Whether the written value referred to a variable (`${TOKEN}`), before interpolation.
    pub from_variable: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    ServiceStarted,
    ServiceHealthy,
    ServiceCompletedSuccessfully,
}

impl Condition {
    pub fn name(self) -> &'static str {
        match self {
            Condition::ServiceStarted => "service_started",
            Condition::ServiceHealthy => "service_healthy",
            Condition::ServiceCompletedSuccessfully => "service_completed_successfully",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    pub service: String,
    pub condition: Condition,
    /// `required: false` lets Compose go on when the dependency is not part of the project run.
    pub required: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Healthcheck {
    /// The test command as written; empty when only timings are given (the image's own test then applies).
    pub test: Vec<String>,
    pub disabled: bool,
    pub interval_s: Option<f64>,
    pub timeout_s: Option<f64>,
    pub retries: Option<u32>,
    pub start_period_s: Option<f64>,
    pub start_interval_s: Option<f64>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceReservation {
    pub driver: Option<String>,
    /// `all`, a number, or `None` when `device_ids` names devices instead.
    pub count: Option<String>,
    pub device_ids: Vec<String>,
    pub capabilities: Vec<String>,
    pub span: Span,
}
