//! Model-shipping strategies: bake the weights into the image, download them when the container starts, or mount
//! them from a volume, compared side by side for a learner's figures; and which strategy a Dockerfile uses.
//!
//! # The model
//!
//! Every figure is a plain formula over [`Inputs`] and the rates in `data/strategies.txt` and `data/timings.txt`
//! (megabytes are 10^6 bytes; `bw` is the download link in Mbit/s, `up` the upload link):
//!
//! | figure | bake | download at start-up | mount a volume |
//! |---|---|---|---|
//! | image (compressed) | `app + model` | `app` | `app` |
//! | pushed per model update | `model` (one new layer) | `model` (to the model store) | `model` (to the volume) |
//! | pulled per model update | `model × replicas` (each replica pulls the new layer) | `model × replicas` (each restart downloads) | `0` (replicas read the shared volume) |
//! | rebuild per model update | `model / copy_rate + copy_fixed + model × 8 / up` | `0` | `0` |
//! | cold start | pull `app + model`, extract, load from disk | pull `app`, download `model`, load from disk | pull `app`, load from the volume |
//! | weekly transfer | `pulled × updates + cold_starts × (app + model)` | `pulled × updates + cold_starts × (app + model)` | `cold_starts × app` |
//!
//! A pull takes `mb × 8 / bw + mb / extract_rate`; a download `mb × 8 / bw`; loading `mb / read_rate`. The model
//! assumes the model layer is the last one (so a model update reuses every layer below it) and that a cold start
//! lands on a node with nothing cached — the worst case, stated in the panel.

mod detect;

use std::sync::OnceLock;

use serde::Serialize;

use crate::cache::timings::{timings, Timings};

pub use detect::{detect, Detection};

const FIGURES: &str = include_str!("../../data/strategies.txt");

/// The strategy table, parsed once (same row format as `timings.txt`).
pub fn figures() -> &'static Timings {
    static PARSED: OnceLock<Timings> = OnceLock::new();
    PARSED.get_or_init(|| Timings::parse(FIGURES))
}

/// One way to get the weights into a running container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// `COPY` the weights into the image.
    Bake,
    /// Fetch the weights when the container starts (a URL or a model hub id in the environment).
    Download,
    /// Mount the weights from a volume at run time.
    Mount,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [Strategy::Bake, Strategy::Download, Strategy::Mount];

    pub fn title(self) -> &'static str {
        match self {
            Strategy::Bake => "Bake into the image",
            Strategy::Download => "Download at start-up",
            Strategy::Mount => "Mount a volume",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Strategy::Bake => "bake",
            Strategy::Download => "download",
            Strategy::Mount => "mount",
        }
    }
}

/// The learner's figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Inputs {
    pub model_mb: f64,
    /// Compressed size of the image without the model.
    pub app_image_mb: f64,
    pub updates_per_week: f64,
    pub replicas: f64,
    /// Download link in Mbit/s.
    pub bandwidth_mbit_s: f64,
    /// Containers a week that start on a node with nothing cached.
    pub cold_starts_per_week: f64,
}

impl Default for Inputs {
    fn default() -> Self {
        let data = figures();
        Inputs {
            model_mb: data.setting("default_model_mb"),
            app_image_mb: data.setting("app_image_mb"),
            updates_per_week: data.setting("default_updates_week"),
            replicas: data.setting("default_replicas"),
            bandwidth_mbit_s: timings().setting("download_mbit_s"),
            cold_starts_per_week: data.setting("default_cold_starts_week"),
        }
    }
}

/// How well a strategy does on a property that is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fit {
    Good,
    Partial,
    Poor,
}

impl Fit {
    pub fn name(self) -> &'static str {
        match self {
            Fit::Good => "good",
            Fit::Partial => "partial",
            Fit::Poor => "poor",
        }
    }
}

/// The figures of one strategy for one set of inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub strategy: Strategy,
    pub image_mb: f64,
    pub pushed_per_update_mb: f64,
    pub pulled_per_update_mb: f64,
    pub rebuild_seconds: f64,
    pub cold_start_seconds: f64,
    pub weekly_transfer_mb: f64,
    pub reproducibility: Fit,
    pub reproducibility_why: &'static str,
    pub air_gapped: Fit,
    pub air_gapped_why: &'static str,
}

fn clean(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value
    } else {
        0.0
    }
}

/// Compares the three strategies. Never fails: negative or non-finite inputs count as zero, and a zero bandwidth
/// gives zero transfer times rather than infinities (the panel says the link is missing).
pub fn compare(inputs: &Inputs) -> Vec<Outcome> {
    let t = timings();
    let data = figures();
    let model = clean(inputs.model_mb);
    let app = clean(inputs.app_image_mb);
    let replicas = clean(inputs.replicas);
    let updates = clean(inputs.updates_per_week);
    let cold = clean(inputs.cold_starts_per_week);
    let bandwidth = clean(inputs.bandwidth_mbit_s);
    let rate = |mb: f64, per_second: f64| if per_second > 0.0 { mb / per_second } else { 0.0 };
    let download = |mb: f64| rate(mb * 8.0, bandwidth);
    let pull = |mb: f64| download(mb) + rate(mb, t.setting("extract_mb_s"));
    let load_disk = rate(model, data.setting("disk_read_mb_s"));
    let load_volume = rate(model, data.setting("volume_read_mb_s"));
    let push = rate(model * 8.0, data.setting("upload_mbit_s"));
    let copy = rate(model, t.setting("copy_mb_s")) + t.setting("copy_fixed_s");

    Strategy::ALL
        .into_iter()
        .map(|strategy| match strategy {
            Strategy::Bake => Outcome {
                strategy,
                image_mb: app + model,
                pushed_per_update_mb: model,
                pulled_per_update_mb: model * replicas,
                rebuild_seconds: copy + push,
                cold_start_seconds: pull(app + model) + load_disk,
                weekly_transfer_mb: model * replicas * updates + cold * (app + model),
                reproducibility: Fit::Good,
                reproducibility_why: "the image digest pins code and weights together",
                air_gapped: Fit::Good,
                air_gapped_why: "one image to carry across; nothing is fetched at run time",
            },
            Strategy::Download => Outcome {
                strategy,
                image_mb: app,
                pushed_per_update_mb: model,
                pulled_per_update_mb: model * replicas,
                rebuild_seconds: 0.0,
                cold_start_seconds: pull(app) + download(model) + load_disk,
                weekly_transfer_mb: model * replicas * updates + cold * (app + model),
                reproducibility: Fit::Partial,
                reproducibility_why: "only if the URL names a fixed revision and the file's checksum is verified",
                air_gapped: Fit::Poor,
                air_gapped_why: "needs the model store reachable at every start",
            },
            Strategy::Mount => Outcome {
                strategy,
                image_mb: app,
                pushed_per_update_mb: model,
                pulled_per_update_mb: 0.0,
                rebuild_seconds: 0.0,
                cold_start_seconds: pull(app) + load_volume,
                weekly_transfer_mb: cold * app,
                reproducibility: Fit::Poor,
                reproducibility_why: "the image does not say which weights are on the volume",
                air_gapped: Fit::Partial,
                air_gapped_why: "works offline once someone provisions the volume by hand",
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(outcomes: &[Outcome], strategy: Strategy) -> &Outcome {
        outcomes.iter().find(|outcome| outcome.strategy == strategy).unwrap()
    }

    #[test]
    fn the_figures_table_reads_cleanly_and_has_every_setting() {
        assert!(figures().errors.is_empty(), "{:?}", figures().errors);
        for name in [
            "upload_mbit_s",
            "disk_read_mb_s",
            "volume_read_mb_s",
            "app_image_mb",
            "default_model_mb",
            "default_updates_week",
            "default_replicas",
            "default_cold_starts_week",
        ] {
            assert!(figures().setting(name) > 0.0, "{name}");
        }
        assert!(figures().rows.iter().all(|row| !row.source.is_empty() && !row.checked.is_empty()));
    }

    #[test]
    fn defaults_reuse_the_shared_bandwidth() {
        assert_eq!(Inputs::default().bandwidth_mbit_s, timings().setting("download_mbit_s"));
        assert_eq!(Inputs::default().model_mb, 440.0);
    }

    #[test]
    fn baking_grows_the_image_by_the_model_and_only_it_rebuilds() {
        let inputs = Inputs { model_mb: 1000.0, app_image_mb: 500.0, ..Inputs::default() };
        let outcomes = compare(&inputs);
        assert_eq!(outcome(&outcomes, Strategy::Bake).image_mb, 1500.0);
        assert_eq!(outcome(&outcomes, Strategy::Download).image_mb, 500.0);
        assert_eq!(outcome(&outcomes, Strategy::Mount).image_mb, 500.0);
        assert!(outcome(&outcomes, Strategy::Bake).rebuild_seconds > 0.0);
        assert_eq!(outcome(&outcomes, Strategy::Download).rebuild_seconds, 0.0);
    }

    #[test]
    fn pulls_per_update_scale_with_replicas_except_for_a_shared_volume() {
        let inputs = Inputs { model_mb: 100.0, replicas: 4.0, ..Inputs::default() };
        let outcomes = compare(&inputs);
        assert_eq!(outcome(&outcomes, Strategy::Bake).pulled_per_update_mb, 400.0);
        assert_eq!(outcome(&outcomes, Strategy::Download).pulled_per_update_mb, 400.0);
        assert_eq!(outcome(&outcomes, Strategy::Mount).pulled_per_update_mb, 0.0);
    }

    #[test]
    fn cold_start_follows_the_formulas() {
        let inputs = Inputs { model_mb: 800.0, app_image_mb: 200.0, bandwidth_mbit_s: 100.0, ..Inputs::default() };
        let outcomes = compare(&inputs);
        let extract = timings().setting("extract_mb_s");
        let disk = figures().setting("disk_read_mb_s");
        let expected = 1000.0 * 8.0 / 100.0 + 1000.0 / extract + 800.0 / disk;
        assert!((outcome(&outcomes, Strategy::Bake).cold_start_seconds - expected).abs() < 1e-9);
        let download = 200.0 * 8.0 / 100.0 + 200.0 / extract + 800.0 * 8.0 / 100.0 + 800.0 / disk;
        assert!((outcome(&outcomes, Strategy::Download).cold_start_seconds - download).abs() < 1e-9);
        // Mounting skips the download of the weights, so it starts fastest.
        assert!(outcome(&outcomes, Strategy::Mount).cold_start_seconds < expected);
    }

    #[test]
    fn hostile_inputs_give_finite_figures() {
        let inputs = Inputs {
            model_mb: f64::NAN,
            app_image_mb: -5.0,
            updates_per_week: f64::INFINITY,
            replicas: 0.0,
            bandwidth_mbit_s: 0.0,
            cold_starts_per_week: -1.0,
        };
        for outcome in compare(&inputs) {
            for value in [
                outcome.image_mb,
                outcome.pushed_per_update_mb,
                outcome.pulled_per_update_mb,
                outcome.rebuild_seconds,
                outcome.cold_start_seconds,
                outcome.weekly_transfer_mb,
            ] {
                assert!(value.is_finite() && value >= 0.0, "{outcome:?}");
            }
        }
    }

    #[test]
    fn only_baking_suits_an_air_gapped_site_fully_and_pins_the_weights() {
        let outcomes = compare(&Inputs::default());
        assert_eq!(outcome(&outcomes, Strategy::Bake).air_gapped, Fit::Good);
        assert_eq!(outcome(&outcomes, Strategy::Download).air_gapped, Fit::Poor);
        assert_eq!(outcome(&outcomes, Strategy::Bake).reproducibility, Fit::Good);
        assert_eq!(outcome(&outcomes, Strategy::Mount).reproducibility, Fit::Poor);
    }
}
