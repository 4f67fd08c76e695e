"""The triangle's rows in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from driehoek.triangle.models import Round

RESPONDENTS = (
    "guardian",
    "other_household_guardian",
    "classmate_guardian",
    "student",
    "mentor",
    "outsider",
)


def _round_on(group: Any) -> Round:
    today = timezone.localdate()
    return Round.objects.create(
        school_id=group.school_id,
        group=group,
        title="Matrix",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
    )


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only = matrix.Rule, matrix.only
    OK, OWN_ONLY, OWN_REDIRECT = matrix.OK, matrix.OWN_ONLY, matrix.OWN_REDIRECT

    def managed_round(personas: Any, persona: str, case: str) -> dict[str, Any]:
        """A round on the persona's class (own), and on a class or school not theirs."""
        own, foreign = matrix.OWN_AND_FOREIGN[persona]["group"]
        if persona == "teacher":  # a lesson group has no rounds; use the class
            own = "klass"
        name = own if case == "own" else foreign
        return {"round_id": _round_on(matrix.thing(personas, name)).pk}

    def respond(personas: Any, persona: str, case: str) -> dict[str, Any]:
        """An open round on the own student's class; the student is theirs or not."""
        own, foreign = matrix.OWN_AND_FOREIGN[persona]["student"]
        own_student = matrix.thing(personas, own)
        student = own_student if case == "own" else matrix.thing(personas, foreign)
        round = _round_on(own_student.group)
        return {"round_id": round.pk, "student_id": student.pk}

    managers = ("mentor", *matrix.ADMINS)
    return {
        "triangle:index": Rule(**only(OK, *RESPONDENTS, *matrix.ADMINS)),
        "triangle:round_new": Rule(**only(OK, *managers)),
        "triangle:round": Rule(kwargs=managed_round, **only(OWN_ONLY, *managers)),
        "triangle:round_first_csv": Rule(kwargs=managed_round, **only(OWN_ONLY, *managers)),
        "triangle:round_close": Rule(
            kwargs=managed_round, method="POST", **only(OWN_REDIRECT, *managers)
        ),
        "triangle:round_remind": Rule(
            kwargs=managed_round, method="POST", **only(OWN_REDIRECT, *managers)
        ),
        "triangle:respond": Rule(kwargs=respond, **only(OWN_ONLY, *RESPONDENTS)),
        "triangle:answer": Rule(kwargs=respond, method="POST", **only(OWN_REDIRECT, *RESPONDENTS)),
        "triangle:submit": Rule(kwargs=respond, method="POST", **only(OWN_REDIRECT, *RESPONDENTS)),
        "triangle:student": Rule(kwargs=matrix._student, **only(OWN_ONLY, *RESPONDENTS)),
        "triangle:school": Rule(kwargs=matrix._school, **only(OWN_ONLY, *matrix.ADMINS)),
        # --- The API: 401 without credentials; 404 for what is not yours
        "api:triangle_round_list": Rule(anonymous=matrix.UNAUTHORIZED),
        "api:triangle_round": Rule(
            kwargs=managed_round,
            anonymous=matrix.UNAUTHORIZED,
            **only(OWN_ONLY, *RESPONDENTS, *matrix.ADMINS),
        ),
        "api:triangle_my_responses": Rule(anonymous=matrix.UNAUTHORIZED),
        "api:triangle_open_group_round": Rule(
            kwargs=matrix._group,
            method="POST",
            anonymous=matrix.UNAUTHORIZED,
            **only((201, matrix.NOT_FOUND), *managers),
        ),
        "api:triangle_open_school_round": Rule(
            kwargs=matrix._school,
            method="POST",
            anonymous=matrix.UNAUTHORIZED,
            **only((201, matrix.NOT_FOUND), *matrix.ADMINS),
        ),
        "api:triangle_round_close": Rule(
            kwargs=managed_round,
            method="POST",
            anonymous=matrix.UNAUTHORIZED,
            **only(OWN_ONLY, *managers),
        ),
        "api:triangle_round_remind": Rule(
            kwargs=managed_round,
            method="POST",
            anonymous=matrix.UNAUTHORIZED,
            **only(OWN_ONLY, *managers),
        ),
        "api:triangle_answer": Rule(
            kwargs=respond,
            method="POST",
            anonymous=matrix.UNAUTHORIZED,
            **only(OWN_ONLY, *RESPONDENTS),
        ),
        "api:triangle_student_results": Rule(
            kwargs=matrix._student,
            anonymous=matrix.UNAUTHORIZED,
            **only(OWN_ONLY, *RESPONDENTS),
        ),
    }
