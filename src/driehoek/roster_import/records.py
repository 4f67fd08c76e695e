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
from array import array
from collections.abc import Iterable, Iterator
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
    HOUSEHOLD = "households"


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
    # Evidence that guardians share a household: the source's household key ("gezin"),
    # else a normalised address. Empty: no evidence (the guardian is a household alone).
    household: str = ""
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
    # The subject a lesson group teaches (code and name), from the export when it says.
    subject_code: str = ""
    subject_name: str = ""
    # The dates of the group's academic sessions (terms): memberships are dated by them.
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    deleted: bool = False
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class SchoolYearRecord:
    """The school year an import is for (from OneRoster's academicSessions.csv)."""

    name: str  # "2026-2027"
    starts_on: datetime.date
    ends_on: datetime.date


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


TEACHER_FLAG, PRIMARY_FLAG, DELETED_FLAG, _MENTOR_SET, _MENTOR = 1, 2, 4, 8, 16


class EnrollmentTable:
    """A million enrolments in a few compact arrays instead of a million objects.

    Keys (class and user ids) and file names are interned: each distinct string is kept
    once and an enrolment holds its index. About 17 bytes per enrolment, against some
    200 for an Enrollment object with its own references. Iterating gives Enrollment
    objects one at a time, so the readers and the importer see the same interface.
    """

    def __init__(self) -> None:
        self._keys: dict[str, int] = {}
        self._names: list[str] = []
        self._files: list[str] = []
        self._group = array("i")
        self._person = array("i")
        self._flags = array("B")
        self._file = array("B")
        self._line = array("i")

    def _intern(self, key: str) -> int:
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = len(self._names)
            self._names.append(key)
        return found

    def append(self, enrollment: Enrollment) -> None:
        flags = (
            (TEACHER_FLAG if enrollment.as_teacher else 0)
            | (PRIMARY_FLAG if enrollment.primary else 0)
            | (DELETED_FLAG if enrollment.deleted else 0)
        )
        if enrollment.mentor is not None:
            flags |= _MENTOR_SET | (_MENTOR if enrollment.mentor else 0)
        if enrollment.file not in self._files:
            self._files.append(enrollment.file)
        self._group.append(self._intern(enrollment.group_id))
        self._person.append(self._intern(enrollment.person_id))
        self._flags.append(flags)
        self._file.append(self._files.index(enrollment.file))
        self._line.append(enrollment.line)

    def extend(self, enrollments: Iterable[Enrollment]) -> None:
        for enrollment in enrollments:
            self.append(enrollment)

    def __len__(self) -> int:
        return len(self._flags)

    def __getitem__(self, index: int) -> Enrollment:
        flags = self._flags[index]
        return Enrollment(
            group_id=self._names[self._group[index]],
            person_id=self._names[self._person[index]],
            as_teacher=bool(flags & TEACHER_FLAG),
            primary=bool(flags & PRIMARY_FLAG),
            deleted=bool(flags & DELETED_FLAG),
            mentor=bool(flags & _MENTOR) if flags & _MENTOR_SET else None,
            file=self._files[self._file[index]],
            line=self._line[index],
        )

    def __iter__(self) -> Iterator[Enrollment]:
        for index in range(len(self)):
            yield self[index]

    def keep(self, indexes: Iterable[int]) -> None:
        """Keep only the enrolments at `indexes` (in that order)."""
        chosen = list(indexes)
        for name in ("_group", "_person", "_flags", "_file", "_line"):
            old = getattr(self, name)
            setattr(self, name, array(old.typecode, (old[i] for i in chosen)))

    def columns(self) -> tuple[list[str], array, array, array]:
        """(interned keys, group index, person index, flags) per enrolment: the arrays
        behind the table, for code that works on whole columns at once."""
        return self._names, self._group, self._person, self._flags


@dataclass
class RosterSet:
    """Everything one import file (or folder, or zip) says, after validation."""

    format: str
    version: str = ""
    modes: dict[Kind, Mode] = field(default_factory=dict)
    people: dict[str, PersonRecord] = field(default_factory=dict)
    groups: dict[str, GroupRecord] = field(default_factory=dict)
    links: set[GuardianLink] = field(default_factory=set)
    enrollments: EnrollmentTable = field(default_factory=EnrollmentTable)
    # The school year the file is for, when it says (OneRoster's academic sessions).
    school_year: SchoolYearRecord | None = None
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
