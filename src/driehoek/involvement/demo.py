"""Demo scan histories (called by `driehoek demo`; idempotent).

* Priya Ramdin (ouder.basis) about Lina (9, Groep 5/6): three scans, encouragement and
  interest growing, hands-on help that fits a primary-school child.
* Nadia el Idrissi (ouder.twee) about Adam (15, 3havo): two private scans with a lot of
  hands-on help, so the result flags over-support; the second a little less.
* Ingrid Bosman (ouder.a) about Fleur (2havo): one scan, shared with the mentor
  (mentor@…), so the mentor sees it on Fleur's page; Thomas (ouder.b, the other
  household) does not.

Only missing scans are added; answers of an existing scan are left as they are.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from driehoek.involvement import services
from driehoek.involvement.selectors import current_questionnaire
from driehoek.roster.demo import demo_email
from driehoek.roster.models import School, StudentGuardian


def _answers(base: int, **overrides: int) -> dict[str, int]:
    """Every item at `base` (reverse-keyed items mirrored, so `base` means the same level
    of the aspect everywhere), then per-item overrides."""
    answers = {
        item.key: 6 - base if item.reverse else base for item in current_questionnaire().items
    }
    answers.update(overrides)
    return answers


# (guardian login, child's first name, date, answers, shared with the mentor)
HISTORY = [
    (
        "ouder.basis",
        "Lina",
        datetime.date(2026, 9, 14),
        _answers(
            3,
            enc_believe=3,
            enc_effort=2,
            enc_future=2,
            dev_ask=2,
            dev_know=2,
            dir_check=4,
            dir_sit=3,
            dir_explain=3,
            dir_plan=3,
            dir_own=3,
        ),
        False,
    ),
    (
        "ouder.basis",
        "Lina",
        datetime.date(2026, 10, 19),
        _answers(
            4,
            enc_effort=3,
            enc_future=3,
            dev_know=3,
            con_rush=3,
            dir_check=4,
            dir_sit=3,
            dir_explain=4,
            dir_plan=3,
            dir_own=3,
        ),
        False,
    ),
    (
        "ouder.basis",
        "Lina",
        datetime.date(2026, 11, 16),
        _answers(
            4,
            enc_believe=5,
            enc_effort=5,
            dev_ask=5,
            con_rush=2,
            dir_check=4,
            dir_sit=4,
            dir_explain=3,
            dir_plan=3,
            dir_own=3,
        ),
        False,
    ),
    (
        "ouder.twee",
        "Adam",
        datetime.date(2026, 9, 21),
        _answers(4, enc_teachers=3, dir_check=5, dir_sit=5, dir_explain=4, dir_plan=5, dir_own=1),
        False,
    ),
    (
        "ouder.twee",
        "Adam",
        datetime.date(2026, 11, 9),
        _answers(4, enc_teachers=4, dir_check=5, dir_sit=4, dir_explain=4, dir_plan=4, dir_own=2),
        False,
    ),
    (
        "ouder.a",
        "Fleur",
        datetime.date(2026, 10, 26),
        _answers(
            4,
            enc_criticise=2,
            dev_busy=3,
            con_sleep=3,
            dir_check=3,
            dir_sit=2,
            dir_explain=2,
            dir_plan=2,
            dir_own=4,
        ),
        True,
    ),
]


def seed_demo_data(*, schools: list[School]) -> None:
    with transaction.atomic():
        for login, first_name, day, answers, shared in HISTORY:
            link = (
                StudentGuardian.objects.filter(
                    school__in=schools,
                    guardian__user__email=demo_email(login),
                    student__first_name=first_name,
                )
                .select_related("guardian__user", "student")
                .first()
            )
            if link is None or link.guardian.user is None:
                continue  # the roster was changed since: nothing to attach the scan to
            scan = services.start_scan(guardian=link.guardian.user, student=link.student, on=day)
            if scan.answers:
                continue
            services.record_answers(scan=scan, answers=answers)
            if shared:
                services.set_shared_with_mentor(scan=scan, shared=True)
