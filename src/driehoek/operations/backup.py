"""Backups that can be trusted: one archive with the database, the files and a manifest.

Plain Python, no Django: the management commands pass in what the settings say.

An archive (`.tar.gz`, mode 0600) holds
- `database.sqlite3` (SQLite, copied with the online backup API: a consistent snapshot
  even while the server runs and writes; WAL mode means writers are not blocked) or
  `database.pgdump` (PostgreSQL, `pg_dump -Fc` of an exported snapshot);
- `files/<root>/…`: the uploaded files (message attachments, uploaded rosters);
- `manifest.json`: per table the row count and a content hash *of the snapshot itself*,
  and per file its size and SHA-256.

The database is copied first and the files second: files are only ever added under new
random names, so every file a row of the snapshot points to is already on disk.

Restore goes into a fresh, empty database only, and checks the restored tables and
files against the manifest; a difference is an error, never a warning.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """Something an operator must act on; the message says what."""


@dataclass(frozen=True)
class Database:
    """The parts of Django's DATABASES entry a backup needs."""

    engine: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_django(cls, settings_dict: dict[str, Any]) -> Database:
        engine = settings_dict["ENGINE"]
        if engine.endswith("sqlite3"):
            kind = "sqlite"
        elif "postgresql" in engine:
            kind = "postgresql"
        else:
            raise BackupError(f"No backup method for the database engine {engine}.")
        return cls(
            engine=kind,
            name=str(settings_dict["NAME"]),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
        )

    def pg_env(self) -> dict[str, str]:
        """Environment for pg_dump/pg_restore (the password never on the command line)."""
        env = dict(os.environ)
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
            ("PGDATABASE", self.name),
        ):
            if value:
                env[key] = value
        return env

    def pg_connect(self, *, autocommit: bool = False) -> Any:
        import psycopg

        params = {"dbname": self.name, "user": self.user or None, "password": self.password or None}
        params |= {"host": self.host or None, "port": self.port or None}
        given = {k: v for k, v in params.items() if v is not None}
        return psycopg.connect(autocommit=autocommit, **given)


@dataclass
class Manifest:
    engine: str
    created: str
    tables: dict[str, dict[str, Any]]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "engine": self.engine,
                "created": self.created,
                "tables": self.tables,
                "files": self.files,
            },
            indent=1,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {data.get('format')!r}.")
        return cls(
            engine=data["engine"],
            created=data["created"],
            tables=data["tables"],
            files=data.get("files", {}),
        )


# --- Content hashes --------------------------------------------------------------------------


def _canonical(value: object) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return "b:" + value.hex()
    if isinstance(value, dict | list):
        return "j:" + json.dumps(value, sort_keys=True, default=str)
    return f"{type(value).__name__}:{value!r}"


def table_fingerprint(rows: Iterable[tuple[object, ...]]) -> dict[str, Any]:
    """Row count and a hash of the rows that does not depend on their order (each row is
    hashed, the sorted row hashes are hashed): no ORDER BY, so any column type works."""
    digests = []
    for row in rows:
        digests.append(hashlib.sha256("\x1f".join(map(_canonical, row)).encode()).digest())
    digests.sort()
    total = hashlib.sha256()
    for digest in digests:
        total.update(digest)
    return {"rows": len(digests), "sha256": total.hexdigest()}


def _rows(cursor: Any, sql: str, batch: int = 2000) -> Iterator[tuple[object, ...]]:
    cursor.execute(sql)
    while chunk := cursor.fetchmany(batch):
        yield from chunk


def sqlite_fingerprints(path: Path) -> dict[str, dict[str, Any]]:
    connection = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        cursor = connection.cursor()
        return {
            n: table_fingerprint(_rows(cursor, f'SELECT * FROM "{n}"'))  # noqa: S608
            for n in names
        }
    finally:
        connection.close()


def pg_fingerprints(connection: Any) -> dict[str, dict[str, Any]]:
    """In the connection's current transaction (so: of its snapshot)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        names = [row[0] for row in cursor.fetchall()]
    result = {}
    for number, name in enumerate(names):
        # A server-side cursor: a big table is streamed, not loaded at once.
        with connection.cursor(name=f"fingerprint_{number}") as cursor:
            result[name] = table_fingerprint(_rows(cursor, f'SELECT * FROM public."{name}"'))  # noqa: S608
    return result


def differences(expected: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]]) -> list[str]:
    problems = []
    for name in sorted(set(expected) | set(found)):
        if name not in found:
            problems.append(f"{name}: missing")
        elif name not in expected:
            problems.append(f"{name}: not in the backup")
        elif expected[name] != found[name]:
            problems.append(f"{name}: expected {expected[name]}, found {found[name]}")
    return problems


# --- Files -----------------------------------------------------------------------------------


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(roots: dict[str, Path]) -> Iterator[tuple[str, Path]]:
    """(name in the archive, path on disk) for every file under the roots. A root inside
    another root is listed once, under the inner root's name."""
    inner = {path.resolve() for path in roots.values()}
    for label, root in sorted(roots.items()):
        if not root.is_dir():
            continue
        for folder, subfolders, files in os.walk(root):
            here = Path(folder)
            subfolders[:] = sorted(d for d in subfolders if (here / d).resolve() not in inner)
            for name in sorted(files):
                path = here / name
                if path.is_file() and not path.is_symlink():
                    yield f"files/{label}/{path.relative_to(root).as_posix()}", path


# --- Backup ----------------------------------------------------------------------------------


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_archive_name(engine: str) -> str:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    return f"driehoek-{engine}-{stamp}.tar.gz"


def _sqlite_snapshot(database: Database, target: Path) -> None:
    source = sqlite3.connect(database.name, timeout=30)
    try:
        destination = sqlite3.connect(target)
        try:
            # pages=-1: the whole copy in one step, inside one read transaction, so the
            # copy is one consistent moment even while other connections write.
            source.backup(destination, pages=-1)
        finally:
            destination.close()
    finally:
        source.close()
    check = sqlite3.connect(target)
    try:
        check.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise BackupError(f"The SQLite copy failed its integrity check: {result}")


def _require(binary: str) -> str:
    found = shutil.which(binary)
    if found is None:
        raise BackupError(
            f"{binary} was not found on PATH. Install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client, the same major version as the server)."
        )
    return found


def _pg_snapshot(database: Database, target: Path) -> dict[str, dict[str, Any]]:
    """pg_dump of an exported snapshot; the fingerprints are taken in that same snapshot,
    so they describe exactly what the dump holds, however busy the server is."""
    pg_dump = _require("pg_dump")
    with database.pg_connect() as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                database.name,
            ],
            env=database.pg_env(),
            check=True,
            capture_output=True,
            timeout=3600,
        )
        tables = pg_fingerprints(connection)
        connection.execute("COMMIT")
    return tables


def create_backup(*, database: Database, file_roots: dict[str, Path], archive: Path) -> Manifest:
    """Write the archive; answer its manifest."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="driehoek-backup-") as work:
        workdir = Path(work)
        if database.engine == "sqlite":
            dump = workdir / SQLITE_MEMBER
            _sqlite_snapshot(database, dump)
            tables = sqlite_fingerprints(dump)
        else:
            dump = workdir / PG_MEMBER
            try:
                tables = _pg_snapshot(database, dump)
            except subprocess.CalledProcessError as error:
                message = error.stderr.decode(errors="replace")
                raise BackupError(f"pg_dump failed: {message}") from None
        manifest = Manifest(engine=database.engine, created=_now(), tables=tables)
        partial = archive.with_name(archive.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(dump, arcname=dump.name)
            for name, path in _walk(file_roots):
                # Hash and add from one open file: the hash is of what was archived.
                with path.open("rb") as handle:
                    data = handle.read()
                manifest.files[name] = {
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = int(path.stat().st_mtime)
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(data))
            text = manifest.to_json().encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(text)
            info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(text))
        partial.replace(archive)
    return manifest


# --- Restore ---------------------------------------------------------------------------------


def read_manifest(archive: Path) -> Manifest:
    with tarfile.open(archive, "r:*") as tar:
        member = tar.extractfile(MANIFEST)
        if member is None:
            raise BackupError("The archive has no manifest.")
        return Manifest.from_json(member.read().decode())


def _sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    connection = sqlite3.connect(path)
    try:
        count = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    finally:
        connection.close()
    return count == 0


def _pg_is_empty(database: Database) -> bool:
    with database.pg_connect() as connection:
        count = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    return count == 0


def database_fingerprints(database: Database) -> dict[str, dict[str, Any]]:
    if database.engine == "sqlite":
        return sqlite_fingerprints(Path(database.name))
    with database.pg_connect() as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        tables = pg_fingerprints(connection)
        connection.execute("COMMIT")
    return tables


def restore_backup(
    *, archive: Path, database: Database, file_roots: dict[str, Path]
) -> tuple[Manifest, list[str]]:
    """Restore into an empty database and the file roots; answer the manifest and the
    differences found afterwards (empty when the restore is exact)."""
    manifest = read_manifest(archive)
    if manifest.engine != database.engine:
        raise BackupError(
            f"This is a {manifest.engine} backup; the configured database is {database.engine}."
        )
    if database.engine == "sqlite":
        if not _sqlite_is_empty(Path(database.name)):
            raise BackupError(f"{database.name} is not empty: restore only into a fresh database.")
    elif not _pg_is_empty(database):
        raise BackupError(
            f"The database {database.name} is not empty: restore only into a fresh database."
        )
    with tempfile.TemporaryDirectory(prefix="driehoek-restore-") as work:
        workdir = Path(work)
        with tarfile.open(archive, "r:*") as tar:
            names = tar.getnames()
            dump_name = SQLITE_MEMBER if database.engine == "sqlite" else PG_MEMBER
            if dump_name not in names:
                raise BackupError(f"The archive has no {dump_name}.")
            # filter="data": no absolute paths, no '..', no links out, no devices.
            tar.extractall(workdir, filter="data")
        dump = workdir / dump_name
        if database.engine == "sqlite":
            target = Path(database.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            source = sqlite3.connect(dump)
            destination = sqlite3.connect(target)
            try:
                source.backup(destination)
            finally:
                destination.close()
                source.close()
        else:
            pg_restore = _require("pg_restore")
            try:
                subprocess.run(  # noqa: S603 - fixed arguments, no shell
                    [
                        pg_restore,
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--single-transaction",
                        f"--dbname={database.name}",
                        str(dump),
                    ],
                    env=database.pg_env(),
                    check=True,
                    capture_output=True,
                    timeout=3600,
                )
            except subprocess.CalledProcessError as error:
                raise BackupError(
                    f"pg_restore failed: {error.stderr.decode(errors='replace')}"
                ) from None
        for name in manifest.files:
            _, label, relative = name.split("/", 2)
            if label not in file_roots:
                raise BackupError(f"The archive holds files for an unknown folder: {label}")
            destination_path = file_roots[label] / relative
            destination_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(workdir / name, destination_path)
            destination_path.chmod(0o600)
    problems = differences(manifest.tables, database_fingerprints(database))
    for name, expected in manifest.files.items():
        _, label, relative = name.split("/", 2)
        path = file_roots[label] / relative
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif _file_digest(path) != expected["sha256"]:
            problems.append(f"{name}: content differs")
    return manifest, problems
