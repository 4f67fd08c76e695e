"""Demo profile: Fleur van der Meer (2havo, De Eem) has separated parents; each household
writes what works for her, and her father reports a move. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from driehoek.accounts.models import User
from driehoek.profiles.models import AuthorKind, LifeEvent, ProfileSection, SectionKind, Visibility
from driehoek.profiles.services import write_section
from driehoek.roster.demo import demo_email
from driehoek.roster.models import School, Student, StudentGuardian

DEMO_SECTIONS = [
    # (guardian login, kind, visibility, text, happened_on, life_event)
    (
        "ouder.a",
        SectionKind.STRENGTHS,
        Visibility.TEACHERS,
        "Fleur tekent graag en is goed in verhalen bedenken. Ze bloeit op als ze iets "
        "mag uitleggen aan een ander.",
        None,
        "",
    ),
    (
        "ouder.a",
        SectionKind.STRESS,
        Visibility.TEACHERS,
        "Toetsen die onverwacht komen maken haar onrustig. Het helpt als ze een dag van "
        "tevoren weet wat er komt, en als ze even rustig kan beginnen.",
        None,
        "",
    ),
    (
        "ouder.b",
        SectionKind.PREVIOUS_SCHOOL,
        Visibility.MENTOR,
        "Op de basisschool werkte een vast moment per week met de juf goed: kort "
        "bespreken wat er die week gepland stond.",
        None,
        "",
    ),
    (
        "ouder.b",
        SectionKind.HOME_CHANGE,
        Visibility.MENTOR,
        "Wij zijn in oktober verhuisd naar de andere kant van de stad. Fleur fietst nu "
        "langer naar school en is 's ochtends soms moe.",
        datetime.date(2026, 10, 17),
        LifeEvent.MOVE,
    ),
]


def seed_demo_data(*, schools: list[School]) -> None:
    school = next((s for s in schools if s.brin == "21QK"), None)
    if school is None:
        return
    for login, kind, visibility, text, happened_on, life_event in DEMO_SECTIONS:
        user = User.objects.filter(email=demo_email(login)).first()
        link = (
            StudentGuardian.objects.filter(school=school, guardian__user=user)
            .select_related("student", "household")
            .first()
        )
        if user is None or link is None:
            continue
        student: Student = link.student
        if ProfileSection.objects.filter(
            student=student, kind=kind, household=link.household, created_by=user
        ).exists():
            continue
        with transaction.atomic():
            write_section(
                student=student,
                author=user,
                author_kind=AuthorKind.GUARDIAN,
                household=link.household,
                kind=kind,
                text=text,
                visibility=visibility,
                happened_on=happened_on,
                life_event=life_event,
                notify=False,
            )
