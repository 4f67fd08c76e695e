"""The involvement routes in the authorisation matrix (tests/test_authorisation_matrix.py).

A scan is private to the guardian who filled it in; the mentor sees it once shared. The
"foreign" scan of each persona is the nearest one that is not theirs: for a parent the
other household's scan of the same child (shared with the mentor, to show that sharing
with the mentor shares with nobody else); for the mentor a mentee's scan that was not
shared; for everyone else a private scan of a child in their school.
"""

from __future__ import annotations

import datetime
from typing import Any

from driehoek.involvement import services
from driehoek.involvement.models import Scan

PRIVATE_DAY = datetime.date(2026, 11, 1)
SHARED_DAY = datetime.date(2026, 10, 1)
PARENTS = ("guardian", "other_household_guardian", "classmate_guardian", "outsider")


def scan_of(guardian: Any, student: Any, *, shared: bool) -> Scan:
    scan = services.start_scan(
        guardian=guardian, student=student, on=SHARED_DAY if shared else PRIVATE_DAY
    )
    if shared and not scan.shared_with_mentor:
        services.set_shared_with_mentor(scan=scan, shared=True)
    return scan


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only = matrix.Rule, matrix.only
    OWN_ONLY, NOT_FOUND, OK = matrix.OWN_ONLY, matrix.NOT_FOUND, matrix.OK
    OWN_REDIRECT, UNAUTHORIZED = matrix.OWN_REDIRECT, matrix.UNAUTHORIZED

    def _scan(personas: Any, persona: str, case: str) -> dict[str, Any]:
        eva, mark = personas.guardian, personas.other_household_guardian
        noor = personas.student
        if persona in PARENTS:
            user = matrix.user_of(personas, persona)
            own_child = matrix.thing(personas, matrix.OWN_AND_FOREIGN[persona]["student"][0])
            if case == "own":
                scan = scan_of(user, own_child, shared=False)
            else:  # the other household's (or another family's) scan, shared
                scan = scan_of(mark if persona == "guardian" else eva, noor, shared=True)
        elif persona == "mentor":
            scan = scan_of(eva, noor, shared=case == "own")
        else:
            scan = scan_of(eva, noor, shared=case == "own")
        return {"scan_id": scan.pk}

    def _guide_slug(personas: Any, persona: str, case: str) -> dict[str, Any]:
        return {"slug": "homework-help" if case == "own" else "no-such-question"}

    guide_users = [p for p in matrix.PERSONAS[1:] if p not in ("student", "no_role")]
    return {
        "involvement:index": Rule(**only(OK, *PARENTS)),
        "involvement:child": Rule(kwargs=matrix._student, **only(OWN_ONLY, *PARENTS)),
        "involvement:start": Rule(
            kwargs=matrix._student, method="POST", **only(OWN_REDIRECT, *PARENTS)
        ),
        "involvement:fill": Rule(kwargs=_scan, **only(OWN_ONLY, *PARENTS)),
        # An empty autosave is refused with 400 (no answer chosen).
        "involvement:answer": Rule(kwargs=_scan, method="POST", **only((400, NOT_FOUND), *PARENTS)),
        "involvement:result": Rule(kwargs=_scan, **only(OWN_ONLY, *PARENTS, "mentor")),
        "involvement:share": Rule(kwargs=_scan, method="POST", **only(OWN_REDIRECT, *PARENTS)),
        "involvement:guide": Rule(**only(OK, *guide_users)),
        "involvement:guide_question": Rule(kwargs=_guide_slug, **only(OWN_ONLY, *guide_users)),
        "involvement:helper": Rule(**only(OK, *guide_users)),
        # The API: the caller's own scans, and for the mentor the shared ones.
        "api:involvement_scan_list": Rule(anonymous=UNAUTHORIZED),
        "api:involvement_scan_detail": Rule(
            kwargs=_scan, anonymous=UNAUTHORIZED, **only(OWN_ONLY, *PARENTS, "mentor")
        ),
    }
