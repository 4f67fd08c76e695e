"""School-data files → rows (no Django). The layouts are documented in docs/signals.md.

Every reader takes a Path, a str path or the file's bytes and returns a ReadResult: the
rows it could read and a RowError (line, column, plain-English message) for each row it
could not. A reader never raises on bad input: a file that cannot be read at all (missing,
binary, empty, a required column missing) gives a ReadResult with `fatal=True`.

CSV handling (encodings, `;` or `,`, header normalising, dates) is shared with the roster
import: driehoek.roster_import.csvtext.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import IO, Any

from driehoek.roster_import.csvtext import CsvFileError, Row, decode_stream, parse_date, read_rows
from driehoek.signals.detection import messages as m
from driehoek.signals.detection.records import (
    AttendanceRow,
    AttendanceStatus,
    GradeRow,
    HomeworkRow,
    LifeEventRow,
    ReadResult,
    RowError,
)

Source = Path | str | bytes

MAX_KEY = 64  # student numbers
MAX_LABEL = 100  # subjects, reason codes, kinds of life event

# Column names as Dutch (and English) exports write them, normalised by csvtext
# (lower case; spaces, dashes, dots and underscores removed). The first name is the
# documented one, used in error messages.
STUDENT = (
    "leerlingnummer", "leerlingnr", "llnr", "studentnummer", "stamnummer", "leerlingid",
    "leerling", "studentnumber", "studentid", "student",
)  # fmt: skip
SUBJECT = ("vak", "vakcode", "vakafkorting", "vaknaam", "subject", "course")
DATE = ("datum", "date", "lesdatum", "toetsdatum", "afnamedatum")
GRADE = ("cijfer", "resultaat", "grade", "score", "result")
WEIGHT = ("weging", "weight", "gewicht", "wegingsfactor", "factor")
HOUR = ("lesuur", "uur", "les", "hour", "lessonhour", "lesson", "period")
STATUS = ("status", "presentie", "aanwezigheid", "registratie", "attendance")
REASON = ("reden", "redencode", "absentiereden", "absentiecode", "reason", "reasoncode", "code")
AUTHORISED = ("geoorloofd", "authorised", "authorized", "excused")
DUE = ("inleverdatum", "deadline", "opleverdatum", "datum", "due", "duedate", "date")
DONE = ("gemaakt", "ingeleverd", "afgerond", "done", "completed", "status")
KIND = ("soort", "gebeurtenis", "kind", "type", "event")


# Values, normalised: lower case, letters and digits only ("Afwezig (geoorloofd)" →
# "afweziggeoorloofd", "te laat" → "telaat").
def _word(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


STATUSES: dict[str, AttendanceStatus | None] = {
    # None: absent, authorised or not is read from the geoorloofd column (default: yes).
    "": AttendanceStatus.PRESENT,
    "aanwezig": AttendanceStatus.PRESENT,
    "present": AttendanceStatus.PRESENT,
    "afwezig": None,
    "absent": None,
    "afweziggeoorloofd": AttendanceStatus.ABSENT_AUTHORISED,
    "geoorloofdafwezig": AttendanceStatus.ABSENT_AUTHORISED,
    "geoorloofd": AttendanceStatus.ABSENT_AUTHORISED,
    "absentauthorised": AttendanceStatus.ABSENT_AUTHORISED,
    "absentauthorized": AttendanceStatus.ABSENT_AUTHORISED,
    "authorisedabsence": AttendanceStatus.ABSENT_AUTHORISED,
    "authorizedabsence": AttendanceStatus.ABSENT_AUTHORISED,
    "absentexcused": AttendanceStatus.ABSENT_AUTHORISED,
    "excused": AttendanceStatus.ABSENT_AUTHORISED,
    "afwezigongeoorloofd": AttendanceStatus.ABSENT_UNAUTHORISED,
    "ongeoorloofdafwezig": AttendanceStatus.ABSENT_UNAUTHORISED,
    "ongeoorloofd": AttendanceStatus.ABSENT_UNAUTHORISED,
    "absentunauthorised": AttendanceStatus.ABSENT_UNAUTHORISED,
    "absentunauthorized": AttendanceStatus.ABSENT_UNAUTHORISED,
    "unauthorisedabsence": AttendanceStatus.ABSENT_UNAUTHORISED,
    "unauthorizedabsence": AttendanceStatus.ABSENT_UNAUTHORISED,
    "absentunexcused": AttendanceStatus.ABSENT_UNAUTHORISED,
    "unexcused": AttendanceStatus.ABSENT_UNAUTHORISED,
    "spijbelen": AttendanceStatus.ABSENT_UNAUTHORISED,
    "telaat": AttendanceStatus.LATE,
    "laat": AttendanceStatus.LATE,
    "late": AttendanceStatus.LATE,
    # The status names themselves, so rows written by Driehoek read back.
    **{_word(status.value): status for status in AttendanceStatus},
}
YES = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
NO = frozenset({"nee", "n", "no", "false", "onwaar", "0"})
DONE_WORDS = YES | {"gemaakt", "ingeleverd", "afgerond", "voldaan", "done", "completed"}
NOT_DONE_WORDS = NO | {
    "nietgemaakt", "nietingeleverd", "nietafgerond", "vergeten", "ontbreekt",
    "notdone", "notcompleted", "missing",
}  # fmt: skip
# Results that are not a number on the 1–10 scale (voldoende, goed, vrijgesteld, …) are
# left out without an error: they are valid results, just not grades to average.
QUALITATIVE = frozenset(
    {"", "-", "v", "g", "o", "zg", "zw", "m", "r", "vr", "vrij", "vrijgesteld", "ib", "nb"}
)

_GRADE = re.compile(r"^\d{1,2}(?:[.,]\d+)?$")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_HOUR = re.compile(r"(\d{1,2})")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


# ---------------------------------------------------------------------------------------
# Opening files


def _open(source: Source) -> tuple[IO[bytes] | None, RowError | None]:
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(bytes(source)), None
    path = Path(source)
    if not path.is_file():
        return None, m.row_error(0, "", m.NO_SUCH_FILE)
    return path.open("rb"), None


@dataclass(frozen=True)
class _Layout:
    required: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]]


def _columns(header: list[str], layout: _Layout) -> tuple[dict[str, str], list[RowError]]:
    """Documented column name → the normalised header name the file uses."""
    present = set(header)
    found: dict[str, str] = {}
    errors = []
    for name, synonyms in {**layout.required, **layout.optional}.items():
        match = next((synonym for synonym in synonyms if synonym in present), None)
        if match is not None and match not in found.values():
            found[name] = match
        elif name in layout.required:
            errors.append(m.row_error(1, name, m.MISSING_COLUMN, column=name))
    return found, errors


def _read_csv(
    source: Source,
    layout: _Layout,
    build: Callable[[Row, dict[str, str], list[RowError]], Any],
    file: str = "",
) -> ReadResult:
    raw, problem = _open(source)
    if raw is None:
        return ReadResult([], [problem] if problem else [], fatal=True)
    with raw:
        try:
            text = decode_stream(raw)
            problems: list[tuple[int, str, str]] = []
            header, rows = read_rows(text, file=file, problems=problems)
            columns, missing = _columns(header, layout)
            if missing:
                return ReadResult([], [_with_file(e, file) for e in missing], fatal=True)
            found: list[Any] = []
            errors: list[RowError] = []
            for row in rows:
                record = build(row, columns, errors)
                if record is not None:
                    found.append(record)
        except (CsvFileError, UnicodeError, OSError) as exc:
            error = m.row_error(0, "", m.UNREADABLE, file=file, reason=str(exc))
            return ReadResult([], [error], fatal=True)
    for line, column, reason in problems:
        params = dict(getattr(reason, "params", ()))
        message = str(reason) % params if params else str(reason)
        errors.append(m.row_error(line, column, m.ROW_PROBLEM, file=file, reason=message))
    errors = [_with_file(error, file) for error in errors]
    errors.sort(key=lambda error: (error.line, error.column))
    return ReadResult(found, errors)


def _with_file(error: RowError, file: str) -> RowError:
    if not file or error.file:
        return error
    return RowError(error.line, error.column, error.message, file, error.template, error.params)


class _Cells:
    """Field parsing for one row: each getter records an error and returns None."""

    def __init__(self, row: Row, columns: dict[str, str], errors: list[RowError]) -> None:
        self.row, self.columns, self.errors = row, columns, errors
        self.ok = True

    def fail(self, column: str, template: str, /, **params: object) -> None:
        self.ok = False
        self.errors.append(m.row_error(self.row.line, column, template, **params))

    def raw(self, name: str) -> str:
        column = self.columns.get(name)
        return self.row.get(column) if column else ""

    def text(self, name: str, limit: int, required: bool = True) -> str:
        value = self.raw(name)
        if not value and required:
            self.fail(name, m.EMPTY)
        elif len(value) > limit:
            self.fail(name, m.TOO_LONG, max=limit)
            return ""
        return value

    def date(self, name: str) -> date | None:
        value = self.raw(name)
        if not value:
            self.fail(name, m.EMPTY)
            return None
        try:
            return parse_date(value)
        except ValueError:
            self.fail(name, m.NOT_A_DATE)
            return None


# ---------------------------------------------------------------------------------------
# Dutch CSV layouts

_GRADES = _Layout(
    required={"leerlingnummer": STUDENT, "vak": SUBJECT, "datum": DATE, "cijfer": GRADE},
    optional={"weging": WEIGHT},
)


def _grade_row(row: Row, columns: dict[str, str], errors: list[RowError]) -> GradeRow | None:
    cells = _Cells(row, columns, errors)
    student = cells.text("leerlingnummer", MAX_KEY)
    subject = cells.text("vak", MAX_LABEL)
    when = cells.date("datum")
    raw_grade = cells.raw("cijfer")
    grade = 0.0
    skip = _word(raw_grade) in QUALITATIVE and not raw_grade.strip().isdigit()
    if not skip:
        if _GRADE.match(raw_grade) and 1.0 <= _number(raw_grade) <= 10.0:
            grade = _number(raw_grade)
        else:
            cells.fail("cijfer", m.NOT_A_GRADE)
    weight = 1.0
    raw_weight = cells.raw("weging")
    if raw_weight:
        if _NUMBER.match(raw_weight) and 0.0 <= _number(raw_weight) <= 100.0:
            weight = _number(raw_weight)
        else:
            cells.fail("weging", m.NOT_A_WEIGHT)
    if not cells.ok or skip or when is None:
        return None
    return GradeRow(student, subject, when, grade, weight, line=row.line)


def read_grades_csv(source: Source) -> ReadResult:
    """Grades in the Dutch CSV layout: leerlingnummer, vak, datum, cijfer[, weging]."""
    return _read_csv(source, _GRADES, _grade_row)


_ATTENDANCE = _Layout(
    required={
        "leerlingnummer": STUDENT,
        "datum": DATE,
        "lesuur": HOUR,
        "vak": SUBJECT,
        "status": STATUS,
    },
    optional={"reden": REASON, "geoorloofd": AUTHORISED},
)


def read_attendance_csv(source: Source) -> ReadResult:
    """Lesson attendance, one row per scheduled lesson: leerlingnummer, datum, lesuur,
    vak, status[, reden][, geoorloofd]."""
    seen: dict[tuple[str, date, int], int] = {}

    def build(row: Row, columns: dict[str, str], errors: list[RowError]) -> AttendanceRow | None:
        cells = _Cells(row, columns, errors)
        student = cells.text("leerlingnummer", MAX_KEY)
        when = cells.date("datum")
        hour_text = cells.raw("lesuur")
        found = _HOUR.search(hour_text)
        hour = int(found.group(1)) if found else -1
        if not 0 <= hour <= 20:
            cells.fail("lesuur", m.NOT_AN_HOUR)
        subject = cells.text("vak", MAX_LABEL)
        reason = cells.text("reden", MAX_LABEL, required=False)
        word = _word(cells.raw("status"))
        status: AttendanceStatus | None = AttendanceStatus.PRESENT
        if word not in STATUSES:
            cells.fail("status", m.UNKNOWN_STATUS)
        else:
            status = STATUSES[word]
            if status is None:
                authorised = _word(cells.raw("geoorloofd"))
                if authorised in NO:
                    status = AttendanceStatus.ABSENT_UNAUTHORISED
                elif authorised in YES or not authorised:
                    status = AttendanceStatus.ABSENT_AUTHORISED
                else:
                    cells.fail("geoorloofd", m.UNKNOWN_AUTHORISED)
        if not cells.ok or when is None or status is None:
            return None
        lesson = (student, when, hour)
        if lesson in seen:
            cells.fail("", m.DUPLICATE_LESSON, line=seen[lesson])
            return None
        seen[lesson] = row.line
        return AttendanceRow(student, when, hour, subject, status, reason, line=row.line)

    return _read_csv(source, _ATTENDANCE, build)


_HOMEWORK = _Layout(
    required={"leerlingnummer": STUDENT, "vak": SUBJECT, "inleverdatum": DUE, "gemaakt": DONE},
    optional={},
)


def _homework_row(row: Row, columns: dict[str, str], errors: list[RowError]) -> HomeworkRow | None:
    cells = _Cells(row, columns, errors)
    student = cells.text("leerlingnummer", MAX_KEY)
    subject = cells.text("vak", MAX_LABEL)
    due = cells.date("inleverdatum")
    word = _word(cells.raw("gemaakt"))
    done = word in DONE_WORDS
    if not done and word not in NOT_DONE_WORDS:
        cells.fail("gemaakt", m.UNKNOWN_DONE)
    if not cells.ok or due is None:
        return None
    return HomeworkRow(student, subject, due, done, line=row.line)


def read_homework_csv(source: Source) -> ReadResult:
    """Homework: leerlingnummer, vak, inleverdatum, gemaakt (ja/nee)."""
    return _read_csv(source, _HOMEWORK, _homework_row)


_LIFE_EVENTS = _Layout(
    required={"leerlingnummer": STUDENT, "datum": DATE},
    optional={"soort": KIND},
)


def _life_event_row(
    row: Row, columns: dict[str, str], errors: list[RowError]
) -> LifeEventRow | None:
    cells = _Cells(row, columns, errors)
    student = cells.text("leerlingnummer", MAX_KEY)
    when = cells.date("datum")
    kind = cells.text("soort", MAX_LABEL, required=False)
    if not cells.ok or when is None:
        return None
    return LifeEventRow(student, when, kind, line=row.line)


def read_life_events_csv(source: Source) -> ReadResult:
    """Changes at home: leerlingnummer, datum[, soort]. Only the kind is read, never a
    description."""
    return _read_csv(source, _LIFE_EVENTS, _life_event_row)


# ---------------------------------------------------------------------------------------
# OneRoster 1.1 gradebook


def _oneroster_files(source: Source) -> dict[str, Callable[[], bytes]] | None:
    """Lower-case file name → a function reading its bytes; None if not a set."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        if not zipfile.is_zipfile(io.BytesIO(data)):
            return None
        return _zip_files(lambda: io.BytesIO(data))
    path = Path(source)
    if path.is_dir():
        return {
            child.name.lower(): (lambda child=child: child.read_bytes())
            for child in path.iterdir()
            if child.is_file()
        }
    if path.is_file() and zipfile.is_zipfile(path):
        return _zip_files(lambda: path.open("rb"))
    return None


def _zip_files(opener: Callable[[], IO[bytes]]) -> dict[str, Callable[[], bytes]] | None:
    try:
        with zipfile.ZipFile(opener()) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError):
        return None

    def reader(name: str) -> Callable[[], bytes]:
        def read() -> bytes:
            with zipfile.ZipFile(opener()) as archive:
                return archive.read(name)

        return read

    return {
        PurePosixPath(name).name.lower(): reader(name)
        for name in names
        if not name.startswith("__MACOSX/")
    }


def _table(
    files: dict[str, Callable[[], bytes]], name: str, errors: list[RowError]
) -> Iterator[Row] | None:
    opener = files.get(name.lower())
    if opener is None:
        return None
    try:
        data = opener()
        text = decode_stream(io.BytesIO(data))
        problems: list[tuple[int, str, str]] = []
        _header, rows = read_rows(text, file=name, problems=problems)
        found = list(rows)
    except (CsvFileError, UnicodeError, OSError, zipfile.BadZipFile) as exc:
        errors.append(m.row_error(0, "", m.UNREADABLE, file=name, reason=str(exc)))
        return None
    for line, column, reason in problems:
        params = dict(getattr(reason, "params", ()))
        message = str(reason) % params if params else str(reason)
        errors.append(m.row_error(line, column, m.ROW_PROBLEM, file=name, reason=message))
    return iter(found)


def _active(row: Row) -> bool:
    return row.get("status").lower() != "tobedeleted"


_WEIGHT_IN_TITLE = re.compile(r"(?:weging|weight|gewicht)\D{0,3}(\d+(?:[.,]\d+)?)", re.I)


def read_oneroster_grades(source: Source) -> ReadResult:
    """OneRoster 1.1 gradebook files (a folder or zip): lineItems.csv, results.csv,
    categories.csv, and users.csv / classes.csv / courses.csv when present.

    Student: users.csv `identifier` (the student number), else the result's
    studentSourcedId. Subject: the course code of the class's course, else the class's
    `subjects`, the course title, the class title, and last the classSourcedId.
    Weight: a `weight` (or `metadata.weight`) column of the line item, else a number
    after "weging"/"weight" in the category title, else 1. A score is put on the Dutch
    1–10 scale from the line item's resultValueMin/Max when these are not 1 and 10.
    """
    files = _oneroster_files(source)
    if files is None:
        if not isinstance(source, bytes | bytearray) and not Path(source).exists():
            return ReadResult([], [m.row_error(0, "", m.NO_SUCH_FILE)], fatal=True)
        return ReadResult([], [m.row_error(0, "", m.NOT_A_ZIP_OR_FOLDER)], fatal=True)
    errors: list[RowError] = []
    for required in ("lineItems.csv", "results.csv"):
        if required.lower() not in files:
            errors.append(m.row_error(0, "", m.MISSING_FILE, file=required, name=required))
    if errors:
        return ReadResult([], errors, fatal=True)

    students: dict[str, str] = {}
    for row in _table(files, "users.csv", errors) or ():
        if _active(row) and row.get("sourcedid") and row.get("identifier"):
            students[row.get("sourcedid")] = row.get("identifier")
    courses: dict[str, str] = {}
    for row in _table(files, "courses.csv", errors) or ():
        label = row.get("coursecode") or row.get("title")
        if row.get("sourcedid") and label:
            courses[row.get("sourcedid")] = label
    subjects: dict[str, str] = {}
    for row in _table(files, "classes.csv", errors) or ():
        key = row.get("sourcedid")
        label = (
            courses.get(row.get("coursesourcedid"), "")
            or row.get("subjects").split(",")[0].strip()
            or row.get("title")
        )
        if key and label:
            subjects[key] = label[:MAX_LABEL]
    category_weights: dict[str, float] = {}
    for row in _table(files, "categories.csv", errors) or ():
        found = _WEIGHT_IN_TITLE.search(row.get("title"))
        if found and row.get("sourcedid"):
            category_weights[row.get("sourcedid")] = _number(found.group(1))

    @dataclass
    class Item:
        subject: str
        when: date | None
        weight: float
        low: float
        high: float

    items: dict[str, Item] = {}
    for row in _table(files, "lineItems.csv", errors) or ():
        if not _active(row):
            continue
        raw_weight = row.get("weight") or row.get("metadataweight")
        weight = category_weights.get(row.get("categorysourcedid"), 1.0)
        if raw_weight and _NUMBER.match(raw_weight):
            weight = _number(raw_weight)
        when = None
        for column in ("duedate", "assigndate"):
            try:
                when = parse_date(row.get(column))
                break
            except ValueError:
                continue
        low, high = 1.0, 10.0
        try:
            low = _number(row.get("resultvaluemin")) if row.get("resultvaluemin") else 1.0
            high = _number(row.get("resultvaluemax")) if row.get("resultvaluemax") else 10.0
        except ValueError:
            pass
        if high <= low:
            low, high = 1.0, 10.0
        class_id = row.get("classsourcedid")
        subject = subjects.get(class_id, class_id[:MAX_LABEL])
        items[row.get("sourcedid")] = Item(subject, when, max(0.0, weight), low, high)

    rows: list[GradeRow] = []
    for row in _table(files, "results.csv", errors) or ():
        if not _active(row):
            continue
        if row.get("scorestatus").lower() in ("exempt", "not submitted"):
            continue

        def fail(column: str, template: str, row: Row = row) -> None:
            errors.append(m.row_error(row.line, column, template, file="results.csv"))

        item = items.get(row.get("lineitemsourcedid"))
        if item is None:
            fail("lineItemSourcedId", m.UNKNOWN_LINE_ITEM)
            continue
        student_id = row.get("studentsourcedid")
        if not student_id:
            fail("studentSourcedId", m.EMPTY)
            continue
        raw_score = row.get("score")
        if not raw_score:
            continue  # not graded yet
        if not _NUMBER.match(raw_score):
            fail("score", m.NOT_A_SCORE)
            continue
        score = _number(raw_score)
        if not item.low <= score <= item.high:
            fail("score", m.SCORE_OUT_OF_RANGE)
            continue
        grade = 1.0 + 9.0 * (score - item.low) / (item.high - item.low)
        if (item.low, item.high) == (1.0, 10.0):
            grade = score
        when = item.when
        if row.get("scoredate"):
            try:
                when = parse_date(row.get("scoredate"))
            except ValueError:
                fail("scoreDate", m.NOT_A_DATE)
                continue
        if when is None:
            fail("scoreDate", m.EMPTY)
            continue
        student = students.get(student_id, student_id)[:MAX_KEY]
        rows.append(
            GradeRow(student, item.subject, when, round(grade, 2), item.weight, line=row.line)
        )
    errors.sort(key=lambda error: (error.file, error.line, error.column))
    return ReadResult(rows, errors)
