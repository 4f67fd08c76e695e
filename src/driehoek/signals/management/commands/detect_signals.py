"""`driehoek detect-signals --attendance FILE …`: the detectors on files, no database.

A school (or a test) can check what Driehoek would flag on its own exports: every signal
is printed with its measures and the rows behind it. Row errors go to stderr with their
line numbers; a file that cannot be read at all ends the command with exit status 1.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from driehoek.roster_import.csvtext import parse_date
from driehoek.signals.detection import SchoolData, Signal, detect_all
from driehoek.signals.detection.readers import (
    read_attendance_csv,
    read_grades_csv,
    read_homework_csv,
    read_life_events_csv,
    read_oneroster_grades,
)
from driehoek.signals.detection.records import (
    AttendanceRow,
    GradeRow,
    HomeworkRow,
    LifeEventRow,
    ReadResult,
)


def _date(text: str) -> datetime.date:
    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(f"--today: {text!r} is not a date (use YYYY-MM-DD)") from None


def _read_grades(path: Path) -> ReadResult:
    """A folder or zip is a OneRoster set; anything else the Dutch CSV layout."""
    if path.is_dir() or path.suffix.lower() == ".zip":
        return read_oneroster_grades(path)
    return read_grades_csv(path)


READERS = {
    "attendance": read_attendance_csv,
    "grades": _read_grades,
    "homework": read_homework_csv,
    "life_events": read_life_events_csv,
}


def evidence_dict(row: Any) -> dict[str, Any]:
    kind = {
        GradeRow: "grade",
        AttendanceRow: "attendance",
        HomeworkRow: "homework",
        LifeEventRow: "life_event",
    }[type(row)]
    values = {"type": kind}
    for field in dataclasses.fields(row):
        value = getattr(row, field.name)
        values[field.name] = value.isoformat() if isinstance(value, datetime.date) else value
    return values


def signal_dict(signal: Signal) -> dict[str, Any]:
    return {
        "kind": signal.kind.value,
        "student": signal.student,
        "subject": signal.subject,
        "key": signal.key,
        "detected_on": signal.detected_on.isoformat(),
        "summary": signal.summary,
        "suggested_first_step": signal.suggested_first_step,
        "measures": signal.measures,
        "evidence": [evidence_dict(row) for row in signal.evidence],
    }


def evidence_line(row: Any) -> str:
    where = f"line {row.line}: " if row.line is not None else ""
    if isinstance(row, GradeRow):
        return f"{where}{row.date} {row.subject} grade {row.grade:g} (weight {row.weight:g})"
    if isinstance(row, AttendanceRow):
        reason = f" ({row.reason})" if row.reason else ""
        return f"{where}{row.date} hour {row.hour} {row.subject}: {row.status.value}{reason}"
    if isinstance(row, HomeworkRow):
        return f"{where}{row.due} {row.subject}: {'done' if row.done else 'not done'}"
    kind = f" ({row.kind})" if row.kind else ""
    return f"{where}{row.date} change at home{kind}"


class Command(BaseCommand):
    help = (
        "Run the signal detectors on school-data files in the documented layouts "
        "(docs/signals.md) and print every signal with its evidence. Reads no database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--attendance", type=Path, required=True, help="lesson attendance CSV")
        parser.add_argument(
            "--grades", type=Path, help="grades: Dutch CSV, or a OneRoster folder/zip"
        )
        parser.add_argument("--homework", type=Path, help="homework CSV")
        parser.add_argument("--life-events", type=Path, help="changes at home CSV")
        parser.add_argument(
            "--today", help="detect as of this date (default: the day after the last date)"
        )
        parser.add_argument("--json", action="store_true", help="print the signals as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        rows: dict[str, list[Any]] = {}
        errors: list[dict[str, Any]] = []
        fatal = []
        for name, reader in READERS.items():
            path = options[name]
            if path is None:
                continue
            result = reader(path)
            rows[name] = result.rows
            for error in result.errors:
                label = f"{path.name}/{error.file}" if error.file else path.name
                errors.append(
                    {"file": label, "line": error.line, "column": error.column,
                     "message": error.message}
                )  # fmt: skip
                where = f"{label}, line {error.line}" if error.line else label
                column = f", column {error.column}" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.message}")
            if result.fatal:
                fatal.append(path.name)
        if fatal:
            raise CommandError(f"Cannot read {', '.join(fatal)}")

        data = SchoolData(**rows)
        today = _date(options["today"]) if options["today"] else data.default_today()
        signals = detect_all(data, today=today)
        if options["json"]:
            output = {
                "today": today.isoformat(),
                "signals": [signal_dict(signal) for signal in signals],
                "errors": errors,
            }
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
            return
        self._print(signals, today)

    def _print(self, signals: list[Signal], today: datetime.date) -> None:
        out = self.stdout
        count = len(signals)
        out.write(
            f"{count} signal{'' if count == 1 else 's'} as of {today} "
            "(each is a reason for a conversation, not a verdict)"
        )
        for signal in signals:
            subject = f", {signal.subject}" if signal.subject else ""
            out.write("")
            out.write(f"[{signal.kind.value}] student {signal.student}{subject}")
            out.write(f"  {signal.summary}")
            out.write(f"  Suggested first step: {signal.suggested_first_step}")
            measures = ", ".join(f"{key}={value}" for key, value in signal.measures.items())
            out.write(f"  Measures: {measures}")
            out.write(f"  Key: {signal.key}")
            out.write(f"  Evidence ({len(signal.evidence)} rows):")
            for row in signal.evidence:
                out.write(f"    {evidence_line(row)}")
