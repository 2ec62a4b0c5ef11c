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
