"""The date of birth is optional in every import format: real exports often leave it out.
Only birthDate is read from OneRoster's demographics.csv (data minimisation)."""

from __future__ import annotations

import contextlib
import json
from io import StringIO

from django.core.management import CommandError, call_command

from driehoek.roster.models import Student
from tests.roster_import.conftest import small_school_files, write_set


def run(path, *args: str) -> dict:
    out = StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_roster", str(path), "--school", "99ZZ", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def _without_birth_dates() -> dict[str, str]:
    files = small_school_files()
    files["users.csv"] = files["users.csv"].replace(",2013-03-04", ",").replace(",15-09-2012", ",")
    return files


def test_students_without_a_date_of_birth_are_imported_with_an_unknown_one(school, tmp_path):
    report = run(write_set(tmp_path / "set", _without_birth_dates()))

    assert report["outcome"] == "applied" and report["errors"] == 0
    assert report["counts"]["students"]["created"] == 2
    assert list(Student.objects.values_list("date_of_birth", flat=True)) == [None, None]
    assert Student.objects.get(external_id="s-2").guardian_links.count() == 1


def test_the_birth_date_comes_from_demographics_and_nothing_else_of_it_is_kept(school, tmp_path):
    files = _without_birth_dates()
    files["demographics.csv"] = (
        "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,"
        "countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth\n"
        "s-1,active,,2013-03-04,female,false,NL,,Zwolle\n"
    )

    report = run(write_set(tmp_path / "set", files))

    assert report["outcome"] == "applied"
    noor = Student.objects.get(external_id="s-1")
    assert str(noor.date_of_birth) == "2013-03-04"
    assert Student.objects.get(external_id="s-2").date_of_birth is None
    stored = json.dumps(list(Student.objects.values()), default=str)
    assert "Zwolle" not in stored and "female" not in stored


def test_a_birth_date_that_is_not_a_date_rejects_the_row(school, tmp_path):
    files = small_school_files()
    files["users.csv"] = files["users.csv"].replace("2013-03-04", "31-02-2013x")

    report = run(write_set(tmp_path / "set", files))

    assert report["outcome"] == "rejected"
    problems = [(p["file"], p["column"], p["reason"]) for p in report["problems"]]
    assert ("users.csv", "birthDate", "'31-02-2013x' is not a date") in problems
    assert not Student.objects.exists()


def test_a_later_file_without_a_birth_date_keeps_the_one_driehoek_has(school, tmp_path):
    run(write_set(tmp_path / "v1", small_school_files()))

    report = run(write_set(tmp_path / "v2", _without_birth_dates()))

    assert report["outcome"] == "applied"
    assert report["counts"]["students"]["updated"] == 0
    assert str(Student.objects.get(external_id="s-1").date_of_birth) == "2013-03-04"
