//! Parsing and lowering speed: a real 300-line ML Dockerfile, and pathological inputs whose time must grow
//! linearly with their size (compare the per-element throughput criterion prints across the sizes).
//!
//! Run: `cargo bench -p dockerlab-engine --bench parse`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use dockerlab_engine::{analyze, AnalyzeOptions};

fn corpus_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/ml-dockerfiles").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The longest file of the ML corpus (Hugging Face's text-generation-inference: 16 stages, CUDA, Rust and
/// Python builds), cut or padded with the corpus's second-longest file to exactly 300 lines.
fn ml_dockerfile_300_lines() -> String {
    let main = corpus_file("huggingface__text-generation-inference__Dockerfile");
    let filler = corpus_file("microsoft__DeepSpeed__docker__Dockerfile");
    let lines: Vec<&str> = main.lines().chain(filler.lines().cycle()).take(300).collect();
    lines.join("\n") + "\n"
}

fn typical(c: &mut Criterion) {
    let text = ml_dockerfile_300_lines();
    let options = AnalyzeOptions::default();
    let analysis = analyze(&text, &options);
    assert!(analysis.lowered.instructions.len() > 100, "the benchmark file should be a real Dockerfile");
    let mut group = c.benchmark_group("parse_and_lower");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("ml_dockerfile_300_lines", |b| b.iter(|| analyze(black_box(&text), &options)));
    group.finish();
}

fn many_lines(lines: usize) -> String {
    let mut text = String::from("FROM python:3.12-slim\n");
    for i in 0..lines {
        text.push_str(&format!("RUN echo step {i} && pip install --no-cache-dir pkg{i}==1.0\n"));
    }
    text
}

fn long_line(bytes: usize) -> String {
    format!("FROM python:3.12-slim\nRUN echo {}\n", "a".repeat(bytes))
}

fn nested_substitutions(depth: usize) -> String {
    format!("FROM python:3.12-slim\nENV X={}x{}\n", "${A:-".repeat(depth), "}".repeat(depth))
}

fn pathological(c: &mut Criterion) {
    let options = AnalyzeOptions::default();
    let mut group = c.benchmark_group("pathological");
    group.sample_size(10);
    for lines in [25_000, 50_000, 100_000] {
        let text = many_lines(lines);
        group.throughput(Throughput::Elements(lines as u64));
        group.bench_with_input(BenchmarkId::new("lines", lines), &text, |b, text| b.iter(|| analyze(text, &options)));
    }
    for bytes in [256 << 10, 512 << 10, 1 << 20] {
        let text = long_line(bytes);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::new("one_line_bytes", bytes), &text, |b, text| {
            b.iter(|| analyze(text, &options))
        });
    }
    for depth in [2_500, 5_000, 10_000] {
        let text = nested_substitutions(depth);
        group.throughput(Throughput::Elements(depth as u64));
        group.bench_with_input(BenchmarkId::new("nested_substitutions", depth), &text, |b, text| {
            b.iter(|| analyze(text, &options))
        });
    }
    group.finish();
}

criterion_group!(benches, typical, pathological);
criterion_main!(benches);
