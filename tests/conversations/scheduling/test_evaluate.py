"""evaluate(): feasibility and the quality measures, checked against hand computations."""

from __future__ import annotations

import pytest

from driehoek.conversations.scheduling import InstanceError, evaluate

from .builders import assign, instance, request, window

WHOLE = [window("e1", 0, 8), window("e2", 0, 8)]


def two_evenings():
    return instance(
        evenings={"e1": 8, "e2": 8},
        teachers={"t1": WHOLE, "t2": WHOLE, "t3": [window("e1", 2, 8)]},
        families={
            "f1": (
                WHOLE,
                [
                    request("r1", "t1", priority=1),
                    request("r2", "t2", priority=2, needed=True),
                    request("r3", "t1", "t2", priority=3),
                ],
            ),
            "f2": (WHOLE, [request("r4", "t1", priority=5), request("r5", "t3")]),
        },
    )


def test_a_compact_schedule_has_no_waiting_and_no_gaps():
    result = evaluate(
        two_evenings(),
        assign(("r2", "e1", 2), ("r3", "e1", 3), ("r1", "e1", 4), ("r4", "e1", 5), ("r5", "e1", 6)),
    )
    assert result == {
        "feasible": True,
        "violations": [],
        "needed_unmet": 0,
        "unmet": 0,
        "family_wait_minutes": 0,
        "teacher_gap_minutes": 0,
    }


def test_idle_slots_between_conversations_count_as_waiting_and_gaps():
    # f1: slots 0, 3, 7 → 5 idle slots = 50 min. f2: slots 1 and 4 → 2 idle = 20 min.
    # t1: 0, 1, 7 (r1, r4, r3) → 5 idle; t2: 3, 7 → 3 idle; t3: 4 → 0. Gaps 80 min.
    result = evaluate(
        two_evenings(),
        assign(("r1", "e1", 0), ("r2", "e1", 3), ("r3", "e1", 7), ("r4", "e1", 1), ("r5", "e1", 4)),
    )
    assert result["feasible"]
    assert result["family_wait_minutes"] == 70
    assert result["teacher_gap_minutes"] == 80


def test_every_extra_evening_costs_a_family_an_hour():
    result = evaluate(
        two_evenings(),
        assign(("r1", "e1", 0), ("r2", "e2", 0), ("r3", "e2", 1), ("r4", "e1", 1), ("r5", "e1", 2)),
    )
    assert result["feasible"]
    assert result["family_wait_minutes"] == 60
    assert result["teacher_gap_minutes"] == 0  # an evening's gap is counted per evening


def test_unmet_requests_are_weighted_by_priority_and_needed_ones_counted_apart():
    # r1 priority 1 → 3, r2 priority 2 → 2 (needed), r3 priority 3 → 1, r4 priority 5 → 1.
    result = evaluate(two_evenings(), assign(("r5", "e1", 2), unassigned=("r1", "r2", "r3", "r4")))
    assert result["feasible"]
    assert result["needed_unmet"] == 1
    assert result["unmet"] == 3 + 2 + 1 + 1


def test_a_family_in_two_places_at_once_is_infeasible():
    result = evaluate(
        two_evenings(),
        assign(("r1", "e1", 0), ("r2", "e1", 0), ("r3", "e1", 1), ("r4", "e1", 2), ("r5", "e1", 3)),
    )
    assert not result["feasible"]
    assert any("Family 'f1' has two conversations" in v for v in result["violations"])


def test_a_teacher_in_two_places_at_once_is_infeasible():
    result = evaluate(
        two_evenings(),
        assign(("r1", "e1", 0), ("r2", "e1", 1), ("r3", "e1", 2), ("r4", "e1", 0), ("r5", "e1", 3)),
    )
    assert not result["feasible"]
    assert any("Teacher 't1' has two conversations" in v for v in result["violations"])


def test_a_joint_request_needs_every_teacher_free_and_available():
    # r3 is t1 + t2 at slot 3, where t2 also has r2.
    result = evaluate(
        two_evenings(),
        assign(("r1", "e1", 0), ("r2", "e1", 3), ("r3", "e1", 3), ("r4", "e1", 1), ("r5", "e1", 4)),
    )
    assert not result["feasible"]
    assert any("Teacher 't2' has two conversations" in v for v in result["violations"])


def test_a_conversation_outside_availability_is_infeasible():
    # t3 starts at slot 2 and is not there on e2 at all.
    result = evaluate(
        two_evenings(),
        assign(("r1", "e1", 0), ("r2", "e1", 3), ("r3", "e1", 4), ("r4", "e1", 5), ("r5", "e2", 1)),
    )
    assert result["violations"] == [
        "Request 'r5': teacher 't3' is not available at evening 'e2' slot 1."
    ]


def test_missing_duplicate_and_unknown_requests_are_violations():
    result = evaluate(
        two_evenings(),
        assign(
            ("r1", "e1", 0),
            ("r1", "e1", 5),
            ("r9", "e1", 1),
            ("r2", "e9", 1),
            ("r3", "e1", 8),
            unassigned=("r4",),
        ),
    )
    assert not result["feasible"]
    text = "\n".join(result["violations"])
    assert "Request 'r1' appears 2 times." in text
    assert "unknown request 'r9'" in text
    assert "unknown evening 'e9'" in text
    assert "slot 8 does not exist on evening 'e1'" in text
    assert "Request 'r5' is missing from the schedule." in text


def test_a_malformed_instance_is_refused_with_its_problems():
    with pytest.raises(InstanceError) as raised:
        evaluate({"slot_minutes": 10, "evenings": [], "teachers": [], "families": []}, assign())
    assert "evenings must be a non-empty list." in raised.value.problems
