"""The commands schedule-evening and evaluate-schedule, end to end on a tiny instance file."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from driehoek.cli import main

from .builders import instance, request, window


@pytest.fixture
def instance_file(tmp_path):
    whole = [window("e1", 0, 6)]
    data = instance(
        evenings={"e1": 6},
        teachers={"t1": whole, "t2": whole},
        families={
            "f1": (whole, [request("r1", "t1"), request("r2", "t2", needed=True)]),
            "f2": (whole, [request("r3", "t1", priority=2)]),
        },
    )
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data))
    return path


def test_schedule_evening_writes_a_schedule_and_prints_the_measures(
    instance_file, tmp_path, capsys
):
    out = tmp_path / "schedule.json"
    main(
        [
            "driehoek",
            "schedule-evening",
            str(instance_file),
            "--out",
            str(out),
            "--time-limit",
            "1",
            "--seed",
            "4",
        ]
    )
    schedule = json.loads(out.read_text())
    assert sorted(a["request"] for a in schedule["assignments"]) == ["r1", "r2", "r3"]
    printed = capsys.readouterr().out
    assert "Requests met: 3 of 3" in printed
    assert "family_wait_minutes 0" in printed


def test_evaluate_schedule_prints_feasibility_and_measures(instance_file, tmp_path, capsys):
    out = tmp_path / "schedule.json"
    call_command("schedule_evening", str(instance_file), "--out", str(out), "--time-limit", "1")
    capsys.readouterr()
    main(["driehoek", "evaluate-schedule", str(instance_file), str(out)])
    printed = capsys.readouterr().out
    assert "feasible: yes" in printed
    assert "needed_unmet: 0" in printed
    assert "teacher_gap_minutes: 0" in printed


def test_evaluate_schedule_exits_with_1_for_an_infeasible_schedule(instance_file, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "assignments": [
                    {"request": "r1", "evening": "e1", "slot": 0},
                    {"request": "r3", "evening": "e1", "slot": 0},
                ],
                "unassigned": ["r2"],
            }
        )
    )
    with pytest.raises(SystemExit) as raised:
        call_command("evaluate_schedule", str(instance_file), str(bad))
    assert raised.value.code == 1
    printed = capsys.readouterr().out
    assert "feasible: no" in printed
    assert "Teacher 't1' has two conversations at evening 'e1' slot 0" in printed


def test_a_malformed_instance_gets_a_plain_message(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"slot_minutes": 10,')
    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("schedule_evening", str(broken), "--out", str(tmp_path / "s.json"))
    broken.write_text(
        json.dumps({"slot_minutes": 10, "evenings": [], "teachers": [], "families": []})
    )
    with pytest.raises(CommandError, match="evenings must be a non-empty list"):
        call_command("schedule_evening", str(broken), "--out", str(tmp_path / "s.json"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("evaluate_schedule", str(tmp_path / "missing.json"), str(broken))
    assert not (tmp_path / "s.json").exists()


def test_a_time_limit_of_zero_is_refused(instance_file, tmp_path):
    with pytest.raises(CommandError, match="more than 0 seconds"):
        call_command(
            "schedule_evening",
            str(instance_file),
            "--out",
            str(tmp_path / "s.json"),
            "--time-limit",
            "0",
        )
