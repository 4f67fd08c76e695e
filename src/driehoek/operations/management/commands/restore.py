"""`driehoek restore PATH`: into a fresh database, then checked against the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from driehoek.operations.backup import BackupError, restore_backup
from driehoek.operations.files import configured_database, file_roots


class Command(BaseCommand):
    help = (
        "Restore a `driehoek backup` archive into the configured database, which must be "
        "empty (a fresh database), and check every table and file against the manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The archive written by `driehoek backup`.")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["path"])
        if not archive.is_file():
            raise CommandError(f"{archive} does not exist.")
        # Our own connection must not hold the database open while it is replaced.
        connections.close_all()
        try:
            manifest, problems = restore_backup(
                archive=archive, database=configured_database(), file_roots=file_roots()
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"The restore differs from the backup in {len(problems)} places.")
        rows = sum(table["rows"] for table in manifest.tables.values())
        self.stdout.write(
            f"Restored the backup of {manifest.created}: {len(manifest.tables)} tables, "
            f"{rows} rows, {len(manifest.files)} files; all match the manifest."
        )
