"""A change at home notifies the mentor (without the text) and proposes a follow-up,
which the mentor accepts (an agreement in conversations), adapts or dismisses."""

from __future__ import annotations

import datetime

from django.core import mail
from django.urls import reverse

from driehoek.conversations.models import Agreement
from driehoek.profiles.models import FollowUpProposal, ProposalStatus, SectionKind
from tests.profiles.conftest import make_section

PRIVATE = "Oma is vorige week overleden."


def home_change(personas):  # type: ignore[no-untyped-def]
    return make_section(
        personas.student,
        personas.guardian,
        kind=SectionKind.HOME_CHANGE,
        visibility="mentor",
        text=PRIVATE,
        happened_on=datetime.date(2026, 11, 20),
        life_event="grief",
    )


def decide(client, proposal, **data):  # type: ignore[no-untyped-def]
    url = reverse("profiles:proposal_decide", kwargs={"proposal_id": proposal.pk})
    return client.post(url, data)


def test_a_change_at_home_proposes_a_follow_up_and_mails_the_mentor_without_the_text(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        section = home_change(personas)
    proposal = FollowUpProposal.objects.get(section=section)
    assert proposal.status == ProposalStatus.PROPOSED
    assert "wekelijks" in proposal.what  # stored in the school's language
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas.mentor.email]
    assert PRIVATE not in message.body and PRIVATE not in message.subject
    assert f"/profiles/students/{personas.student.pk}/" in message.body
    assert "Noor" in message.subject


def test_the_mail_is_in_the_mentors_language(personas, django_capture_on_commit_callbacks):
    personas.mentor.language = "en"
    personas.mentor.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        home_change(personas)
    assert mail.outbox[0].subject.startswith("Something changed at home")


def test_other_sections_propose_nothing(personas):
    make_section(personas.student, personas.guardian)
    assert not FollowUpProposal.objects.exists()


def test_the_mentor_accepts_and_an_agreement_is_made(personas, client_for):
    proposal = FollowUpProposal.objects.get(section=home_change(personas))
    response = decide(client_for(personas.mentor), proposal, decision="accepted")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by == personas.mentor
    agreement = Agreement.objects.get(pk=proposal.agreement_id)
    assert agreement.student == personas.student and agreement.what == proposal.what


def test_the_mentor_adapts_the_follow_up(personas, client_for):
    proposal = FollowUpProposal.objects.get(section=home_change(personas))
    decide(
        client_for(personas.mentor),
        proposal,
        decision="adapted",
        what="Elke maandag kort bellen",
        due_on="2026-12-14",
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.what) == (ProposalStatus.ADAPTED, "Elke maandag kort bellen")
    agreement = Agreement.objects.get(pk=proposal.agreement_id)
    assert agreement.due_on == datetime.date(2026, 12, 14)


def test_adapting_without_wording_changes_nothing(personas, client_for):
    proposal = FollowUpProposal.objects.get(section=home_change(personas))
    decide(client_for(personas.mentor), proposal, decision="adapted", what=" ")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_the_mentor_dismisses_and_no_agreement_is_made(personas, client_for):
    proposal = FollowUpProposal.objects.get(section=home_change(personas))
    decide(client_for(personas.mentor), proposal, decision="dismissed")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED and proposal.agreement_id is None
    assert not Agreement.objects.exists()


def test_a_second_decision_does_not_overrule_the_first(personas, client_for):
    proposal = FollowUpProposal.objects.get(section=home_change(personas))
    client = client_for(personas.mentor)
    decide(client, proposal, decision="dismissed")
    decide(client, proposal, decision="accepted")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED


def test_only_the_mentor_decides(personas, client_for):
    proposal = FollowUpProposal.objects.get(section=home_change(personas))
    for user in (personas.guardian, personas.teacher, personas.admin, personas.student_user):
        assert decide(client_for(user), proposal, decision="accepted").status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_deciding_refuses_get_and_needs_a_login(personas, client_for, client):
    proposal = FollowUpProposal.objects.get(section=home_change(personas))
    url = reverse("profiles:proposal_decide", kwargs={"proposal_id": proposal.pk})
    assert client_for(personas.mentor).get(url).status_code == 405
    response = client.post(url, {"decision": "accepted"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_mentor_sees_the_proposal_on_the_profile_page(personas, client_for):
    home_change(personas)
    url = reverse("profiles:student", kwargs={"student_id": personas.student.pk})
    html = client_for(personas.mentor).get(url).content.decode()
    assert 'name="decision" value="accepted"' in html
    assert 'name="decision"' not in client_for(personas.guardian).get(url).content.decode()
