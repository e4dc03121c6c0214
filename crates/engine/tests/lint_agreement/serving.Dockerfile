FROM python:3.12
ENV TOKENIZERS_PARALLELISM=false
ARG HF_TOKEN
WORKDIR app
RUN apt-get update
RUN apt-get install -y libgl1
RUN apt install -y curl
RUN pip install torch transformers==4.41.2
RUN pip install --no-cache-dir fastapi
RUN cd /app && python -m compileall .
RUN curl -fsSL https://example.com/model.tar.gz | tar -xz -C /models
ADD src/ /app/src/
COPY serve.py serve.py
MAINTAINER ml-team@example.com
USER root
EXPOSE 8000
CMD uvicorn serve:app --host 0.0.0.0
