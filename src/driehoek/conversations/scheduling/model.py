"""Plain data for the parent-evening scheduler, read from the exchange format.

The exchange format (`shared/formats/parent-evening.md`) numbers slots per evening. Inside the
scheduler every slot gets one *global* number (evening offset + slot), so that an availability
or a busy set is one Python integer used as a bit mask: bit g set = slot g is in the set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class InstanceError(ValueError):
    """The instance is malformed; the message lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Evening:
    id: str
    date: str
    start: str
    slots: int
    offset: int  # global number of this evening's slot 0

    @property
    def mask(self) -> int:
        return ((1 << self.slots) - 1) << self.offset


@dataclass(frozen=True, slots=True)
class Teacher:
    index: int
    id: str
    available: int  # bit mask over global slots


@dataclass(frozen=True, slots=True)
class Request:
    index: int
    id: str
    family: int  # family index
    teachers: tuple[int, ...]  # teacher indices; several = one joint conversation
    priority: int
    needed: bool
    allowed: int  # global slots where the family and every teacher of the request are free

    @property
    def weight(self) -> int:
        """Weight of this request in the `unmet` measure: 4 − priority, at least 1."""
        return max(1, 4 - self.priority)


@dataclass(frozen=True, slots=True)
class Family:
    index: int
    id: str
    available: int
    requests: tuple[int, ...]  # request indices


@dataclass(slots=True)
class Instance:
    slot_minutes: int
    evenings: list[Evening]
    teachers: list[Teacher]
    families: list[Family]
    requests: list[Request]
    total_slots: int
    request_index: dict[str, int] = field(default_factory=dict)
    evening_index: dict[str, int] = field(default_factory=dict)

    def evening_of(self, g: int) -> int:
        for e, evening in enumerate(self.evenings):
            if evening.offset <= g < evening.offset + evening.slots:
                return e
        raise IndexError(g)

    def slot_table(self) -> list[tuple[int, int]]:
        """For each global slot: (evening index, slot within the evening)."""
        table: list[tuple[int, int]] = []
        for e, evening in enumerate(self.evenings):
            table.extend((e, s) for s in range(evening.slots))
        return table


# --- validation ---------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_windows(
    where: str, windows: Any, evening_slots: dict[str, int], problems: list[str]
) -> None:
    if not isinstance(windows, list):
        problems.append(f"{where}: 'available' must be a list of windows.")
        return
    for n, window in enumerate(windows):
        label = f"{where}, window {n + 1}"
        if not isinstance(window, dict):
            problems.append(f"{label}: must be an object with evening, from_slot and to_slot.")
            continue
        evening = window.get("evening")
        if evening not in evening_slots:
            problems.append(f"{label}: unknown evening {evening!r}.")
            continue
        start, end = window.get("from_slot"), window.get("to_slot")
        if not (_is_int(start) and _is_int(end)):
            problems.append(f"{label}: from_slot and to_slot must be whole numbers.")
            continue
        if not 0 <= start < end <= evening_slots[evening]:
            problems.append(
                f"{label}: slots {start}–{end} do not fit evening {evening!r} "
                f"(0–{evening_slots[evening]}, from inclusive, to exclusive)."
            )


def validate_instance(instance: Any) -> list[str]:
    """Every problem with an instance, in plain language; an empty list when it is fine."""
    problems: list[str] = []
    if not isinstance(instance, dict):
        return ["The instance must be a JSON object."]
    slot_minutes = instance.get("slot_minutes")
    if not _is_int(slot_minutes) or slot_minutes <= 0:
        problems.append("slot_minutes must be a positive whole number.")

    evenings = instance.get("evenings")
    evening_slots: dict[str, int] = {}
    if not isinstance(evenings, list) or not evenings:
        problems.append("evenings must be a non-empty list.")
        evenings = []
    for n, evening in enumerate(evenings):
        if not isinstance(evening, dict):
            problems.append(f"Evening {n + 1} must be an object.")
            continue
        eid = evening.get("id")
        label = f"Evening {eid!r}" if isinstance(eid, str) else f"Evening {n + 1}"
        if not isinstance(eid, str) or not eid:
            problems.append(f"{label}: id must be a non-empty text.")
            continue
        if eid in evening_slots:
            problems.append(f"{label}: the id is used twice.")
        slots = evening.get("slots")
        if not _is_int(slots) or slots <= 0:
            problems.append(f"{label}: slots must be a positive whole number.")
            slots = 0
        evening_slots[eid] = slots
        try:
            dt.date.fromisoformat(str(evening.get("date")))
        except ValueError:
            problems.append(f"{label}: date must look like 2026-11-10.")
        try:
            dt.time.fromisoformat(str(evening.get("start")))
        except ValueError:
            problems.append(f"{label}: start must look like 18:30.")

    teachers = instance.get("teachers")
    teacher_ids: set[str] = set()
    if not isinstance(teachers, list):
        problems.append("teachers must be a list.")
        teachers = []
    for n, teacher in enumerate(teachers):
        if not isinstance(teacher, dict) or not isinstance(teacher.get("id"), str):
            problems.append(f"Teacher {n + 1} must be an object with a text id.")
            continue
        tid = teacher["id"]
        if tid in teacher_ids:
            problems.append(f"Teacher {tid!r}: the id is used twice.")
        teacher_ids.add(tid)
        _check_windows(f"Teacher {tid!r}", teacher.get("available"), evening_slots, problems)

    families = instance.get("families")
    family_ids: set[str] = set()
    request_ids: set[str] = set()
    if not isinstance(families, list):
        problems.append("families must be a list.")
        families = []
    for n, family in enumerate(families):
        if not isinstance(family, dict) or not isinstance(family.get("id"), str):
            problems.append(f"Family {n + 1} must be an object with a text id.")
            continue
        fid = family["id"]
        if fid in family_ids:
            problems.append(f"Family {fid!r}: the id is used twice.")
        family_ids.add(fid)
        _check_windows(f"Family {fid!r}", family.get("available"), evening_slots, problems)
        requests = family.get("requests")
        if not isinstance(requests, list):
            problems.append(f"Family {fid!r}: requests must be a list.")
            continue
        for m, request in enumerate(requests):
            if not isinstance(request, dict) or not isinstance(request.get("id"), str):
                problems.append(f"Family {fid!r}, request {m + 1}: must have a text id.")
                continue
            rid = request["id"]
            label = f"Request {rid!r} (family {fid!r})"
            if rid in request_ids:
                problems.append(f"{label}: the id is used twice.")
            request_ids.add(rid)
            wanted = request.get("teachers")
            if not isinstance(wanted, list) or not wanted:
                problems.append(f"{label}: teachers must be a non-empty list.")
            else:
                for tid in wanted:
                    if tid not in teacher_ids:
                        problems.append(f"{label}: unknown teacher {tid!r}.")
                if len(set(map(str, wanted))) != len(wanted):
                    problems.append(f"{label}: a teacher is listed twice.")
            priority = request.get("priority", 1)
            if not _is_int(priority) or priority < 1:
                problems.append(f"{label}: priority must be a whole number, 1 or more.")
            if not isinstance(request.get("needed_by_teacher", False), bool):
                problems.append(f"{label}: needed_by_teacher must be true or false.")
    return problems


# --- parsing ------------------------------------------------------------------------------


def _mask(windows: list[dict[str, Any]], evenings: dict[str, Evening]) -> int:
    mask = 0
    for window in windows:
        evening = evenings[window["evening"]]
        for s in range(window["from_slot"], window["to_slot"]):
            mask |= 1 << (evening.offset + s)
    return mask


def parse_instance(data: dict[str, Any]) -> Instance:
    """The internal form of a valid instance; raises InstanceError otherwise."""
    problems = validate_instance(data)
    if problems:
        raise InstanceError(problems)
    evenings: list[Evening] = []
    offset = 0
    for raw in data["evenings"]:
        evenings.append(Evening(raw["id"], raw["date"], raw["start"], raw["slots"], offset))
        offset += raw["slots"]
    by_id = {e.id: e for e in evenings}
    teachers = [
        Teacher(n, raw["id"], _mask(raw["available"], by_id))
        for n, raw in enumerate(data["teachers"])
    ]
    teacher_index = {t.id: t.index for t in teachers}
    families: list[Family] = []
    requests: list[Request] = []
    for f, raw in enumerate(data["families"]):
        available = _mask(raw["available"], by_id)
        own: list[int] = []
        for rr in raw["requests"]:
            wanted = tuple(teacher_index[t] for t in rr["teachers"])
            allowed = available
            for t in wanted:
                allowed &= teachers[t].available
            own.append(len(requests))
            requests.append(
                Request(
                    index=len(requests),
                    id=rr["id"],
                    family=f,
                    teachers=wanted,
                    priority=rr.get("priority", 1),
                    needed=rr.get("needed_by_teacher", False),
                    allowed=allowed,
                )
            )
        families.append(Family(f, raw["id"], available, tuple(own)))
    return Instance(
        slot_minutes=data["slot_minutes"],
        evenings=evenings,
        teachers=teachers,
        families=families,
        requests=requests,
        total_slots=offset,
        request_index={r.id: r.index for r in requests},
        evening_index={e.id: n for n, e in enumerate(evenings)},
    )


def bits(mask: int) -> list[int]:
    """The set bit positions of a mask, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
