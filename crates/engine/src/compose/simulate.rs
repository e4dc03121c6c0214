//! What `docker compose up` (or `run --rm`) would start, in what order, and when: a simulated timeline.
//!
//! The rules follow Compose: services with `profiles` start only when a profile is enabled or when the
//! service is named on the command line; dependencies start first and every `depends_on` condition is waited
//! for; a `service_healthy` dependency without a health check stops the dependent. Figures come from
//! `data/compose-timings.txt` and, for bandwidth and image sizes, `data/timings.txt`.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::Serialize;

use super::model::{ComposeFile, Condition, Service};
use crate::cache::timings::{timings, Timings};

const COMPOSE_TIMINGS: &str = include_str!("../../data/compose-timings.txt");

/// The Compose figures, parsed once.
pub fn compose_timings() -> &'static Timings {
    static PARSED: OnceLock<Timings> = OnceLock::new();
    PARSED.get_or_init(|| Timings::parse(COMPOSE_TIMINGS))
}

/// The command being simulated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Command {
    /// `docker compose up [SERVICE...]`.
    Up { services: Vec<String> },
    /// `docker compose run --rm SERVICE`.
    Run { service: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scenario {
    pub command: Command,
    /// `--profile` flags.
    pub profiles: Vec<String>,
}

impl Scenario {
    pub fn up(profiles: &[&str]) -> Scenario {
        Scenario {
            command: Command::Up { services: Vec::new() },
            profiles: profiles.iter().map(|p| p.to_string()).collect(),
        }
    }

    /// The command line this scenario stands for.
    pub fn command_line(&self) -> String {
        let mut line = String::from("docker compose");
        for profile in &self.profiles {
            line.push_str(&format!(" --profile {profile}"));
        }
        match &self.command {
            Command::Up { services } => {
                line.push_str(" up");
                for service in services {
                    line.push_str(&format!(" {service}"));
                }
            }
            Command::Run { service } => line.push_str(&format!(" run --rm {service}")),
        }
        line
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Pull,
    Build,
    Wait,
    Start,
    HealthChecks,
    Job,
}

/// One bar of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub kind: StepKind,
    pub start_s: f64,
    pub end_s: f64,
    pub label: String,
}

/// One service that the command starts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Planned {
    pub name: String,
    /// Why it starts: "default", "profile train", "named on the command line", "dependency of api".
    pub reason: String,
    pub steps: Vec<Step>,
    /// When its container starts running; `None` if it never starts.
    pub started_s: Option<f64>,
    pub healthy_s: Option<f64>,
    pub exited_s: Option<f64>,
    /// Why it does not start, when it does not.
    pub blocked: Option<String>,
}

/// A service that the command leaves alone, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub command_line: String,
    /// Started services in start order (blocked ones last).
    pub services: Vec<Planned>,
    pub skipped: Vec<Skipped>,
    /// Problems with the command itself, which Compose would report before starting anything.
    pub problems: Vec<String>,
    /// When the last step ends.
    pub total_s: f64,
}

impl Plan {
    pub fn service(&self, name: &str) -> Option<&Planned> {
        self.services.iter().find(|planned| planned.name == name)
    }

    /// Names of services that start, in order.
    pub fn order(&self) -> Vec<&str> {
        self.services.iter().filter(|p| p.started_s.is_some()).map(|p| p.name.as_str()).collect()
    }
}

/// Simulates the scenario on a parsed file. Never fails: problems are in the plan.
pub fn simulate(file: &ComposeFile, scenario: &Scenario) -> Plan {
    let figures = compose_timings();
    let setting = |name: &str| figures.setting(name);
    let mut problems = Vec::new();
    let targets: Vec<String> = match &scenario.command {
        Command::Up { services } => services.clone(),
        Command::Run { service } => vec![service.clone()],
    };
    let mut active: BTreeSet<String> = scenario.profiles.iter().cloned().collect();
    for target in &targets {
        match file.service(target) {
            // Naming a service enables its profiles, as Compose does.
            Some(service) => active.extend(service.profiles.iter().cloned()),
            None => problems.push(format!("no such service: {target}")),
        }
    }
    let enabled = |service: &Service| {
        service.profiles.is_empty()
            || service.profiles.iter().any(|p| active.contains(p))
            || targets.contains(&service.name)
    };

    // Which services run, and why: the roots, then their dependencies.
    let mut reasons: Vec<(String, String)> = Vec::new();
    let roots: Vec<&Service> = if targets.is_empty() {
        file.services.iter().filter(|s| enabled(s)).collect()
    } else {
        targets.iter().filter_map(|t| file.service(t)).collect()
    };
    for root in &roots {
        let reason = if targets.contains(&root.name) {
            "named on the command line".to_string()
        } else if root.profiles.is_empty() {
            "no profile: part of every up".to_string()
        } else {
            format!(
                "profile {} enabled",
                root.profiles.iter().find(|p| active.contains(*p)).cloned().unwrap_or_default()
            )
        };
        reasons.push((root.name.clone(), reason));
    }
    let mut blocked: HashMap<String, String> = HashMap::new();
    let mut index = 0;
    while index < reasons.len() {
        let name = reasons[index].0.clone();
        index += 1;
        let Some(service) = file.service(&name) else { continue };
        for dependency in &service.depends_on {
            let Some(target) = file.service(&dependency.service) else {
                blocked.insert(
                    name.clone(),
                    format!("depends on `{}`, which is not a service in this file", dependency.service),
                );
                continue;
            };
            if !enabled(target) {
                if dependency.required {
                    blocked.insert(
                        name.clone(),
                        format!(
                            "depends on `{}`, which is only in profile {}; Compose stops with an error unless that profile is enabled",
                            target.name,
                            target.profiles.join(", ")
                        ),
                    );
                }
                continue;
            }
            if !reasons.iter().any(|(n, _)| *n == target.name) {
                reasons.push((target.name.clone(), format!("dependency of {name}")));
            }
        }
    }

    // Jobs: services that exit by themselves in this simulation.
    let running: Vec<&Service> = file.services.iter().filter(|s| reasons.iter().any(|(n, _)| *n == s.name)).collect();
    let is_job = |service: &Service| {
        matches!(&scenario.command, Command::Run { service: target } if *target == service.name)
            || super::lint::looks_like_job(service)
            || running.iter().any(|other| {
                other
                    .depends_on
                    .iter()
                    .any(|d| d.service == service.name && d.condition == Condition::ServiceCompletedSuccessfully)
            })
    };

    // Images: pulls share the link; builds run side by side with them.
    let base = timings();
    let mut pull_sizes: Vec<(String, f64)> = Vec::new();
    for service in &running {
        if let (Some(image), None) = (&service.image, &service.build) {
            if !pull_sizes.iter().any(|(name, _)| *name == image.value) {
                let (cost, found) = figures.image(&image.value);
                let megabytes = if found { cost.download_mb } else { base.image(&image.value).0.download_mb };
                pull_sizes.push((image.value.clone(), megabytes));
            }
        }
    }
    let pull_done = shared_link_finish_times(&pull_sizes, base);
    let build_s = setting("build_service_s");

    let mut planned: HashMap<String, Planned> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut remaining: Vec<&Service> = running.clone();
    // Repeatedly start every service whose dependencies are settled; what is left at the end is a cycle.
    loop {
        let ready = remaining.iter().position(|service| {
            service
                .depends_on
                .iter()
                .all(|d| planned.contains_key(&d.service) || !running.iter().any(|r| r.name == d.service))
        });
        let Some(position) = ready else { break };
        let service = remaining.remove(position);
        let mut steps = Vec::new();
        let image_ready = if let Some(build) = &service.build {
            steps.push(Step {
                kind: StepKind::Build,
                start_s: 0.0,
                end_s: build_s,
                label: format!("build {}", build.context),
            });
            build_s
        } else if let Some(image) = &service.image {
            let (end, size) = pull_done.get(&image.value).copied().unwrap_or((0.0, 0.0));
            steps.push(Step {
                kind: StepKind::Pull,
                start_s: 0.0,
                end_s: end,
                label: format!("pull {} (about {size:.0} MB)", image.value),
            });
            end
        } else {
            0.0
        };
        let mut block = blocked.get(&service.name).cloned();
        let mut wait_until = image_ready;
        let mut waits = Vec::new();
        for dependency in &service.depends_on {
            let Some(other) = planned.get(&dependency.service) else { continue };
            let time = match dependency.condition {
                Condition::ServiceStarted => other.started_s,
                Condition::ServiceHealthy => {
                    if other.healthy_s.is_none() && other.blocked.is_none() {
                        block.get_or_insert_with(|| {
                            format!("waits for `{}` to be healthy, but it has no health check; Compose reports the dependency as unhealthy", other.name)
                        });
                    }
                    other.healthy_s
                }
                Condition::ServiceCompletedSuccessfully => other.exited_s,
            };
            match time {
                Some(time) => {
                    if time > wait_until {
                        waits.push(format!(
                            "{} {}",
                            other.name,
                            dependency.condition.name().trim_start_matches("service_")
                        ));
                    }
                    wait_until = wait_until.max(time);
                }
                None => {
                    block.get_or_insert_with(|| {
                        format!("`{}` never reaches {}", other.name, dependency.condition.name())
                    });
                }
            }
        }
        let reason = reasons.iter().find(|(n, _)| *n == service.name).map(|(_, r)| r.clone()).unwrap_or_default();
        let mut entry = Planned {
            name: service.name.clone(),
            reason,
            steps,
            started_s: None,
            healthy_s: None,
            exited_s: None,
            blocked: block.clone(),
        };
        if block.is_none() {
            if wait_until > image_ready && !waits.is_empty() {
                entry.steps.push(Step {
                    kind: StepKind::Wait,
                    start_s: image_ready,
                    end_s: wait_until,
                    label: format!("wait for {}", waits.join(", ")),
                });
            }
            let started = wait_until + setting("container_create_s");
            entry.steps.push(Step {
                kind: StepKind::Start,
                start_s: wait_until,
                end_s: started,
                label: "create and start".into(),
            });
            entry.started_s = Some(started);
            if let Some(check) = service.healthcheck.as_ref().filter(|c| !c.disabled) {
                let interval = check.interval_s.unwrap_or(setting("health_interval_s")).max(0.001);
                let start_period = check.start_period_s.unwrap_or(setting("health_start_period_s"));
                let ready_after = if start_period > 0.0 {
                    start_period * setting("start_period_ready_share")
                } else {
                    setting("service_ready_s")
                };
                // Docker runs the first check one interval after the start, then one per interval.
                let checks = (ready_after / interval).ceil().max(1.0);
                let healthy = started + checks * interval;
                entry.steps.push(Step {
                    kind: StepKind::HealthChecks,
                    start_s: started,
                    end_s: healthy,
                    label: format!(
                        "{checks:.0} health check{} every {interval:.0} s until healthy",
                        if checks > 1.0 { "s" } else { "" }
                    ),
                });
                entry.healthy_s = Some(healthy);
            }
            if is_job(service) {
                let exited = started + setting("job_run_s");
                let label = if matches!(scenario.command, Command::Run { .. }) {
                    "run, then exit and remove (--rm)"
                } else {
                    "run to completion (exit 0)"
                };
                entry.steps.push(Step { kind: StepKind::Job, start_s: started, end_s: exited, label: label.into() });
                entry.exited_s = Some(exited);
            }
        }
        order.push(service.name.clone());
        planned.insert(service.name.clone(), entry);
    }
    for service in remaining {
        let reason = reasons.iter().find(|(n, _)| *n == service.name).map(|(_, r)| r.clone()).unwrap_or_default();
        order.push(service.name.clone());
        planned.insert(
            service.name.clone(),
            Planned {
                name: service.name.clone(),
                reason,
                steps: Vec::new(),
                started_s: None,
                healthy_s: None,
                exited_s: None,
                blocked: Some(
                    "its depends_on entries form a cycle, so Compose cannot choose which to start first".into(),
                ),
            },
        );
    }
    let mut services: Vec<Planned> = order.iter().filter_map(|name| planned.remove(name)).collect();
    services.sort_by(|a, b| {
        let key = |p: &Planned| p.started_s.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b))
    });
    let skipped = file
        .services
        .iter()
        .filter(|s| !services.iter().any(|p| p.name == s.name))
        .map(|s| Skipped {
            name: s.name.clone(),
            reason: if !enabled(s) {
                format!("only in profile {}", s.profiles.join(", "))
            } else {
                "not named and not a dependency of what was named".to_string()
            },
        })
        .collect();
    let total_s = services.iter().flat_map(|p| p.steps.iter().map(|s| s.end_s)).fold(0.0, f64::max);
    Plan { command_line: scenario.command_line(), services, skipped, problems, total_s }
}

/// When each pull ends if all start together and share the link equally (smaller images finish first), plus
/// the time to unpack it. Returns image → (finish time, megabytes).
fn shared_link_finish_times(sizes: &[(String, f64)], base: &Timings) -> HashMap<String, (f64, f64)> {
    let mut sorted: Vec<&(String, f64)> = sizes.iter().collect();
    sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
    let extract = base.setting("extract_mb_s").max(1.0);
    let mut finished = HashMap::new();
    let (mut clock, mut previous) = (0.0, 0.0);
    for (position, (name, megabytes)) in sorted.iter().enumerate() {
        let sharing = (sorted.len() - position) as f64;
        clock += base.download_seconds(megabytes - previous) * sharing;
        previous = *megabytes;
        finished.insert(name.clone(), (clock + megabytes / extract, *megabytes));
    }
    finished
}
