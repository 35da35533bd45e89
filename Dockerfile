# Production image: `rapport web` (gunicorn), `rapport worker` (rq), `rapport migrate` (one-shot).
# The base is pinned to a patch release. Where a registry is reachable, pin its digest as well:
#   docker buildx imagetools inspect python:3.11.14-slim-bookworm   (prints "Digest: sha256:...")
# and build with --build-arg PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:<that digest>.
# `make image` builds on a local Debian bookworm base instead (scripts/build-image.sh).
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm
FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app FLASK_APP=server HOME=/home/rapport \
    RAPPORT_ENV=production RAPPORT_MAIL_BACKEND=smtp PORT=8000 WEB_CONCURRENCY=4

# A fixed numeric UID/GID, so volumes and Kubernetes' runAsNonRoot can rely on it; HOME is writable.
RUN groupadd --gid 10001 rapport \
    && useradd --uid 10001 --gid 10001 --create-home --home-dir /home/rapport --shell /usr/sbin/nologin rapport

# Dependencies first, in their own layer: a code change does not reinstall them. Every file is
# checked against the hashes in the lock (regenerate it with `make lock` after editing pyproject.toml).
COPY requirements.lock /tmp/requirements.lock
# http-ece (for Web Push) is published as a source archive only: built here, still hash-checked.
RUN pip install --no-deps --require-hashes --only-binary=:all: --no-binary=http-ece -r /tmp/requirements.lock && rm /tmp/requirements.lock

WORKDIR /app
COPY deploy/rapport /usr/local/bin/rapport
COPY deploy/gunicorn.conf.py /app/deploy/gunicorn.conf.py
COPY migrations ./migrations
COPY matching ./matching
COPY server ./server
RUN mkdir -p /app/instance && chown 10001:10001 /app/instance && python -m compileall -q /app/server /app/matching

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 CMD ["rapport", "healthcheck"]
ENTRYPOINT ["rapport"]
CMD ["web"]
