"""Property-based: malformed CSV never crashes the import, always gives a clear report,
and an import with a rejected row writes nothing."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from driehoek.roster.models import Group, Guardian, StaffMember, Student
from driehoek.roster_import.csvtext import neutralise_cell
from driehoek.roster_import.readers import read_roster
from driehoek.roster_import.records import UnreadableImport
from driehoek.roster_import.services import import_roster
from tests.roster_import.conftest import small_school_files, write_set

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

INJECTIONS = ["=cmd|' /C calc'!A0", "+SUM(1+1)", "-2+3", '@HYPERLINK("x")', "=1+1;", "\t=1"]


def rows_written() -> tuple[int, int, int, int]:
    return (
        Student.objects.count(),
        Guardian.objects.count(),
        StaffMember.objects.count(),
        Group.objects.count(),
    )


def check(folder, school, format: str | None = None) -> None:
    """The property: a report, never an exception; rejected means nothing written."""
    before = rows_written()
    try:
        roster = read_roster(folder, format=format)
    except UnreadableImport as exc:
        assert exc.problems and all(str(problem) for problem in exc.problems)
        assert rows_written() == before
        return
    report = import_roster(school=school, roster=roster)
    for problem in report.problems:
        assert problem.file and problem.text  # file and reason, always
    if report.rejected:
        assert report.error_count > 0
        assert rows_written() == before


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_as_users_csv(school, tmp_path_factory, data):
    folder = write_set(tmp_path_factory.mktemp("set"), small_school_files())
    (folder / "users.csv").write_bytes(data)
    check(folder, school)


@FUZZ
@given(
    text=st.text(max_size=300),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
)
def test_users_csv_in_any_encoding_with_any_text(school, tmp_path_factory, text, encoding):
    folder = write_set(tmp_path_factory.mktemp("set"), small_school_files())
    header = small_school_files()["users.csv"].splitlines()[0]
    (folder / "users.csv").write_bytes((header + "\n" + text).encode(encoding, errors="replace"))
    check(folder, school)


REQUIRED = [
    ("users.csv", "sourcedId"),
    ("users.csv", "givenName"),
    ("users.csv", "familyName"),
    ("users.csv", "role"),
    ("classes.csv", "title"),
    ("classes.csv", "classType"),
    ("enrollments.csv", "classSourcedId"),
    ("enrollments.csv", "userSourcedId"),
]


@FUZZ
@given(missing=st.sampled_from(REQUIRED), delimiter=st.sampled_from([",", ";"]))
def test_a_missing_header_column_rejects_the_import(school, tmp_path_factory, missing, delimiter):
    name, drop = missing
    files = small_school_files()
    rows = list(csv.reader(io.StringIO(files[name])))
    index = rows[0].index(drop)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(row[:index] + row[index + 1 :] for row in rows)
    files[name] = out.getvalue()
    folder = write_set(tmp_path_factory.mktemp("set"), files)
    before = rows_written()

    report = import_roster(school=school, roster=read_roster(folder))

    assert report.rejected
    assert any(
        p.file == name and p.line == 1 and p.text == f"the header lacks the column(s) {drop}"
        for p in report.problems
    )
    assert rows_written() == before


@FUZZ
@given(
    key=st.sampled_from(["s-1", "s-2", "p-1", "t-1"]),
    dangling=st.text(alphabet="abcdefghijklmnop-0123456789", min_size=1, max_size=12),
)
def test_duplicates_and_dangling_references_are_reported_and_nothing_is_written(
    school, tmp_path_factory, key, dangling
):
    files = small_school_files()
    duplicate = next(line for line in files["users.csv"].splitlines() if line.startswith(key + ","))
    files["users.csv"] += duplicate + "\n"
    files["enrollments.csv"] += f"e-x,active,,c-2a,org-1,zz-{dangling},student,false,,\n"
    folder = write_set(tmp_path_factory.mktemp("set"), files)
    before = rows_written()

    report = import_roster(school=school, roster=read_roster(folder))

    assert report.rejected
    reasons = [problem.text for problem in report.problems]
    assert f"'{key}' appears twice (also on line" in " ".join(reasons)
    assert f"refers to unknown user 'zz-{dangling}'" in reasons
    assert rows_written() == before


@FUZZ
@given(size=st.integers(min_value=2001, max_value=200_000))
def test_a_huge_field_is_rejected_with_its_line(school, tmp_path_factory, size):
    files = small_school_files()
    files["users.csv"] = files["users.csv"].replace("Noor", "N" * size)
    folder = write_set(tmp_path_factory.mktemp("set"), files)
    before = rows_written()

    report = import_roster(school=school, roster=read_roster(folder))

    assert report.rejected
    assert any(p.file == "users.csv" and p.line == 2 for p in report.problems)
    assert rows_written() == before


@FUZZ
@given(injection=st.sampled_from(INJECTIONS), suffix=st.text(max_size=20))
def test_csv_injection_in_a_name_is_stored_as_plain_text(
    school, tmp_path_factory, injection, suffix
):
    name = (injection + suffix).replace(",", " ").replace('"', " ").replace("\n", " ")
    name = name.replace("\r", " ").strip() or "x"
    files = small_school_files()
    files["users.csv"] = files["users.csv"].replace("Pieter", name[:90])
    folder = write_set(tmp_path_factory.mktemp("set"), files)

    import_roster(school=school, roster=read_roster(folder))

    # Stored as the school wrote it; any export neutralises it (next test).
    assert StaffMember.objects.filter(external_id="t-2").exists()


@given(value=st.text(max_size=50))
def test_an_exported_cell_never_starts_a_formula(value):
    cell = neutralise_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.removeprefix("'") == value or cell == value


@given(injection=st.sampled_from(INJECTIONS))
def test_known_injections_get_an_apostrophe(injection):
    assert neutralise_cell(injection) == "'" + injection


@FUZZ
@given(
    body=st.text(max_size=300),
    delimiter=st.sampled_from([";", ","]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_a_dutch_students_file_with_any_body_gives_a_report(
    school, tmp_path_factory, body, delimiter, encoding
):
    folder = tmp_path_factory.mktemp("export")
    header = delimiter.join(["leerlingnummer", "roepnaam", "achternaam", "geboortedatum", "groep"])
    (folder / "leerlingen.csv").write_bytes(
        (header + "\r\n" + body).encode(encoding, errors="replace")
    )
    check(folder, school, format="csv")
