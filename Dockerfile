# The portal image: web (gunicorn), worker and beat all run from it (see docker-compose.yml).
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext libpq5 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The production lock only (never requirements-dev.txt), every package hash-checked; the lock's pip
# first, since an older pip cannot install a hashed lock whose packages ask for extras.
COPY requirements.txt .
RUN awk '/^pip==/ {p = 1} p {print} p && !/\\$/ {exit}' requirements.txt > /tmp/pip-lock.txt \
    && pip install --no-cache-dir --require-hashes --no-deps -r /tmp/pip-lock.txt \
    && pip install --no-cache-dir --require-hashes -r requirements.txt \
    && rm /tmp/pip-lock.txt
COPY . .
# Static files are collected at build time; the values below only let settings load (nothing connects).
RUN IJC_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=build DATABASE_URL=postgres://build@build/build \
    REDIS_URL=redis://build:6379/0 python manage.py collectstatic --noinput
RUN useradd --system --home /app ijc && chown -R ijc /app
USER ijc
EXPOSE 8000
# No gunicorn access log: its lines carry the query string (search terms: names, NIKs). The portal
# writes one JSON line per request itself, path only (ijc_portal.logs, docs/operations.md "Logs").
CMD ["gunicorn", "ijc_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
