"""Quiet hours and attachment checks, in plain Python (no Django)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# --- Quiet hours ----------------------------------------------------------------------


@dataclass(frozen=True)
class QuietHours:
    start: datetime.time  # e.g. 18:00
    end: datetime.time  # e.g. 07:30 the next morning
    weekends: bool = True


def _is_weekend(day: datetime.date) -> bool:
    return day.weekday() >= 5


def in_quiet_hours(moment: datetime.datetime, quiet: QuietHours) -> bool:
    """Whether a local moment falls in the quiet hours (or in a quiet weekend)."""
    if quiet.weekends and _is_weekend(moment.date()):
        return True
    now = moment.time()
    if quiet.start == quiet.end:
        return False
    if quiet.start < quiet.end:  # quiet within one day, e.g. 12:00–13:00
        return quiet.start <= now < quiet.end
    return now >= quiet.start or now < quiet.end


def notify_staff_at(moment: datetime.datetime, quiet: QuietHours) -> datetime.datetime:
    """When staff hear about a message written at `moment` (local, aware or naive): now,
    or the end of the quiet hours, skipping a quiet weekend."""
    if not in_quiet_hours(moment, quiet):
        return moment
    day = moment.date()
    # Written in the evening: the quiet hours end the next morning.
    if quiet.start > quiet.end and moment.time() >= quiet.start:
        day += datetime.timedelta(days=1)
    while quiet.weekends and _is_weekend(day):
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, quiet.end, tzinfo=moment.tzinfo)


# --- Attachments -------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 3

#: What we accept: content type by the file's first bytes, and its extensions.
ALLOWED = {
    "application/pdf": (b"%PDF-", (".pdf",)),
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",)),
}


class AttachmentRefused(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "too_large", "empty", "type", "extension_mismatch"


def sniff_content_type(head: bytes) -> str | None:
    """The content type by the file's magic bytes, when it is one we accept."""
    for content_type, (magic, _extensions) in ALLOWED.items():
        if head.startswith(magic):
            return content_type
    return None


def check_attachment(*, name: str, size: int, head: bytes) -> str:
    """The content type to store, or AttachmentRefused. The extension must agree with
    the bytes: a file named .pdf that is really HTML is refused."""
    if size <= 0:
        raise AttachmentRefused("empty")
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused("too_large")
    content_type = sniff_content_type(head)
    if content_type is None:
        raise AttachmentRefused("type")
    if not name.lower().endswith(ALLOWED[content_type][1]):
        raise AttachmentRefused("extension_mismatch")
    return content_type


def safe_download_name(name: str) -> str:
    """A file name fit for a Content-Disposition header: no path, no quotes, no controls."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '";')
    return cleaned.strip()[:150] or "bijlage"
