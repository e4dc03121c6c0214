# hadolint global ignore=DL3059
FROM python:3.12-slim
WORKDIR /app
# hadolint ignore=DL3013,DL3042
RUN pip install torch
RUN echo a
RUN echo b
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
CMD ["python", "serve.py"]
