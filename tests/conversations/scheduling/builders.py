"""Tiny hand-built instances in the exchange format."""

from __future__ import annotations

from typing import Any


def window(evening: str, start: int, end: int) -> dict[str, Any]:
    return {"evening": evening, "from_slot": start, "to_slot": end}


def request(rid: str, *teachers: str, priority: int = 1, needed: bool = False) -> dict[str, Any]:
    return {
        "id": rid,
        "teachers": list(teachers),
        "priority": priority,
        "needed_by_teacher": needed,
    }


def instance(
    *,
    evenings: dict[str, int],
    teachers: dict[str, list[dict[str, Any]]],
    families: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]],
    slot_minutes: int = 10,
) -> dict[str, Any]:
    """evenings: id → slots; teachers: id → windows; families: id → (windows, requests)."""
    return {
        "slot_minutes": slot_minutes,
        "evenings": [
            {"id": eid, "date": f"2026-11-{10 + n}", "start": "18:30", "slots": slots}
            for n, (eid, slots) in enumerate(evenings.items())
        ],
        "teachers": [{"id": tid, "available": w} for tid, w in teachers.items()],
        "families": [
            {"id": fid, "available": w, "requests": rs} for fid, (w, rs) in families.items()
        ],
    }


def assign(*items: tuple[str, str, int], unassigned: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "assignments": [{"request": r, "evening": e, "slot": s} for r, e, s in items],
        "unassigned": list(unassigned),
    }
