//! The view models: everything the editor and the panels show, derived from one state.
//!
//! [`shared`] analyses the Dockerfile once and lints it; each panel's function ([`layers`], [`cache`], ...)
//! derives from that, the size estimate and the replay of the build history through the engine's cache
//! simulator included. The page wraps each in its own lazy `Memo`, so a keystroke computes only the editor and
//! the panel on screen. [`derive`] runs them all at once.

use std::collections::BTreeMap;

use dockerlab_course::highlight::{highlight, Lang};
use dockerlab_engine::cache::{self, Event, History, Status, World};
use dockerlab_engine::context::{PreparedContext, DEFAULT_MODEL_PATH};
use dockerlab_engine::diagnostic::Severity as DiagnosticSeverity;
use dockerlab_engine::instructions::StageBase;
use dockerlab_engine::lint::{self, Edit, Severity};
use dockerlab_engine::size::{self, SizeOptions};
use dockerlab_engine::strategy::{self, Strategy};
use dockerlab_engine::Analysis;

use super::lines;
use super::state::{PlaygroundState, DOCKERFILE, DOCKERIGNORE};

/// One located problem in the editor: an underline, a gutter mark and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    pub end_offset: usize,
    /// `error`, `warning`, `info` or `style`.
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
}

/// What the editor draws from the text alone: colours, line count and width. The page derives it at each
/// keystroke, before anything else, so the typed character is drawn without waiting for the analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextView {
    /// The text with syntax colours, escaped, one element per line (see [`super::lines`]), so the page replaces
    /// only the lines that changed.
    pub highlighted_lines: Vec<String>,
    pub line_count: usize,
    /// Characters of the longest line, so the editor grows instead of wrapping.
    pub widest_line: usize,
}

/// What the editor draws from the analysis: the parser's and linter's problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarksView {
    /// The analysed text with problems underlined and the letters transparent, escaped, one element per line.
    pub marks_lines: Vec<String>,
    /// Sorted by position.
    pub marks: Vec<Mark>,
}

/// One layer bar.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerView {
    pub line: u32,
    pub keyword: String,
    /// The instruction's first line.
    pub text: String,
    pub bytes: u64,
    pub compressed_bytes: u64,
    pub wasted_bytes: u64,
    /// What the bytes are: (what, bytes, removed in the same layer).
    pub parts: Vec<(String, u64, bool)>,
    /// The assumptions the estimate made for this layer.
    pub unknowns: Vec<String>,
    /// This layer's bytes over the largest layer's, for the bar's length (0..=1).
    pub share: f64,
}

impl LayerView {
    /// A key that changes whenever anything the row shows changes (the bar's length to the precision drawn), so
    /// a list keyed by it rebuilds only the rows that differ after a keystroke.
    pub fn render_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (self.line, &self.keyword, &self.text, self.bytes, self.compressed_bytes, self.wasted_bytes).hash(&mut hasher);
        (&self.parts, &self.unknowns, (self.share.max(0.004) * 10_000.0).round() as u64).hash(&mut hasher);
        hasher.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LayersView {
    pub base: Option<LayerView>,
    pub layers: Vec<LayerView>,
    pub total_bytes: u64,
    pub compressed_bytes: u64,
    pub wasted_bytes: u64,
    pub efficiency: f64,
}

/// One step of one build.
#[derive(Debug, Clone, PartialEq)]
pub struct StepView {
    pub line: u32,
    pub keyword: &'static str,
    pub text: String,
    /// `hit`, `miss` or `skipped`.
    pub status: &'static str,
    pub reason: String,
    pub rule: &'static str,
    pub seconds: f64,
}

impl StepView {
    /// A key that changes whenever anything the row shows changes (the time as printed), so a build's list keyed
    /// by it rebuilds only the steps a keystroke changed.
    pub fn render_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (self.line, self.keyword, &self.text, self.status, &self.reason, self.rule).hash(&mut hasher);
        seconds(self.seconds).hash(&mut hasher);
        hasher.finish()
    }
}

/// One build of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildView {
    pub number: usize,
    /// What happened before it ("First build" for the first).
    pub label: String,
    /// The event line as recorded, `None` for the first build.
    pub event: Option<String>,
    pub steps: Vec<StepView>,
    pub total_seconds: f64,
    pub rebuilt: usize,
    /// Why the event could not be applied, if it could not.
    pub error: Option<String>,
}

impl BuildView {
    /// Lines of the layer steps that ran again.
    #[cfg(test)]
    pub fn missed_lines(&self) -> Vec<u32> {
        self.steps.iter().filter(|step| step.status == "miss").map(|step| step.line).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CacheView {
    pub builds: Vec<BuildView>,
    /// The first stage's image, for the "move the base tag" event.
    pub base_image: Option<String>,
    /// The first `ARG` name, for the "change a build arg" event.
    pub build_arg: Option<String>,
}

/// One lint finding, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingView {
    pub code: &'static str,
    pub name: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The rule's one-sentence explanation.
    pub summary: &'static str,
    pub lesson: &'static str,
    pub fix: Option<(String, Vec<Edit>)>,
}

impl FindingView {
    /// A key that changes whenever anything the item shows or its quick fix would do changes, so a list keyed
    /// by it rebuilds only the findings a keystroke changed (and a fix never applies edits of an older text).
    pub fn render_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (self.code, self.line, self.column, &self.message, self.lesson).hash(&mut hasher);
        if let Some((title, edits)) = &self.fix {
            title.hash(&mut hasher);
            for edit in edits {
                (edit.start, edit.end, &edit.replacement).hash(&mut hasher);
            }
        }
        hasher.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LintView {
    /// Non-empty groups, most serious first.
    pub groups: Vec<(&'static str, Vec<FindingView>)>,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileView {
    pub path: String,
    pub size: u64,
    pub sent: bool,
    /// The `.dockerignore` line that decides, if one does.
    pub decided_by: Option<u32>,
    pub secret: Option<&'static str>,
    /// Whether the playground holds the file's text, so the learner can read and change it.
    pub has_text: bool,
}

/// What the Project pane can do with a file it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// The text in the editor.
    Dockerfile,
    /// The text in the Context panel's `.dockerignore` box, shown in the pane too.
    Dockerignore,
    /// A text file the learner can change.
    Text,
    /// A file known by its size and a fingerprint only (data, weights, most code): it can be marked changed.
    Opaque,
}

/// The file open in the Project pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenFile {
    pub path: String,
    pub size: u64,
    pub kind: FileKind,
    /// The text, for the kinds that have one here (empty for the others).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretView {
    pub path: String,
    pub kind: &'static str,
    pub sent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextView {
    pub files: Vec<FileView>,
    pub files_before: usize,
    pub bytes_before: u64,
    pub files_after: usize,
    pub bytes_after: u64,
    pub secrets: Vec<SecretView>,
    pub ignore_problems: Vec<String>,
    pub has_dockerignore: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StrategyView {
    /// The strategy the Dockerfile uses, the line that shows it, and why.
    pub detected: Option<(Strategy, u32, String)>,
    /// The model file's size in the project, in MB.
    pub model_mb: f64,
    /// The estimated compressed image without a baked model, in MB.
    pub app_image_mb: f64,
}

/// Everything the playground shows for one state.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub text: TextView,
    pub marks: MarksView,
    pub layers: LayersView,
    pub cache: CacheView,
    pub lint: LintView,
    pub context: ContextView,
    pub strategy: StrategyView,
    /// Recorded project changes that no longer apply.
    pub problems: Vec<String>,
}

const MB: f64 = 1_000_000.0;

/// What the editor and every panel share: the project after its recorded changes, one analysis of the
/// Dockerfile and the lint findings. The page keeps it in one `Memo` and gives each panel its own lazy `Memo`
/// over it, so a keystroke computes this part, the editor and the panel on screen, and nothing else.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    pub world: World,
    pub analysis: Analysis,
    pub findings: Vec<lint::Finding>,
    /// The recorded build-history events, replayed by the cache panel.
    pub events: Vec<String>,
    /// Recorded project changes that no longer apply.
    pub problems: Vec<String>,
}

/// The shared part of every view. Never fails.
pub fn shared(state: &PlaygroundState) -> Shared {
    let replayed = state.world();
    let world = replayed.world;
    let analysis = world.analyze();
    let findings = lint::lint_analysis(&world.dockerfile, &analysis, Some(&world.context));
    Shared { world, analysis, findings, events: state.events.clone(), problems: replayed.problems }
}

fn sizes(shared: &Shared) -> size::SizeReport {
    let world = &shared.world;
    size::estimate(
        &shared.analysis,
        Some(&world.context),
        &SizeOptions { dockerfile_path: world.dockerfile_path.clone(), ..SizeOptions::default() },
    )
}

pub fn marks(shared: &Shared) -> MarksView {
    marks_view(&shared.world.dockerfile, &shared.analysis, &shared.findings)
}

pub fn layers(shared: &Shared) -> LayersView {
    layers_view(&shared.world.dockerfile, &sizes(shared))
}

pub fn cache(shared: &Shared) -> CacheView {
    replay(History::new(shared.world.clone()), &shared.analysis, &shared.events)
}

pub fn lint(shared: &Shared) -> LintView {
    lint_view(&shared.findings)
}

pub fn context(shared: &Shared) -> ContextView {
    let mut history = History::new(shared.world.clone());
    let prepared = history.prepared();
    context_view(&shared.world, &prepared)
}

/// The file at `path` as the Project pane opens it, or `None` when the project has no such file. The
/// `.dockerignore` is always there to open: emptying it drops the file, and the text box must not vanish under
/// the learner's hands.
pub fn open_file(shared: &Shared, path: &str) -> Option<OpenFile> {
    let context = &shared.world.context;
    if path == DOCKERIGNORE {
        let text = context.dockerignore().unwrap_or_default().to_owned();
        return Some(OpenFile { path: path.to_owned(), size: text.len() as u64, kind: FileKind::Dockerignore, text });
    }
    let file = context.get(path)?;
    let (kind, text) = match &file.text {
        _ if file.path == DOCKERFILE => (FileKind::Dockerfile, String::new()),
        Some(text) => (FileKind::Text, text.clone()),
        None => (FileKind::Opaque, String::new()),
    };
    Some(OpenFile { path: file.path.clone(), size: file.size, kind, text })
}

pub fn strategy(shared: &Shared) -> StrategyView {
    strategy_view(&shared.world.dockerfile, &shared.analysis, &shared.world, &sizes(shared))
}

/// Derives every view from the state at once (the tests' view of the playground). Never fails.
#[cfg(test)]
pub fn derive(state: &PlaygroundState) -> Derived {
    let shared = shared(state);
    Derived {
        text: text_view(&shared.world.dockerfile),
        marks: marks(&shared),
        layers: layers(&shared),
        cache: cache(&shared),
        lint: lint(&shared),
        context: context(&shared),
        strategy: strategy(&shared),
        problems: shared.problems.clone(),
    }
}

/// The text's lines, split once so each row of a panel finds its line without walking the text again.
struct LineTable<'t>(Vec<&'t str>);

impl<'t> LineTable<'t> {
    fn new(text: &'t str) -> Self {
        LineTable(text.lines().collect())
    }

    /// Line `line` (1-based) without its surrounding spaces; empty when there is no such line.
    fn trimmed(&self, line: u32) -> String {
        (line as usize).checked_sub(1).and_then(|index| self.0.get(index)).map_or("", |line| line.trim()).to_owned()
    }
}

fn escape_into(out: &mut String, text: &str) {
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
}

fn diagnostic_severity(severity: DiagnosticSeverity) -> &'static str {
    match severity {
        DiagnosticSeverity::Error => "error",
        DiagnosticSeverity::Warning => "warning",
        DiagnosticSeverity::Info => "info",
    }
}

/// The editor's colours, from the engine's tokens.
pub fn text_view(text: &str) -> TextView {
    TextView {
        highlighted_lines: lines::html_lines(&highlight(Lang::Dockerfile, text)),
        line_count: text.split('\n').count().max(1),
        widest_line: text.lines().map(|line| line.chars().count()).max().unwrap_or(0),
    }
}

/// The parser's and linter's problems as marks under the analysed text.
pub fn marks_view(text: &str, analysis: &Analysis, findings: &[lint::Finding]) -> MarksView {
    let mut marks: Vec<Mark> = analysis
        .diagnostics
        .iter()
        .map(|diagnostic| Mark {
            line: diagnostic.span.line,
            column: diagnostic.span.column,
            offset: diagnostic.span.offset as usize,
            end_offset: diagnostic.span.end_offset as usize,
            severity: diagnostic_severity(diagnostic.severity),
            code: diagnostic.code,
            message: match &diagnostic.hint {
                Some(hint) => format!("{} {hint}", diagnostic.message),
                None => diagnostic.message.clone(),
            },
        })
        .chain(findings.iter().map(|finding| Mark {
            line: finding.span.line,
            column: finding.span.column,
            offset: finding.span.offset as usize,
            end_offset: finding.span.end_offset as usize,
            severity: finding.severity.name(),
            code: finding.code,
            message: finding.message.clone(),
        }))
        .collect();
    marks.sort_by_key(|mark| (mark.offset, mark.end_offset));
    MarksView { marks_lines: lines::html_lines(&marks_html(text, &marks)), marks }
}

/// The text with each mark's range wrapped in an underline span; overlapping marks keep the first.
fn marks_html(text: &str, marks: &[Mark]) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 48);
    let mut at = 0;
    for mark in marks {
        let mut end = mark.end_offset.min(text.len());
        // An empty span (a missing word at the end of a line) underlines the character before it.
        let mut start = mark.offset.min(end);
        if start == end {
            start = text[..start].char_indices().next_back().map(|(index, _)| index).unwrap_or(start);
            end = end.max(start);
        }
        if start < at || start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        escape_into(&mut out, &text[at..start]);
        out.push_str("<span class=\"squiggle squiggle-");
        out.push_str(mark.severity);
        out.push_str("\">");
        escape_into(&mut out, &text[start..end]);
        out.push_str("</span>");
        at = end;
    }
    escape_into(&mut out, &text[at..]);
    out
}

fn layers_view(text: &str, report: &size::SizeReport) -> LayersView {
    let lines = LineTable::new(text);
    let largest = report.layers.iter().skip(1).map(|layer| layer.bytes).max().unwrap_or(0).max(1);
    let view = |layer: &size::Layer| LayerView {
        line: layer.line,
        keyword: layer.instruction.clone(),
        text: if layer.line == 0 {
            // The base image's row names the image, as the first FROM writes it.
            text.lines()
                .map(str::trim)
                .find(|line| line.get(..5).is_some_and(|word| word.eq_ignore_ascii_case("FROM ")))
                .unwrap_or("FROM")
                .to_owned()
        } else {
            lines.trimmed(layer.line)
        },
        bytes: layer.bytes,
        compressed_bytes: layer.compressed_bytes,
        wasted_bytes: layer.wasted_bytes,
        parts: layer.parts.iter().map(|part| (part.what.clone(), part.bytes, part.removed)).collect(),
        unknowns: layer.unknowns.iter().map(|unknown| format!("{} {}", unknown.message, unknown.assumption)).collect(),
        share: (layer.bytes as f64 / largest as f64).min(1.0),
    };
    let mut layers = report.layers.iter();
    let base = report.layers.first().filter(|layer| layer.line == 0).map(|layer| {
        layers.next();
        LayerView { share: 1.0, ..view(layer) }
    });
    LayersView {
        base,
        layers: layers.map(view).collect(),
        total_bytes: report.total_bytes,
        compressed_bytes: report.compressed_bytes,
        wasted_bytes: report.wasted_bytes,
        efficiency: report.efficiency,
    }
}

fn build_view(
    text: &str,
    report: &dockerlab_engine::cache::BuildReport,
    label: String,
    event: Option<String>,
) -> BuildView {
    let lines = LineTable::new(text);
    BuildView {
        number: report.number,
        label,
        event,
        steps: report
            .steps
            .iter()
            .filter(|step| step.layer)
            .map(|step| StepView {
                line: step.line,
                keyword: step.keyword,
                text: lines.trimmed(step.line),
                status: step.status.as_str(),
                reason: step.reason.text(),
                rule: step.rule,
                seconds: step.seconds,
            })
            .collect(),
        total_seconds: report.total_seconds,
        rebuilt: report.steps.iter().filter(|step| step.layer && step.status == Status::Miss).count(),
        error: None,
    }
}

/// Replays a build history: the first build, then one build after each event.
pub fn replay(mut history: History, analysis: &Analysis, events: &[String]) -> CacheView {
    let text = history.world().dockerfile.clone();
    let mut builds = vec![build_view(&text, history.build(), "First build".to_owned(), None)];
    for line in events {
        let applied = Event::parse(line).and_then(|event| history.apply(&event).map(|()| event));
        match applied {
            Ok(event) => {
                let text = history.world().dockerfile.clone();
                builds.push(build_view(&text, history.build(), capitalise(&event.to_string()), Some(line.clone())));
            }
            Err(problem) => {
                let number = builds.len() + 1;
                builds.push(BuildView {
                    number,
                    label: line.clone(),
                    event: Some(line.clone()),
                    steps: Vec::new(),
                    total_seconds: 0.0,
                    rebuilt: 0,
                    error: Some(problem),
                });
            }
        }
    }
    let base_image = analysis.lowered.stages.iter().find_map(|stage| match &stage.base {
        StageBase::Image(image) => Some(image.to_string()),
        _ => None,
    });
    let build_arg = text.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("ARG ").or_else(|| line.trim_start().strip_prefix("arg "))?;
        let name = rest.split(['=', ' ']).next()?.trim();
        (!name.is_empty()).then(|| name.to_owned())
    });
    CacheView { builds, base_image, build_arg }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The rebuild events the cache panel offers, as buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    EditCode,
    Requirements,
    NewModel,
    MoveTag,
    BuildArg,
}

impl EventKind {
    pub const ALL: [EventKind; 5] =
        [EventKind::EditCode, EventKind::Requirements, EventKind::NewModel, EventKind::MoveTag, EventKind::BuildArg];

    pub fn label(self) -> &'static str {
        match self {
            EventKind::EditCode => "Edit code",
            EventKind::Requirements => "Change requirements",
            EventKind::NewModel => "New model",
            EventKind::MoveTag => "Move the base tag",
            EventKind::BuildArg => "Change a build arg",
        }
    }

    /// The event line for the `count`-th event of the history.
    pub fn line(self, cache: &CacheView, count: usize) -> String {
        match self {
            EventKind::EditCode => "edit src/serve.py".to_owned(),
            EventKind::Requirements => format!("append requirements.txt pydantic==2.7.{count}"),
            EventKind::NewModel => format!("replace {DEFAULT_MODEL_PATH}"),
            EventKind::MoveTag => {
                format!("move-tag {}", cache.base_image.clone().unwrap_or_else(|| "python:3.12-slim".to_owned()))
            }
            EventKind::BuildArg => {
                format!("build-arg {}=v{count}", cache.build_arg.clone().unwrap_or_else(|| "VERSION".to_owned()))
            }
        }
    }
}

/// Grades the learner's prediction of the next rebuild through the engine: the history so far is replayed, then
/// [`cache::predict_next`] builds once more after `pending` and [`cache::grade`] compares the lines marked with
/// the lines that ran again.
pub fn grade_prediction(shared: &Shared, pending: &str, marked: &[u32]) -> Result<cache::Grade, String> {
    let mut history = History::new(shared.world.clone());
    history.build();
    for line in &shared.events {
        if let Ok(event) = Event::parse(line) {
            if history.apply(&event).is_ok() {
                history.build();
            }
        }
    }
    let prediction = cache::predict_next(history, &Event::parse(pending)?)?;
    Ok(cache::grade(&prediction, marked))
}

fn lint_view(findings: &[lint::Finding]) -> LintView {
    let groups = Severity::ALL
        .into_iter()
        .map(|severity| {
            let group: Vec<FindingView> = findings
                .iter()
                .filter(|finding| finding.severity == severity)
                .map(|finding| FindingView {
                    code: finding.code,
                    name: finding.name,
                    line: finding.span.line,
                    column: finding.span.column,
                    message: finding.message.clone(),
                    summary: lint::registry::find(finding.code).map(|rule| rule.summary).unwrap_or_default(),
                    lesson: finding.lesson,
                    fix: finding.fix.as_ref().map(|fix| (fix.title.clone(), fix.edits.clone())),
                })
                .collect();
            (severity.name(), group)
        })
        .filter(|(_, group)| !group.is_empty())
        .collect();
    LintView { groups, count: findings.len() }
}

fn context_view(world: &World, prepared: &PreparedContext) -> ContextView {
    let summary = prepared.summary();
    let secrets: BTreeMap<&str, &dockerlab_engine::context::SecretFinding> =
        summary.secrets.iter().map(|secret| (secret.path.as_str(), secret)).collect();
    ContextView {
        files: world
            .context
            .files()
            .iter()
            .map(|file| FileView {
                path: file.path.clone(),
                size: file.size,
                sent: prepared.contains(&file.path),
                decided_by: summary.ignore.deciding_pattern(&file.path).map(|pattern| pattern.line),
                secret: secrets.get(file.path.as_str()).map(|secret| secret.kind),
                has_text: file.text.is_some(),
            })
            .collect(),
        files_before: summary.files_before,
        bytes_before: summary.bytes_before,
        files_after: summary.files_after,
        bytes_after: summary.bytes_after,
        secrets: summary
            .secrets
            .iter()
            .map(|secret| SecretView { path: secret.path.clone(), kind: secret.kind, sent: secret.sent })
            .collect(),
        ignore_problems: summary
            .ignore
            .problems
            .iter()
            .map(|problem| format!("line {}: {}", problem.line, problem.message))
            .collect(),
        has_dockerignore: summary.has_dockerignore,
    }
}

fn strategy_view(text: &str, analysis: &Analysis, world: &World, sizes: &size::SizeReport) -> StrategyView {
    let detected = strategy::detect(text, analysis, Some(&world.context));
    let baked_line = detected.as_ref().filter(|found| found.strategy == Strategy::Bake).map(|found| found.span.line);
    let baked: u64 =
        sizes.layers.iter().filter(|layer| Some(layer.line) == baked_line).map(|layer| layer.compressed_bytes).sum();
    StrategyView {
        detected: detected.map(|found| (found.strategy, found.span.line, found.evidence)),
        model_mb: world
            .context
            .get(DEFAULT_MODEL_PATH)
            .map(|file| file.size as f64 / MB)
            .unwrap_or_else(|| strategy::Inputs::default().model_mb),
        app_image_mb: (sizes.compressed_bytes.saturating_sub(baked)) as f64 / MB,
    }
}

/// Bytes for people: `440 MB`, `1.2 GB`, `12 kB` (powers of 1000, as registries show them).
pub fn bytes(value: u64) -> String {
    let value = value as f64;
    if value >= 1e9 {
        format!("{:.1} GB", value / 1e9)
    } else if value >= 1e6 {
        format!("{:.0} MB", value / 1e6)
    } else if value >= 1e3 {
        format!("{:.0} kB", value / 1e3)
    } else {
        format!("{value} B")
    }
}

/// Seconds for people: `0.3 s`, `42 s`, `3 min 20 s`.
pub fn seconds(value: f64) -> String {
    if !value.is_finite() || value < 0.05 {
        "0 s".to_owned()
    } else if value < 10.0 {
        format!("{value:.1} s")
    } else if value < 120.0 {
        format!("{value:.0} s")
    } else {
        let minutes = (value / 60.0).floor();
        format!("{minutes:.0} min {:.0} s", value - minutes * 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::presets;

    fn state(dockerfile: &str) -> PlaygroundState {
        PlaygroundState { dockerfile: dockerfile.to_owned(), ..PlaygroundState::default() }
    }

    #[test]
    fn every_preset_derives_layers_a_first_build_and_a_strategy_view() {
        for preset in presets::PRESETS {
            let derived = derive(&state(preset.dockerfile));
            assert!(derived.layers.base.is_some(), "{}", preset.id);
            assert!(!derived.layers.layers.is_empty(), "{}", preset.id);
            assert_eq!(derived.cache.builds.len(), 1);
            assert!(derived.cache.builds[0].steps.iter().all(|step| step.status != "hit"), "{}", preset.id);
            assert!(derived.layers.total_bytes >= derived.layers.compressed_bytes);
        }
    }

    #[test]
    fn presets_show_the_strategy_they_teach() {
        let detected = |text| derive(&state(text)).strategy.detected.map(|found| found.0);
        assert_eq!(detected(presets::WELL_ORDERED), Some(Strategy::Bake));
        // `COPY . .` takes the model file along when no .dockerignore drops it.
        assert_eq!(detected(presets::BAD_ORDER), Some(Strategy::Bake));
        assert_eq!(detected(presets::GPU_CUDA), Some(Strategy::Download));
        assert_eq!(detected(presets::ALPINE), Some(Strategy::Mount));
    }

    #[test]
    fn the_bad_order_rebuilds_the_install_after_a_code_edit_and_the_good_order_does_not() {
        let rebuilt_after_edit = |text: &str| {
            let mut state = state(text);
            state.events.push(EventKind::EditCode.line(&CacheView::default(), 1));
            let derived = derive(&state);
            let build = &derived.cache.builds[1];
            build.steps.iter().filter(|step| step.status == "miss").map(|step| step.keyword).collect::<Vec<_>>()
        };
        assert!(rebuilt_after_edit(presets::BAD_ORDER).contains(&"RUN"));
        assert!(!rebuilt_after_edit(presets::WELL_ORDERED).contains(&"RUN"));
    }

    #[test]
    fn every_event_button_makes_an_event_the_engine_reads() {
        let derived = derive(&state(presets::GPU_CUDA));
        assert_eq!(derived.cache.build_arg.as_deref(), Some("CUDA_VERSION"));
        let mut with_events = state(presets::GPU_CUDA);
        for (count, kind) in EventKind::ALL.into_iter().enumerate() {
            with_events.events.push(kind.line(&derived.cache, count + 1));
        }
        let derived = derive(&with_events);
        assert_eq!(derived.cache.builds.len(), 6);
        assert!(derived.cache.builds.iter().all(|build| build.error.is_none()), "{:?}", derived.cache.builds);
    }

    #[test]
    fn lint_groups_are_ordered_by_severity_and_carry_fixes_and_lessons() {
        let derived = derive(&state(presets::BAD_ORDER));
        assert!(derived.lint.count > 0);
        let order: Vec<&str> = derived.lint.groups.iter().map(|(name, _)| *name).collect();
        let mut sorted = order.clone();
        sorted.sort_by_key(|name| ["error", "warning", "info", "style"].iter().position(|known| known == name));
        assert_eq!(order, sorted);
        let all: Vec<&FindingView> = derived.lint.groups.iter().flat_map(|(_, group)| group).collect();
        assert!(all.iter().all(|finding| !finding.lesson.is_empty() && !finding.summary.is_empty()));
        assert!(all.iter().any(|finding| finding.fix.is_some()));
    }

    #[test]
    fn a_dockerignore_shrinks_the_context_and_stops_secrets() {
        let before = derive(&state(presets::BAD_ORDER)).context;
        assert!(before.secrets.iter().any(|secret| secret.sent));
        let mut ignoring = state(presets::BAD_ORDER);
        ignoring.dockerignore = "data/\n.venv/\n.git/\ncheckpoints/\n.env\nconfigs/gcp-credentials.json\n".into();
        let after = derive(&ignoring).context;
        assert!(after.bytes_after < before.bytes_after / 2);
        assert_eq!(after.bytes_before, before.bytes_before + ignoring.dockerignore.len() as u64);
        assert!(after.files.iter().any(|file| file.path == ".env" && !file.sent && file.decided_by == Some(5)));
    }

    #[test]
    fn a_package_written_into_requirements_grows_the_pip_layer() {
        use crate::playground::state::FileAction;
        let pip_bytes = |state: &PlaygroundState| {
            let layers = derive(state).layers;
            layers.layers.iter().find(|layer| layer.text.contains("pip install")).map(|layer| layer.bytes).unwrap()
        };
        // The app fetches the size tables at run time; the test reads them from the engine's data folder.
        dockerlab_engine::size::data::install(dockerlab_engine::size::data::Sources {
            pip: include_str!("../../crates/engine/data/pip-packages.json"),
            apt: include_str!("../../crates/engine/data/apt-packages.json"),
            images: include_str!("../../crates/engine/data/base-images.json"),
            assumptions: include_str!("../../crates/engine/data/size-assumptions.json"),
        });
        let mut state = state(presets::WELL_ORDERED);
        let before = pip_bytes(&state);
        let requirements = open_file(&shared(&state), "requirements.txt").unwrap();
        assert_eq!(requirements.kind, FileKind::Text);
        let text = format!("{}xgboost==3.2.0\n", requirements.text);
        state.apply(&FileAction::Write { path: "requirements.txt".into(), text: text.clone() }).unwrap();
        assert!(pip_bytes(&state) > before, "{} then {}", before, pip_bytes(&state));
        assert_eq!(open_file(&shared(&state), "requirements.txt").unwrap().text, text);
    }

    #[test]
    fn files_open_as_text_only_when_the_playground_holds_their_text() {
        let mut state = state(presets::WELL_ORDERED);
        let kind = |state: &PlaygroundState, path: &str| open_file(&shared(state), path).map(|file| file.kind);
        assert_eq!(kind(&state, "Dockerfile"), Some(FileKind::Dockerfile));
        assert_eq!(kind(&state, ".env"), Some(FileKind::Text));
        assert_eq!(kind(&state, DEFAULT_MODEL_PATH), Some(FileKind::Opaque));
        assert_eq!(kind(&state, "src/serve.py"), Some(FileKind::Opaque));
        assert_eq!(kind(&state, "no/such/file"), None);
        // An empty .dockerignore is no file, yet it stays open while the learner types.
        assert_eq!(kind(&state, ".dockerignore"), Some(FileKind::Dockerignore));
        state.dockerignore = "data/\n".into();
        assert_eq!(open_file(&shared(&state), ".dockerignore").unwrap().text, "data/\n");
        let files = derive(&state).context.files;
        assert!(files.iter().any(|file| file.path == "requirements.txt" && file.has_text));
        assert!(files.iter().any(|file| file.path == DEFAULT_MODEL_PATH && !file.has_text));
    }

    #[test]
    fn problems_are_underlined_and_the_html_is_escaped() {
        let derived = derive(&state("FROM python:3.12-slim\nRUNN <script>alert(1)</script>\n"));
        assert!(derived.marks.marks.iter().any(|mark| mark.line == 2 && mark.severity == "error"));
        let marks = derived.marks.marks_lines.concat();
        assert!(marks.contains("squiggle-error"));
        assert!(!marks.contains("<script>"));
        assert!(!derived.text.highlighted_lines.concat().contains("<script>"));
        assert_eq!(derived.text.line_count, 3);
    }

    #[test]
    fn a_prediction_is_graded_by_the_engine_against_the_rebuild_the_panel_then_shows() {
        let mut state = state(presets::WELL_ORDERED);
        state.events.push("append requirements.txt lightgbm==4.3.0".into());
        for pending in ["edit src/serve.py", "append requirements.txt xgboost==3.2.0", "move-tag python:3.12-slim"] {
            let before = shared(&state);
            let mut after = state.clone();
            after.events.push(pending.into());
            let shown = cache(&shared(&after)).builds.last().unwrap().missed_lines();
            assert!(!shown.is_empty(), "{pending}");
            let right = grade_prediction(&before, pending, &shown).unwrap();
            assert!(right.correct, "{pending}: {right:?}");
            let first = *shown.first().unwrap();
            let wrong = grade_prediction(&before, pending, &shown[1..]).unwrap();
            assert_eq!((wrong.correct, wrong.missed.clone()), (false, vec![first]), "{pending}");
        }
        assert!(grade_prediction(&shared(&state), "explode now", &[]).is_err());
    }

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(bytes(440_000_000), "440 MB");
        assert_eq!(bytes(1_234_000_000), "1.2 GB");
        assert_eq!(seconds(200.0), "3 min 20 s");
        assert_eq!(seconds(f64::NAN), "0 s");
    }
}
