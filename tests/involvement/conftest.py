from __future__ import annotations

import datetime

import pytest

from driehoek.involvement import services
from driehoek.involvement.models import Scan
from driehoek.involvement.selectors import current_questionnaire


def all_answers(value: int = 3, **overrides: int) -> dict[str, int]:
    answers = {item.key: value for item in current_questionnaire().items}
    answers.update(overrides)
    return answers


def make_scan(student, guardian, *, on=None, answers=None, shared=False) -> Scan:  # type: ignore[no-untyped-def]
    scan = services.start_scan(
        guardian=guardian, student=student, on=on or datetime.date(2026, 11, 1)
    )
    services.record_answers(scan=scan, answers=all_answers() if answers is None else answers)
    if shared:
        services.set_shared_with_mentor(scan=scan, shared=True)
    scan.refresh_from_db()
    return scan


@pytest.fixture
def own_scan(personas) -> Scan:  # type: ignore[no-untyped-def]
    """Eva's (household A) private scan about Noor."""
    return make_scan(personas.student, personas.guardian)


@pytest.fixture
def shared_scan(personas) -> Scan:  # type: ignore[no-untyped-def]
    """Eva's scan about Noor, shared with the mentor."""
    return make_scan(
        personas.student, personas.guardian, on=datetime.date(2026, 10, 1), shared=True
    )
