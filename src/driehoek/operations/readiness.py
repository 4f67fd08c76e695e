"""The readiness checks; each answers "ok" or a short reason without personal data."""

from __future__ import annotations

import secrets
import time

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

# Whether migrations are applied changes only with a deploy: asking once per process
# per minute keeps /readyz cheap (the migration graph takes tens of milliseconds).
_MIGRATIONS_TTL = 60.0
_migrations_checked_at: float | None = None


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"unreachable: {type(error).__name__}"
    return "ok"


def _migrations() -> str:
    global _migrations_checked_at
    now = time.monotonic()
    if _migrations_checked_at is not None and now - _migrations_checked_at < _MIGRATIONS_TTL:
        return "ok"
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return f"unknown: {type(error).__name__}"
    if pending:
        return f"{len(pending)} pending"
    _migrations_checked_at = now
    return "ok"


def _cache() -> str:
    key = "driehoek:readyz"
    value = secrets.token_hex(4)
    try:
        cache.set(key, value, timeout=30)
        if cache.get(key) != value:
            return "not answering"
    except Exception as error:  # noqa: BLE001 - any backend's failure means not ready
        return f"unreachable: {type(error).__name__}"
    return "ok"


def forget_migrations_check() -> None:
    global _migrations_checked_at
    _migrations_checked_at = None


def run_checks() -> dict[str, str]:
    database = _database()
    return {
        "database": database,
        "migrations": _migrations() if database == "ok" else "unknown",
        "cache": _cache(),
    }
