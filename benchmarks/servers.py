"""What the server benchmarks share: a scratch PostgreSQL database, and a real gunicorn
started in its own process group, waited for and stopped (never left running)."""

from __future__ import annotations

import os
import signal
import subprocess
import time

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def recreate_database(name: str) -> None:
    """An empty database `name` (dropped first if a crashed run left it). Raises when no
    PostgreSQL answers."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_up(
    url: str, process: subprocess.Popen[bytes], *, limit: float, need_ok: bool = False
) -> None:
    """Until `url` answers (with 200 when `need_ok`); raises when gunicorn exits or the
    limit passes."""
    import httpx

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200 or not need_ok:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not become ready in time")


def stop(process: subprocess.Popen[bytes], *, grace: float = 30.0) -> None:
    """Stop gunicorn and its workers (started with start_new_session=True)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
