"""The rows the detectors read and the signals they return.

Students are identified by the school's student number (a string), subjects by the
school's subject code or name as it appears in the export, both exactly as given.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    ABSENT_AUTHORISED = "absent_authorised"
    ABSENT_UNAUTHORISED = "absent_unauthorised"
    LATE = "late"

    @property
    def is_absent(self) -> bool:
        return self in (AttendanceStatus.ABSENT_AUTHORISED, AttendanceStatus.ABSENT_UNAUTHORISED)


@dataclass(frozen=True, slots=True)
class GradeRow:
    student: str
    subject: str
    date: date
    grade: float  # Dutch scale 1.0–10.0
    weight: float = 1.0
    line: int | None = None  # line in the source file, for error reports and evidence


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    student: str
    date: date
    hour: int  # lesson hour of the day (1, 2, …)
    subject: str
    status: AttendanceStatus
    reason: str = ""  # the school's reason code, e.g. "ZIEK", "ARTS"; may be empty
    line: int | None = None


@dataclass(frozen=True, slots=True)
class HomeworkRow:
    student: str
    subject: str
    due: date
    done: bool
    line: int | None = None


@dataclass(frozen=True, slots=True)
class LifeEventRow:
    """A change at home the parents recorded in the child's profile (profiles app)."""

    student: str
    date: date
    kind: str = ""  # free label, e.g. "divorce", "move", "death", "birth"
    line: int | None = None


class SignalKind(enum.StrEnum):
    GRADE_DROP = "grade_drop"
    LIFE_EVENT_FOLLOW_UP = "life_event_follow_up"
    SUBJECT_ABSENCE_CLUSTER = "subject_absence_cluster"
    ABSENCE_TREND = "absence_trend"
    LATENESS_TREND = "lateness_trend"
    HOMEWORK_STREAK = "homework_streak"


Evidence = GradeRow | AttendanceRow | HomeworkRow | LifeEventRow


@dataclass(frozen=True)
class Signal:
    """A reason for a conversation — never a verdict.

    `key` is stable for the same finding on the same data (kind, student, subject and the
    start of the window it concerns), so re-running detection does not duplicate a signal.
    `measures` holds the numbers behind the rule (e.g. {"before": 7.1, "after": 5.6}),
    `evidence` the rows that made it fire. `summary` is one plain-English sentence built
    from the measures (texts.SUMMARIES), `suggested_first_step` the English text of a first
    step (texts.FIRST_STEPS[kind]); both are fixed msgids for gettext on the Django side.
    """

    kind: SignalKind
    student: str
    subject: str | None
    detected_on: date
    key: str
    measures: dict[str, float | int | str] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    summary: str = ""
    suggested_first_step: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    """One row (or, with line 0, the whole file) that could not be read.

    `message` is plain English, filled in; `template` and `params` are the same message
    as a fixed msgid with %(name)s placeholders (see messages.py), so the Django side can
    translate it with gettext(template) % params.
    """

    line: int  # 0: the file as a whole; 1: the header line; 2…: data rows
    column: str  # the column as documented (e.g. "cijfer"), or "" for the whole row
    message: str
    file: str = ""  # which file of a set (OneRoster), else ""
    template: str = ""
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReadResult:
    """What a reader found: the rows it could read and an error for every other row.

    `fatal` is True when the file could not be read at all (missing, binary, empty, a
    required column missing); then `rows` is empty and `errors` says why.
    """

    rows: list[Any]
    errors: list[RowError]
    fatal: bool = False
