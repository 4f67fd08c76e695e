"""Properties of the scheduler on random small instances (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from driehoek.conversations.scheduling import evaluate, parse_instance, solve
from driehoek.conversations.scheduling.evaluate import UNASSIGNED, quality
from driehoek.conversations.scheduling.state import State
from driehoek.conversations.scheduling.subproblem import solve_subproblem

from .strategies import instances

# Derandomised: the same examples every run, so a failure is reproducible, never flaky.
FAST = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def exact_optimum(data):
    inst = parse_instance(data)
    result = solve_subproblem(
        State(inst),
        [f.index for f in inst.families],
        time_limit=5,
        deterministic_limit=20,
        seed=0,
    )
    assert result is not None and result.optimal
    return quality(inst, [result.slots.get(r, UNASSIGNED) for r in range(len(inst.requests))])


@FAST
@given(instances())
def test_every_schedule_solve_returns_is_feasible(data):
    result = evaluate(data, solve(data, time_limit=1.0, seed=0))
    assert result["feasible"], result["violations"]


@FAST
@given(instances())
def test_every_request_appears_exactly_once(data):
    schedule = solve(data, time_limit=1.0, seed=3)
    ids = [a["request"] for a in schedule["assignments"]] + schedule["unassigned"]
    expected = [r["id"] for f in data["families"] for r in f["requests"]]
    assert sorted(ids) == sorted(expected)


@FAST
@given(instances())
def test_the_same_seed_gives_the_same_schedule(data):
    assert solve(data, time_limit=1.0, seed=7) == solve(data, time_limit=1.0, seed=7)


@FAST
@given(instances())
def test_a_joint_request_takes_one_slot_where_all_its_teachers_are_free(data):
    schedule = solve(data, time_limit=1.0, seed=0)
    teachers = {t["id"]: t for t in data["teachers"]}
    requests = {r["id"]: r for f in data["families"] for r in f["requests"]}
    busy: dict[tuple[str, str, int], str] = {}
    for a in schedule["assignments"]:
        for tid in requests[a["request"]]["teachers"]:
            key = (tid, a["evening"], a["slot"])
            assert key not in busy, f"{tid} is in two places at once"
            busy[key] = a["request"]
            assert any(
                w["evening"] == a["evening"] and w["from_slot"] <= a["slot"] < w["to_slot"]
                for w in teachers[tid]["available"]
            )
    assert len(schedule["assignments"]) == len({a["request"] for a in schedule["assignments"]})


@FAST
@given(instances(max_families=6))
def test_needed_requests_are_met_first_as_far_as_capacity_allows(data):
    """As few needed requests unmet as the exact CP-SAT model finds, then the fewest unmet."""
    result = evaluate(data, solve(data, time_limit=1.0, seed=0))
    optimum = exact_optimum(data)
    assert result["needed_unmet"] == optimum.needed_unmet
    assert result["unmet"] == optimum.unmet


@settings(max_examples=25, deadline=None, derandomize=True)
@given(instances(max_families=6))
def test_small_instances_are_solved_to_the_proven_optimum(data):
    result = evaluate(data, solve(data, time_limit=1.0, seed=0))
    optimum = exact_optimum(data)
    measures = ("needed_unmet", "unmet", "family_wait_minutes", "teacher_gap_minutes")
    assert tuple(result[m] for m in measures) == tuple(optimum.as_dict()[m] for m in measures)
