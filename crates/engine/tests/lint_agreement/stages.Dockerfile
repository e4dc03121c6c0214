FROM nvidia/cuda AS build
COPY requirements.txt reqs/
RUN pip3 install -r reqs/requirements.txt
RUN make
FROM --platform=$TARGETPLATFORM pytorch/pytorch:latest AS scratch
FROM ubuntu:22.04 AS build
RUN apt-get update && apt-get install --no-install-recommends -y python3=3.10.6-1 \
    && rm -rf /var/lib/apt/lists/*
RUN set -o pipefail && wget -qO- https://example.com/x | sh
ENTRYPOINT python3 app.py
FROM build
ENV PIP_NO_CACHE_DIR=1
RUN pip install numpy==1.26.4
USER 0
