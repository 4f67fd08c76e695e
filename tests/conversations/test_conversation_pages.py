"""One conversation: who reads it, the start-of-year guide, preparation, record, agreements."""

from __future__ import annotations

from django.urls import reverse

from driehoek.conversations.models import (
    Agreement,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Preparation,
    StartPhase,
)
from driehoek.roster.models import StudentGuardian
from tests.conversations.conftest import make_conversation


def url(name: str, conversation: Conversation) -> str:
    return reverse(f"conversations:{name}", kwargs={"conversation_id": conversation.pk})


def page(client, conversation: Conversation) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url("detail", conversation))
    assert response.status_code == 200
    return response.content.decode()


def prepare(client, conversation, **fields) -> None:  # type: ignore[no-untyped-def]
    data = {"appreciation": "", "concerns": "", "wishes": "", "kind": "information"} | fields
    assert client.post(url("prepare", conversation), data).status_code == 302


def test_planning_invites_the_guardians_with_the_right_to_information_and_the_mentor(personas):
    link = StudentGuardian.objects.get(student=personas.student, guardian__user=personas.guardian)
    link.has_right_to_information = False
    link.information_restriction_reason = "Rechterlijke uitspraak"
    link.save()
    conversation = make_conversation(personas.student)
    assert [g.full_name for g in conversation.guardians.all()] == ["Mark Jansen"]
    assert [m.full_name for m in conversation.staff.all()] == ["Sanne Visser"]
    assert conversation.phase == StartPhase.INTRODUCTIONS


def test_a_guardian_without_the_right_to_information_does_not_see_the_conversation(
    personas, client_for, conversation
):
    link = StudentGuardian.objects.get(student=personas.student, guardian__user=personas.guardian)
    link.has_right_to_information = False
    link.information_restriction_reason = "Rechterlijke uitspraak"
    link.save()
    assert client_for(personas.guardian).get(url("detail", conversation)).status_code == 404
    assert (
        client_for(personas.other_household_guardian).get(url("detail", conversation)).status_code
        == 200
    )


def test_the_administrator_does_not_read_conversations(personas, client_for, conversation):
    assert client_for(personas.admin).get(url("detail", conversation)).status_code == 404
    assert client_for(personas.admin).get(url("pdf", conversation)).status_code == 404
    listing = client_for(personas.admin).get(reverse("conversations:list")).content.decode()
    assert "Noor Jansen" not in listing


def test_the_mentor_plans_a_conversation_for_a_mentee(personas, client_for):
    new = reverse("conversations:new", kwargs={"student_id": personas.student.pk})
    response = client_for(personas.mentor).post(
        new,
        {
            "kind": "three_way",
            "starts_at": "2026-12-03T16:30",
            "duration_minutes": "20",
            "place": "",
            "video_link": "https://meet.example.org/abc",
            "topic": "Hoe gaat het na de herfst?",
        },
    )
    conversation = Conversation.objects.get()
    assert response["Location"] == url("detail", conversation)
    assert conversation.kind == ConversationKind.THREE_WAY
    assert conversation.with_student  # a three-way conversation includes the student
    assert conversation.video_link == "https://meet.example.org/abc"
    html = page(client_for(personas.student_user), conversation)
    assert "driehoeksgesprek" in html.lower()


def test_a_teacher_cannot_plan_a_conversation(personas, client_for):
    new = reverse("conversations:new", kwargs={"student_id": personas.student.pk})
    assert client_for(personas.teacher).get(new).status_code == 404
    assert client_for(personas.teacher).post(new, {}).status_code == 404


def test_a_preparation_stays_private_until_it_is_shared(personas, client_for, conversation):
    eva, mentor = client_for(personas.guardian), client_for(personas.mentor)
    prepare(eva, conversation, appreciation="Fijn dat Noor zo welkom is", concerns="Rekenen")
    assert "Fijn dat Noor zo welkom is" not in page(mentor, conversation)
    assert "Fijn dat Noor zo welkom is" not in page(
        client_for(personas.other_household_guardian), conversation
    )
    assert "Fijn dat Noor zo welkom is" in page(eva, conversation)
    prepare(eva, conversation, appreciation="Fijn dat Noor zo welkom is", shared="on")
    html = page(mentor, conversation)
    assert "Gedeelde voorbereiding" in html and "Fijn dat Noor zo welkom is" in html
    preparation = Preparation.objects.get()
    assert (preparation.side, preparation.shared) == ("home", True)


def test_the_mentor_prepares_for_the_school_side_and_the_student_for_their_own(
    personas, client_for, conversation
):
    prepare(client_for(personas.mentor), conversation, appreciation="Noor helpt anderen")
    prepare(client_for(personas.student_user), conversation, wishes="Meer tijd voor toetsen")
    assert dict(Preparation.objects.values_list("author__email", "side")) == {
        "s.visser@baken.example": "school",
        "noor@leerling.example": "student",
    }


def test_preparing_rejects_get_and_refuses_outsiders(personas, client_for, client, conversation):
    assert client_for(personas.guardian).get(url("prepare", conversation)).status_code == 405
    for outsider in (personas.teacher, personas.admin, personas.classmate_guardian):
        response = client_for(outsider).post(url("prepare", conversation), {"wishes": "x"})
        assert response.status_code == 404
    response = client.post(url("prepare", conversation), {"wishes": "x"})
    assert "/accounts/login/" in response["Location"]
    assert not Preparation.objects.exists()


def test_the_guide_walks_the_mentor_through_the_phases(personas, client_for, conversation):
    mentor = client_for(personas.mentor)
    html = page(mentor, conversation)
    for title in ("Kennismaken", "Wie is het kind?", "Wat we van elkaar verwachten"):
        assert title in html
    for phase in ("introductions", "child", "expectations", "contact"):
        mentor.post(
            url("phase", conversation), {"phase": phase, "text": f"{phase}!", "advance": "on"}
        )
    conversation.refresh_from_db()
    assert conversation.phase == StartPhase.RECORD
    assert conversation.phase_notes.count() == 4
    assert "child!" in page(client_for(personas.guardian), conversation)


def test_only_the_mentor_writes_phase_notes(personas, client_for, conversation):
    response = client_for(personas.guardian).post(
        url("phase", conversation), {"phase": "child", "text": "x", "advance": "on"}
    )
    assert response.status_code == 404
    assert not conversation.phase_notes.exists()


def test_the_record_is_written_by_the_mentor_and_confirmed_by_a_parent(
    personas, client_for, conversation
):
    mentor, eva = client_for(personas.mentor), client_for(personas.guardian)
    assert eva.post(url("record", conversation), {"summary": "x"}).status_code == 404
    mentor.post(url("record", conversation), {"summary": "Goed gesprek; Noor plant zelf."})
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.HELD
    html = page(eva, conversation)
    assert "Goed gesprek; Noor plant zelf." in html and "Ik bevestig het verslag" in html
    assert mentor.post(url("confirm", conversation)).status_code == 404
    eva.post(url("confirm", conversation))
    conversation.refresh_from_db()
    assert conversation.record_confirmed_by == personas.guardian
    assert "Bevestigd door Eva de Vries" in page(client_for(personas.mentor), conversation)
    # A changed record needs confirming again.
    mentor.post(url("record", conversation), {"summary": "Aangevuld verslag."})
    conversation.refresh_from_db()
    assert conversation.record_confirmed_at is None


def test_the_mentor_adds_agreements_that_the_parents_see(personas, client_for, conversation):
    client_for(personas.mentor).post(
        url("agreement_add", conversation),
        {
            "what": "Wekelijkse e-mail over de planning",
            "owner_label": "Mentor",
            "due_on": "2026-12-18",
            "follow_up": "Elke vrijdag",
        },
    )
    agreement = Agreement.objects.get()
    assert agreement.conversation == conversation and agreement.student == personas.student
    assert "Wekelijkse e-mail over de planning" in page(client_for(personas.guardian), conversation)
    assert (
        client_for(personas.guardian)
        .post(url("agreement_add", conversation), {"what": "x", "owner_label": "y"})
        .status_code
        == 404
    )


def test_the_list_shows_a_guardian_their_childs_conversations_only(
    personas, client_for, conversation
):
    make_conversation(personas.classmate)
    html = client_for(personas.guardian).get(reverse("conversations:list")).content.decode()
    assert html.count("Noor Jansen") == 1
    assert "Mila Bakker" not in html


def test_the_navigation_offers_conversations_to_parents_and_agreements_to_mentors(
    personas, client_for
):
    parent = client_for(personas.guardian).get(reverse("front:my_children")).content.decode()
    assert 'href="/conversations/"' in parent
    mentor = client_for(personas.mentor).get(reverse("front:my_groups")).content.decode()
    assert 'href="/conversations/agreements/"' in mentor


def test_an_invalid_agreement_is_shown_again_with_what_the_mentor_typed(
    personas, client_for, conversation
):
    response = client_for(personas.mentor).post(
        url("agreement_add", conversation),
        {"what": "Samen de planner doornemen op vrijdag", "owner_label": "", "due_on": "morgen"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Samen de planner doornemen op vrijdag" in html  # nothing the mentor typed is lost
    assert 'class="errorlist' in html
    assert not Agreement.objects.exists()
