"""The steps every uploaded import shares (the roster import here, school data in signals):
keep the upload in a private folder, move the job on one step at a time, forget the file.

The upload is kept only until it has been imported or rejected (data minimisation)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from driehoek.roster_import.models import JobStatus, UploadedImport

#: The report of a check or import that crashed (the log has the details, not the page).
FAILED_REPORT: dict[str, Any] = {"outcome": "failed", "problems": [], "counts": {}}


def private_dir(name: str) -> Path:
    """Where uploads of one kind wait: under MEDIA_ROOT but never served."""
    folder = Path(settings.MEDIA_ROOT) / "private" / name
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def store_upload(upload: UploadedFile, folder: Path) -> str:
    """Write the upload under a random name (readable by this user only); returns the name."""
    suffix = Path(upload.name or "").suffix.lower()
    name = f"{uuid.uuid4().hex}{suffix}"
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    path.chmod(0o600)
    return name


def claim(job: UploadedImport, current: JobStatus, new: JobStatus) -> bool:
    """Move the job from `current` to `new` only if it is still in `current`. The
    conditional update is the lock: a second click or a second worker gets False."""
    return bool(type(job)._default_manager.filter(pk=job.pk, status=current).update(status=new))
