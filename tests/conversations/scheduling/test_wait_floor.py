"""The proven floor on family waiting: extra evenings no schedule can avoid."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from driehoek.conversations.scheduling import parse_instance, quality
from driehoek.conversations.scheduling.evaluate import busy_masks
from driehoek.conversations.scheduling.evenings import extra_evenings_bound
from driehoek.conversations.scheduling.solver import solve_instance
from driehoek.conversations.scheduling.state import State
from driehoek.conversations.scheduling.wait_floor import extra_evenings_floor
from tests.conversations.scheduling.builders import instance, request, window
from tests.conversations.scheduling.strategies import instances


def _bound(data, needed_unmet=0, unmet=0):  # type: ignore[no-untyped-def]
    return extra_evenings_bound(
        parse_instance(data), needed_unmet=needed_unmet, unmet=unmet, time_limit=5.0
    )


def _teachers_on_different_evenings(second_priority: int = 1):  # type: ignore[no-untyped-def]
    """f needs a (only on e1) and b (only on e2)."""
    return instance(
        evenings={"e1": 4, "e2": 4},
        teachers={"a": [window("e1", 0, 4)], "b": [window("e2", 0, 4)]},
        families={
            "f": (
                [window("e1", 0, 4), window("e2", 0, 4)],
                [request("r1", "a"), request("r2", "b", priority=second_priority)],
            )
        },
    )


def test_teachers_on_different_evenings_force_a_second_evening():
    data = _teachers_on_different_evenings()
    assert _bound(data) == (1, True)
    # Accepting one unmet request removes the need (weight 4 − priority 1 = 3).
    assert _bound(data, unmet=3) == (0, True)


def test_a_shared_evening_needs_no_second_one():
    data = instance(
        evenings={"e1": 4, "e2": 4},
        teachers={
            "a": [window("e1", 0, 4), window("e2", 0, 4)],
            "b": [window("e2", 0, 4)],
        },
        families={
            "f": (
                [window("e1", 0, 4), window("e2", 0, 4)],
                [request("r1", "a"), request("r2", "b")],
            )
        },
    )
    assert _bound(data) == (0, True)


def _split_by_a_full_teacher():  # type: ignore[no-untyped-def]
    """f needs a (only on e1) and b; b has one slot on e1, which g's needed conversation
    takes, so f meets b on e2: one extra evening is forced."""
    return instance(
        evenings={"e1": 2, "e2": 1},
        teachers={"a": [window("e1", 0, 2)], "b": [window("e1", 1, 2), window("e2", 0, 1)]},
        families={
            "f": (
                [window("e1", 0, 2), window("e2", 0, 1)],
                [request("r1", "a"), request("r2", "b")],
            ),
            "g": ([window("e1", 0, 2)], [request("r3", "b", needed=True)]),
        },
    )


def test_capacity_can_force_the_split():
    data = _split_by_a_full_teacher()
    assert _bound(data) == (1, True)


# --- the floor from column generation -------------------------------------------------


def _floor(data, needed_unmet=0, unmet=0):  # type: ignore[no-untyped-def]
    return extra_evenings_floor(
        parse_instance(data), needed_unmet=needed_unmet, unmet=unmet
    ).extra_evenings


def test_the_floor_sees_teachers_on_different_evenings():
    data = _teachers_on_different_evenings(second_priority=3)
    assert _floor(data) == 1
    # Leaving r2 (weight 1) unmet is allowed at this standing: then one evening suffices.
    assert _floor(data, unmet=1) == 0


def test_the_floor_sees_a_full_teacher():
    data = _split_by_a_full_teacher()
    assert _floor(data) == 1


def test_three_single_evening_teachers_force_two_extra_evenings():
    data = instance(
        evenings={"e1": 3, "e2": 3, "e3": 3},
        teachers={"a": [window("e1", 0, 3)], "b": [window("e2", 0, 3)], "c": [window("e3", 0, 3)]},
        families={
            "f": (
                [window("e1", 0, 3), window("e2", 0, 3), window("e3", 0, 3)],
                [request("r1", "a"), request("r2", "b"), request("r3", "c")],
            )
        },
    )
    assert _floor(data) == 2
    assert _bound(data) == (2, True)


def _extra_evenings(inst, slots):  # type: ignore[no-untyped-def]
    family_busy, _ = busy_masks(inst, slots)
    return sum(
        max(0, sum(1 for e in inst.evenings if family_busy[f.index] & e.mask) - 1)
        for f in inst.families
    )


def _random_schedule(inst, rng):  # type: ignore[no-untyped-def]
    """A feasible schedule by random placement (some requests skipped on purpose)."""
    state = State(inst)
    order = list(range(len(inst.requests)))
    rng.shuffle(order)
    for r in order:
        free = state.free_slots(r)
        options = [g for g in range(inst.total_slots) if free >> g & 1]
        if options and rng.random() < 0.85:
            state.place(r, rng.choice(options))
    return state.slots


@settings(max_examples=60, deadline=None, derandomize=True)
@given(instances(max_families=6, max_evenings=3), st.integers(0, 2**16))
def test_no_schedule_comes_fewer_evenings_than_the_floor(data, seed):
    """The floor is a bound: every feasible schedule — the scheduler's, random ones — comes
    at least that many extra evenings at its own standing."""
    inst = parse_instance(data)
    rng = random.Random(seed)
    schedules = [_random_schedule(inst, rng) for _ in range(3)]
    schedules.append(solve_instance(inst, time_limit=1, seed=seed)[0])
    for slots in schedules:
        q = quality(inst, slots)
        floor = extra_evenings_floor(inst, needed_unmet=q.needed_unmet, unmet=q.unmet)
        assert floor.extra_evenings <= _extra_evenings(inst, slots)
        bound, _ = extra_evenings_bound(
            inst, needed_unmet=q.needed_unmet, unmet=q.unmet, time_limit=1.0, seed=seed
        )
        assert bound <= _extra_evenings(inst, slots)
