"""The restore drill: back up the demo schools (roster and messages) while a parent
keeps writing messages with attachments, restore into a fresh database, and compare
every table (row count and
content hash) and every file with the manifest. Runs on the suite's database engine."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import time

import pytest

from driehoek.operations.backup import (
    BackupError,
    create_backup,
    database_fingerprints,
    read_manifest,
    restore_backup,
    table_fingerprint,
)
from tests.operations.conftest import ROOT


def _count(installation, table: str) -> int:  # type: ignore[no-untyped-def]
    database = installation.database
    if database.engine == "sqlite":
        import sqlite3

        connection = sqlite3.connect(database.name)
        try:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        finally:
            connection.close()
    with database.pg_connect() as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def _attachment_files(installation) -> list[str]:  # type: ignore[no-untyped-def]
    database = installation.database
    if database.engine == "sqlite":
        import sqlite3

        connection = sqlite3.connect(database.name)
        try:
            return [row[0] for row in connection.execute("SELECT file FROM messaging_attachment")]
        finally:
            connection.close()
    with database.pg_connect() as connection:
        return [row[0] for row in connection.execute("SELECT file FROM messaging_attachment")]


def test_a_backup_under_write_load_restores_exactly(installations, tmp_path):
    source, target = installations
    seeded_file, started, stop = tmp_path / "seeded", tmp_path / "started", tmp_path / "stop"
    writer = subprocess.Popen(  # noqa: S603 - our own module
        [sys.executable, "-m", "tests.operations.drill_writer"]
        + [str(seeded_file), str(started), str(stop)],
        cwd=ROOT,
        env=source.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not started.exists():
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)

        seeded = int(seeded_file.read_text())
        archive = tmp_path / "backup.tar.gz"
        source.driehoek("backup", str(archive))
        in_backup = read_manifest(archive).tables["messaging_message"]["rows"]

        # The writer was writing before the backup began; wait until it has written after
        # the snapshot too, so the backup was taken in the middle of the load.
        while _count(source, "messaging_message") <= in_backup:
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline, "the writer stopped writing"
            time.sleep(0.05)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    written = int(out.strip())
    assert seeded + 3 <= in_backup < seeded + written

    result = target.driehoek("restore", str(archive))
    assert "all match the manifest" in result.stdout

    manifest = read_manifest(archive)
    restored = database_fingerprints(target.database)
    assert set(restored) == set(manifest.tables)
    for table, expected in manifest.tables.items():
        assert restored[table] == expected, table
    assert restored["messaging_message"]["rows"] == in_backup
    assert restored["roster_student"]["rows"] == 360  # both demo schools

    # Every attachment row of the snapshot has its file, byte for byte.
    files = _attachment_files(target)
    assert len(files) >= 3
    for name in files:
        path = target.var_dir / "private" / "messaging" / name
        assert path.is_file(), name
        assert f"files/private/messaging/{name}" in manifest.files


def test_restore_refuses_a_database_that_is_not_empty(installations, tmp_path):
    source, target = installations
    archive = tmp_path / "schema-only.tar.gz"
    create_backup(database=source.database, file_roots={}, archive=archive)
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(archive=archive, database=source.database, file_roots={})


def test_restore_refuses_an_archive_whose_files_were_altered(installations, tmp_path):
    source, target = installations
    attachment = source.var_dir / "private" / "messaging" / "a.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"%PDF-1.4 original")
    archive = tmp_path / "backup.tar.gz"
    roots = {"private": source.var_dir / "private"}
    manifest = create_backup(database=source.database, file_roots=roots, archive=archive)
    assert manifest.files["files/private/messaging/a.pdf"]["bytes"] == 17

    # Rewrite the archive with other bytes under the same name: the manifest disagrees.
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as old, tarfile.open(tampered, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.endswith("a.pdf"):
                data = b"%PDF-1.4 altered!"
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    target_roots = {"private": target.var_dir / "private"}
    _manifest, problems = restore_backup(
        archive=tampered, database=target.database, file_roots=target_roots
    )
    assert problems == ["files/private/messaging/a.pdf: content differs"]


def test_the_content_hash_ignores_row_order_but_not_content():
    rows = [(1, "Noor", None), (2, "Mila", b"\x00")]
    assert table_fingerprint(rows) == table_fingerprint(list(reversed(rows)))
    assert table_fingerprint(rows) != table_fingerprint([(1, "Noor", None), (2, "Mila", b"")])
    assert table_fingerprint(rows)["rows"] == 2
