"""Conversations in the balance: what a preparation gives or asks
(`conversations.selectors.contributions_between`) counts next to the messages in one's
own balance picture, the mentor's class overview and the nudge history."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from driehoek.conversations import services as conversations
from driehoek.conversations.models import ConversationKind, Side
from driehoek.messaging import selectors, services
from driehoek.messaging.balance import Kind
from driehoek.messaging.models import MessageKind
from tests.messaging.conftest import start


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def conversation(personas, *, days_ago: int = 3):  # type: ignore[no-untyped-def]
    return conversations.plan_conversation(
        student=personas.student,
        created_by=personas.mentor,
        kind=ConversationKind.START,
        starts_at=_days_ago(days_ago),
    )


def prepare(conversation, author, kind: str, *, side=Side.HOME, shared: bool = False):  # type: ignore[no-untyped-def]
    return conversations.save_preparation(
        conversation=conversation,
        author=author,
        side=side,
        appreciation="",
        concerns="",
        wishes="Iets",
        shared=shared,
        kind=kind,
    )


def test_a_parents_preparations_count_in_their_own_balance(personas, client_for):
    prepare(conversation(personas, days_ago=5), personas.guardian, "appreciation")
    prepare(conversation(personas, days_ago=2), personas.guardian, "question")
    row = selectors.own_balance(user=personas.guardian, school=personas.school)
    assert (row.gives, row.asks) == (1, 1)
    # No thread at all: the school is listed because of the conversations.
    html = client_for(personas.guardian).get(reverse("messaging:balance")).content.decode()
    assert "Het Baken" in html
    assert "1 contact gaf iets" in html and "1 contact vroeg iets" in html


def test_messages_and_preparations_add_up_and_others_preparations_stay_out(personas):
    start(personas)  # Eva's message: appreciation
    talk = conversation(personas)
    prepare(talk, personas.guardian, "concern")
    prepare(talk, personas.other_household_guardian, "request")  # Mark's, not Eva's
    prepare(talk, personas.mentor, "information", side=Side.SCHOOL, shared=True)
    row = selectors.own_balance(user=personas.guardian, school=personas.school)
    assert (row.gives, row.asks) == (1, 1)
    # The school's preparation is not any single staff member's own contact.
    mentor_row = selectors.own_balance(user=personas.mentor, school=personas.school)
    assert (mentor_row.gives, mentor_row.asks) == (0, 0)


def test_the_class_overview_counts_both_sides_of_the_conversations(personas, client_for):
    talk = conversation(personas, days_ago=1)
    prepare(talk, personas.guardian, "appreciation")
    prepare(talk, personas.mentor, "request", side=Side.SCHOOL, shared=True)
    prepare(talk, personas.other_household_guardian, "concern")
    rows = {
        row.guardian_name: row
        for row in selectors.class_overview(user=personas.mentor, group=personas.klass)
        if row.student == personas.student
    }
    eva, mark = rows["Eva de Vries"], rows["Mark Jansen"]
    assert (eva.home_gives, eva.home_asks, eva.school_gives, eva.school_asks) == (1, 0, 0, 1)
    assert (mark.home_gives, mark.home_asks, mark.school_gives, mark.school_asks) == (0, 1, 0, 1)
    assert eva.last_contact == talk.starts_at
    html = (
        client_for(personas.mentor)
        .get(reverse("messaging:class_balance", kwargs={"group_id": personas.klass.pk}))
        .content.decode()
    )
    assert "Eva de Vries" in html.split("Ouders met wie nog geen contact")[0]


def test_a_school_preparation_not_yet_shared_stays_out_of_the_overview(personas):
    talk = conversation(personas)
    prepare(talk, personas.mentor, "concern", side=Side.SCHOOL, shared=False)
    rows = [
        row
        for row in selectors.class_overview(user=personas.mentor, group=personas.klass)
        if row.student == personas.student
    ]
    assert all(
        (row.school_gives, row.school_asks, row.last_contact) == (0, 0, None) for row in rows
    )


def test_preparations_join_the_nudge_history_in_time_order(personas):
    thread = start(personas, kind=MessageKind.QUESTION)  # sent on a Wednesday in 2026
    services.post_message(
        thread=thread,
        author=personas.guardian,
        body="En nog iets",
        kind=MessageKind.REQUEST,
        now=timezone.now() - datetime.timedelta(days=4),
    )
    prepare(conversation(personas, days_ago=3), personas.guardian, "concern")
    prepare(conversation(personas, days_ago=1), personas.guardian, "question")
    history = selectors.writer_history(user=personas.guardian, student=personas.student)
    assert history[-4:] == [Kind.QUESTION, Kind.REQUEST, Kind.CONCERN, Kind.QUESTION]
    assert selectors.nudge_for_writer(user=personas.guardian, student=personas.student) == (
        "only_asked"
    )


def test_an_appreciative_preparation_lifts_the_nudge(personas, client_for):
    thread = start(personas, kind=MessageKind.QUESTION)
    for days in (6, 5, 4):
        services.post_message(
            thread=thread,
            author=personas.guardian,
            body="Vraag",
            kind=MessageKind.QUESTION,
            now=timezone.now() - datetime.timedelta(days=days),
        )
    url = reverse("messaging:thread", kwargs={"thread_id": thread.pk})
    assert 'class="nudge"' in client_for(personas.guardian).get(url).content.decode()
    prepare(conversation(personas, days_ago=1), personas.guardian, "appreciation")
    assert 'class="nudge"' not in client_for(personas.guardian).get(url).content.decode()
