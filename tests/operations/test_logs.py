"""Log lines are JSON and carry no e-mail addresses or phone numbers; request lines name
the route template, not the path with its ids."""

from __future__ import annotations

import json
import logging

import pytest
from django.http import HttpResponse
from hypothesis import given
from hypothesis import strategies as st

from driehoek.operations.logs import JsonFormatter, PersonalDataFilter, scrub
from driehoek.operations.middleware import RequestLogMiddleware


def formatted(record: logging.LogRecord) -> dict:
    assert PersonalDataFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    rec = logging.LogRecord("axes", logging.WARNING, __file__, 1, msg, args, None)
    rec.__dict__.update(extra)
    return rec


def test_an_email_address_in_the_arguments_is_masked():
    line = formatted(record("AXES: login failure by %s from %s", "eva.devries@example.nl", "x"))
    assert line["message"] == "AXES: login failure by [email] from x"
    assert line["level"] == "WARNING" and line["logger"] == "axes"


def test_phone_numbers_are_masked_but_ids_and_times_are_not():
    text = "call 06-12345678 or +31 6 1234 5678 about student 1234567 at 2026-11-29 19:00"
    assert scrub(text) == "call [phone] or [phone] about student 1234567 at 2026-11-29 19:00"


def test_an_exception_text_is_masked_too():
    try:
        raise ValueError("Key (email)=(noor@example.nl) already exists")
    except ValueError:
        import sys

        rec = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    line = formatted(rec)
    assert "noor@example.nl" not in json.dumps(line)
    assert "[email]" in line["exception"]


def test_extras_other_than_the_request_fields_are_never_written():
    line = formatted(record("hello", display_name="Eva de Vries", route="/x/", status=200))
    assert "Eva" not in json.dumps(line)
    assert line["route"] == "/x/" and line["status"] == 200


@given(
    local=st.from_regex(r"[a-z][a-z0-9.]{0,12}", fullmatch=True),
    domain=st.sampled_from(["example.nl", "school.example.org", "x-y.nl"]),
)
def test_no_address_survives(local, domain):
    assert "@" not in scrub(f"by {local}@{domain}.")


@pytest.mark.django_db
def test_a_request_line_has_the_route_template_not_the_id(personas, client_for, caplog, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE]
    settings.MIDDLEWARE.insert(1, "driehoek.operations.middleware.RequestLogMiddleware")
    client = client_for(personas.guardian)
    with caplog.at_level(logging.INFO, logger="driehoek.requests"):
        client.get(f"/students/{personas.student.pk}/")
    lines = [r for r in caplog.records if r.name == "driehoek.requests"]
    assert lines, "no request line"
    assert lines[-1].route == "/students/<int:student_id>/"
    assert str(personas.student.pk) not in lines[-1].getMessage()
    assert lines[-1].status == 200


def test_an_unresolved_path_is_logged_by_its_first_segment_only(rf, caplog):
    middleware = RequestLogMiddleware(lambda request: HttpResponse(status=404))
    with caplog.at_level(logging.INFO, logger="driehoek.requests"):
        middleware(rf.get("/unsubscribe/eva@example.nl/abc"))
    assert caplog.records[-1].route == "/unsubscribe/…"
