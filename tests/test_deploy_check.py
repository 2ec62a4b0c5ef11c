"""Production settings pass Django's deployment checks, and static files collect for production.

Run in subprocesses so the production environment variables configure a fresh settings module.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each depends on the real domain, so only a deployment can decide them:
#   W005  SECURE_HSTS_INCLUDE_SUBDOMAINS: only if every subdomain of the domain is HTTPS-only.
#   W021  SECURE_HSTS_PRELOAD: only once the domain is to be submitted to browsers' preload list.
DOMAIN_DEPENDENT_WARNINGS = {"security.W005", "security.W021"}


def production_environment(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_REQUIRE_SECRET_KEY="1",
        DJANGO_ALLOWED_HOSTS="league.example.org",
        DJANGO_SECURE_SSL_REDIRECT="1",
        DJANGO_SECURE_COOKIES="1",
        DJANGO_SECURE_HSTS_SECONDS="31536000",
        DJANGO_BEHIND_TLS_PROXY="1",
    )
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def reported_ids(output):
    return set(re.findall(r"\(([a-z_.]+\.[EWCI]\d{3})\)", output))


def test_deploy_check_leaves_only_the_domain_dependent_hsts_warnings(tmp_path):
    result = manage("check", "--deploy", env=production_environment(DJANGO_DATA_DIR=str(tmp_path)))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert reported_ids(output) == DOMAIN_DEPENDENT_WARNINGS, output


def test_deploy_check_is_clean_once_the_domain_settings_are_chosen(tmp_path):
    env = production_environment(
        DJANGO_DATA_DIR=str(tmp_path),
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        DJANGO_SECURE_HSTS_PRELOAD="1",
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_deploy_check_flags_a_missing_production_setting(tmp_path):
    """The check is live: leaving HTTPS redirection off is reported."""
    env = production_environment(DJANGO_DATA_DIR=str(tmp_path), DJANGO_SECURE_SSL_REDIRECT="0")
    result = manage("check", "--deploy", env=env)

    assert "security.W008" in reported_ids(result.stdout + result.stderr)


def test_missing_secret_key_is_refused_in_production(tmp_path):
    env = production_environment(DJANGO_DATA_DIR=str(tmp_path))
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_collectstatic_builds_the_production_manifest(tmp_path):
    static_root = tmp_path / "static"
    env = production_environment(DJANGO_DATA_DIR=str(tmp_path), DJANGO_STATIC_ROOT=str(static_root))
    result = manage("collectstatic", "--noinput", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert (static_root / "staticfiles.json").is_file()
    assert (static_root / "admin" / "css" / "base.css.gz").is_file()
