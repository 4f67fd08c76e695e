"""The privacy routes in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any

from driehoek.roster.models import Student


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only = matrix.Rule, matrix.only
    OK, OWN_ONLY = matrix.OK, matrix.OWN_ONLY
    ADMINS = matrix.ADMINS

    def _departed(personas: Any, persona: str, case: str) -> dict[str, Any]:
        """A student who left the persona's own school long ago (own), or the other
        school (foreign): the only students an administrator may erase."""
        own, foreign = matrix.schools(personas, persona)
        school = own if case == "own" else foreign
        student, _created = Student.objects.get_or_create(
            school=school,
            student_number=f"left-{case}",
            defaults={
                "first_name": "Vertrokken",
                "last_name": "Leerling",
                "left_on": datetime.date(2020, 7, 1),
            },
        )
        return {"school_id": school.pk, "student_id": student.pk}

    return {
        # The privacy page is public: what is kept, why, who sees it, how long.
        "privacy:page": Rule(anonymous=OK, default=OK),
        # Everyone with an account downloads what Driehoek holds about them.
        "privacy:mine": Rule(),
        "privacy:export_json": Rule(),
        "privacy:export_page": Rule(),
        "privacy:export_pdf": Rule(),
        # Retention periods, erasure and the audit log: the school's administrators.
        "privacy:school": Rule(kwargs=matrix._school, **only(OWN_ONLY, *ADMINS)),
        "privacy:audit_csv": Rule(kwargs=matrix._school, **only(OWN_ONLY, *ADMINS)),
        "privacy:audit_json": Rule(kwargs=matrix._school, **only(OWN_ONLY, *ADMINS)),
        # GET is the dry run; the erase itself is a POST of the same page.
        "privacy:erase": Rule(kwargs=_departed, **only(OWN_ONLY, *ADMINS)),
    }
