from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from driehoek.messaging import services
from driehoek.messaging.models import MessageKind, Thread

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
HTML = b"<!doctype html><script>alert(1)</script>"

#: A Wednesday at 10:00 in Amsterdam: not in the quiet hours.
WEDNESDAY_MORNING = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(name, content, content_type=content_type)


def start(
    personas,  # type: ignore[no-untyped-def]
    author=None,  # type: ignore[no-untyped-def]
    *,
    body: str = "Dank voor de fijne start van het jaar!",
    kind: str = MessageKind.APPRECIATION,
    household_only: bool = False,
    student=None,  # type: ignore[no-untyped-def]
    files=(),  # type: ignore[no-untyped-def]
    now: datetime.datetime | None = WEDNESDAY_MORNING,
) -> Thread:
    from driehoek.accounts.access import household_of_guardian

    author = author or personas.guardian
    student = student or personas.student
    household = household_of_guardian(author, student) if household_only else None
    return services.start_thread(
        student=student,
        author=author,
        subject="Start van het jaar",
        body=body,
        kind=MessageKind(kind),
        household=household,
        files=files,
        now=now,
    )
