# Production image: gunicorn serving create_app(), migrating the database on start.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    RAPPORT_ENV=production RAPPORT_MAIL_BACKEND=smtp FLASK_APP=server PORT=8000 WEB_CONCURRENCY=4

WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY matching ./matching
COPY migrations ./migrations
COPY gunicorn.conf.py ./
RUN pip install . && useradd --system --home /app rapport && mkdir -p /app/instance && chown rapport /app/instance
USER rapport

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz')"
CMD ["sh", "-c", "flask db upgrade && exec gunicorn --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY} --access-logfile - 'server:create_app()'"]
