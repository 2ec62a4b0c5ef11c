#!/usr/bin/env bash
# Prepares the database and static files, then serves the site with gunicorn.
# Used by the Docker image, by `make run` and by .ci/run.
#   PYTHON         interpreter to run manage.py with (default: python)
#   BIND_ADDRESS   address gunicorn listens on (default: 0.0.0.0)
#   PORT           port gunicorn listens on (default: 8000)
#   WEB_CONCURRENCY  gunicorn worker processes (default: 1; more need REDIS_URL so the cache is shared)
#   GUNICORN_THREADS threads per worker (default: 4)
#   DJANGO_CANONICAL_HOST  the host links name (default: 127.0.0.1:$PORT on loopback with the default hosts,
#                  else the first of DJANGO_ALLOWED_HOSTS)
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

# Served on loopback with the default hosts (`make run`), the site is read at 127.0.0.1:$PORT:
# its links name that address. Any other deployment names its host (README.md, DJANGO_CANONICAL_HOST).
if [ -z "${DJANGO_CANONICAL_HOST:-}" ] && [ -z "${DJANGO_ALLOWED_HOSTS:-}" ] && [ "${BIND_ADDRESS:-0.0.0.0}" = 127.0.0.1 ]; then
    export DJANGO_CANONICAL_HOST="127.0.0.1:${PORT:-8000}"
fi

"$PYTHON" manage.py migrate --noinput
"$PYTHON" manage.py collectstatic --noinput --verbosity 0
# The postcode lookup and the councils, built from the ONS packages once per package version (seconds).
"$PYTHON" manage.py build_places
"$PYTHON" manage.py load_real_data_if_empty
"$PYTHON" manage.py recompute_league_fields

# One access-log line per request, grep-able by field: method, path, query, status, bytes, milliseconds.
# The search's `q=` (perhaps a reader's postcode) is masked in every field and in the error log
# (probation_league/gunicorn_logging.py): `query="q=[masked]"`.
# No control socket: every instance would share one default path and unlink the others'.
exec "$PYTHON" -m gunicorn probation_league.wsgi:application \
    --bind "${BIND_ADDRESS:-0.0.0.0}:${PORT:-8000}" \
    --workers "${WEB_CONCURRENCY:-1}" \
    --threads "${GUNICORN_THREADS:-4}" \
    --no-control-socket \
    --logger-class probation_league.gunicorn_logging.MaskedSearchLogger \
    --access-logfile - \
    --access-logformat 'access time=%(t)s method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s bytes=%(B)s ms=%(M)s client=%(h)s'
