//! The default ML project that lessons share: a small model-serving repository as people really leave it on disk.
//!
//! It has what makes a build slow or unsafe when nobody writes a `.dockerignore`: a multi-gigabyte raw dataset, a
//! trained model, a virtualenv with PyTorch in it, the `.git` folder, notebooks with checkpoints, experiment logs and
//! a `.env` with API tokens. Sizes are rounded, realistic figures for such a project (the model is the size of a
//! BERT-base checkpoint in safetensors format, about 440 MB); they are illustrations, not measurements.

use super::{BuildContext, ContextFile};

/// The trained model of the default project, the file lessons replace to show a model update.
pub const DEFAULT_MODEL_PATH: &str = "models/model.safetensors";

const KB: u64 = 1_000;
const MB: u64 = 1_000_000;

const REQUIREMENTS: &str = "\
torch==2.3.1
transformers==4.41.2
fastapi==0.111.0
uvicorn==0.30.1
numpy==1.26.4
pandas==2.2.2
scikit-learn==1.5.0
";

const DEV_REQUIREMENTS: &str = "\
-r requirements.txt
pytest==8.2.2
jupyterlab==4.2.2
black==24.4.2
";

const DOCKERFILE: &str = "\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD [\"python\", \"src/serve.py\"]
";

/// A fresh copy of the default project.
pub fn default_ml_project() -> BuildContext {
    let sized = |path: &str, size: u64| ContextFile::sized(path, size, 0);
    let mut files = vec![
        ContextFile::text("Dockerfile", DOCKERFILE),
        ContextFile::text("requirements.txt", REQUIREMENTS),
        ContextFile::text("requirements-dev.txt", DEV_REQUIREMENTS),
        ContextFile::text(".env", "HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxx\nWANDB_API_KEY=0123456789abcdef\n"),
        ContextFile::text(".env.example", "HF_TOKEN=\nWANDB_API_KEY=\n"),
        ContextFile::text(".gitignore", ".venv/\ndata/\nwandb/\n.env\n__pycache__/\n"),
        sized("README.md", 6 * KB),
        sized("pyproject.toml", 2 * KB),
        sized("src/__init__.py", 0),
        sized("src/train.py", 9 * KB),
        sized("src/serve.py", 5 * KB),
        sized("src/model.py", 7 * KB),
        sized("src/data.py", 4 * KB),
        sized("src/utils.py", 3 * KB),
        sized("src/__pycache__/model.cpython-312.pyc", 11 * KB),
        sized("src/__pycache__/utils.cpython-312.pyc", 4 * KB),
        sized("tests/test_model.py", 4 * KB),
        sized("tests/test_serve.py", 3 * KB),
        sized("configs/train.yaml", 2 * KB),
        sized("configs/gcp-credentials.json", 2 * KB),
        sized("scripts/download_data.sh", KB),
        sized("notebooks/exploration.ipynb", 2_400 * KB),
        sized("notebooks/error-analysis.ipynb", 1_100 * KB),
        sized("notebooks/.ipynb_checkpoints/exploration-checkpoint.ipynb", 2_300 * KB),
        sized("data/raw/train.csv", 1_200 * MB),
        sized("data/raw/test.csv", 300 * MB),
        sized("data/processed/features.parquet", 450 * MB),
        sized(DEFAULT_MODEL_PATH, 440 * MB),
        sized("models/config.json", KB),
        sized("models/tokenizer.json", 700 * KB),
        sized("checkpoints/epoch-3.ckpt", 1_300 * MB),
        sized("wandb/run-20240611_101500-3k9x/run-3k9x.wandb", 35 * MB),
        sized(".venv/pyvenv.cfg", 1),
        sized(".venv/bin/python", 1),
        sized(".venv/lib/python3.12/site-packages/torch/lib/libtorch_cpu.so", 480 * MB),
        sized(".venv/lib/python3.12/site-packages/torch/lib/libtorch_python.so", 30 * MB),
        sized(".venv/lib/python3.12/site-packages/numpy/core/_multiarray_umath.so", 10 * MB),
        sized(".venv/lib/python3.12/site-packages/transformers/modeling_utils.py", 250 * KB),
        sized(".git/HEAD", 1),
        sized(".git/config", 1),
        sized(".git/index", 30 * KB),
        sized(".git/objects/pack/pack-4f2a9c.pack", 85 * MB),
    ];
    // The executable bits that a real checkout has.
    for file in &mut files {
        if file.path.starts_with("scripts/") || file.path == ".venv/bin/python" {
            file.mode = 0o755;
        }
    }
    BuildContext::from_files(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_project_has_the_pieces_lessons_need() {
        let project = default_ml_project();
        for path in
            ["requirements.txt", DEFAULT_MODEL_PATH, ".env", ".git/HEAD", ".venv/bin/python", "tests/test_model.py"]
        {
            assert!(project.get(path).is_some(), "{path}");
        }
        assert!(project.total_size() > 4_000 * MB);
        assert!(project.get("requirements.txt").unwrap().text.as_deref().unwrap().contains("torch"));
    }
}
