"""Quiet hours and attachment checks (messaging.rules, no Django)."""

from __future__ import annotations

import datetime

import pytest

from driehoek.messaging.rules import (
    AttachmentRefused,
    QuietHours,
    check_attachment,
    in_quiet_hours,
    notify_staff_at,
    safe_download_name,
)

QUIET = QuietHours(start=datetime.time(18, 0), end=datetime.time(7, 30), weekends=True)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute)  # 23 Nov 2026 is a Monday


def test_a_message_in_working_hours_is_notified_at_once():
    assert notify_staff_at(at(25, 10), QUIET) == at(25, 10)


def test_an_evening_message_waits_for_the_next_morning():
    assert notify_staff_at(at(25, 21, 15), QUIET) == at(26, 7, 30)


def test_a_night_message_waits_for_the_same_morning():
    assert notify_staff_at(at(26, 3), QUIET) == at(26, 7, 30)


def test_a_friday_evening_message_waits_for_monday():
    assert notify_staff_at(at(27, 19), QUIET) == at(30, 7, 30)


def test_a_saturday_afternoon_message_waits_for_monday():
    assert notify_staff_at(at(28, 14), QUIET) == at(30, 7, 30)


def test_without_quiet_weekends_saturday_afternoon_is_fine():
    quiet = QuietHours(datetime.time(18, 0), datetime.time(7, 30), weekends=False)
    assert notify_staff_at(at(28, 14), quiet) == at(28, 14)


def test_the_edges_of_the_quiet_hours():
    assert in_quiet_hours(at(25, 18, 0), QUIET)
    assert not in_quiet_hours(at(25, 7, 30), QUIET)
    assert in_quiet_hours(at(25, 7, 29), QUIET)


def test_the_time_zone_is_kept():
    moment = datetime.datetime(2026, 11, 25, 22, 0, tzinfo=datetime.UTC)
    assert notify_staff_at(moment, QUIET).tzinfo is datetime.UTC


PDF = b"%PDF-1.7\n"


def test_pdf_jpeg_and_png_are_accepted_by_their_bytes():
    assert check_attachment(name="brief.pdf", size=100, head=PDF) == "application/pdf"
    assert check_attachment(name="foto.JPG", size=100, head=b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert check_attachment(name="scan.png", size=100, head=b"\x89PNG\r\n\x1a\n") == "image/png"


@pytest.mark.parametrize(
    ("name", "size", "head", "reason"),
    [
        ("brief.pdf", 5 * 1024 * 1024 + 1, PDF, "too_large"),
        ("leeg.pdf", 0, b"", "empty"),
        ("pagina.pdf", 100, b"<html><script>", "type"),  # HTML named .pdf
        ("pagina.html", 100, b"<html>", "type"),
        ("brief.html", 100, PDF, "extension_mismatch"),  # a PDF named .html
        ("foto.png", 100, b"\xff\xd8\xff\xe0", "extension_mismatch"),
    ],
)
def test_refused_attachments(name, size, head, reason):
    with pytest.raises(AttachmentRefused) as refused:
        check_attachment(name=name, size=size, head=head)
    assert refused.value.reason == reason


def test_exactly_five_megabytes_is_allowed():
    assert check_attachment(name="a.pdf", size=5 * 1024 * 1024, head=PDF)


def test_download_names_lose_paths_and_quotes():
    assert safe_download_name('../../etc/"passwd";.pdf') == "passwd.pdf"
    assert safe_download_name("C:\\Users\\x\\brief.pdf") == "brief.pdf"
    assert safe_download_name("\x00") == "bijlage"
