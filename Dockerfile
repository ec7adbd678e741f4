# syntax=docker/dockerfile:1
# ai-crosswalk: the API with the shipped graph baked in (docs/deploy.md). Build: docker build -t ai-crosswalk .
# Run: docker run -p 8000:8000 ai-crosswalk  (embedded store), or with CROSSWALK_STORE=http://oxigraph:7878/query
# (compose.yaml) for replicas over one shared store.

ARG PYTHON=python:3.11-slim-bookworm

FROM ${PYTHON} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# The pinned runtime dependencies first: this layer is reused while only the code or the graph change.
COPY requirements.lock ./
RUN python -m venv /opt/crosswalk && /opt/crosswalk/bin/pip install --quiet -r requirements.lock
# The wheel carries ontology/, data/, shapes/ and queries/ (app/_shipped): the graph is in the image.
COPY pyproject.toml README.md ./
COPY app ./app
COPY ontology ./ontology
COPY data ./data
COPY shapes ./shapes
COPY queries ./queries
# A plain (non-editable) install builds the wheel with hatchling; then a smoke load of the shipped graph.
RUN /opt/crosswalk/bin/pip install --quiet --no-deps . \
 && /opt/crosswalk/bin/python -I -c "from app.graph.loading import build_store; from app.core.resources import resource_root; \
assert '_shipped' in str(resource_root()); print(len(build_store(resource_root())), 'triples shipped')"

# The Oxigraph server compose.yaml runs next to the API (docker build --target oxigraph): the same release the
# test suite runs against (PyPI 'oxigraph', pinned in requirements-dev.lock), non-root, data in /data.
FROM ${PYTHON} AS oxigraph
ARG OXIGRAPH_VERSION=0.5.13
RUN pip install --no-cache-dir --disable-pip-version-check "oxigraph==${OXIGRAPH_VERSION}" \
 && useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin oxigraph \
 && mkdir /data && chown 10001:10001 /data
USER 10001:10001
VOLUME /data
EXPOSE 7878
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:7878/query?query=ASK%7B%7D', timeout=4)"]
ENTRYPOINT ["oxigraph"]
CMD ["serve", "--location", "/data", "--bind", "0.0.0.0:7878"]

# The API (the default target).
FROM ${PYTHON}
LABEL org.opencontainers.image.title="ai-crosswalk" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /opt/crosswalk /opt/crosswalk
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin crosswalk
USER 10001:10001
ENV PATH=/opt/crosswalk/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CROSSWALK_HOST=0.0.0.0 \
    CROSSWALK_PORT=8000
EXPOSE 8000
# /health answers 200 once the graph is loaded and the store answers (readiness); see docs/deploy.md.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request as u; u.urlopen(f\"http://127.0.0.1:{os.environ.get('CROSSWALK_PORT', '8000')}/health\", timeout=4)"]
ENTRYPOINT ["crosswalk"]
CMD ["serve", "--no-access-log"]
