"""The proven floor on family waiting: extra evenings no schedule can avoid."""

from __future__ import annotations

from driehoek.conversations.scheduling import parse_instance
from driehoek.conversations.scheduling.evenings import extra_evenings_bound
from tests.conversations.scheduling.builders import instance, request, window


def _bound(data, needed_unmet=0, unmet=0):  # type: ignore[no-untyped-def]
    return extra_evenings_bound(
        parse_instance(data), needed_unmet=needed_unmet, unmet=unmet, time_limit=5.0
    )


def test_teachers_on_different_evenings_force_a_second_evening():
    data = instance(
        evenings={"e1": 4, "e2": 4},
        teachers={"a": [window("e1", 0, 4)], "b": [window("e2", 0, 4)]},
        families={
            "f": (
                [window("e1", 0, 4), window("e2", 0, 4)],
                [request("r1", "a"), request("r2", "b")],
            )
        },
    )
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


def test_capacity_can_force_the_split():
    """Teacher b is on both evenings but full on e2 with a needed conversation of another
    family; so f, which needs a (only on e1)… meets b on e1 — unless b is only on e2."""
    data = instance(
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
    # g takes b's only slot on e1, so f meets b on e2: one extra evening is forced.
    assert _bound(data) == (1, True)
