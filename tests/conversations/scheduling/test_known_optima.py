"""solve() on hand-built instances whose optimum is known."""

from __future__ import annotations

from driehoek.conversations.scheduling import evaluate, solve, solve_with_report

from .builders import instance, request, window


def measures(data, schedule):
    result = evaluate(data, schedule)
    assert result["feasible"], result["violations"]
    return (
        result["needed_unmet"],
        result["unmet"],
        result["family_wait_minutes"],
        result["teacher_gap_minutes"],
    )


def slots_of(schedule):
    return {a["request"]: (a["evening"], a["slot"]) for a in schedule["assignments"]}


def test_a_family_sees_three_teachers_back_to_back():
    whole = [window("e1", 0, 6)]
    data = instance(
        evenings={"e1": 6},
        teachers={"t1": whole, "t2": whole, "t3": whole},
        families={"f1": (whole, [request("r1", "t1"), request("r2", "t2"), request("r3", "t3")])},
    )
    schedule = solve(data, time_limit=1)
    assert measures(data, schedule) == (0, 0, 0, 0)
    used = sorted(s for _, s in slots_of(schedule).values())
    assert used == list(range(used[0], used[0] + 3))


def test_the_needed_conversation_wins_the_last_slot():
    data = instance(
        evenings={"e1": 3},
        teachers={"t1": [window("e1", 1, 2)]},
        families={
            "f1": ([window("e1", 0, 3)], [request("r1", "t1", priority=1)]),
            "f2": ([window("e1", 0, 3)], [request("r2", "t1", priority=3, needed=True)]),
        },
    )
    schedule = solve(data, time_limit=1)
    assert schedule["unassigned"] == ["r1"]
    assert measures(data, schedule) == (0, 3, 0, 0)


def test_the_higher_priority_wins_when_nobody_is_needed():
    data = instance(
        evenings={"e1": 3},
        teachers={"t1": [window("e1", 1, 2)]},
        families={
            "f1": ([window("e1", 0, 3)], [request("r1", "t1", priority=2)]),
            "f2": ([window("e1", 0, 3)], [request("r2", "t1", priority=1)]),
        },
    )
    assert solve(data, time_limit=1)["unassigned"] == ["r1"]


def test_siblings_with_the_same_teacher_get_two_slots_next_to_each_other():
    whole = [window("e1", 0, 6)]
    data = instance(
        evenings={"e1": 6},
        teachers={"t1": whole, "t2": whole},
        families={
            "f1": (whole, [request("anna", "t1"), request("bram", "t1"), request("bram-2", "t2")]),
            "f2": (whole, [request("r4", "t2")]),
        },
    )
    schedule = solve(data, time_limit=1)
    assert measures(data, schedule) == (0, 0, 0, 0)
    slots = slots_of(schedule)
    assert slots["anna"] != slots["bram"]


def test_a_joint_conversation_puts_both_teachers_in_one_slot_without_gaps():
    whole = [window("e1", 0, 4)]
    data = instance(
        evenings={"e1": 4},
        teachers={"mentor": whole, "maths": whole},
        families={
            "f1": (whole, [request("joint", "mentor", "maths")]),
            "f2": (whole, [request("r2", "mentor")]),
            "f3": (whole, [request("r3", "maths"), request("r4", "mentor")]),
        },
    )
    schedule = solve(data, time_limit=1)
    assert measures(data, schedule) == (0, 0, 0, 0)


def test_a_family_comes_twice_only_when_its_teachers_never_share_an_evening():
    data = instance(
        evenings={"e1": 4, "e2": 4},
        teachers={
            "t1": [window("e1", 0, 4)],
            "t2": [window("e2", 0, 4)],
            "t3": [window("e1", 0, 4), window("e2", 0, 4)],
        },
        families={
            "split": (
                [window("e1", 0, 4), window("e2", 0, 4)],
                [request("a", "t1"), request("b", "t2")],
            ),
            "stays": (
                [window("e1", 0, 4), window("e2", 0, 4)],
                [request("c", "t2"), request("d", "t3")],
            ),
        },
    )
    schedule, report = solve_with_report(data, time_limit=1)
    assert measures(data, schedule) == (0, 0, 60, 0)
    assert slots_of(schedule)["d"][0] == "e2"
    assert report.optimal


def test_a_forced_wait_is_as_short_as_possible():
    # t1 only at slot 0, t2 only at slot 3: the family must wait two slots.
    data = instance(
        evenings={"e1": 4},
        teachers={"t1": [window("e1", 0, 1)], "t2": [window("e1", 3, 4)]},
        families={"f1": ([window("e1", 0, 4)], [request("r1", "t1"), request("r2", "t2")])},
    )
    schedule = solve(data, time_limit=1)
    assert measures(data, schedule) == (0, 0, 20, 0)


def test_requests_nobody_can_meet_are_left_unassigned():
    data = instance(
        evenings={"e1": 4},
        teachers={"t1": [window("e1", 0, 2)]},
        families={"f1": ([window("e1", 2, 4)], [request("r1", "t1", needed=True)])},
    )
    schedule = solve(data, time_limit=1)
    assert schedule == {"assignments": [], "unassigned": ["r1"]}


def test_an_instance_without_families_gives_an_empty_schedule():
    data = instance(evenings={"e1": 4}, teachers={"t1": [window("e1", 0, 4)]}, families={})
    assert solve(data, time_limit=1) == {"assignments": [], "unassigned": []}
