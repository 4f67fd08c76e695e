"""The parent-evening scheduler: a pure module, plain data in and out (no Django).

Instances and schedules follow `shared/formats/parent-evening.md`:

    solve(instance, time_limit=10.0, seed=0) -> schedule
    evaluate(instance, schedule) -> {"feasible", "violations", "needed_unmet", "unmet",
                                     "family_wait_minutes", "teacher_gap_minutes"}
    validate_instance(instance) -> list of problems in plain language (empty when fine)

`solve` and `evaluate` raise `InstanceError` (a ValueError listing the problems) for a
malformed instance. See docs/scheduling.md for the method.
"""

from __future__ import annotations

from typing import Any

from .evaluate import Quality, evaluate, quality, read_schedule, write_schedule
from .model import (
    Evening,
    Family,
    Instance,
    InstanceError,
    Request,
    Teacher,
    parse_instance,
    validate_instance,
)
from .solver import SolveReport, solve_instance


def solve(instance: dict[str, Any], *, time_limit: float = 10.0, seed: int = 0) -> dict[str, Any]:
    """A feasible schedule for the instance, as good as the time limit allows."""
    inst = parse_instance(instance)
    slots, _report = solve_instance(inst, time_limit=time_limit, seed=seed)
    return write_schedule(inst, slots)


def solve_with_report(
    instance: dict[str, Any], *, time_limit: float = 10.0, seed: int = 0
) -> tuple[dict[str, Any], SolveReport]:
    """Like `solve`, plus the bound on unmet requests and how the search went."""
    inst = parse_instance(instance)
    slots, report = solve_instance(inst, time_limit=time_limit, seed=seed)
    return write_schedule(inst, slots), report


__all__ = [
    "Evening",
    "Family",
    "Instance",
    "InstanceError",
    "Quality",
    "Request",
    "SolveReport",
    "Teacher",
    "evaluate",
    "parse_instance",
    "quality",
    "read_schedule",
    "solve",
    "solve_with_report",
    "validate_instance",
    "write_schedule",
]
