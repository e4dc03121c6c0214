//! The Compose panel: an editable Compose file beside its service graph, a simulated `docker compose up`
//! timeline with profile toggles, and the engine's Compose findings. Shared by the `dockerlab-compose` lesson
//! block and the playground.

use dockerlab_course::blocks::ComposeBlock;
use dockerlab_engine::compose::simulate::StepKind;
use dockerlab_engine::compose::{analyze, graph, simulate, Command, Condition, ParseOptions, Scenario};
use dockerlab_engine::diagnostic::Severity;
use leptos::prelude::*;

/// The lesson block: the panel started on the block's file.
#[component]
pub fn ComposeBlockView(block: ComposeBlock) -> impl IntoView {
    let source = RwSignal::new(block.compose.clone());
    let title = block.title.clone().unwrap_or_else(|| "A Compose stack".to_string());
    let region = title.clone();
    view! {
        <section class="block block-compose" data-block="compose" aria-label=region>
            <p class="block-kind">"Compose"</p>
            <h3 class="block-title">{title}</h3>
            <ComposePanel source=source profiles=block.profiles />
        </section>
    }
}

/// The course's example stack, which the playground panel starts from. It is the engine's test fixture, which a
/// test keeps identical to the stack in lessons/compose-ml-stack.md, so the panel and the lesson never drift.
const EXAMPLE_STACK: &str = include_str!("../../crates/engine/tests/compose/ml-stack.yaml");

/// The playground's Compose panel. Its file is its own (a Compose file is not part of the Dockerfile's state
/// or share link), so it starts from the course's stack each time the panel opens.
#[component]
pub fn ComposePlaygroundPanel() -> impl IntoView {
    let source = RwSignal::new(EXAMPLE_STACK.to_string());
    view! {
        <section class="panel panel-compose compose-narrow" role="region" aria-label="Compose">
            <p class="muted small">
                "A Compose file for the stack around your image: what " <code>"docker compose up"</code>
                " starts, in what order, and why."
            </p>
            <ComposePanel source=source />
        </section>
    }
}

/// Which command the learner simulates, as chosen in the select box.
fn command_from_choice(choice: &str) -> Command {
    match choice.split_once(':') {
        Some(("up", service)) => Command::Up { services: vec![service.to_string()] },
        Some(("run", service)) => Command::Run { service: service.to_string() },
        _ => Command::Up { services: Vec::new() },
    }
}

/// The panel. `profiles` are the toggles offered; empty means every profile in the file.
#[component]
pub fn ComposePanel(source: RwSignal<String>, #[prop(optional)] profiles: Vec<String>) -> impl IntoView {
    let analysis = Memo::new(move |_| source.with(|text| analyze(text, &ParseOptions::default())));
    let offered =
        Memo::new(move |_| if profiles.is_empty() { analysis.with(|a| a.file.profiles()) } else { profiles.clone() });
    let active = RwSignal::new(Vec::<String>::new());
    let choice = RwSignal::new(String::new());
    let scenario = Memo::new(move |_| Scenario {
        command: command_from_choice(&choice.get()),
        profiles: active
            .with(|active| offered.with(|offered| offered.iter().filter(|p| active.contains(p)).cloned().collect())),
    });
    let plan = Memo::new(move |_| analysis.with(|a| scenario.with(|s| simulate(&a.file, s))));
    let service_graph = Memo::new(move |_| analysis.with(|a| graph(&a.file)));
    let service_names =
        Memo::new(move |_| analysis.with(|a| a.file.services.iter().map(|s| s.name.clone()).collect::<Vec<_>>()));

    let profile_toggles = move || {
        offered
            .get()
            .into_iter()
            .map(|profile| {
                let name = profile.clone();
                let toggled = profile.clone();
                view! {
                    <label class="compose-toggle">
                        <input
                            type="checkbox"
                            prop:checked=move || active.with(|a| a.contains(&name))
                            on:change=move |event| {
                                let on = event_target_checked(&event);
                                active.update(|a| {
                                    a.retain(|p| *p != toggled);
                                    if on {
                                        a.push(toggled.clone());
                                    }
                                });
                            }
                        />
                        {format!("Profile {profile}")}
                    </label>
                }
            })
            .collect_view()
    };

    let command_options = move || {
        let names = service_names.get();
        let mut options = vec![(String::new(), "up (every enabled service)".to_string())];
        options.extend(names.iter().map(|n| (format!("up:{n}"), format!("up {n}"))));
        options.extend(names.iter().map(|n| (format!("run:{n}"), format!("run --rm {n}"))));
        options
            .into_iter()
            .map(|(value, label)| {
                let selected = value.clone();
                view! { <option value=value prop:selected=move || choice.get() == selected>{label}</option> }
            })
            .collect_view()
    };

    view! {
        <div class="compose">
            <label class="compose-source">
                <span class="compose-label">"compose.yaml"</span>
                <textarea
                    aria-label="Compose file"
                    spellcheck="false"
                    wrap="off"
                    rows=move || source.with(|s| s.lines().count().clamp(8, 24)).to_string()
                    prop:value=move || source.get()
                    on:input=move |event| source.set(event_target_value(&event))
                ></textarea>
            </label>
            <div class="compose-results">
                <div class="compose-controls" role="group" aria-label="Command">
                    {profile_toggles}
                    <label class="compose-toggle">
                        <span>"Command "</span>
                        <select aria-label="Command" on:change=move |event| choice.set(event_target_value(&event))>
                            {command_options}
                        </select>
                    </label>
                </div>
                <p class="compose-command"><code>{move || plan.with(|p| p.command_line.clone())}</code></p>
                <GraphView graph=service_graph plan=plan />
                <Timeline plan=plan />
                <Findings analysis=analysis />
            </div>
        </div>
    }
}

const NODE_W: f64 = 130.0;
const NODE_H: f64 = 34.0;
const GAP_X: f64 = 46.0;
const GAP_Y: f64 = 14.0;

/// The dependency graph in columns by depth: services on the left start first.
#[component]
fn GraphView(
    graph: Memo<dockerlab_engine::compose::Graph>,
    plan: Memo<dockerlab_engine::compose::Plan>,
) -> impl IntoView {
    let drawing = move || {
        let graph = graph.get();
        let plan = plan.get();
        let mut rows_used: Vec<usize> = Vec::new();
        let positions: Vec<(String, f64, f64)> = graph
            .nodes
            .iter()
            .map(|node| {
                if rows_used.len() <= node.layer {
                    rows_used.resize(node.layer + 1, 0);
                }
                let row = rows_used[node.layer];
                rows_used[node.layer] += 1;
                let x = 4.0 + node.layer as f64 * (NODE_W + GAP_X);
                let y = 4.0 + row as f64 * (NODE_H + GAP_Y);
                (node.name.clone(), x, y)
            })
            .collect();
        let width = 8.0 + rows_used.len().max(1) as f64 * (NODE_W + GAP_X) - GAP_X;
        let height = 8.0 + rows_used.iter().copied().max().unwrap_or(1) as f64 * (NODE_H + GAP_Y) - GAP_Y;
        let at = |name: &str| positions.iter().find(|(n, _, _)| n == name).map(|(_, x, y)| (*x, *y));
        let edges = graph
            .edges
            .iter()
            .filter_map(|edge| {
                let (fx, fy) = at(&edge.from)?;
                let (tx, ty) = at(&edge.to)?;
                let class = match edge.condition {
                    Condition::ServiceStarted => "compose-edge compose-edge-started",
                    Condition::ServiceHealthy => "compose-edge compose-edge-healthy",
                    Condition::ServiceCompletedSuccessfully => "compose-edge compose-edge-completed",
                };
                Some(view! {
                    <line
                        class=class
                        x1=fx.to_string()
                        y1=(fy + NODE_H / 2.0).to_string()
                        x2=(tx + NODE_W).to_string()
                        y2=(ty + NODE_H / 2.0).to_string()
                        marker-end="url(#compose-arrow)"
                    >
                        <title>{format!("{} waits for {}: {}", edge.from, edge.to, edge.condition.name())}</title>
                    </line>
                })
            })
            .collect_view();
        let nodes = graph
            .nodes
            .iter()
            .filter_map(|node| {
                let (x, y) = at(&node.name)?;
                let state = match plan.service(&node.name) {
                    Some(p) if p.blocked.is_some() => "compose-node compose-node-blocked",
                    Some(_) => "compose-node compose-node-on",
                    None => "compose-node compose-node-off",
                };
                let label = if node.has_healthcheck { format!("{} ♥", node.name) } else { node.name.clone() };
                Some(view! {
                    <g class=state>
                        <rect x=x.to_string() y=y.to_string() width=NODE_W.to_string() height=NODE_H.to_string() rx="6"></rect>
                        <text x=(x + 8.0).to_string() y=(y + 21.0).to_string()>{label}</text>
                        <title>
                            {if node.profiles.is_empty() {
                                node.name.clone()
                            } else {
                                format!("{} (profile {})", node.name, node.profiles.join(", "))
                            }}
                        </title>
                    </g>
                })
            })
            .collect_view();
        view! {
            <svg class="compose-graph" role="img" aria-label="Service graph" viewBox=format!("0 0 {width} {height}") width=width.to_string()>
                <defs>
                    <marker id="compose-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z"></path>
                    </marker>
                </defs>
                {edges}
                {nodes}
            </svg>
        }
    };
    view! {
        <figure class="compose-figure">
            {drawing}
            <figcaption class="muted small">
                "Arrows point at what a service waits for: solid = healthy, dashed = started, dotted = completed. ♥ = has a health check; faded = not started by this command."
            </figcaption>
        </figure>
    }
}

fn seconds(value: f64) -> String {
    if value >= 90.0 {
        format!("{:.1} min", value / 60.0)
    } else {
        format!("{value:.0} s")
    }
}

/// One row per service: bars for pull/build, waiting, start, health checks and jobs on a shared time axis.
#[component]
fn Timeline(plan: Memo<dockerlab_engine::compose::Plan>) -> impl IntoView {
    let rows = move || {
        let plan = plan.get();
        let total = plan.total_s.max(1.0);
        let problems =
            plan.problems.iter().map(|p| view! { <li class="compose-problem">{p.clone()}</li> }).collect_view();
        let started = plan
            .services
            .iter()
            .map(|service| {
                let summary = match (&service.blocked, service.started_s) {
                    (Some(why), _) => format!("does not start: {why}"),
                    (None, Some(start)) => {
                        let mut text = format!("starts at {}", seconds(start));
                        if let Some(h) = service.healthy_s {
                            text.push_str(&format!(", healthy at {}", seconds(h)));
                        }
                        if let Some(e) = service.exited_s {
                            text.push_str(&format!(", exits at {}", seconds(e)));
                        }
                        format!("{text} ({})", service.reason)
                    }
                    (None, None) => String::new(),
                };
                let bars = service
                    .steps
                    .iter()
                    .map(|step| {
                        let kind = match step.kind {
                            StepKind::Pull => "pull",
                            StepKind::Build => "build",
                            StepKind::Wait => "wait",
                            StepKind::Start => "start",
                            StepKind::HealthChecks => "health",
                            StepKind::Job => "job",
                        };
                        let left = step.start_s / total * 100.0;
                        let width = ((step.end_s - step.start_s) / total * 100.0).max(0.6);
                        view! {
                            <span
                                class=format!("compose-bar compose-bar-{kind}")
                                style=format!("left:{left:.2}%;width:{width:.2}%")
                                title=format!("{}: {} to {}", step.label, seconds(step.start_s), seconds(step.end_s))
                            ></span>
                        }
                    })
                    .collect_view();
                view! {
                    <li class="compose-row" class:compose-row-blocked=service.blocked.is_some() data-service=service.name.clone()>
                        <span class="compose-row-name">{service.name.clone()}</span>
                        <span class="compose-track">{bars}</span>
                        <span class="compose-row-summary small">{summary}</span>
                    </li>
                }
            })
            .collect_view();
        let skipped = plan
            .skipped
            .iter()
            .map(|s| view! { <li class="compose-row compose-row-skipped" data-service=s.name.clone()><span class="compose-row-name">{s.name.clone()}</span><span class="compose-row-summary small">{format!("not started: {}", s.reason)}</span></li> })
            .collect_view();
        view! {
            <p class="compose-total">{format!("About {} on a fresh machine (images pulled, nothing cached).", seconds(plan.total_s))}</p>
            <ol class="compose-timeline" aria-label="Timeline">{problems}{started}{skipped}</ol>
        }
    };
    view! {
        <div class="compose-timeline-box">
            {rows}
            <p class="muted small">"Bars: pull or build, waiting for a dependency, start, health checks, a job's run. Figures are estimates from Dockerlab's data files."</p>
        </div>
    }
}

#[component]
fn Findings(analysis: Memo<dockerlab_engine::compose::ComposeAnalysis>) -> impl IntoView {
    let items = move || {
        analysis.with(|a| {
            if a.diagnostics.is_empty() {
                return view! { <li class="compose-finding">"No findings."</li> }.into_any();
            }
            a.diagnostics
                .iter()
                .map(|d| {
                    let severity = match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "info",
                    };
                    view! {
                        <li class=format!("compose-finding compose-finding-{severity}")>
                            <span class="compose-finding-where">{format!("line {}", d.span.line)}</span>
                            " "<span class="compose-finding-severity">{severity}</span>
                            " "<code>{d.code}</code>" "
                            {d.message.clone()}
                            {d.hint.clone().map(|hint| view! { <span class="compose-finding-hint small">{format!(" Hint: {hint}")}</span> })}
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    view! {
        <section class="compose-findings-box" aria-label="Compose findings">
            <h4>"Findings"</h4>
            <ul class="compose-findings">{items}</ul>
        </section>
    }
}
