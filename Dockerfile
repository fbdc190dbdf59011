# The Collab Explorer app. `docker compose up` runs it beside Neo4j (docker-compose.yml); run
# alone, with no NEO4J_URI, it starts its embedded FalkorDB under /data.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# Only what the distribution packages, so edits to tests or docs do not rebuild this layer.
COPY pyproject.toml README.md ./
COPY app ./app
COPY cypher ./cypher
COPY loaders ./loaders
COPY web ./web
# A regular (not editable) install: the image runs from site-packages, not from /src.
RUN pip install . \
    && useradd --create-home --uid 10001 --user-group collab \
    && mkdir /data && chown collab:collab /data

USER collab
WORKDIR /home/collab
# Listen beyond loopback so the published port reaches the app; /data holds the embedded engine's files.
ENV COLLAB_HOST=0.0.0.0 \
    COLLAB_PORT=8000 \
    COLLAB_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000

# Loads the bundled demo graph when the graph is empty, applies the schema, then serves.
CMD ["collab", "demo"]
