"""validate_instance(): problems in plain language."""

from __future__ import annotations

from driehoek.conversations.scheduling import validate_instance

from .builders import instance, request, window


def good():
    return instance(
        evenings={"e1": 6},
        teachers={"t1": [window("e1", 0, 6)]},
        families={"f1": ([window("e1", 0, 6)], [request("r1", "t1")])},
    )


def test_a_good_instance_has_no_problems():
    assert validate_instance(good()) == []


def test_an_instance_that_is_no_object_is_refused():
    assert validate_instance([1, 2]) == ["The instance must be a JSON object."]


def test_unknown_teachers_evenings_and_bad_windows_are_named():
    data = good()
    data["teachers"][0]["available"] = [window("e2", 0, 3), window("e1", 4, 9)]
    data["families"][0]["requests"].append(request("r2", "t7"))
    problems = validate_instance(data)
    assert "Teacher 't1', window 1: unknown evening 'e2'." in problems
    assert any("slots 4–9 do not fit evening 'e1'" in p for p in problems)
    assert "Request 'r2' (family 'f1'): unknown teacher 't7'." in problems


def test_duplicate_ids_and_bad_fields_are_named():
    data = good()
    data["families"].append(data["families"][0])
    data["families"][0]["requests"][0]["priority"] = 0
    data["evenings"][0]["date"] = "10 november"
    problems = validate_instance(data)
    assert "Family 'f1': the id is used twice." in problems
    assert "Request 'r1' (family 'f1'): the id is used twice." in problems
    assert "Request 'r1' (family 'f1'): priority must be a whole number, 1 or more." in problems
    assert "Evening 'e1': date must look like 2026-11-10." in problems


def test_a_request_without_teachers_is_refused():
    data = good()
    data["families"][0]["requests"][0]["teachers"] = []
    assert validate_instance(data) == [
        "Request 'r1' (family 'f1'): teachers must be a non-empty list."
    ]
