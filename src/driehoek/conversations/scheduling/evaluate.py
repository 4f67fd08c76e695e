"""Feasibility and the lexicographic quality measures of a schedule (exchange format)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Instance, bits, parse_instance

UNASSIGNED = -1


@dataclass(frozen=True, slots=True, order=True)
class Quality:
    """The four measures in their lexicographic order: smaller is better."""

    needed_unmet: int
    unmet: int
    family_wait_minutes: int
    teacher_gap_minutes: int

    def as_dict(self) -> dict[str, int]:
        return {
            "needed_unmet": self.needed_unmet,
            "unmet": self.unmet,
            "family_wait_minutes": self.family_wait_minutes,
            "teacher_gap_minutes": self.teacher_gap_minutes,
        }


def idle_slots(busy: int, evening_mask: int) -> int:
    """Idle slots between the first and the last busy slot within one evening."""
    inside = busy & evening_mask
    if not inside:
        return 0
    first = (inside & -inside).bit_length() - 1
    last = inside.bit_length() - 1
    return last - first + 1 - inside.bit_count()


def busy_masks(inst: Instance, slots: list[int]) -> tuple[list[int], list[int]]:
    """Busy masks of families and teachers for a (feasible) slot list."""
    family = [0] * len(inst.families)
    teacher = [0] * len(inst.teachers)
    for r, g in enumerate(slots):
        if g == UNASSIGNED:
            continue
        request = inst.requests[r]
        family[request.family] |= 1 << g
        for t in request.teachers:
            teacher[t] |= 1 << g
    return family, teacher


def family_wait_minutes(inst: Instance, busy: int) -> int:
    idle = 0
    evenings_come = 0
    for evening in inst.evenings:
        if busy & evening.mask:
            evenings_come += 1
            idle += idle_slots(busy, evening.mask)
    return idle * inst.slot_minutes + 60 * max(0, evenings_come - 1)


def teacher_gap_minutes(inst: Instance, busy: int) -> int:
    return inst.slot_minutes * sum(idle_slots(busy, e.mask) for e in inst.evenings)


def quality(inst: Instance, slots: list[int]) -> Quality:
    """The measures of a feasible slot list (one global slot or UNASSIGNED per request)."""
    needed_unmet = unmet = 0
    for r, g in enumerate(slots):
        if g == UNASSIGNED:
            request = inst.requests[r]
            needed_unmet += request.needed
            unmet += request.weight
    family, teacher = busy_masks(inst, slots)
    return Quality(
        needed_unmet,
        unmet,
        sum(family_wait_minutes(inst, b) for b in family),
        sum(teacher_gap_minutes(inst, b) for b in teacher),
    )


def check(inst: Instance, slots: list[int]) -> list[str]:
    """Hard-rule violations of a slot list (empty when feasible)."""
    violations: list[str] = []
    table = inst.slot_table()
    family_at: dict[tuple[int, int], int] = {}
    teacher_at: dict[tuple[int, int], int] = {}
    for r, g in enumerate(slots):
        if g == UNASSIGNED:
            continue
        request = inst.requests[r]
        family = inst.families[request.family]
        e, s = table[g]
        where = f"evening {inst.evenings[e].id!r} slot {s}"
        if not family.available >> g & 1:
            violations.append(
                f"Request {request.id!r}: family {family.id!r} is not available at {where}."
            )
        for t in request.teachers:
            teacher = inst.teachers[t]
            if not teacher.available >> g & 1:
                violations.append(
                    f"Request {request.id!r}: teacher {teacher.id!r} is not available at {where}."
                )
            other = teacher_at.setdefault((t, g), r)
            if other != r:
                violations.append(
                    f"Teacher {teacher.id!r} has two conversations at {where}: "
                    f"{inst.requests[other].id!r} and {request.id!r}."
                )
        other = family_at.setdefault((request.family, g), r)
        if other != r:
            violations.append(
                f"Family {family.id!r} has two conversations at {where}: "
                f"{inst.requests[other].id!r} and {request.id!r}."
            )
    return violations


def read_schedule(inst: Instance, schedule: Any) -> tuple[list[int], list[str]]:
    """A slot list from a schedule in the exchange format, and the format problems found.

    Every request must appear exactly once; requests missing from the schedule count as
    unassigned in the returned list (and as a violation).
    """
    problems: list[str] = []
    slots = [UNASSIGNED] * len(inst.requests)
    seen = [0] * len(inst.requests)
    if not isinstance(schedule, dict):
        return slots, ["The schedule must be a JSON object with assignments and unassigned."]
    assignments = schedule.get("assignments", [])
    unassigned = schedule.get("unassigned", [])
    if not isinstance(assignments, list) or not isinstance(unassigned, list):
        return slots, ["assignments and unassigned must both be lists."]
    for n, item in enumerate(assignments):
        if not isinstance(item, dict):
            problems.append(f"Assignment {n + 1} must be an object with request, evening, slot.")
            continue
        rid, eid, s = item.get("request"), item.get("evening"), item.get("slot")
        r = inst.request_index.get(rid) if isinstance(rid, str) else None
        if r is None:
            problems.append(f"Assignment {n + 1}: unknown request {rid!r}.")
            continue
        seen[r] += 1
        e = inst.evening_index.get(eid) if isinstance(eid, str) else None
        if e is None:
            problems.append(f"Request {rid!r}: unknown evening {eid!r}.")
            continue
        evening = inst.evenings[e]
        if not isinstance(s, int) or isinstance(s, bool) or not 0 <= s < evening.slots:
            problems.append(f"Request {rid!r}: slot {s!r} does not exist on evening {eid!r}.")
            continue
        if seen[r] == 1:
            slots[r] = evening.offset + s
    for rid in unassigned:
        r = inst.request_index.get(rid) if isinstance(rid, str) else None
        if r is None:
            problems.append(f"Unassigned: unknown request {rid!r}.")
            continue
        seen[r] += 1
    for r, count in enumerate(seen):
        if count == 0:
            problems.append(f"Request {inst.requests[r].id!r} is missing from the schedule.")
        elif count > 1:
            problems.append(f"Request {inst.requests[r].id!r} appears {count} times.")
    return slots, problems


def write_schedule(inst: Instance, slots: list[int]) -> dict[str, Any]:
    table = inst.slot_table()
    assignments = []
    unassigned = []
    for r, g in enumerate(slots):
        request = inst.requests[r]
        if g == UNASSIGNED:
            unassigned.append(request.id)
        else:
            e, s = table[g]
            assignments.append({"request": request.id, "evening": inst.evenings[e].id, "slot": s})
    assignments.sort(key=lambda a: (inst.evening_index[a["evening"]], a["slot"], a["request"]))
    return {"assignments": assignments, "unassigned": unassigned}


def evaluate(instance: dict[str, Any], schedule: dict[str, Any]) -> dict[str, Any]:
    """Feasibility, violations and the quality measures of a schedule for an instance.

    Raises InstanceError when the instance itself is malformed. The measures are computed on
    the assignments that could be read, even when the schedule is infeasible.
    """
    inst = parse_instance(instance)
    slots, violations = read_schedule(inst, schedule)
    violations += check(inst, slots)
    result: dict[str, Any] = {"feasible": not violations, "violations": violations}
    result.update(quality(inst, slots).as_dict())
    return result


__all__ = ["UNASSIGNED", "Quality", "bits", "evaluate", "quality", "check"]
