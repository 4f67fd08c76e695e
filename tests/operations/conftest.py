from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import pytest

from driehoek.operations.backup import Database

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Installation:
    """A database and a VAR_DIR, driven through the `driehoek` command in a child process."""

    url: str
    var_dir: Path

    @property
    def database(self) -> Database:
        return Database.from_django(dj_database_url.parse(self.url))

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
        env.update(
            DATABASE_URL=self.url,
            DRIEHOEK_VAR_DIR=str(self.var_dir),
            DJANGO_SETTINGS_MODULE="driehoek.settings",
            PYTHONPATH=str(ROOT),
        )
        return env

    def driehoek(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "driehoek.cli", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result


@pytest.fixture
def installations(  # type: ignore[no-untyped-def]
    transactional_db, tmp_path
) -> Iterator[tuple[Installation, Installation]]:
    """(source, target): the source a copy of the migrated test database (so no slow
    migrate), the target a fresh, empty database. On PostgreSQL both are new databases
    named after this test run, dropped afterwards."""
    from django.db import connection, connections

    if connection.vendor == "sqlite":
        source = tmp_path / "source.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        connection.connection.backup(copy)
        copy.close()
        yield (
            Installation(f"sqlite:///{source}", tmp_path / "source-var"),
            Installation(f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "target-var"),
        )
        return
    settings_dict = connection.settings_dict
    template = settings_dict["NAME"]
    suffix = uuid.uuid4().hex[:8]
    names = [f"{template}_drill_src_{suffix}", f"{template}_drill_dst_{suffix}"]
    admin = Database.from_django({**settings_dict, "NAME": "postgres"})
    # The template may have no other connection while it is copied.
    connections.close_all()
    with admin.pg_connect(autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{names[0]}" TEMPLATE "{template}"')
        conn.execute(f'CREATE DATABASE "{names[1]}"')
    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    urls = [
        f"postgres://{base['USER']}{':' + base['PASSWORD'] if base['PASSWORD'] else ''}"
        f"@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}/{name}"
        for name in names
    ]
    try:
        yield (
            Installation(urls[0], tmp_path / "source-var"),
            Installation(urls[1], tmp_path / "target-var"),
        )
    finally:
        with admin.pg_connect(autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
