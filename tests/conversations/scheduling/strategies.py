"""Hypothesis strategies: small random parent-evening instances in the exchange format."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


@st.composite
def windows(draw: st.DrawFn, evenings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = []
    for evening in evenings:
        if draw(st.booleans()) or evening is evenings[0]:
            start = draw(st.integers(0, evening["slots"] - 1))
            end = draw(st.integers(start + 1, evening["slots"]))
            result.append({"evening": evening["id"], "from_slot": start, "to_slot": end})
    return result


@st.composite
def instances(
    draw: st.DrawFn, max_families: int = 5, max_teachers: int = 4, max_evenings: int = 2
) -> dict[str, Any]:
    n_evenings = draw(st.integers(1, max_evenings))
    evenings = [
        {
            "id": f"e{n}",
            "date": f"2026-11-1{n}",
            "start": "18:30",
            "slots": draw(st.integers(2, 6)),
        }
        for n in range(n_evenings)
    ]
    n_teachers = draw(st.integers(1, max_teachers))
    teachers = [{"id": f"t{n}", "available": draw(windows(evenings))} for n in range(n_teachers)]
    families = []
    counter = 0
    for f in range(draw(st.integers(1, max_families))):
        requests = []
        for _ in range(draw(st.integers(0, 3))):
            chosen = draw(
                st.lists(st.integers(0, n_teachers - 1), min_size=1, max_size=2, unique=True)
            )
            counter += 1
            requests.append(
                {
                    "id": f"r{counter}",
                    "teachers": [f"t{t}" for t in chosen],
                    "priority": draw(st.integers(1, 4)),
                    "needed_by_teacher": draw(st.booleans()),
                }
            )
        families.append({"id": f"f{f}", "available": draw(windows(evenings)), "requests": requests})
    return {"slot_minutes": 10, "evenings": evenings, "teachers": teachers, "families": families}
