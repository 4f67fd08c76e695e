"""Fixtures for the triangle tests: an open round on the personas' class and helpers
to fill in a response as each party."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from driehoek.triangle import questionnaire as q
from driehoek.triangle import services
from driehoek.triangle.models import Response, Round

# The hand-computed example (tests/triangle/test_scoring.py explains the numbers).
EVA = {  # guardian, household A: hs 4, hc 5, sc 4
    "g_hs_trust": 4, "g_hs_heard": 4, "g_hs_contact": 4,
    "g_hc_interest": 5, "g_hc_warmth": 5, "g_hc_conflict": 1,
    "g_sc_closeness": 4, "g_sc_conflict": 2,
}  # fmt: skip
MARK = dict.fromkeys(EVA, 3)  # guardian, household B: 3 everywhere
NOOR = {  # student (secondary): hs 2, hc 4, sc 5
    "s_hs_together": 2, "s_hs_know": 2,
    "s_hc_interest": 4, "s_hc_warmth": 4, "s_hc_conflict": 2,
    "s_sc_mentor": 5, "s_sc_someone": 5, "s_sc_conflict": 1,
}  # fmt: skip
SANNE = {  # mentor: hs 2, sc 4, hc (view) 4
    "m_hs_trust": 2, "m_hs_goals": 2, "m_hs_contact": 2,
    "m_sc_warm": 4, "m_sc_comes": 4, "m_sc_conflict": 2,
    "m_hc_interest": 4, "m_hc_support": 4,
}  # fmt: skip


def make_round(group, *, days_open: int = 7, title: str = "Test round") -> Round:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return Round.objects.create(
        school_id=group.school_id,
        group=group,
        title=title,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=days_open),
        questionnaire_version=q.CURRENT_VERSION,
    )


@pytest.fixture
def open_round(personas) -> Round:  # type: ignore[no-untyped-def]
    return make_round(personas.klass)


@pytest.fixture
def fill() -> Callable[..., Response]:
    """`fill(round, student, user, answers, submit=True)` through the services."""

    def do(round, student, user, answers, *, submit=True, as_child=False):  # type: ignore[no-untyped-def]
        response = services.start_response(
            round=round, student=student, user=user, as_child=as_child
        )
        for item, value in answers.items():
            services.save_answer(response=response, item=item, value=value)
        if submit:
            services.submit_response(response=response)
        response.refresh_from_db()
        return response

    return do


@pytest.fixture
def everyone_answered(personas, open_round, fill) -> Round:  # type: ignore[no-untyped-def]
    fill(open_round, personas.student, personas.guardian, EVA)
    fill(open_round, personas.student, personas.other_household_guardian, MARK)
    fill(open_round, personas.student, personas.student_user, NOOR)
    fill(open_round, personas.student, personas.mentor, SANNE)
    return open_round
