"""From the evening's tables to the scheduler's exchange format (../shared/formats/
parent-evening.md) and back. No decisions here: the scheduler decides, services store.

Interpreters need no extension of the format: an interpreter language is one more
"teacher" (`interpreter-<code>`) available in the slots the school marked for it, and a
family that asked for an interpreter has that teacher in every one of its requests. So the
scheduler keeps those conversations in interpreter slots, one at a time. Several
interpreters of one language at the same time count as one (a safe simplification).
"""

from __future__ import annotations

from driehoek.conversations.models import (
    EveningInterpreter,
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


def interpreter_teacher_id(language: str) -> str:
    return f"interpreter-{language}"


def _interpreter_teachers(evenings: list[ParentEvening], languages: set[str]) -> list[dict]:
    """One exchange-format teacher per language that families asked for, available in the
    interpreter slots of that language (none: those conversations cannot be placed)."""
    breaks = {e.pk: set(e.break_slots or []) for e in evenings}
    rows = {
        language: {"id": interpreter_teacher_id(language), "available": []}
        for language in sorted(languages)
    }
    for interpreter in EveningInterpreter.objects.filter(
        evening__in=evenings, language__in=languages
    ).order_by("evening__date", "from_slot", "pk"):
        rows[interpreter.language]["available"] += [
            {"evening": f"e{interpreter.evening_id}", "from_slot": a, "to_slot": b}
            for a, b in intervals(
                interpreter.from_slot, interpreter.to_slot, breaks[interpreter.evening_id]
            )
        ]
    return list(rows.values())


def family_interpreters(evenings: list[ParentEvening]) -> dict[int, str]:
    """family (user pk) → the interpreter language it asked for on these evenings."""
    return {
        family_id: language
        for family_id, language in FamilyWindow.objects.filter(evening__in=evenings)
        .exclude(interpreter_language="")
        .order_by("evening__date")
        .values_list("family_id", "interpreter_language")
    }


def _add_interpreters(instance: dict, evenings: list[ParentEvening], prefix: str = "f") -> dict:
    """Put the interpreter of each family's language into all its requests."""
    wanted = family_interpreters(evenings)
    languages = set()
    for family in instance["families"]:
        language = wanted.get(int(family["id"].removeprefix(prefix)))
        if language:
            languages.add(language)
            for request in family["requests"]:
                request["teachers"].append(interpreter_teacher_id(language))
    instance["teachers"] += _interpreter_teachers(evenings, languages)
    return instance


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
    instance = {
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
    return _add_interpreters(instance, [evening])


def series_evenings(evening: ParentEvening) -> list[ParentEvening]:
    """The evenings scheduled together with this one: the request evenings of its school
    with the same series name (just this evening when it has none)."""
    if not evening.series:
        return [evening]
    return list(
        ParentEvening.objects.filter(
            school_id=evening.school_id, series=evening.series, mode=evening.mode
        ).order_by("date", "start_time", "pk")
    )


def build_series_instance(*, evenings: list[ParentEvening]) -> dict:
    """One instance for several evenings. A teacher is a staff member (`s<pk>`) with a
    window on each evening they take part in; a family (`f<user pk>`) is available on the
    evenings where it gave a window (the evenings that suit it), and its requests, made
    on any evening of the series, name staff members."""
    if len({e.slot_minutes for e in evenings}) > 1:
        raise ValueError("The evenings of a series must have the same conversation length.")
    teachers: dict[int, dict] = {}
    staff_of_teacher: dict[int, int] = {}
    for evening in evenings:
        breaks = set(evening.break_slots or [])
        for teacher in evening.teachers.order_by("pk"):
            staff_of_teacher[teacher.pk] = teacher.staff_member_id
            row = teachers.setdefault(
                teacher.staff_member_id, {"id": f"s{teacher.staff_member_id}", "available": []}
            )
            row["available"] += [
                {"evening": f"e{evening.pk}", "from_slot": a, "to_slot": b}
                for a, b in intervals(teacher.from_slot, teacher.to_slot, breaks)
            ]
    needed = set(
        NeededMark.objects.filter(evening__in=evenings).values_list("teacher_id", "student_id")
    )
    needed_staff = {(staff_of_teacher[t], s) for t, s in needed if t in staff_of_teacher}
    windows: dict[int, list[dict]] = {}
    for window in FamilyWindow.objects.filter(evening__in=evenings).order_by("evening__date"):
        windows.setdefault(window.family_id, []).append(
            {
                "evening": f"e{window.evening_id}",
                "from_slot": window.from_slot,
                "to_slot": window.to_slot,
            }
        )
    families: dict[int, dict] = {}
    requests = (
        EveningRequest.objects.filter(evening__in=evenings)
        .prefetch_related("teachers")
        .order_by("family_id", "pk")
    )
    for request in requests:
        staff_ids = sorted({staff_of_teacher[t.pk] for t in request.teachers.all()})
        if not staff_ids:
            continue
        family = families.get(request.family_id)
        if family is None:
            default = [{"evening": f"e{request.evening_id}", "from_slot": 0, "to_slot": 10_000}]
            family = families[request.family_id] = {
                "id": f"f{request.family_id}",
                "available": windows.get(request.family_id, default),
                "requests": [],
            }
        family["requests"].append(
            {
                "id": f"r{request.pk}",
                "teachers": [f"s{pk}" for pk in staff_ids],
                "priority": request.priority,
                "needed_by_teacher": any(
                    (pk, request.student_id) in needed_staff for pk in staff_ids
                ),
            }
        )
    for family in families.values():  # a window never reaches past its evening
        slots = {f"e{e.pk}": e.slot_count for e in evenings}
        for window in family["available"]:
            window["to_slot"] = min(window["to_slot"], slots[window["evening"]])
    instance = {
        "slot_minutes": evenings[0].slot_minutes,
        "evenings": [
            {
                "id": f"e{evening.pk}",
                "date": evening.date.isoformat(),
                "start": evening.start_time.strftime("%H:%M"),
                "slots": evening.slot_count,
            }
            for evening in evenings
        ],
        "teachers": list(teachers.values()),
        "families": list(families.values()),
    }
    return _add_interpreters(instance, evenings)
