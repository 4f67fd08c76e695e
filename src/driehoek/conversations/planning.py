"""From the evening's tables to the scheduler's exchange format (../shared/formats/
parent-evening.md) and back. No decisions here: the scheduler decides, services store."""

from __future__ import annotations

from driehoek.conversations.models import (
    EveningRequest,
    FamilyWindow,
    NeededMark,
    ParentEvening,
)


def intervals(start: int, end: int, breaks: set[int]) -> list[tuple[int, int]]:
    """[start, end) without the break slots, as half-open intervals."""
    found: list[tuple[int, int]] = []
    run_start: int | None = None
    for index in range(start, end):
        if index in breaks:
            if run_start is not None:
                found.append((run_start, index))
                run_start = None
        elif run_start is None:
            run_start = index
    if run_start is not None:
        found.append((run_start, end))
    return found


def build_instance(*, evening: ParentEvening) -> dict:
    """The instance for one evening: teachers with their windows (minus breaks), each
    family (the parent who asked) with its window and its requests."""
    evening_id = f"e{evening.pk}"
    breaks = set(evening.break_slots or [])
    teachers = [
        {
            "id": f"t{teacher.pk}",
            "available": [
                {"evening": evening_id, "from_slot": a, "to_slot": b}
                for a, b in intervals(teacher.from_slot, teacher.to_slot, breaks)
            ],
        }
        for teacher in evening.teachers.order_by("pk")
    ]
    needed = set(NeededMark.objects.filter(evening=evening).values_list("teacher_id", "student_id"))
    windows = {
        w.family_id: (w.from_slot, w.to_slot) for w in FamilyWindow.objects.filter(evening=evening)
    }
    families: dict[int, dict] = {}
    requests = (
        EveningRequest.objects.filter(evening=evening)
        .prefetch_related("teachers")
        .order_by("family_id", "pk")
    )
    for request in requests:
        teacher_ids = sorted(t.pk for t in request.teachers.all())
        if not teacher_ids:
            continue
        family = families.get(request.family_id)
        if family is None:
            start, end = windows.get(request.family_id, (0, evening.slot_count))
            family = families[request.family_id] = {
                "id": f"f{request.family_id}",
                "available": [{"evening": evening_id, "from_slot": start, "to_slot": end}],
                "requests": [],
            }
        family["requests"].append(
            {
                "id": f"r{request.pk}",
                "teachers": [f"t{pk}" for pk in teacher_ids],
                "priority": request.priority,
                "needed_by_teacher": any((pk, request.student_id) in needed for pk in teacher_ids),
            }
        )
    return {
        "slot_minutes": evening.slot_minutes,
        "evenings": [
            {
                "id": evening_id,
                "date": evening.date.isoformat(),
                "start": evening.start_time.strftime("%H:%M"),
                "slots": evening.slot_count,
            }
        ],
        "teachers": teachers,
        "families": list(families.values()),
    }
