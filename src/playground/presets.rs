//! The editor's starting points: five Dockerfiles for the default ML project, each teaching one shape.

/// One preset Dockerfile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
    pub dockerfile: &'static str,
}

pub const WELL_ORDERED: &str = "\
# A well-ordered inference image: what changes least comes first.
FROM python:3.12-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY models/model.safetensors models/
COPY src/ src/
USER 1000
EXPOSE 8000
CMD [\"python\", \"src/serve.py\"]
";

pub const BAD_ORDER: &str = "\
FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD python src/serve.py
";

pub const MULTI_STAGE: &str = "\
# Build wheels in a full image, ship only what runs.
FROM python:3.12 AS builder
WORKDIR /build
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.12-slim
WORKDIR /app
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
COPY models/model.safetensors models/
COPY src/ src/
USER 1000
CMD [\"python\", \"src/serve.py\"]
";

pub const GPU_CUDA: &str = "\
# GPU inference: the CUDA runtime image, not the devel one.
ARG CUDA_VERSION=12.4.1
FROM nvidia/cuda:${CUDA_VERSION}-runtime-ubuntu22.04
RUN apt-get update \\
    && apt-get install -y --no-install-recommends python3 python3-pip \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip3 install --no-cache-dir -r requirements.txt
ENV MODEL_URL=https://huggingface.co/bert-base-uncased/resolve/main/model.safetensors
COPY src/ src/
CMD [\"python3\", \"src/serve.py\"]
";

pub const ALPINE: &str = "\
# Alpine is small, but musl means many ML wheels build from source.
FROM python:3.12-alpine
WORKDIR /app
RUN apk add --no-cache build-base
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
VOLUME /models
ENV MODEL_PATH=/models/model.safetensors
COPY src/ src/
CMD [\"python\", \"src/serve.py\"]
";

/// Every preset, the default first.
pub const PRESETS: [Preset; 5] = [
    Preset { id: "well-ordered", title: "Well-ordered inference", dockerfile: WELL_ORDERED },
    Preset { id: "bad-order", title: "Classic bad order", dockerfile: BAD_ORDER },
    Preset { id: "multi-stage", title: "Multi-stage", dockerfile: MULTI_STAGE },
    Preset { id: "gpu-cuda", title: "GPU / CUDA", dockerfile: GPU_CUDA },
    Preset { id: "alpine", title: "Alpine", dockerfile: ALPINE },
];

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}
