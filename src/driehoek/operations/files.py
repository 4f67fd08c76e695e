"""Where the installation keeps what a backup must hold (besides the database)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connections

from driehoek.operations.backup import Database


def file_roots() -> dict[str, Path]:
    """Uploaded files: MEDIA_ROOT (uploaded rosters waiting for import) and the private
    folder under VAR_DIR (message attachments, never served directly)."""
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(settings.VAR_DIR) / "private",
    }


def configured_database(alias: str = "default") -> Database:
    return Database.from_django(connections[alias].settings_dict)


def backup_folder() -> Path:
    return Path(settings.VAR_DIR) / "backups"
