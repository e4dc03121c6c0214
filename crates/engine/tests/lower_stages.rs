//! The stage graph: named and numbered stages, `FROM stage`, `COPY --from`, `RUN --mount from=`, inheritance of
//! ARG and ENV between stages, reachability from the target, and the errors for bad references.

use dockerlab_engine::instructions::{DependencyKind, StageBase};
use dockerlab_engine::{analyze, Analysis, AnalyzeOptions};

fn run(text: &str) -> Analysis {
    analyze(text, &AnalyzeOptions::default())
}

fn error_codes(analysis: &Analysis) -> Vec<&'static str> {
    analysis.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code).collect()
}

const MULTI_STAGE: &str = "\
ARG PY=3.12
FROM python:${PY}-slim AS base
ENV APP=/app
ARG MODE=prod

FROM base AS deps
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt

FROM node:20 AS frontend
RUN npm ci

FROM scratch AS unused

FROM base
COPY --from=deps /usr/local /usr/local
COPY --from=2 /dist /app/static
COPY --from=nginx:latest /etc/nginx/nginx.conf /etc/nginx/
RUN --mount=from=frontend,target=/src,source=/dist ls /src
";

#[test]
fn stages_bases_and_edges() {
    let analysis = run(MULTI_STAGE);
    assert!(analysis.diagnostics.is_empty(), "{:#?}", analysis.diagnostics);
    let stages = &analysis.lowered.stages;
    let names: Vec<Option<&str>> = stages.iter().map(|stage| stage.name.as_deref()).collect();
    assert_eq!(names, vec![Some("base"), Some("deps"), Some("frontend"), Some("unused"), None]);
    assert_eq!(stages[0].base, StageBase::Image("python:3.12-slim".into()));
    assert_eq!(stages[1].base, StageBase::Stage(0));
    assert_eq!(stages[3].base, StageBase::Scratch);
    let edges: Vec<(usize, DependencyKind)> = stages[4].dependencies.iter().map(|d| (d.stage, d.kind)).collect();
    assert_eq!(
        edges,
        vec![
            (0, DependencyKind::From),
            (1, DependencyKind::CopyFrom),
            (2, DependencyKind::CopyFrom),
            (2, DependencyKind::MountFrom),
        ]
    );
    assert_eq!(stages[4].external_sources[0].image, "nginx:latest");
    let reachable: Vec<bool> = stages.iter().map(|stage| stage.reachable).collect();
    assert_eq!(reachable, vec![true, true, true, false, true]);
    assert_eq!(analysis.lowered.target_stage, Some(4));
    // Instructions are grouped by stage and know their stage.
    assert_eq!(stages[1].instructions.len(), 1);
    assert_eq!(analysis.lowered.instructions[0].stage, None);
    assert_eq!(analysis.lowered.instructions[stages[1].instructions[0]].stage, Some(1));
}

#[test]
fn child_stage_inherits_env_and_args() {
    let analysis = run(MULTI_STAGE);
    let stages = &analysis.lowered.stages;
    assert_eq!(stages[1].env, vec![("APP".into(), "/app".into())]);
    assert_eq!(stages[1].args, vec![("MODE".into(), Some("prod".into()))]);
    assert!(stages[2].env.is_empty(), "an unrelated stage inherits nothing");
}

#[test]
fn target_option_limits_reachability() {
    let options = AnalyzeOptions { target: Some("deps".into()), ..AnalyzeOptions::default() };
    let analysis = analyze(MULTI_STAGE, &options);
    let reachable: Vec<bool> = analysis.lowered.stages.iter().map(|stage| stage.reachable).collect();
    assert_eq!(reachable, vec![true, true, false, false, false]);
    let missing = analyze(MULTI_STAGE, &AnalyzeOptions { target: Some("dep".into()), ..AnalyzeOptions::default() });
    let error = missing.diagnostics.iter().find(|d| d.code == "unknown-target").unwrap();
    assert_eq!(error.hint.as_deref(), Some("did you mean deps?"));
}

#[test]
fn bad_stage_references() {
    let cases = [
        ("FROM a AS one\nCOPY --from=one /x /y", vec!["stage-used-before-definition"]),
        ("FROM a\nCOPY --from=0 /x /y", vec!["stage-used-before-definition"]),
        ("FROM a\nCOPY --from=5 /x /y", vec!["stage-used-before-definition"]),
        ("FROM a\nCOPY --from=later /x /y\nFROM b AS later", vec!["stage-used-before-definition"]),
        ("FROM later\nFROM b AS later", vec!["stage-used-before-definition"]),
        ("FROM a\nRUN --mount=from=later,target=/x true\nFROM b AS later", vec!["stage-used-before-definition"]),
        ("FROM a AS x\nFROM b\nARG S=x\nCOPY --from=$S /x /y", vec!["from-variable"]),
        ("FROM a AS x\nFROM b\nCOPY --from=${S} /x /y", vec!["from-variable"]),
    ];
    for (text, expected) in cases {
        assert_eq!(error_codes(&run(text)), expected, "input: {text:?}");
    }
}

#[test]
fn stage_lookup_is_case_insensitive() {
    let analysis = run("FROM a AS Builder\nFROM b\nCOPY --from=BUILDER /x /y");
    assert!(analysis.diagnostics.is_empty(), "{:#?}", analysis.diagnostics);
    assert_eq!(analysis.lowered.stages[1].dependencies[0].stage, 0);
}

#[test]
fn stage_spans_cover_their_instructions() {
    let analysis = run("FROM a AS one\nRUN x\nRUN y\nFROM b\n");
    let span = analysis.lowered.stages[0].span;
    assert_eq!((span.line, span.end_line), (1, 3));
}
