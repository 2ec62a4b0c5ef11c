"""The Redis at 127.0.0.1:6379 that cache tests use: skipped without one, except in CI, where it must be there."""

import os
import socket

import pytest


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_reachable() and os.environ.get("CI") != "true", reason="no Redis at 127.0.0.1:6379"
)


def redis_url_for_tests():
    """A Redis database for this test process alone: clearing a cache empties its whole database, so parallel
    workers (pytest-xdist's gw0, gw1, …) each get their own, from 13 up."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"redis://127.0.0.1:6379/{13 + int(worker.removeprefix('gw'))}"
