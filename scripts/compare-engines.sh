#!/usr/bin/env bash
# Times the engine of several revisions against each other in one process: analyses of the parse benchmark's
# 300-line ML Dockerfile, in batches of 50 per engine, taking turns in a rotating order. On a shared machine the
# speed of the host drifts by a third within minutes, which swamps a change of a few percent between two
# separate benchmark runs; taking turns gives every engine the same share of fast and slow moments, so the
# ratios of the medians hold even when the absolute figures do not.
#
# Usage: scripts/compare-engines.sh [--rounds N] REV [REV...]
#   REV is a git revision, or `.` for the working tree. The first is the one the others are compared with.
#   Example: scripts/compare-engines.sh --rounds 300 HEAD~3 .
#
# Each engine is exported to a temporary folder and renamed so that all link into one program, built with the
# benchmark profile's settings (opt-level 3, fat LTO, one codegen unit, panic=abort). Nothing is written to the
# repository.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

rounds=200
if [[ "${1:-}" == "--rounds" ]]; then
    rounds=$2
    shift 2
fi
if [[ $# -lt 1 ]]; then
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
fi
corpus="$root/../shared/corpus/ml-dockerfiles"
[[ -d "$corpus" ]] || { echo "compare-engines: $corpus is missing" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/compare-engines.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/harness/src"

dependencies=""
engines=""
index=0
for rev in "$@"; do
    dir="$work/engine-$index"
    mkdir -p "$dir"
    if [[ "$rev" == "." ]]; then
        git ls-files -z crates/engine | grep -zv '^crates/engine/fuzz/' | xargs -0 tar -cf - | tar -xf - -C "$dir"
    else
        git archive "$rev" crates/engine | tar -xf - -C "$dir"
    fi
    manifest="$dir/crates/engine/Cargo.toml"
    # A stand-alone package of its own name: no workspace inheritance, no benchmarks or test-only dependencies.
    sed -i \
        -e "s/^name = \"dockerlab-engine\"/name = \"engine-$index\"/" \
        -e '/^rust-version/d' -e '/^license.workspace/d' -e '/^publish.workspace/d' \
        -e 's/^version.workspace = true/version = "0.1.0"/' \
        -e 's/^edition.workspace = true/edition = "2021"/' \
        -e 's/^serde.workspace = true/serde = { version = "1", features = ["derive"] }/' \
        -e 's/^serde_json.workspace = true/serde_json = "1"/' \
        -e '/^\[dev-dependencies\]/,$d' \
        "$manifest"
    dependencies+="e$index = { package = \"engine-$index\", path = \"$dir/crates/engine\" }"$'\n'
    label=$rev
    [[ "$rev" == "." ]] || label="$rev ($(git rev-parse --short "$rev"))"
    engines+="e$index => \"$label\", "
    index=$((index + 1))
done

cat > "$work/harness/Cargo.toml" <<EOF
[package]
name = "compare-engines"
version = "0.1.0"
edition = "2021"

[dependencies]
$dependencies
[profile.release]
opt-level = 3
lto = true
codegen-units = 1
panic = "abort"
EOF

cat > "$work/harness/src/main.rs" <<EOF
use std::hint::black_box;
use std::time::Instant;

macro_rules! engines {
    (\$(\$engine:ident => \$label:expr),* \$(,)?) => {
        const LABELS: &[&str] = &[\$(\$label),*];
        fn run(which: usize, text: &str, batch: usize) {
            let mut index = 0;
            \$(
                if which == index {
                    let options = \$engine::AnalyzeOptions::default();
                    for _ in 0..batch {
                        drop(black_box(\$engine::analyze(black_box(text), &options)));
                    }
                    return;
                }
                index += 1;
            )*
            let _ = index;
        }
    };
}
engines!($engines);

fn main() {
    let corpus = std::path::Path::new("$corpus");
    let read = |name: &str| std::fs::read_to_string(corpus.join(name)).expect("corpus file");
    // The parse benchmark's file: the longest ML Dockerfile of the corpus, padded to 300 lines with the second.
    let main = read("huggingface__text-generation-inference__Dockerfile");
    let filler = read("microsoft__DeepSpeed__docker__Dockerfile");
    let lines: Vec<&str> = main.lines().chain(filler.lines().cycle()).take(300).collect();
    let text = lines.join("\n") + "\n";
    let rounds: usize = $rounds;
    let batch = 50;
    let count = LABELS.len();
    for which in 0..count {
        run(which, &text, batch);
    }
    let mut times = vec![Vec::with_capacity(rounds); count];
    for round in 0..rounds {
        for turn in 0..count {
            let which = (turn + round) % count;
            let start = Instant::now();
            run(which, &text, batch);
            times[which].push(start.elapsed().as_secs_f64() * 1e6 / batch as f64);
        }
    }
    println!("{rounds} rounds of {batch} analyses per engine; µs per analysis of the 300-line benchmark file");
    let mut first = 0.0;
    for (which, samples) in times.iter_mut().enumerate() {
        samples.sort_by(f64::total_cmp);
        let at = |fraction: f64| samples[((samples.len() - 1) as f64 * fraction) as usize];
        let median = at(0.5);
        if which == 0 {
            first = median;
        }
        println!(
            "{:40} min {:6.1}  p10 {:6.1}  p25 {:6.1}  median {:6.1}  median/first {:.3}",
            LABELS[which], at(0.0), at(0.1), at(0.25), median, median / first
        );
    }
}
EOF

echo "compare-engines: building $index engines (a few minutes)" >&2
cargo build --quiet --release --manifest-path "$work/harness/Cargo.toml" --target-dir "$root/target/compare-engines"
"$root/target/compare-engines/release/compare-engines"
