"""Structured logs without personal data: one JSON object per line.

The formatter writes a fixed set of fields (never a record's arbitrary extras, where a
view might have put a name) and the filter masks e-mail addresses and phone numbers in
the message and the exception text, wherever they come from (a failed login logged by
django-axes carries the e-mail address typed in; a database error may quote a row).
Names cannot be recognised by a pattern: code logs ids, never names (see docs/deploy.md).
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from typing import Any

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Dutch and international phone numbers: 06-12345678, +31 6 1234 5678, 020 123 4567.
PHONE = re.compile(r"(?<![\w/.-])(?:\+\d{2}[\s-]?|0)\d(?:[\s-]?\d){7,9}(?![\w/-])")

#: Fields a request log line may carry (set by RequestLogMiddleware).
REQUEST_FIELDS = ("method", "route", "status", "duration_ms")


def scrub(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


class PersonalDataFilter(logging.Filter):
    """Masks e-mail addresses and phone numbers; the record's message is formatted
    first (the arguments are where addresses hide), then scrubbed."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is logged as it stands
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        record.exc_info = None  # exc_text holds the scrubbed traceback
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(*, level: str, json_lines: bool) -> dict[str, Any]:
    """Django's LOGGING: everything to stderr (systemd's journal keeps it), scrubbed."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"personal_data": {"()": "driehoek.operations.logs.PersonalDataFilter"}},
        "formatters": {
            "json": {"()": "driehoek.operations.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["personal_data"],
                "formatter": "json" if json_lines else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            # Request lines come from our middleware; Django's own 4xx warnings would
            # repeat them with the full path.
            "django.request": {"level": "ERROR"},
            "driehoek.requests": {"level": "INFO"},
        },
    }
