FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_DATA_DIR=/app/var \
    DJANGO_REQUIRE_SECRET_KEY=1 \
    PORT=8000

WORKDIR /app

# pg_dump and pg_restore, so `scripts/database_backup.py` takes an exact PostgreSQL backup here too.
# pg_dump refuses a server newer than itself: the build stops if Debian's client is older than the
# PostgreSQL docker-compose.yml runs (POSTGRES_SERVER_MAJOR).
ARG POSTGRES_SERVER_MAJOR=15
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN client_major="$(pg_dump --version | sed -E 's/^pg_dump \(PostgreSQL\) ([0-9]+).*/\1/')" \
    && { test "$client_major" -ge "$POSTGRES_SERVER_MAJOR" \
         || { echo "pg_dump $client_major is older than PostgreSQL $POSTGRES_SERVER_MAJOR" >&2; exit 1; }; }

# Runtime packages only, at the versions pinned in pyproject.toml and requirements.lock.
COPY pyproject.toml requirements.lock ./
COPY scripts/pinned_requirements.py scripts/
RUN python scripts/pinned_requirements.py > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt -c requirements.lock \
    && rm /tmp/requirements.txt

COPY . .
RUN useradd --system --uid 10001 --home-dir /app league \
    && mkdir -p /app/staticfiles /app/var \
    && chown -R league /app/staticfiles /app/var \
    && chmod +x docker/entrypoint.sh

USER league
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
