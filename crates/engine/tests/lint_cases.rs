//! One-line "catches / does not catch" cases for every lint rule, in the style of hadolint's rule specs.
//!
//! Each row is `(code, expectation, Dockerfile)`. `C` means at least one finding with that code; `N` means none.
//! Rows in `CONTEXT_CASES` lint against the default ML project (optionally with a `.dockerignore`). The registry test
//! in `lint_registry.rs` checks that every rule has rows both ways.

use dockerlab_engine::context::{default_ml_project, BuildContext};
use dockerlab_engine::lint::{lint, LintOptions};

const C: bool = true;
const N: bool = false;

pub const CASES: &[(&str, bool, &str)] = &[
    ("ML001", C, "FROM python\n"),
    ("ML001", C, "FROM python:3.12 AS base\nFROM nvidia/cuda AS gpu\n"),
    ("ML001", C, "FROM localhost:5000/team/app\n"),
    ("ML001", N, "FROM python:3.12-slim\n"),
    ("ML001", N, "FROM python@sha256:abc\n"),
    ("ML001", N, "FROM scratch\n"),
    ("ML001", N, "FROM python:3.12 AS base\nFROM base\n"),
    ("ML001", N, "ARG IMAGE=python:3.12\nFROM $IMAGE\n"),
    ("ML002", C, "FROM python:latest\n"),
    ("ML002", N, "FROM python:latest@sha256:abc\n"),
    ("ML002", N, "FROM python:3.12\n"),
    ("ML003", C, "FROM python:3.12-slim\n"),
    ("ML003", N, "FROM python:3.12-slim@sha256:abc\n"),
    ("ML003", N, "FROM python:latest\n"),
    ("ML003", N, "FROM python:3.12 AS build\nFROM scratch\n"),
    ("ML004", C, "FROM python:3.12-alpine\nRUN pip install --no-cache-dir torch==2.3.1\n"),
    ("ML004", C, "FROM alpine:3.20\nRUN pip install --no-cache-dir -r requirements.txt\n"),
    ("ML004", N, "FROM alpine:3.20\nRUN apk add --no-cache curl\n"),
    ("ML004", N, "FROM python:3.12-slim\nRUN pip install --no-cache-dir torch==2.3.1\n"),
    ("ML005", C, "FROM python:3.12\n"),
    ("ML005", C, "FROM python:3.11-bookworm\n"),
    ("ML005", N, "FROM python:3.12-slim\n"),
    ("ML005", N, "FROM python:3.12 AS build\nFROM python:3.12-slim\n"),
    ("ML010", C, "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"),
    ("ML010", C, "FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir torch==2.3.1\n"),
    ("ML010", C, "FROM python:3.12-slim\nCOPY ./ /app/\nRUN apt-get install -y curl\n"),
    ("ML010", N, "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"),
    ("ML010", N, "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -e .\n"),
    ("ML010", N, "FROM python:3.12-slim AS a\nCOPY . .\nFROM python:3.12-slim\nRUN pip install --no-cache-dir x==1\n"),
    ("ML011", C, "FROM python:3.12-slim\nRUN pip install torch==2.3.1\n"),
    ("ML011", C, "FROM python:3.12-slim\nRUN python3 -m pip install -r requirements.txt\n"),
    ("ML011", C, "FROM python:3.12-slim\nRUN <<EOF\npip install x==1\nEOF\n"),
    ("ML011", C, "FROM python:3.12-slim\nRUN [\"pip\", \"install\", \"x==1\"]\n"),
    ("ML011", C, "FROM python:3.12-slim\nONBUILD RUN pip install x==1\n"),
    ("ML011", C, "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=false\nRUN pip install x==1\n"),
    ("ML011", C, "FROM python:3.12-slim\nRUN pip install --no-cache-dir x==1 && pip install y==1\n"),
    ("ML011", N, "FROM python:3.12-slim\nRUN pip install --no-cache-dir torch==2.3.1\n"),
    ("ML011", N, "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n"),
    ("ML011", N, "FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=yes\nFROM base\nRUN pip install x==1\n"),
    ("ML011", N, "FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 pip install x==1\n"),
    ("ML011", N, "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install x==1\n"),
    ("ML011", N, "FROM python:3.12-slim\nRUN pip download x==1 && pipx install y\n"),
    ("ML011", N, "FROM python:3.12-slim\nRUN echo \"pip install x\"\n"),
    ("ML012", C, "FROM python:3.12-slim\nRUN pip install --no-cache-dir transformers\n"),
    ("ML012", C, "FROM python:3.12-slim\nRUN pip install --no-cache-dir torch --index-url https://download.pytorch.org/whl/cpu\n"),
    ("ML012", C, "FROM python:3.12-slim\nRUN pip install --no-cache-dir \"torch[cuda]\"\n"),
    ("ML012", C, "FROM python:3.12-slim\nRUN pip install --no-cache-dir --upgrade pip\n"),
    ("ML012", N, "FROM python:3.12-slim\nRUN pip install --no-cache-dir torch==2.3.1 \"numpy>=1.26\" x~=1.0\n"),
    ("ML012", N, "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n"),
    ("ML012", N, "FROM python:3.12-slim\nRUN pip install --no-cache-dir -c constraints.txt torch\n"),
    ("ML012", N, "FROM python:3.12-slim\nRUN pip install --no-cache-dir ./pkg /tmp/a.whl git+https://h/x@v1 -e .\n"),
    ("ML013", C, "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"),
    ("ML013", N, "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"),
    ("ML013", N, "FROM debian:12\nRUN apt-get update\n"),
    ("ML014", C, "FROM debian:12\nRUN apt-get install -y curl\n"),
    ("ML014", C, "FROM debian:12\nRUN apt-get -qq install curl\n"),
    ("ML014", N, "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n"),
    ("ML014", N, "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n"),
    ("ML014", N, "FROM debian:12\nRUN apt-get update\n"),
    ("ML015", C, "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"),
    ("ML015", C, "FROM debian:12 AS b\nRUN apt-get update\nFROM b\n"),
    ("ML015", C, "FROM debian:12\nRUN apt-get update && apt-get install -y curl && apt-get clean\n"),
    ("ML015", N, "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"),
    ("ML015", N, "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n"),
    ("ML015", N, "FROM debian:12 AS b\nRUN apt-get update\nFROM debian:12\nCOPY --from=b /x /x\n"),
    ("ML016", C, "FROM debian:12\nRUN apt-get install curl\n"),
    ("ML016", C, "FROM debian:12\nRUN apt-get install -q curl\n"),
    ("ML016", N, "FROM debian:12\nRUN apt-get install -y curl && apt-get -qy install git && apt-get install --yes x\n"),
    ("ML016", N, "FROM debian:12\nRUN apt-get -qq install curl\n"),
    ("ML017", C, "FROM debian:12\nRUN apt install -y curl\n"),
    ("ML017", C, "FROM debian:12\nRUN apt update\n"),
    ("ML017", N, "FROM debian:12\nRUN apt-get update && apt-cache policy curl\n"),
    ("ML018", C, "FROM debian:12\nRUN mkdir /a\nRUN mkdir /b\n"),
    ("ML018", C, "FROM debian:12\nRUN mkdir /a\n# comment\nRUN mkdir /b\n"),
    ("ML018", N, "FROM debian:12\nRUN mkdir /a && chmod 700 /a\nRUN mkdir /b\n"),
    ("ML018", N, "FROM debian:12\nRUN mkdir /a\nENV X=1\nRUN mkdir /b\n"),
    ("ML018", N, "FROM debian:12\nRUN --mount=type=cache,target=/x mkdir /a\nRUN mkdir /b\n"),
    ("ML020", C, "FROM python:3.12-slim\nUSER root\n"),
    ("ML020", C, "FROM python:3.12-slim\nUSER app\nUSER 0:0\n"),
    ("ML020", C, "FROM python:3.12-slim AS b\nUSER root:root\nFROM b\nUSER app\n"),
    ("ML020", N, "FROM python:3.12-slim\nUSER root\nRUN useradd app\nUSER app\n"),
    ("ML020", N, "FROM python:3.12-slim\nUSER 1000\n"),
    ("ML020", N, "FROM python:3.12-slim\n"),
    ("ML021", C, "FROM python:3.12-slim\nCMD [\"python\"]\n"),
    ("ML021", C, "FROM python:3.12-slim AS build\nUSER app\nFROM python:3.12-slim\n"),
    ("ML021", N, "FROM python:3.12-slim\nUSER app\n"),
    ("ML021", N, "FROM python:3.12-slim AS base\nUSER app\nFROM base\n"),
    ("ML021", N, "FROM scratch\nCOPY app /app\n"),
    ("ML022", C, "FROM python:3.12-slim\nEXPOSE 8000\n"),
    ("ML022", C, "FROM python:3.12-slim\nCMD [\"uvicorn\", \"app:app\"]\n"),
    ("ML022", C, "FROM ghcr.io/huggingface/text-generation-inference:2.0\nENTRYPOINT [\"text-generation-launcher\"]\n"),
    ("ML022", N, "FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost:8000/\"]\n"),
    ("ML022", N, "FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK NONE\n"),
    ("ML022", N, "FROM python:3.12-slim\nCMD [\"python\", \"train.py\"]\n"),
    ("ML023", C, "FROM python:3.12-slim\nCMD python serve.py\n"),
    ("ML023", C, "FROM python:3.12-slim\nENTRYPOINT uvicorn app:app\n"),
    ("ML023", N, "FROM python:3.12-slim\nCMD [\"python\", \"serve.py\"]\n"),
    ("ML023", N, "FROM python:3.12-slim\nSHELL [\"/bin/bash\", \"-c\"]\nCMD python serve.py\n"),
    ("ML023", N, "FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"),
    ("ML030", C, "FROM python:3.12-slim\nARG HF_TOKEN\n"),
    ("ML030", C, "FROM python:3.12-slim\nENV WANDB_API_KEY=abc\n"),
    ("ML030", C, "FROM python:3.12-slim\nENV A=1 AWS_SECRET_ACCESS_KEY=x\n"),
    ("ML030", C, "FROM python:3.12-slim\nARG AUTH_HEADER\n"),
    ("ML030", N, "FROM python:3.12-slim\nENV TOKENIZERS_PARALLELISM=false\n"),
    ("ML030", N, "FROM python:3.12-slim\nARG GPG_KEY_FILE\nARG PUBLIC_KEY\nARG KEY_VERSION\n"),
    ("ML030", N, "FROM python:3.12-slim\nARG DB_USERNAME\n"),
    ("ML031", C, "FROM python:3.12-slim\nCOPY .env /app/\n"),
    ("ML031", C, "FROM python:3.12-slim\nCOPY configs/id_rsa /root/.ssh/\n"),
    ("ML031", N, "FROM python:3.12-slim\nCOPY .env.example /app/\n"),
    ("ML031", N, "FROM python:3.12-slim\nCOPY src/ /app/src/\n"),
    ("ML040", C, "FROM python:3.12-slim\nCOPY data/ /app/data/\n"),
    ("ML040", C, "FROM python:3.12-slim\nCOPY train.parquet labels.csv /app/\n"),
    ("ML040", N, "FROM python:3.12-slim\nCOPY src/ /app/src/\n"),
    ("ML040", N, "FROM python:3.12-slim AS b\nFROM python:3.12-slim\nCOPY --from=b /data /data\n"),
    ("ML041", C, "FROM python:3.12-slim\nCOPY models/ /app/models/\n"),
    ("ML041", C, "FROM python:3.12-slim\nCOPY model.safetensors /app/\n"),
    ("ML041", C, "FROM python:3.12-slim\nRUN huggingface-cli download bert-base-uncased\n"),
    ("ML041", C, "FROM python:3.12-slim\nRUN wget -q https://example.com/weights/model.pt\n"),
    ("ML041", N, "FROM python:3.12-slim\nCOPY src/model.py /app/\n"),
    ("ML041", N, "FROM python:3.12-slim\nRUN wget -q https://example.com/tool.tar.gz\n"),
    ("ML042", C, "FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends build-essential\n"),
    ("ML042", C, "FROM python:3.12-slim AS b\nFROM python:3.12-slim\nRUN apt-get install -y gcc g++\n"),
    ("ML042", N, "FROM python:3.12-slim AS build\nRUN apt-get install -y build-essential\nFROM python:3.12-slim\n"),
    ("ML042", N, "FROM python:3.12-slim\nRUN apt-get install -y gcc && pip install --no-cache-dir x==1 && apt-get purge -y gcc\n"),
    ("ML043", C, "FROM nvidia/cuda:12.1.0-devel-ubuntu22.04\n"),
    ("ML043", C, "FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-devel\n"),
    ("ML043", N, "FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\n"),
    ("ML043", N, "FROM nvidia/cuda:12.1.0-devel-ubuntu22.04 AS b\nFROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\n"),
    ("ML044", C, "FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\nRUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1\n"),
    ("ML044", C, "FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nRUN pip install --no-cache-dir tensorflow-cpu==2.16.1\n"),
    ("ML044", N, "FROM python:3.12-slim\nRUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1\n"),
    ("ML044", N, "FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\nRUN pip install --no-cache-dir torch==2.3.1\n"),
    ("ML045", C, "FROM python:3.12-slim\nRUN pip install --no-cache-dir onnxruntime-gpu==1.18.0\n"),
    ("ML045", C, "FROM python:3.12-slim\nRUN pip install --no-cache-dir torch==2.3.1 --index-url https://download.pytorch.org/whl/cu121\n"),
    ("ML045", N, "FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\nRUN pip install --no-cache-dir onnxruntime-gpu==1.18.0\n"),
    ("ML045", N, "FROM python:3.12-slim\nRUN pip install --no-cache-dir onnxruntime==1.18.0\n"),
    ("ML060", C, "FROM python:3.12-slim AS Builder\n"),
    ("ML060", N, "FROM python:3.12-slim AS builder\n"),
    ("ML061", C, "FROM python:3.12-slim as builder\n"),
    ("ML061", C, "from python:3.12-slim AS builder\n"),
    ("ML061", N, "FROM python:3.12-slim AS builder\n"),
    ("ML061", N, "From python:3.12-slim as builder\n"),
    ("ML062", C, "FROM python:3.12-slim\nRUN echo a \\\n\n  b\n"),
    ("ML062", N, "FROM python:3.12-slim\nRUN echo a \\\n  b\n"),
    ("ML063", C, "FROM python:3.12-slim\nrun echo a\nRUN echo b\n"),
    ("ML063", C, "from python:3.12-slim\nrun echo a\nRun echo b\n"),
    ("ML063", N, "from python:3.12-slim\nrun echo a\n"),
    ("ML063", N, "FROM python:3.12-slim\nRUN echo a\n"),
    ("ML064", C, "FROM python:3.12 AS build\nFROM python:3.12-slim AS build\n"),
    ("ML064", C, "FROM python:3.12 AS build\nFROM python:3.12-slim AS BUILD\n"),
    ("ML064", N, "FROM python:3.12 AS build\nFROM python:3.12-slim AS runtime\n"),
    ("ML065", C, "FROM python:3.12-slim AS scratch\n"),
    ("ML065", C, "FROM python:3.12-slim AS context\n"),
    ("ML065", N, "FROM python:3.12-slim AS base\n"),
    ("ML066", C, "FROM python:3.12-slim\nMAINTAINER me@example.com\n"),
    ("ML066", N, "FROM python:3.12-slim\nLABEL org.opencontainers.image.authors=me@example.com\n"),
    ("ML067", C, "FROM python:${PY_VERSION}-slim\n"),
    ("ML067", C, "ARG CUDA_VERSION=12.1.0\nFROM nvidia/cuda:${CUDA_VERISON}-runtime-ubuntu22.04\n"),
    ("ML067", N, "ARG CUDA_VERSION=12.1.0\nFROM nvidia/cuda:${CUDA_VERSION}-runtime-ubuntu22.04\n"),
    ("ML067", N, "FROM --platform=$BUILDPLATFORM python:3.12-slim\n"),
    ("ML068", C, "FROM python:3.12-slim\nWORKDIR app\n"),
    ("ML068", C, "FROM python:3.12-slim\nWORKDIR \"serve\"\n"),
    ("ML068", N, "FROM python:3.12-slim\nWORKDIR /app\nWORKDIR src\n"),
    ("ML068", N, "FROM python:3.12-slim AS base\nWORKDIR /app\nFROM base\nWORKDIR src\n"),
    ("ML068", N, "FROM python:3.12-slim\nWORKDIR $HOME\n"),
    ("ML069", C, "FROM python:3.12-slim\nENV PATH=/opt/venv/bin:$PAHT\n"),
    ("ML069", C, "FROM python:3.12-slim\nENV MODEL=$MODEL_DIR/bert\nARG MODEL_DIR=/models\n"),
    ("ML069", C, "FROM python:3.12-slim\nARG MODEL_DIR=/models\nWORKDIR $MODLE_DIR\n"),
    ("ML069", N, "FROM python:3.12-slim\nARG MODEL_DIR=/models\nWORKDIR $MODEL_DIR\n"),
    ("ML069", N, "FROM python:3.12-slim\nENV PATH=/opt/conda/bin:$PATH LD=$CUDA_HOME/lib\n"),
    ("ML069", N, "FROM python:3.12-slim\nARG TAG\nENV T=$TAG\n"),
    ("ML070", C, "FROM python:3.12-slim\nENV MODEL_DIR /models\n"),
    ("ML070", C, "FROM python:3.12-slim\nLABEL maintainer ml-team\n"),
    ("ML070", N, "FROM python:3.12-slim\nENV MODEL_DIR=/models\n"),
    ("ML071", C, "FROM --platform=$TARGETPLATFORM python:3.12-slim\n"),
    ("ML071", C, "FROM --platform=${TARGETPLATFORM} python:3.12-slim\n"),
    ("ML071", N, "FROM --platform=$BUILDPLATFORM python:3.12-slim\n"),
    ("ML072", C, "ARG TAG\nFROM python:${TAG}\n"),
    ("ML072", C, "ARG BASE\nFROM ${BASE}\n"),
    ("ML072", N, "ARG TAG=3.12-slim\nFROM python:${TAG}\n"),
    ("ML072", N, "FROM python:3.12-slim\n"),
    ("ML073", C, "FROM --platform=linux/amd64 python:3.12-slim\n"),
    ("ML073", N, "FROM --platform=linux/amd64 python:3.12-slim AS build-amd64\n"),
    ("ML073", N, "FROM --platform=$BUILDPLATFORM python:3.12-slim\n"),
    ("ML074", C, "FROM python:3.12-slim\nEXPOSE 8000/TCP\n"),
    ("ML074", N, "FROM python:3.12-slim\nEXPOSE 8000/tcp 8001\n"),
    ("ML075", C, "FROM python:3.12-slim\nEXPOSE 8000:8000\n"),
    ("ML075", C, "FROM python:3.12-slim\nEXPOSE 127.0.0.1:8000:8000\n"),
    ("ML075", N, "FROM python:3.12-slim\nEXPOSE 8000 8001/udp\n"),
    ("ML076", C, "FROM python:3.12-slim\nCMD [\"a\"]\nCMD [\"b\"]\n"),
    ("ML076", C, "FROM python:3.12-slim\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n"),
    ("ML076", N, "FROM python:3.12-slim\nCMD [\"a\"]\nFROM python:3.12-slim\nCMD [\"b\"]\n"),
    ("ML080", C, "FROM python:3.12-slim\nRUN cd /app && make\n"),
    ("ML080", C, "FROM python:3.12-slim\nRUN (cd /app && make)\n"),
    ("ML080", N, "FROM python:3.12-slim\nWORKDIR /app\nRUN make\n"),
    ("ML080", N, "FROM python:3.12-slim\nRUN echo cd /app\n"),
    ("ML081", C, "FROM python:3.12-slim\nADD src/ /app/src/\n"),
    ("ML081", C, "FROM python:3.12-slim\nADD model.zip /app/\n"),
    ("ML081", N, "FROM python:3.12-slim\nADD https://example.com/x.bin /app/\n"),
    ("ML081", N, "FROM python:3.12-slim\nADD vendor.tar.gz /opt/\n"),
    ("ML082", C, "FROM python:3.12-slim\nCOPY serve.py app/\n"),
    ("ML082", C, "FROM python:3.12-slim\nCOPY a b\nWORKDIR /app\n"),
    ("ML082", N, "FROM python:3.12-slim\nWORKDIR /app\nCOPY serve.py .\n"),
    ("ML082", N, "FROM python:3.12-slim AS base\nWORKDIR /app\nFROM base\nCOPY serve.py .\n"),
    ("ML082", N, "FROM python:3.12-slim\nCOPY serve.py /app/\nCOPY a $DEST\n"),
    ("ML083", C, "FROM python:3.12-slim\nRUN curl -fsSL https://x/m.tgz | tar -xz\n"),
    ("ML083", C, "FROM python:3.12-slim\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a | b\n"),
    ("ML083", N, "FROM python:3.12-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n"),
    ("ML083", N, "FROM python:3.12-slim\nRUN a || b\n"),
    ("ML083", N, "FROM python:3.12-slim\nRUN echo \"a | b\"\n"),
    ("ML083", N, "FROM python:3.12-slim\nRUN set -o pipefail && a | b\n"),
    ("ML083", C, "FROM python:3.12-slim\nRUN x=\"$(echo a | tr a b)\"\n"),
    ("ML012", C, "FROM python:3.12-slim\nRUN pip install --no-cache-dir git+https://github.com/org/repo\n"),
];

/// Rows linted against the default ML project; the fourth column is its `.dockerignore` (`None`: no such file).
pub const CONTEXT_CASES: &[(&str, bool, &str, Option<&str>)] = &[
    ("ML050", C, "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", None),
    ("ML050", N, "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", Some(".git\n")),
    ("ML050", N, "FROM python:3.12-slim\nCOPY src/ /app/src/\n", None),
    ("ML051", C, "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", Some(".git\n")),
    ("ML051", C, "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", Some(".git\ndata\n.venv\n*.ipynb\n")),
    (
        "ML051",
        N,
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        Some(".git\ndata\n.venv\n**/*.ipynb\n**/.ipynb_checkpoints\n.env\n"),
    ),
    ("ML051", N, "FROM python:3.12-slim\nCOPY src/ /app/src/\n", Some(".git\n")),
    ("ML052", C, "FROM python:3.12-slim\nCOPY data/raw/train.csv /app/\n", Some("data/\n")),
    ("ML052", C, "FROM python:3.12-slim\nCOPY models/model.safetensors /app/\n", Some("models\n")),
    (
        "ML052",
        N,
        "FROM python:3.12-slim\nCOPY models/model.safetensors /app/\n",
        Some("models\n!models/model.safetensors\n"),
    ),
    ("ML052", N, "FROM python:3.12-slim\nCOPY src/ /app/src/\n", Some("data/\n")),
    ("ML031", C, "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", Some(".git\n")),
    ("ML031", N, "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", Some(".env\nconfigs/gcp-credentials.json\n")),
    ("ML040", C, "FROM python:3.12-slim\nCOPY data/raw /app/data/\n", Some(".git\n")),
];

pub fn project(dockerignore: Option<&str>) -> BuildContext {
    let mut project = default_ml_project();
    if let Some(text) = dockerignore {
        project.set_text(".dockerignore", text);
    }
    project
}

fn codes(text: &str, context: Option<&BuildContext>) -> Vec<&'static str> {
    lint(text, &LintOptions::default(), context).into_iter().map(|finding| finding.code).collect()
}

#[test]
fn every_case_holds() {
    let mut failures = Vec::new();
    for &(code, expected, text) in CASES {
        let found = codes(text, None);
        if found.contains(&code) != expected {
            failures.push(format!(
                "{code} {} {text:?}: found {found:?}",
                if expected { "should catch" } else { "should not catch" }
            ));
        }
    }
    for &(code, expected, text, ignore) in CONTEXT_CASES {
        let context = project(ignore);
        let found = codes(text, Some(&context));
        if found.contains(&code) != expected {
            failures.push(format!(
                "{code} {} {text:?} with {ignore:?}: found {found:?}",
                if expected { "should catch" } else { "should not catch" }
            ));
        }
    }
    assert!(failures.is_empty(), "{} failing cases:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn context_rules_need_a_context() {
    assert!(!codes("FROM python:3.12-slim\nCOPY . .\n", None).contains(&"ML050"));
}

/// Lint never panics on mangled input, and every finding and fix points inside the text.
#[test]
fn mangled_corpus_files_lint_without_panics_and_spans_stay_inside() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/ml-dockerfiles");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .expect("corpus")
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().contains("Dockerfile"))
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .collect();
    texts.extend(CASES.iter().map(|(_, _, text)| text.to_string()));
    let context = project(Some(".git\n"));
    for text in &texts {
        let mut variants =
            vec![text.clone(), text.replace('\n', "\r\n"), text.replace('"', "'"), text.replace(" && ", " \\\n\n && ")];
        let step = (text.len() / 7).max(1);
        variants.extend(
            (0..text.len()).step_by(step).filter(|&at| text.is_char_boundary(at)).map(|at| text[..at].to_string()),
        );
        for variant in &variants {
            for finding in lint(variant, &LintOptions::default(), Some(&context)) {
                assert!(
                    finding.span.end_offset as usize <= variant.len() && finding.span.offset <= finding.span.end_offset
                );
                assert!(finding.span.line >= 1 && !finding.message.is_empty());
                for edit in finding.fix.iter().flat_map(|fix| &fix.edits) {
                    assert!(edit.start <= edit.end && edit.end <= variant.len());
                    assert!(variant.is_char_boundary(edit.start) && variant.is_char_boundary(edit.end));
                }
            }
        }
    }
}

/// Rules that state a cost take it from the data tables: the default project's requirements include torch.
#[test]
fn costs_come_from_the_tables_when_the_context_is_known() {
    let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n";
    let context = project(Some(".git\n"));
    let findings = lint(text, &LintOptions::default(), Some(&context));
    let order = findings.iter().find(|f| f.code == "ML010").expect("ML010");
    assert!(order.message.contains("torch") && order.message.contains(" GB "), "{}", order.message);
    let cache = findings.iter().find(|f| f.code == "ML011").expect("ML011");
    assert!(cache.message.contains(" GB of wheels"), "{}", cache.message);
    // Without the context the requirements are unknown, and no figure is invented.
    let bare = lint(text, &LintOptions::default(), None);
    let order = bare.iter().find(|f| f.code == "ML010").expect("ML010");
    assert!(!order.message.contains(" GB") && !order.message.contains(" MB"), "{}", order.message);
}
