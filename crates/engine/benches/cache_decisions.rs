//! How long deciding a rebuild takes: a 300-line Dockerfile over a 10,000-file context (issue 4's target is under
//! 2 ms natively), with the steps that happen at different moments measured apart:
//! `decide_rebuild` runs on every keystroke once the context is prepared; `analyze_and_decide` adds parsing and
//! lowering of the Dockerfile; `prepare_context` applies `.dockerignore` and runs only when the context changes.

use std::sync::Arc;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use dockerlab_engine::cache::{decide, BuildInput, BuilderCache, Registry};
use dockerlab_engine::context::hash::hash_str;
use dockerlab_engine::context::{BuildContext, ContextFile, PreparedContext};
use dockerlab_engine::{analyze, AnalyzeOptions};

/// 10,000 files: code in 100 packages, tests, data, a virtualenv, `.git`, with a typical ML `.dockerignore`.
fn context() -> BuildContext {
    let mut files = Vec::with_capacity(10_001);
    for package in 0..100 {
        for module in 0..60 {
            files.push(ContextFile::sized(&format!("src/pkg{package:03}/module{module:02}.py"), 4_000, 0));
        }
    }
    for test in 0..1_000 {
        files.push(ContextFile::sized(&format!("tests/unit/test_{test:04}.py"), 2_000, 0));
    }
    for shard in 0..1_000 {
        files.push(ContextFile::sized(&format!("data/shards/shard-{shard:05}.parquet"), 50_000_000, 0));
    }
    for lib in 0..1_000 {
        files.push(ContextFile::sized(
            &format!(".venv/lib/python3.12/site-packages/lib{lib:04}/__init__.py"),
            10_000,
            0,
        ));
    }
    for object in 0..997 {
        files.push(ContextFile::sized(&format!(".git/objects/{:02x}/{object:038}", object % 256), 5_000, 0));
    }
    files.push(ContextFile::text("requirements.txt", "torch==2.3.1\nnumpy==1.26.4\nfastapi==0.111.0\n"));
    files.push(ContextFile::text("Dockerfile", "FROM python:3.12-slim\n"));
    files.push(ContextFile::text(
        ".dockerignore",
        "# typical ML ignores\n.git\n.venv\ndata/\n**/__pycache__\n**/*.pyc\n*.md\n.env\ncheckpoints/\nwandb/\n\
         **/*.ckpt\n*.safetensors\n!src/**/*.md\n",
    ));
    assert_eq!(files.len(), 10_000);
    BuildContext::from_files(files)
}

/// 300 lines in three stages: a builder, a test stage the target does not need, and the runtime.
fn dockerfile() -> String {
    let mut lines = vec![
        "ARG PYTHON=3.12".to_string(),
        "FROM python:${PYTHON}-slim AS builder".to_string(),
        "WORKDIR /build".to_string(),
        "COPY requirements.txt .".to_string(),
        "RUN --mount=type=cache,target=/root/.cache/pip pip wheel -r requirements.txt -w /wheels".to_string(),
    ];
    for index in 0..45 {
        lines.push(format!("ENV BUILD_STEP_{index}=value-{index}"));
        lines.push(format!("RUN echo building part {index} && mkdir -p /build/part{index}"));
        lines.push(format!("COPY src/pkg{:03}/ /build/src/pkg{:03}/", index, index));
    }
    lines.push("FROM builder AS test".to_string());
    for index in 0..20 {
        lines.push(format!("RUN pytest tests/unit/test_{index:04}.py"));
    }
    lines.push("FROM python:3.12-slim AS runtime".to_string());
    lines.push("WORKDIR /app".to_string());
    lines.push("COPY --from=builder /wheels /wheels".to_string());
    lines.push("RUN pip install /wheels/*".to_string());
    while lines.len() < 299 {
        let index = lines.len();
        lines.push(match index % 5 {
            0 => format!("COPY src/pkg{:03}/module{:02}.py /app/src/", index % 100, index % 60),
            1 => format!("RUN python -c 'print({index})'"),
            2 => format!("LABEL step{index}=yes"),
            3 => format!("ARG FLAG_{index}=off"),
            _ => format!("USER app{index}"),
        });
    }
    lines.push("COPY . /app".to_string());
    lines.join("\n") + "\n"
}

fn benchmarks(criterion: &mut Criterion) {
    let text = dockerfile();
    assert_eq!(text.lines().count(), 300);
    let options = AnalyzeOptions::default();
    let analysis = analyze(&text, &options);
    let registry = Registry::default();
    let mut context = context();
    let before = Arc::new(PreparedContext::new(&context, Some("Dockerfile")));
    assert!(before.len() > 6_000, "the ignore file keeps the code and tests: {}", before.len());
    let dockerfile_content = hash_str(&text);
    let mut cache = BuilderCache::new();
    let first = decide(
        &BuildInput {
            analysis: &analysis,
            context: &context,
            prepared: &before,
            registry: &registry,
            dockerfile_content,
            platform: "linux/amd64",
            no_cache: false,
            number: 1,
        },
        &cache,
    );
    cache.commit(first, before.clone());

    // The learner edits one module in the middle of the code: part of the builder and the final COPY rebuild.
    context.edit("src/pkg020/module07.py");
    let after = PreparedContext::new(&context, Some("Dockerfile"));
    let rebuild = BuildInput {
        analysis: &analysis,
        context: &context,
        prepared: &after,
        registry: &registry,
        dockerfile_content,
        platform: "linux/amd64",
        no_cache: false,
        number: 2,
    };
    let check = decide(&rebuild, &cache).report;
    let misses = check.rebuilt().count();
    assert!(misses > 10 && check.rebuilt().all(|step| step.line > 60), "{misses} misses");

    criterion.bench_function("decide_rebuild_300_lines_10k_files", |bench| {
        bench.iter(|| black_box(decide(black_box(&rebuild), &cache)))
    });
    criterion.bench_function("analyze_and_decide_300_lines_10k_files", |bench| {
        bench.iter(|| {
            let analysis = analyze(black_box(&text), &options);
            let input = BuildInput { analysis: &analysis, ..rebuild };
            black_box(decide(&input, &cache).report.total_seconds)
        })
    });
    criterion.bench_function("prepare_context_10k_files", |bench| {
        bench.iter(|| black_box(PreparedContext::new(black_box(&context), Some("Dockerfile")).len()))
    });
}

criterion_group!(cache, benchmarks);
criterion_main!(cache);
