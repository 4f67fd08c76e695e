"""Redis as the shared cache (and the session read-through) when REDIS_URL is set."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

REDIS = "redis://127.0.0.1:6379/15"


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_redis_url_selects_the_redis_cache_and_cached_sessions():
    env = {**os.environ, "REDIS_URL": REDIS, "DJANGO_SETTINGS_MODULE": "driehoek.settings"}
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    backend, sessions = json.loads(out.stdout.strip().splitlines()[-1])
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cached_db"


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_the_redis_cache_stores_and_reads_back():
    cache = RedisCache(REDIS, {"KEY_PREFIX": f"driehoek-test-{uuid.uuid4().hex}"})
    cache.set("probe", {"ok": 1}, timeout=30)
    assert cache.get("probe") == {"ok": 1}
    cache.delete("probe")
    assert cache.get("probe") is None
