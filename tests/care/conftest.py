from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from driehoek.care import services
from driehoek.care.models import CareCase, ConsentRequest


@pytest.fixture
def case(personas) -> CareCase:  # type: ignore[no-untyped-def]
    """Noor's mentor raised a bullying question."""
    return services.escalate(
        student=personas.student,
        mentor=personas.mentor,
        reason="Noor wordt gepest in de groepsapp.",
        tried="Gesprek met Noor.",
        parents_know="Moeder weet het.",
        situation="being-bullied",
    )


@pytest.fixture
def consent_request(personas, case) -> ConsentRequest:  # type: ignore[no-untyped-def]
    return services.request_consent(
        case=case,
        by=personas.care,
        kind="psychologist",
        name="Dr. Jansen",
        organisation="Praktijk Noord",
        purpose="Onderzoek naar faalangst",
        information="De zorgvraag en het plan",
        ends_on=timezone.localdate() + datetime.timedelta(days=60),
    )


def guardian_party(user) -> str:  # type: ignore[no-untyped-def]
    return f"guardian:{user.guardian_profiles.get().pk}"
