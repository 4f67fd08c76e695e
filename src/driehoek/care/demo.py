"""Demo data: one open bullying case for Fleur van der Meer (2havo, Stedelijk College De
Eem), raised by the demo mentor, so the demo care coordinator sees a case.

Idempotent and deterministic: the case is found by student and situation before it is
created, with fixed dates and texts.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from driehoek.accounts.models import User
from driehoek.care.models import (
    CareCase,
    ConsentRequest,
    InformedHow,
    MemberKind,
    PlanItem,
    Recipient,
    RecipientKind,
    SupportPlan,
    TeamMember,
)
from driehoek.roster.demo import demo_email
from driehoek.roster.models import School, Student

SITUATION = "being-bullied"
RAISED_AT = datetime.datetime(2026, 10, 5, 10, 0)


def seed_demo_data(*, schools: Sequence[School]) -> None:
    school = next((s for s in schools if s.brin == "21QK"), None)
    if school is None:
        return
    mentor = User.objects.filter(email=demo_email("mentor")).first()
    coordinator = User.objects.filter(email=demo_email("zorg")).first()
    student = Student.objects.filter(
        school=school, first_name="Fleur", last_name="Meer", infix="van der"
    ).first()
    if mentor is None or coordinator is None or student is None:
        return
    if CareCase.objects.filter(student=student, situation=SITUATION).exists():
        return
    with transaction.atomic():
        case = CareCase.objects.create(
            school=school,
            student=student,
            raised_by=mentor,
            situation=SITUATION,
            reason=(
                "Fleur wordt sinds de herfstvakantie buitengesloten door een groepje in de "
                "klas en krijgt 's avonds nare berichten in een groepsapp. Ze is stil in de "
                "les en haar cijfers zakken."
            ),
            tried=(
                "Twee gesprekken met Fleur en een gesprek met de meiden uit de groep; "
                "afspraken over de groepsapp. Het werd even beter, daarna weer erger."
            ),
            parents_know=(
                "Beide ouders weten ervan; moeder heeft screenshots van de berichten bewaard."
            ),
            created_at=timezone.make_aware(RAISED_AT),
            parents_informed_on=datetime.date(2026, 10, 5),
            parents_informed_how=InformedHow.PHONE,
            parents_informed_by=mentor,
        )
        TeamMember.objects.create(case=case, kind=MemberKind.MENTOR, user=mentor, added_by=mentor)
        TeamMember.objects.create(
            case=case, kind=MemberKind.CARE, user=coordinator, added_by=coordinator
        )
        recipient = Recipient.objects.create(
            case=case, kind=RecipientKind.SCHOOL_DOCTOR, name="Dr. A. Smits", organisation="GGD"
        )
        ConsentRequest.objects.create(
            case=case,
            recipient=recipient,
            purpose="Een gesprek met de jeugdarts over hoe Fleur zich voelt en slaapt",
            information="De zorgvraag en het ondersteuningsplan",
            ends_on=datetime.date(2027, 7, 16),
            requested_by=coordinator,
        )
        plan = SupportPlan.objects.create(
            case=case,
            summary="Fleur voelt zich weer veilig in de klas en weet bij wie ze terechtkan.",
        )
        PlanItem.objects.create(
            plan=plan,
            goal="Fleur heeft een vast aanspreekpunt op school",
            action="Elke maandag een kort gesprek met de mentor",
            owner="Mentor",
            review_on=datetime.date(2026, 12, 7),
        )
        PlanItem.objects.create(
            plan=plan,
            goal="Het pesten in de groepsapp stopt",
            action="Groepsgesprek in de klas; ouders van de betrokken leerlingen worden gebeld",
            owner="Zorgcoördinator",
            review_on=datetime.date(2026, 12, 14),
        )
