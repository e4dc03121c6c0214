//! What the playground's engine side recomputes after a keystroke, for the 300-line file its keystroke
//! measurements type into (`dockerfile300Lines()` in tests/e2e/support.mjs: ENV, `RUN pip install` and
//! `COPY src/` lines in turn) over the default ML project: the analysis, the size estimate (Layers and Model
//! strategies panels) and the first build of a history (Build cache panel). Figures are printed, not asserted.
//!
//! Run: `cargo bench -p dockerlab-engine --bench keystroke`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use dockerlab_engine::cache::{History, World};
use dockerlab_engine::size::{estimate, SizeOptions};

/// The same lines as `dockerfile300Lines()` in tests/e2e/support.mjs.
fn playground_300_lines() -> String {
    let mut lines: Vec<String> =
        ["FROM python:3.12-slim AS base", "WORKDIR /app", "COPY requirements.txt ."].map(String::from).to_vec();
    while lines.len() < 297 {
        let n = lines.len();
        lines.push(match n % 3 {
            0 => format!("RUN pip install --no-cache-dir numpy==1.26.{}", n % 5),
            1 => format!("ENV STEP_{n}={n}"),
            _ => format!("COPY src/ /app/src{n}/"),
        });
    }
    lines.extend(
        ["COPY models/model.safetensors models/", "USER 1000", "CMD [\"python\", \"src/serve.py\"]"].map(String::from),
    );
    lines.join("\n") + "\n"
}

fn keystroke(c: &mut Criterion) {
    let world = World::with_default_project(&playground_300_lines());
    let analysis = world.analyze();
    assert_eq!(analysis.lowered.instructions.len(), 300, "the benchmark file should be the playground's");
    let options = SizeOptions { dockerfile_path: world.dockerfile_path.clone(), ..SizeOptions::default() };
    let mut group = c.benchmark_group("keystroke_300_lines");
    group.bench_function("analyze", |b| b.iter(|| world.analyze()));
    group
        .bench_function("size_estimate", |b| b.iter(|| estimate(black_box(&analysis), Some(&world.context), &options)));
    group.bench_function("first_build", |b| {
        b.iter(|| {
            let mut history = History::new(world.clone());
            history.build().total_seconds
        })
    });
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
