"""The demo: a parent evening with requests and start-of-year conversations, idempotent."""

from __future__ import annotations

from django.core.management import call_command

from driehoek.conversations.models import (
    Agreement,
    Conversation,
    EveningRequest,
    EveningStatus,
    ParentEvening,
)


def counts() -> tuple[int, ...]:
    return (
        Conversation.objects.count(),
        Agreement.objects.count(),
        ParentEvening.objects.count(),
        EveningRequest.objects.count(),
    )


def test_the_demo_seeds_an_evening_and_conversations_once(db):
    call_command("demo", force=True, verbosity=0)
    first = counts()
    evening = ParentEvening.objects.get()
    assert evening.status == EveningStatus.OPEN
    assert EveningRequest.objects.filter(evening=evening).exists()
    fleur = Conversation.objects.get(student__first_name="Fleur", kind="start")
    assert fleur.summary and fleur.agreements.count() == 2
    assert first[0] >= 10
    call_command("demo", force=True, verbosity=0)
    assert counts() == first
