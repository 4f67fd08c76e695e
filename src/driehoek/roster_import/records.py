"""Plain records that every reader (OneRoster, EDEXML, Dutch CSV) produces.

No Django here: the readers turn a school system's export into these records and a list
of problems, each with file, line, column and a reason in plain language. The importer
(services.py) compares the records with the database and writes the difference.

Only what Driehoek needs is kept: names, an e-mail address, a phone number for
guardians, a student number and a date of birth (for the age from which a student gets
an own account). Citizen service numbers, ethnicity and other demographics are never
read into a record.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of things an import creates, updates or removes (the report's rows)."""

    STUDENT = "students"
    STAFF = "staff"
    GUARDIAN = "guardians"
    GROUP = "groups"
    GUARDIAN_LINK = "guardian_links"
    MEMBERSHIP = "memberships"
    ASSIGNMENT = "assignments"


class Mode(StrEnum):
    """How a file is processed: everything (bulk) or only the changes (delta)."""

    BULK = "bulk"
    DELTA = "delta"
    ABSENT = "absent"


class StaffRoleName(StrEnum):
    TEACHER = "teacher"
    ADMIN = "admin"


class GuardianRelation(StrEnum):
    PARENT = "parent"
    GUARDIAN = "guardian"
    OTHER = "other"


class Message(str):
    """An English message id that remembers its %(name)s parameters."""

    params: tuple[tuple[str, str], ...] = ()


def _(message: str, **params: object) -> Message:
    """Marks a reason for translation (extracted by makemessages) without importing
    Django: the web pages translate it, the command line shows it in English."""
    found = Message(message)
    found.params = tuple((key, str(value)) for key, value in params.items())
    return found


@dataclass(frozen=True, slots=True)
class Problem:
    """One rejected row (error) or one thing the school should know (warning).

    `reason` is an English message id with %(name)s placeholders filled from `params`,
    so the upload page can show it in Dutch.
    """

    file: str
    line: int
    column: str
    reason: str
    is_error: bool = True
    params: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.reason, Message):
            object.__setattr__(self, "params", self.params or self.reason.params)
            object.__setattr__(self, "reason", str.__str__(self.reason))

    @property
    def text(self) -> str:
        return self.reason % dict(self.params) if self.params else self.reason

    def __str__(self) -> str:
        where = f"{self.file} line {self.line}" if self.line else self.file
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.text}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "reason": self.text,
            "message_id": self.reason,
            "params": dict(self.params),
            "severity": "error" if self.is_error else "warning",
        }


def problem(
    file: str, line: int, column: str, reason: str, *, is_error: bool = True, **params: object
) -> Problem:
    return Problem(
        file, line, column, reason, is_error, tuple((k, str(v)) for k, v in params.items())
    )


@dataclass(slots=True)
class PersonRecord:
    """A student, staff member or guardian. A teacher who is also a parent is one record
    with `is_staff` and `is_guardian` both set."""

    external_id: str
    first_name: str
    last_name: str
    infix: str = ""
    email: str = ""
    phone: str = ""
    is_student: bool = False
    is_guardian: bool = False
    staff_roles: frozenset[StaffRoleName] = frozenset()
    relation: GuardianRelation = GuardianRelation.PARENT
    student_number: str = ""
    date_of_birth: datetime.date | None = None
    left_on: datetime.date | None = None
    abbreviation: str = ""
    deleted: bool = False
    file: str = ""
    line: int = 0

    @property
    def is_staff(self) -> bool:
        return bool(self.staff_roles)


@dataclass(slots=True)
class GroupRecord:
    external_id: str
    name: str
    is_class: bool
    year_level: int | None = None
    year_level_to: int | None = None
    deleted: bool = False
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class GuardianLink:
    guardian_id: str
    student_id: str


@dataclass(slots=True)
class Enrollment:
    """A person in a group: a student as member, a teacher as mentor or subject teacher."""

    group_id: str
    person_id: str
    as_teacher: bool
    primary: bool = False
    deleted: bool = False
    # A teacher in a class is its mentor unless said otherwise (None: by the group's kind).
    mentor: bool | None = None
    file: str = ""
    line: int = 0


@dataclass
class RosterSet:
    """Everything one import file (or folder, or zip) says, after validation."""

    format: str
    version: str = ""
    modes: dict[Kind, Mode] = field(default_factory=dict)
    people: dict[str, PersonRecord] = field(default_factory=dict)
    groups: dict[str, GroupRecord] = field(default_factory=dict)
    links: set[GuardianLink] = field(default_factory=set)
    enrollments: list[Enrollment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Keys mentioned by a rejected row: a bulk import must not remove what it could not read.
    rejected_ids: set[str] = field(default_factory=set)
    # Files that were read, with their number of data rows; files that were ignored.
    files_read: dict[str, int] = field(default_factory=dict)
    files_ignored: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]

    def error(self, file: str, line: int, column: str, reason: str, **params: object) -> None:
        self.problems.append(problem(file, line, column, reason, **params))

    def warn(self, file: str, line: int, column: str, reason: str, **params: object) -> None:
        self.problems.append(problem(file, line, column, reason, is_error=False, **params))

    def mode(self, kind: Kind) -> Mode:
        return self.modes.get(kind, Mode.BULK)


class UnreadableImport(Exception):
    """The file as a whole cannot be read (not a zip, no manifest, invalid XML…)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading and writing a large roster creates millions of small objects without
    reference cycles; the cyclic garbage collector would scan them again and again
    (a third of the reading time). Paused for that stretch only, and only if it ran."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
