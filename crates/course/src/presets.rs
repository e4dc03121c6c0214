//! Preset projects: the small virtual ML projects that playground and predict blocks start from.
//!
//! A preset is a build context (the files a `docker build` would see) plus a starting Dockerfile. A block names
//! its preset with `preset: <id>` and may replace the Dockerfile with its own; events (`edit app/serve.py`)
//! must name files of the preset's context. Presets are compiled into the app, so adding one needs a rebuild;
//! a lesson that only needs another Dockerfile writes it inline in the block instead.

/// One file or folder of a preset's build context. Folders end with `/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextFile {
    pub path: &'static str,
    /// What the file is, in a few words, shown beside it.
    pub note: &'static str,
}

/// A virtual project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
    pub files: &'static [ContextFile],
    pub dockerfile: &'static str,
}

impl Preset {
    /// Whether `path` is one of the context's files or lies inside one of its folders.
    pub fn contains(&self, path: &str) -> bool {
        self.files.iter().any(|file| file.path == path || (file.path.ends_with('/') && path.starts_with(file.path)))
    }
}

const LGBM_API_FILES: &[ContextFile] = &[
    ContextFile { path: "requirements.txt", note: "pinned Python dependencies" },
    ContextFile { path: "app/serve.py", note: "the HTTP service: loads the model, answers /predict and /health" },
    ContextFile { path: "app/features.py", note: "feature code shared with training" },
    ContextFile { path: "models/model.txt", note: "the trained LightGBM model" },
    ContextFile { path: "tests/test_serve.py", note: "unit tests" },
    ContextFile { path: "notebooks/", note: "exploration notebooks" },
    ContextFile { path: "data/", note: "training data: parquet files" },
    ContextFile { path: ".venv/", note: "the local virtual environment" },
    ContextFile { path: ".git/", note: "the repository's history" },
    ContextFile { path: ".env", note: "local credentials" },
    ContextFile { path: ".dockerignore", note: "what the build context leaves out" },
];

const LGBM_API_DOCKERFILE: &str = r#"FROM python:3.12-slim

# LightGBM's wheel links against the GNU OpenMP runtime, which slim images leave out.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY app/ ./app/
COPY models/model.txt ./models/model.txt

RUN useradd --create-home --uid 10001 appuser
USER appuser

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]
CMD ["uvicorn", "app.serve:app", "--host", "0.0.0.0", "--port", "8000"]
"#;

const TORCH_TRAINING_FILES: &[ContextFile] = &[
    ContextFile { path: "requirements.txt", note: "pinned Python dependencies, torch included" },
    ContextFile { path: "train.py", note: "the training loop" },
    ContextFile { path: "configs/train.yaml", note: "hyper-parameters" },
    ContextFile { path: "src/", note: "model and data-loading code" },
    ContextFile { path: "data/", note: "the data set, mounted at run time rather than copied" },
    ContextFile { path: "checkpoints/", note: "weights written by earlier runs" },
    ContextFile { path: ".git/", note: "the repository's history" },
];

const TORCH_TRAINING_DOCKERFILE: &str = r#"FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04

RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /work
COPY requirements.txt .
RUN pip3 install --no-cache-dir -r requirements.txt

COPY src/ ./src/
COPY configs/ ./configs/
COPY train.py .

ENTRYPOINT ["python3", "train.py"]
CMD ["--config", "configs/train.yaml"]
"#;

/// Every preset, by id.
pub const PRESETS: &[Preset] = &[
    Preset { id: "lgbm-api", title: "LightGBM inference API", files: LGBM_API_FILES, dockerfile: LGBM_API_DOCKERFILE },
    Preset {
        id: "torch-training",
        title: "PyTorch training job on a GPU",
        files: TORCH_TRAINING_FILES,
        dockerfile: TORCH_TRAINING_DOCKERFILE,
    },
];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_dockerfile_parses_without_errors() {
        for preset in PRESETS {
            let analysis = dockerlab_engine::analyze(preset.dockerfile, &dockerlab_engine::AnalyzeOptions::default());
            let errors: Vec<_> = analysis.diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", preset.id);
        }
    }

    #[test]
    fn files_and_folders_are_found() {
        let preset = find("lgbm-api").unwrap();
        assert!(preset.contains("app/serve.py"));
        assert!(preset.contains("data/2024.parquet"));
        assert!(!preset.contains("app/other.py"));
        assert!(find("nope").is_none());
    }
}
