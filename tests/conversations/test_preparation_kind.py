"""What a preparation gives or asks: the writer taps a kind (messaging's kinds), a
suggestion from the text is shown but never decides, and the contributions selector
feeds the balance of giving and asking."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from driehoek.conversations.models import Conversation, Preparation
from driehoek.conversations.selectors import contributions_between
from driehoek.messaging.models import MessageKind
from tests.conversations.conftest import make_conversation


def url(name: str, conversation: Conversation) -> str:
    return reverse(f"conversations:{name}", kwargs={"conversation_id": conversation.pk})


def prepare(client, conversation, **fields):  # type: ignore[no-untyped-def]
    data = {"appreciation": "", "concerns": "", "wishes": ""} | fields
    return client.post(url("prepare", conversation), data)


def test_the_preparation_form_offers_the_five_kinds_of_messaging_as_chips(
    personas, client_for, conversation
):
    html = client_for(personas.guardian).get(url("detail", conversation)).content.decode()
    assert 'id="prep-kind"' in html
    for value in MessageKind.values:
        assert f'name="kind" value="{value}"' in html
    assert "Waardering" in html or "Appreciation" in html


def test_a_preparation_without_a_chosen_kind_is_refused_and_keeps_what_was_typed(
    personas, client_for, conversation
):
    response = prepare(
        client_for(personas.guardian), conversation, appreciation="Bedankt voor de fijne start"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bedankt voor de fijne start" in html
    assert 'role="alert"' in html
    assert not Preparation.objects.exists()


def test_the_chosen_kind_is_saved_and_shown_checked_again(personas, client_for, conversation):
    eva = client_for(personas.guardian)
    response = prepare(eva, conversation, concerns="Rekenen gaat moeizaam", kind="concern")
    assert response.status_code == 302
    assert Preparation.objects.get().kind == MessageKind.CONCERN
    html = eva.get(url("detail", conversation)).content.decode()
    assert 'value="concern" id="id_kind_3" checked' in html or (
        'value="concern"' in html and "checked" in html.split('value="concern"')[1][:40]
    )


def test_an_unknown_kind_is_refused(personas, client_for, conversation):
    response = prepare(client_for(personas.guardian), conversation, wishes="x", kind="gossip")
    assert response.status_code == 400
    assert not Preparation.objects.exists()


def test_the_text_suggests_a_kind_but_nothing_is_chosen_for_the_writer(
    personas, client_for, conversation
):
    eva = client_for(personas.guardian)
    response = eva.get(
        url("prepare_kind", conversation),
        {"appreciation": "Bedankt dat Noor zo welkom is", "concerns": "", "wishes": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "chip kind-appreciation suggested" in html
    assert "checked" not in html
    # A choice already made survives the refresh of the suggestion.
    html = eva.get(
        url("prepare_kind", conversation),
        {"appreciation": "Bedankt dat Noor zo welkom is", "kind": "question"},
    ).content.decode()
    assert "checked" in html.split('value="question"')[1][:40]


def test_no_suggestion_when_the_text_is_not_obvious(personas, client_for, conversation):
    html = (
        client_for(personas.guardian)
        .get(url("prepare_kind", conversation), {"wishes": "Noor en de sportdag"})
        .content.decode()
    )
    assert " suggested" not in html


def test_the_suggestion_refuses_outsiders_and_anonymous_visitors(
    personas, client_for, client, conversation
):
    for outsider in (personas.teacher, personas.admin, personas.classmate_guardian):
        assert client_for(outsider).get(url("prepare_kind", conversation)).status_code == 404
    response = client.get(url("prepare_kind", conversation))
    assert "/accounts/login/" in response["Location"]


def _at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 12, day, 16, 0))


def test_contributions_hold_the_parents_own_and_the_schools_shared_preparations(
    personas, client_for
):
    early = make_conversation(personas.student, starts_at=_at(1))
    late = make_conversation(personas.student, starts_at=_at(8))
    eva, mentor = client_for(personas.guardian), client_for(personas.mentor)
    mark = client_for(personas.other_household_guardian)
    prepare(eva, late, concerns="Zorgen over rekenen", kind="concern")
    prepare(eva, early, appreciation="Bedankt", kind="appreciation")
    prepare(mentor, early, appreciation="Noor helpt anderen", kind="information", shared="on")
    prepare(mentor, late, wishes="Zou u willen oefenen?", kind="request")  # not shared
    prepare(mark, early, wishes="Meer huiswerk", kind="request")  # the co-parent's own
    prepare(client_for(personas.student_user), early, wishes="x", kind="question")

    assert contributions_between(guardian_user=personas.guardian, school=personas.school) == [
        (_at(1), "appreciation", "home"),
        (_at(1), "information", "school"),
        (_at(8), "concern", "home"),
    ]


def test_contributions_stay_within_the_school_and_the_parents_own_conversations(personas):
    other_school = personas.outside_student.school
    assert contributions_between(guardian_user=personas.guardian, school=other_school) == []
    assert (
        contributions_between(guardian_user=personas.classmate_guardian, school=personas.school)
        == []
    )
