"""Demo messages: Fleur van der Meer's mother opens a thread with appreciation and the
mentor replies; her father has a thread for his household only. Idempotent."""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction

from driehoek.accounts.models import User
from driehoek.messaging import services
from driehoek.messaging.models import MessageKind, Thread
from driehoek.roster.demo import demo_email
from driehoek.roster.models import School, StudentGuardian

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _at(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=AMSTERDAM)


# (subject, household only?, [(author login, kind, text, sent at)])
DEMO_THREADS = [
    (
        "Fijne start in 2havo",
        False,
        [
            (
                "ouder.a",
                MessageKind.APPRECIATION,
                "Dank u wel voor de fijne eerste weken! Fleur komt vrolijk thuis en vertelt "
                "veel over de mentorles.",
                _at(9, 18, 19, 40),
            ),
            (
                "mentor",
                MessageKind.APPRECIATION,
                "Wat fijn om te horen, dank u. Fleur doet goed mee en helpt klasgenoten graag.",
                _at(9, 19, 8, 15),
            ),
            (
                "ouder.a",
                MessageKind.QUESTION,
                "Mag ik nog vragen wanneer de eerste toetsweek is? Dan kunnen we thuis samen "
                "een planning maken.",
                _at(10, 6, 20, 5),
            ),
            (
                "mentor",
                MessageKind.INFORMATION,
                "De toetsweek begint op 2 november. Het rooster staat vanaf half oktober in "
                "de studiewijzer.",
                _at(10, 7, 9, 0),
            ),
        ],
    ),
    (
        "Verhuizing",
        True,
        [
            (
                "ouder.b",
                MessageKind.INFORMATION,
                "Ter info: wij zijn verhuisd. Fleur fietst nu een kwartier langer; ik heb "
                "het ook in het profiel gezet.",
                _at(10, 19, 12, 30),
            ),
        ],
    ),
]


def seed_demo_data(*, schools: list[School]) -> None:
    school = next((s for s in schools if s.brin == "21QK"), None)
    if school is None:
        return
    users = {
        login: User.objects.filter(email=demo_email(login)).first()
        for login in ("ouder.a", "ouder.b", "mentor")
    }
    if None in users.values():
        return
    link = (
        StudentGuardian.objects.filter(school=school, guardian__user=users["ouder.a"])
        .select_related("student")
        .first()
    )
    if link is None:
        return
    student = link.student
    for subject, household_only, messages in DEMO_THREADS:
        if Thread.objects.filter(student=student, subject=subject).exists():
            continue
        login, kind, text, sent_at = messages[0]
        author = users[login]
        household = None
        if household_only:
            own = StudentGuardian.objects.filter(student=student, guardian__user=author).first()
            household = own.household if own else None
        with transaction.atomic():
            thread = services.start_thread(
                student=student,
                author=author,  # type: ignore[arg-type]
                subject=subject,
                body=text,
                kind=kind,
                household=household,
                now=sent_at,
                notify=False,
            )
            for login, kind, text, sent_at in messages[1:]:
                services.post_message(
                    thread=thread,
                    author=users[login],  # type: ignore[arg-type]
                    body=text,
                    kind=kind,
                    now=sent_at,
                    notify=False,
                )
            services.mark_thread_read(thread=thread, user=users["mentor"], now=sent_at)  # type: ignore[arg-type]
