"""`driehoek backup [PATH]`: database, uploaded files and a manifest in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from driehoek.operations.backup import BackupError, create_backup, default_archive_name
from driehoek.operations.files import backup_folder, configured_database, file_roots


class Command(BaseCommand):
    help = (
        "Back up the database (consistent while the server runs) and the uploaded files "
        "into one .tar.gz archive with a manifest of row counts and hashes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="Archive to write (default: VAR_DIR/backups/driehoek-<engine>-<time>.tar.gz); "
            "a folder puts the archive there under that name.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            database = configured_database()
            target = Path(options["path"]) if options["path"] else backup_folder()
            if target.is_dir() or not options["path"]:
                target = target / default_archive_name(database.engine)
            manifest = create_backup(database=database, file_roots=file_roots(), archive=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest.tables.values())
        self.stdout.write(
            f"{target}: {len(manifest.tables)} tables, {rows} rows, {len(manifest.files)} files"
        )
