"""`driehoek import-school-data` and the nightly `driehoek signals`."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from driehoek.signals.models import HomeworkRecord, Signal
from tests.signals import school_data as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def streak_file(tmp_path):
    path = tmp_path / "huiswerk.csv"
    path.write_bytes(data.homework(data.streak("100001", "WI")))
    return path


def test_a_dry_run_writes_nothing(personas, streak_file, capsys):
    call_command("import_school_data", str(streak_file), "--kind", "homework",
                 "--school", "99ZZ", "--dry-run", "--json")  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert (report["dry_run"], report["counts"]["created"]) == (True, 8)
    assert not HomeworkRecord.objects.exists()


def test_it_imports_and_is_idempotent(personas, streak_file, capsys):
    call_command("import_school_data", str(streak_file), "--kind", "homework", "--school", "99ZZ")
    assert HomeworkRecord.objects.count() == 8
    capsys.readouterr()
    call_command("import_school_data", str(streak_file), "--kind", "homework",
                 "--school", "99ZZ", "--json")  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"created": 0, "updated": 0, "unchanged": 8, "skipped": 0}
    assert HomeworkRecord.objects.count() == 8


def test_a_bad_row_fails_the_command_and_writes_nothing(personas, tmp_path, capsys):
    path = tmp_path / "huiswerk.csv"
    path.write_bytes(data.homework([("999999", "WI", data.START, True)]))
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_school_data", str(path), "--kind", "homework", "--school", "99ZZ")
    assert "line 2" in capsys.readouterr().out
    assert not HomeworkRecord.objects.exists()


def test_the_nightly_command_runs_detection(personas, streak_file, capsys):
    call_command("import_school_data", str(streak_file), "--kind", "homework",
                 "--school", "99ZZ", "--no-detect")  # fmt: skip
    assert not Signal.objects.exists()
    capsys.readouterr()
    call_command("signals", "--school", "99ZZ", "--json")
    counts = json.loads(capsys.readouterr().out)
    assert counts["99ZZ"]["students"] == 1
    call_command("signals", "--school", "99ZZ", "--json")
    assert json.loads(capsys.readouterr().out)["99ZZ"]["students"] == 0


def test_an_unknown_school_is_an_error(personas, streak_file):
    with pytest.raises(CommandError):
        call_command("signals", "--school", "00XX")
