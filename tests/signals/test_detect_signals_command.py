"""`driehoek detect-signals`: the detectors on the sample files, without a database.

No test here has database access (pytest-django would fail the test on any query)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).parent / "data"
FILES = [
    "--attendance", str(DATA / "attendance.csv"),
    "--grades", str(DATA / "grades.csv"),
    "--homework", str(DATA / "homework.csv"),
    "--life-events", str(DATA / "life_events.csv"),
]  # fmt: skip


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("detect_signals", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_every_signal_with_its_evidence():
    out, err = run(*FILES)

    assert err == ""
    assert out.startswith("8 signals as of 2025-11-22 (each is a reason for a conversation")
    assert "[subject_absence_cluster] student 1001, lo" in out
    assert "[absence_trend] student 1004" in out
    assert "[life_event_follow_up] student 1005" in out
    assert "[homework_streak] student 1006, wi" in out
    assert "Suggested first step:" in out
    assert "line 15: 2025-09-03 hour 3 lo: absent_authorised (ARTS)" in out
    assert "1002" not in out  # the sick week
    assert "1003" not in out  # the steady student


def test_json_output_parses_back():
    out, _err = run(*FILES, "--json")
    report = json.loads(out)

    assert report["today"] == "2025-11-22"
    assert report["errors"] == []
    found = {(s["kind"], s["student"], s["subject"]) for s in report["signals"]}
    assert found == {
        ("subject_absence_cluster", "1001", "lo"),
        ("absence_trend", "1004", None),
        ("lateness_trend", "1004", None),
        ("grade_drop", "1005", None),
        ("grade_drop", "1005", "wi"),
        ("grade_drop", "1005", "ne"),
        ("life_event_follow_up", "1005", None),
        ("homework_streak", "1006", "wi"),
    }
    cluster = next(s for s in report["signals"] if s["kind"] == "subject_absence_cluster")
    assert cluster["measures"]["absences"] == 6
    assert {row["type"] for row in cluster["evidence"]} == {"attendance"}
    assert cluster["evidence"][0] == {
        "type": "attendance", "student": "1001", "date": "2025-09-03", "hour": 3,
        "subject": "lo", "status": "absent_authorised", "reason": "ARTS", "line": 15,
    }  # fmt: skip
    follow_up = next(s for s in report["signals"] if s["kind"] == "life_event_follow_up")
    assert follow_up["evidence"][0]["type"] == "life_event"
    assert follow_up["suggested_first_step"]
    assert follow_up["key"].startswith("life_event_follow_up:")


def test_today_can_be_given():
    out, _err = run("--attendance", str(DATA / "attendance.csv"), "--today", "2025-10-18", "--json")
    report = json.loads(out)
    assert report["today"] == "2025-10-18"
    assert [s["kind"] for s in report["signals"]] == ["subject_absence_cluster"]
    with pytest.raises(CommandError, match="not a date"):
        run("--attendance", str(DATA / "attendance.csv"), "--today", "gisteren")


def test_grades_from_a_oneroster_folder():
    out, _err = run(
        "--attendance", str(DATA / "attendance.csv"), "--grades", str(DATA / "oneroster"),
        "--json",
    )  # fmt: skip
    kinds = {(s["kind"], s["student"], s["subject"]) for s in json.loads(out)["signals"]}
    assert ("grade_drop", "1005", "wi") in kinds


def test_row_errors_go_to_stderr_with_their_line(tmp_path):
    attendance = tmp_path / "absences.csv"
    attendance.write_text(
        "leerlingnummer;datum;lesuur;vak;status\n1;01-09-2025;1;wi;aanwezig\n1;32-09-2025;2;wi;x\n"
    )
    out, err = run("--attendance", str(attendance), "--json")

    assert "absences.csv, line 3, column datum: is not a date" in err
    assert "absences.csv, line 3, column status: is not a known status" in err
    assert json.loads(out)["errors"][0] == {
        "file": "absences.csv", "line": 3, "column": "datum",
        "message": "is not a date (use dd-mm-jjjj or jjjj-mm-dd)",
    }  # fmt: skip


def test_an_unreadable_file_stops_the_command():
    with pytest.raises(CommandError, match="Cannot read broken.csv"):
        run("--attendance", str(DATA / "attendance.csv"), "--homework", str(DATA / "broken.csv"))


def test_a_missing_file_stops_the_command(tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("detect_signals", "--attendance", str(tmp_path / "no.csv"), stderr=err)
    assert "no.csv: this file or folder does not exist" in err.getvalue()
