//! What moves an image's size, one case at a time: each expectation comes from a data file's measured or
//! published figure, never from the estimator's own arithmetic.

use dockerlab_engine::context::{BuildContext, ContextFile};
use dockerlab_engine::size::{estimate, table_errors, SizeOptions, SizeReport};
use dockerlab_engine::{analyze, AnalyzeOptions};
use serde_json::Value;

const PIP: &str = include_str!("../data/pip-packages.json");
const APT: &str = include_str!("../data/apt-packages.json");
const IMAGES: &str = include_str!("../data/base-images.json");
const ASSUMPTIONS: &str = include_str!("../data/size-assumptions.json");

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn size(text: &str) -> SizeReport {
    size_with(text, None, &SizeOptions::default())
}

fn size_with(text: &str, context: Option<&BuildContext>, options: &SizeOptions) -> SizeReport {
    estimate(&analyze(text, &AnalyzeOptions::default()), context, options)
}

fn image_bytes(reference: &str) -> u64 {
    let images = json(IMAGES);
    let image = images["images"].as_array().unwrap().iter().find(|i| i["reference"] == reference).unwrap();
    image["uncompressed_bytes"].as_u64().unwrap()
}

fn pip_installed(name: &str) -> u64 {
    json(PIP)["packages"][name]["installed_bytes"].as_u64().unwrap()
}

fn apt_lists() -> u64 {
    json(APT)["apt_lists"]["bytes"].as_u64().unwrap()
}

#[test]
fn the_tables_parse() {
    assert!(table_errors().is_empty(), "{:?}", table_errors());
}

#[test]
fn every_assumption_the_estimator_names_is_in_the_table() {
    let table = json(ASSUMPTIONS);
    for key in [
        "unknown_base_image",
        "pip_unknown_package",
        "pip_requirements_unknown",
        "pip_local_project",
        "pip_source_build_musl",
        "apt_unknown_package",
        "apk_package",
        "conda_environment",
        "conda_package_factor",
        "download",
        "git_clone",
        "run_unrecognised",
        "copy_without_context",
        "copy_from_unknown",
        "python_version",
        "ubuntu_apt_proxy",
    ] {
        assert!(table["assumptions"][key]["why"].is_string(), "{key} is missing");
    }
}

#[test]
fn the_base_image_is_the_published_figure_and_tags_alias() {
    let expected = image_bytes("python:3.11-slim-bookworm");
    for reference in ["python:3.11-slim", "docker.io/library/python:3.11-slim-bookworm", "python:3.11.9-slim"] {
        assert_eq!(size(&format!("FROM {reference}\n")).total_bytes, expected, "{reference}");
    }
    assert_eq!(size("FROM ubuntu\n").total_bytes, image_bytes("ubuntu:24.04"));
    assert_eq!(size("FROM scratch\n").total_bytes, 0);
}

#[test]
fn an_unknown_base_image_is_named_and_can_be_overridden() {
    let report = size("FROM example.com/team/base:1\n");
    let unknown = &report.unknowns[0];
    assert_eq!(unknown.key, "image:example.com/team/base:1");
    assert_eq!(report.total_bytes, json(ASSUMPTIONS)["assumptions"]["unknown_base_image"]["bytes"].as_u64().unwrap());
    let options = SizeOptions { assume: [(unknown.key.clone(), 1234)].into(), ..Default::default() };
    let report = size_with("FROM example.com/team/base:1\n", None, &options);
    assert_eq!(report.total_bytes, 1234);
    assert!(report.unknowns[0].overridden);
}

#[test]
fn apt_lists_count_unless_removed_in_the_same_run() {
    let kept =
        size("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libgomp1\n");
    let cleaned = size(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*\n",
    );
    assert_eq!(kept.layers[1].bytes - cleaned.layers[1].bytes, apt_lists());
    let later = size(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libgomp1\nRUN rm -rf /var/lib/apt/lists/*\n",
    );
    assert_eq!(later.wasted_bytes, apt_lists(), "removed one layer later, the lists stay in the image");
    assert_eq!(later.total_bytes, kept.total_bytes);
}

#[test]
fn apt_counts_what_the_base_lacks_per_debian_metadata() {
    let apt = json(APT);
    let libgomp = apt["packages"]["libgomp1"]["installed_kib"].as_u64().unwrap() * 1024;
    let report = size("FROM python:3.11-slim\nRUN apt-get install -y --no-install-recommends libgomp1\n");
    assert_eq!(report.layers[1].bytes, libgomp, "libgcc-s1 and libc6 are already in the slim image");
    // The full image is buildpack-deps: compilers are there already, so build-essential adds next to nothing.
    let slim = size("FROM python:3.11-slim\nRUN apt-get install -y build-essential\n");
    let full = size("FROM python:3.11\nRUN apt-get install -y build-essential\n");
    assert!(slim.layers[1].bytes > 100_000_000, "{}", slim.layers[1].bytes);
    assert!(full.layers[1].bytes < slim.layers[1].bytes / 10, "{}", full.layers[1].bytes);
    let recommends = size("FROM debian:bookworm-slim\nRUN apt-get install -y git\n");
    let no_recommends = size("FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends git\n");
    assert!(recommends.layers[1].bytes > no_recommends.layers[1].bytes);
}

#[test]
fn pip_cache_counts_without_no_cache_dir_or_a_cache_mount() {
    let wheel = json(PIP)["packages"]["numpy"]["wheel_bytes"].as_u64().unwrap();
    let plain = size("FROM python:3.11-slim\nRUN pip install numpy\n");
    let no_cache = size("FROM python:3.11-slim\nRUN pip install --no-cache-dir numpy\n");
    let env = size("FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install numpy\n");
    let mount = size("FROM python:3.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install numpy\n");
    assert_eq!(no_cache.layers[1].bytes, pip_installed("numpy"));
    assert_eq!(plain.layers[1].bytes, pip_installed("numpy") + wheel);
    assert_eq!(env.layers[1].bytes, no_cache.layers[1].bytes);
    assert_eq!(mount.layers[1].bytes, no_cache.layers[1].bytes);
}

#[test]
fn packages_already_installed_are_not_counted_twice() {
    let report =
        size("FROM python:3.11-slim\nRUN pip install --no-cache-dir numpy\nRUN pip install --no-cache-dir numpy\n");
    assert_eq!(report.layers[2].bytes, 0);
}

#[test]
fn only_the_final_stage_counts() {
    let report = size(
        "FROM python:3.11 AS build\nRUN pip install --no-cache-dir torch\nFROM python:3.11-slim\nCOPY --from=build /etc/hostname /x\n",
    );
    assert!(report.total_bytes < image_bytes("python:3.11-slim-bookworm") + 200_000_000);
    assert!(report.layers.iter().all(|l| l.stage == 1));
}

#[test]
fn copy_from_a_builder_carries_what_it_installed() {
    let report = size(
        "FROM python:3.11 AS build\nRUN pip install --no-cache-dir --prefix=/install numpy\n\
         FROM python:3.11-slim\nCOPY --from=build /install /usr/local\n",
    );
    assert_eq!(report.layers[1].bytes, pip_installed("numpy"));
}

#[test]
fn chown_r_in_a_later_layer_doubles_the_files() {
    let context = BuildContext::from_files([ContextFile::sized("model.bin", 40_000_000, 1)]);
    let report = size_with(
        "FROM python:3.11-slim\nCOPY model.bin /app/model.bin\nRUN chown -R 1000 /app\n",
        Some(&context),
        &SizeOptions::default(),
    );
    assert_eq!(report.layers[1].bytes, 40_000_000);
    assert_eq!(report.layers[2].bytes, 40_000_000);
    assert_eq!(report.wasted_bytes, 40_000_000);
}

#[test]
fn copy_sizes_come_from_the_context_after_dockerignore() {
    let context = BuildContext::from_files([
        ContextFile::sized("data/train.csv", 900_000_000, 1),
        ContextFile::sized("app.py", 2_000, 1),
        ContextFile::text(".dockerignore", "data/\n"),
    ]);
    let report = size_with("FROM python:3.11-slim\nCOPY . /app\n", Some(&context), &SizeOptions::default());
    // data/ stays out; app.py and the .dockerignore file itself (which does not exclude itself) are copied.
    assert_eq!(report.layers[1].bytes, 2_000 + "data/\n".len() as u64);
}

#[test]
fn requirements_are_read_from_the_copied_file() {
    let context = BuildContext::from_files([ContextFile::text("requirements.txt", "numpy\n")]);
    let report = size_with(
        "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        Some(&context),
        &SizeOptions::default(),
    );
    assert_eq!(report.layers[2].bytes, pip_installed("numpy"));
    let missing = size("FROM python:3.11-slim\nRUN pip install -r requirements.txt\n");
    assert!(missing.unknowns.iter().any(|u| u.key == "pip-requirements:/requirements.txt"));
}

#[test]
fn an_unknown_pip_package_is_named_with_its_assumption() {
    let report = size("FROM python:3.11-slim\nRUN pip install --no-cache-dir surely-not-a-measured-package\n");
    let unknown = report.unknowns.iter().find(|u| u.key == "pip:surely-not-a-measured-package").unwrap();
    let assumed = json(ASSUMPTIONS)["assumptions"]["pip_unknown_package"]["bytes"].as_u64().unwrap();
    assert_eq!(unknown.assumed_bytes, assumed);
    assert_eq!(report.layers[1].bytes, assumed);
}

#[test]
fn torch_on_alpine_has_no_wheel_and_says_so() {
    let report = size("FROM python:3.11-alpine\nRUN pip install --no-cache-dir torch\n");
    let musl = report.unknowns.iter().find(|u| u.key.starts_with("musl:")).expect("a musl unknown");
    assert!(musl.message.contains("torch has no musl wheel"), "{}", musl.message);
}

#[test]
fn cpu_only_torch_is_an_estimate_and_much_smaller_than_the_cuda_build() {
    let cuda = size("FROM python:3.11-slim\nRUN pip install --no-cache-dir torch\n");
    let cpu = size(
        "FROM python:3.11-slim\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cpu\n",
    );
    assert!(cpu.layers[1].bytes * 3 < cuda.layers[1].bytes);
    assert!(cpu.unknowns.iter().any(|u| u.key.starts_with("pip-index:")));
}

#[test]
fn hostile_input_never_panics() {
    for text in [
        "",
        "FROM",
        "FROM $NOPE\nRUN pip install -r\n",
        "FROM python:3.11-slim\nRUN pip install 'unterminated\n",
        "FROM python:3.11-slim\nCOPY --from=nowhere / /\nRUN rm -rf /\n",
        "FROM a AS a\nFROM a\nRUN apt-get install\n",
        "FROM python:3.11-slim\nRUN bash -c \"bash -c \\\"bash -c 'bash -c x'\\\"\"\n",
    ] {
        let _ = size(text);
    }
}

#[test]
fn conda_is_an_unknown_with_its_assumption_and_its_cache_goes_with_conda_clean() {
    let kept = size("FROM continuumio/miniconda3\nRUN conda install -y numpy\n");
    let cleaned = size("FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean -afy\n");
    let unknown = kept.unknowns.iter().find(|u| u.key == "conda:L2").expect("conda is named as unknown");
    let factor = json(ASSUMPTIONS)["assumptions"]["conda_package_factor"]["factor"].as_f64().unwrap();
    assert_eq!(unknown.assumed_bytes, (pip_installed("numpy") as f64 * factor) as u64);
    assert_eq!(kept.layers[1].bytes, 2 * unknown.assumed_bytes, "packages plus pkgs/ cache");
    assert_eq!(cleaned.layers[1].bytes, unknown.assumed_bytes);
}

#[test]
fn pip_wheel_fills_a_folder_that_copy_from_carries() {
    let wheel = json(PIP)["packages"]["numpy"]["wheel_bytes"].as_u64().unwrap();
    let report = size(
        "FROM python:3.11 AS build\nRUN pip wheel --no-deps -w /wheels numpy\n\
         FROM python:3.11-slim\nCOPY --from=build /wheels /wheels\n",
    );
    assert_eq!(report.layers[1].bytes, wheel);
}

#[test]
fn a_command_the_estimator_does_not_model_is_named() {
    let report = size("FROM python:3.11-slim\nRUN make -j4 install\n");
    assert!(report.unknowns.iter().any(|u| u.key == "run:L2" && u.message.contains("make -j4 install")));
}
