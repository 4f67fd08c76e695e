"""Properties of the readers: rows written in the documented layouts, with a random
delimiter, encoding, date format, decimal separator and column names, read back the
same; and garbage never raises, it only gives row errors (or an unreadable file)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from driehoek.signals.detection import (
    AttendanceRow,
    AttendanceStatus,
    GradeRow,
    HomeworkRow,
    LifeEventRow,
    ReadResult,
)
from driehoek.signals.detection.readers import (
    read_attendance_csv,
    read_grades_csv,
    read_homework_csv,
    read_life_events_csv,
    read_oneroster_grades,
)

# Text every encoding we write can hold (cp1252 included), without edge whitespace.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëïöüÉ"
keys = st.text(alphabet=LETTERS + "0123456789", min_size=1, max_size=12)
labels = (
    st.text(alphabet=LETTERS + "0123456789 ;,\"'-=", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
grades = st.integers(min_value=10, max_value=100).map(lambda tenths: tenths / 10)
weights = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 10.0])


@st.composite
def formats(draw):
    return {
        "delimiter": draw(st.sampled_from([";", ","])),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])),
        "date": draw(st.sampled_from(["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%-d-%-m-%Y"])),
        "comma": draw(st.booleans()),
        "upper": draw(st.booleans()),
    }


def write(header: list[str], rows: list[list[str]], form: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=form["delimiter"])
    writer.writerow([name.upper() if form["upper"] else name for name in header])
    writer.writerows(rows)
    return buffer.getvalue().encode(form["encoding"])


def day(value: dt.date, form: dict) -> str:
    return value.strftime(form["date"])


def number(value: float, form: dict) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if form["comma"] else text


def stripped(rows):
    return [row.__class__(*(getattr(row, f) for f in row.__slots__[:-1])) for row in rows]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.builds(GradeRow, keys, labels, dates, grades, weights), max_size=15),
    formats(),
    st.sampled_from([("leerlingnummer", "vak", "datum", "cijfer", "weging"),
                     ("Student number", "Subject", "Date", "Grade", "Weight"),
                     ("llnr", "vakcode", "toetsdatum", "resultaat", "wegingsfactor")]),
)  # fmt: skip
def test_grades_round_trip(rows, form, header):
    data = write(
        list(header),
        [[r.student, r.subject, day(r.date, form), number(r.grade, form), number(r.weight, form)]
         for r in rows],
        form,
    )  # fmt: skip
    result = read_grades_csv(data)
    assert result.errors == []
    assert stripped(result.rows) == rows
    assert [row.line for row in result.rows] == list(range(2, len(rows) + 2))


STATUS_WORDS = {
    AttendanceStatus.PRESENT: ["aanwezig", "Present", ""],
    AttendanceStatus.ABSENT_AUTHORISED: ["afwezig geoorloofd", "Afwezig (geoorloofd)",
                                         "absent authorised", "geoorloofd afwezig"],
    AttendanceStatus.ABSENT_UNAUTHORISED: ["afwezig ongeoorloofd", "Absent unauthorized",
                                           "ongeoorloofd"],
    AttendanceStatus.LATE: ["te laat", "Te Laat", "late"],
}  # fmt: skip


@st.composite
def attendance_rows(draw):
    lessons = draw(st.lists(st.tuples(keys, dates, st.integers(0, 20)), max_size=15, unique=True))
    return [
        AttendanceRow(
            student, when, hour, draw(labels), draw(st.sampled_from(list(AttendanceStatus))),
            draw(st.one_of(st.just(""), labels)),
        )
        for student, when, hour in lessons
    ]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(attendance_rows(), formats(), st.data())
def test_attendance_round_trip(rows, form, data):
    header = ["Leerlingnummer", "Datum", "Lesuur", "Vak", "Status", "Reden"]
    written = [
        [r.student, day(r.date, form), f"{r.hour}e uur" if form["comma"] else str(r.hour),
         r.subject, data.draw(st.sampled_from(STATUS_WORDS[r.status])), r.reason]
        for r in rows
    ]  # fmt: skip
    result = read_attendance_csv(write(header, written, form))
    assert result.errors == []
    assert stripped(result.rows) == rows


DONE_WORDS = {True: ["ja", "Ja", "gemaakt", "yes", "1"], False: ["nee", "niet gemaakt", "no", "0"]}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.builds(HomeworkRow, keys, labels, dates, st.booleans()), max_size=15),
    st.lists(st.builds(LifeEventRow, keys, dates, st.one_of(st.just(""), labels)), max_size=8),
    formats(),
    st.data(),
)
def test_homework_and_life_events_round_trip(homework, events, form, data):
    written = [
        [r.student, r.subject, day(r.due, form), data.draw(st.sampled_from(DONE_WORDS[r.done]))]
        for r in homework
    ]
    result = read_homework_csv(write(["leerlingnummer", "vak", "inleverdatum", "gemaakt"],
                                     written, form))  # fmt: skip
    assert result.errors == []
    assert stripped(result.rows) == homework

    written = [[r.student, day(r.date, form), r.kind] for r in events]
    result = read_life_events_csv(write(["leerlingnummer", "datum", "soort"], written, form))
    assert result.errors == []
    assert stripped(result.rows) == events


def check(result: ReadResult) -> None:
    assert isinstance(result, ReadResult)
    for error in result.errors:
        assert isinstance(error.line, int) and error.line >= 0
        assert error.message
    if result.fatal:
        assert result.rows == [] and result.errors


GARBAGE_HEADERS = [
    b"leerlingnummer;datum;lesuur;vak;status;reden\n",
    b"leerlingnummer,vak,datum,cijfer,weging\n",
    b"leerlingnummer;vak;inleverdatum;gemaakt\n",
    b"leerlingnummer;datum;soort\n",
    b"",
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(GARBAGE_HEADERS), st.binary(max_size=300))
def test_garbage_gives_only_row_errors(header, body):
    for reader in (read_attendance_csv, read_grades_csv, read_homework_csv, read_life_events_csv):
        check(reader(header + body))


cells = st.text(alphabet=LETTERS + "0123456789 ;,.-/\"'\n\r\t=", max_size=12)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(GARBAGE_HEADERS[:4]), st.lists(st.lists(cells, max_size=8), max_size=8))
def test_garbage_cells_give_only_row_errors(header, rows):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    data = header + buffer.getvalue().encode()
    for reader in (read_attendance_csv, read_grades_csv, read_homework_csv, read_life_events_csv):
        check(reader(data))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cells, max_size=7), max_size=6), st.lists(st.lists(cells, max_size=9),
                                                                   max_size=6))  # fmt: skip
def test_garbage_oneroster_sets_give_only_row_errors(items, results):
    def table(header, rows):
        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, *rows])
        return buffer.getvalue()

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(
            "lineItems.csv",
            table(
                [
                    "sourcedId",
                    "classSourcedId",
                    "dueDate",
                    "resultValueMin",
                    "resultValueMax",
                    "weight",
                ],
                items,
            ),
        )
        out.writestr(
            "results.csv",
            table(
                [
                    "sourcedId",
                    "lineItemSourcedId",
                    "studentSourcedId",
                    "score",
                    "scoreDate",
                    "status",
                    "scoreStatus",
                ],
                results,
            ),
        )
    check(read_oneroster_grades(archive.getvalue()))  # fmt: skip
