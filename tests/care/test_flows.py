"""Care through its pages: escalation, informing the parents, consent and shares, guest
experts, the meeting, the plan, reminders and closure."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from driehoek.audit.models import AuditEvent
from driehoek.care import services
from driehoek.care.consent_rules import Answer
from driehoek.care.models import CareCase, Share, TeamMember
from driehoek.conversations.models import Agreement, Conversation
from tests.care.conftest import guardian_party


def test_the_mentor_escalates_with_what_was_tried_and_the_coordinator_is_mailed(
    personas, client_for, django_capture_on_commit_callbacks
):
    agreement = Agreement.objects.create(
        school=personas.school,
        student=personas.student,
        what="Wekelijks contact",
        owner_label="Mentor",
    )
    client = client_for(personas.mentor)
    url = f"/care/student/{personas.student.pk}/escalate/"
    page = client.get(url)
    assert "Wekelijks contact" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "situation": "being-bullied",
                "reason": "Noor wordt buitengesloten.",
                "tried": "Gesprek",
                "parents_know": "Niets nog",
                "links": [f"agreement:{agreement.pk}"],
            },
        )
    case = CareCase.objects.get(student=personas.student)
    assert response.status_code == 302
    assert case.links.get().label == "Wekelijks contact"
    assert [m.to for m in mail.outbox] == [[personas.care.email]]
    assert "Noor" not in mail.outbox[0].body


def test_an_escalation_without_a_reason_is_refused(personas, client_for):
    response = client_for(personas.mentor).post(
        f"/care/student/{personas.student.pk}/escalate/", {"reason": ""}
    )
    assert response.status_code == 400
    assert not CareCase.objects.exists()


def test_the_mentor_sees_a_reminder_until_the_parents_are_recorded_as_told(
    personas, client_for, case
):
    client = client_for(personas.mentor)
    assert "parents-informed" in client.get(f"/care/case/{case.pk}/").content.decode()
    assert case in [c for c in CareCase.objects.all() if c.needs_parents_informed]
    client.post(
        f"/care/case/{case.pk}/parents-informed/",
        {"on": timezone.localdate().isoformat(), "how": "phone"},
    )
    case.refresh_from_db()
    assert not case.needs_parents_informed
    assert "parents-informed" not in client.get(f"/care/case/{case.pk}/").content.decode()


def test_the_child_safety_exception_is_audited_and_not_in_the_parents_access_log(
    personas, client_for, case
):
    client = client_for(personas.care)
    client.post(f"/care/case/{case.pk}/safety/", {"withheld": "on", "reason": "Meldcode"})
    case.refresh_from_db()
    assert case.withheld_for_safety and not case.needs_parents_informed
    event = AuditEvent.objects.get(action="care_safety_withheld")
    assert event.student is None and str(case.pk) in event.detail
    assert client_for(personas.guardian).get(f"/care/case/{case.pk}/").status_code == 404
    mentor_page = client_for(personas.mentor).get(f"/care/case/{case.pk}/").content.decode()
    assert "Meldcode" not in mentor_page
    assert "Meldcode" in client.get(f"/care/case/{case.pk}/").content.decode()


def test_reads_of_a_case_by_staff_are_audited_and_by_guardians_not(personas, client_for, case):
    client_for(personas.care).get(f"/care/case/{case.pk}/")
    client_for(personas.guardian).get(f"/care/case/{case.pk}/")
    events = AuditEvent.objects.filter(student=personas.student)
    assert [e.actor for e in events] == [personas.care]


def test_no_share_without_both_parents_then_revocation_stops_the_next_share(
    personas, client_for, case, consent_request
):
    care = client_for(personas.care)
    share_url = f"/care/consent/{consent_request.pk}/share/"
    care.post(share_url, {"what": "Het plan"})
    assert not Share.objects.exists()
    answer_url = f"/care/consent/{consent_request.pk}/answer/"
    client_for(personas.guardian).post(answer_url, {"answer": "given"})
    care.post(share_url, {"what": "Het plan"})
    assert not Share.objects.exists()
    client_for(personas.other_household_guardian).post(answer_url, {"answer": "given"})
    care.post(share_url, {"what": "Het plan"})
    share = Share.objects.get()
    assert "Eva" in share.consent_from and "Mark" in share.consent_from
    client_for(personas.other_household_guardian).post(answer_url, {"answer": "revoked"})
    care.post(share_url, {"what": "Nog eens"})
    assert Share.objects.count() == 1
    page = client_for(personas.guardian).get(f"/care/case/{case.pk}/").content.decode()
    assert "withdrew consent" in page or "trok toestemming in" in page


def test_the_student_under_16_is_not_asked(personas, client_for, consent_request):
    response = client_for(personas.student_user).post(
        f"/care/consent/{consent_request.pk}/answer/", {"answer": "given"}
    )
    assert response.status_code == 404


def test_a_student_of_16_must_consent_too(personas, client_for, consent_request):
    personas.student.date_of_birth = datetime.date(2008, 1, 1)
    personas.student.save()
    for user in (personas.guardian, personas.other_household_guardian):
        services.answer_consent(
            request=consent_request, user=user, party=guardian_party(user), answer=Answer.GIVEN
        )
    with pytest.raises(services.ShareRefused):
        services.share(request=consent_request, by=personas.care, what="x")
    client_for(personas.student_user).post(
        f"/care/consent/{consent_request.pk}/answer/", {"answer": "given"}
    )
    assert services.share(request=consent_request, by=personas.care, what="x")


def _both_consent(personas, request):  # type: ignore[no-untyped-def]
    for user in (personas.guardian, personas.other_household_guardian):
        services.answer_consent(
            request=request, user=user, party=guardian_party(user), answer=Answer.GIVEN
        )


def _invite_guest(personas, client_for, case, consent_request):  # type: ignore[no-untyped-def]
    from django.test import TestCase

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(personas.care).post(
            f"/care/case/{case.pk}/guest/",
            {
                "recipient": consent_request.recipient_id,
                "email": "expert@praktijk.example",
                "access_ends_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            },
        )
    assert response.status_code == 302
    token = re.search(r"/care/guest/([\w-]+)/", mail.outbox[-1].body).group(1)
    return token


def test_a_guest_expert_reads_only_their_case_while_access_and_consent_hold(
    personas, client, client_for, case, consent_request
):
    _both_consent(personas, consent_request)
    token = _invite_guest(personas, client_for, case, consent_request)
    response = client.post(
        f"/care/guest/{token}/",
        {"new_password1": "een lang wachtwoord 42", "new_password2": "een lang wachtwoord 42"},
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(kind="expert")
    guest = member.user
    assert guest.is_active and guest.check_password("een lang wachtwoord 42")
    assert client.post(f"/care/guest/{token}/").status_code == 410  # single use
    guest_client = client_for(guest)
    # Logging in later, the home page leads to the care overview, not to "no role".
    home = guest_client.get("/home/")
    assert home.status_code == 302 and home["Location"] == "/care/"
    assert f"/care/case/{case.pk}/" in guest_client.get("/care/").content.decode()
    page = guest_client.get(f"/care/case/{case.pk}/")
    assert page.status_code == 200 and "buitengesloten" not in page.content.decode()
    assert AuditEvent.objects.filter(actor=guest, student=personas.student).exists()
    # Another case of the school: nothing.
    other = services.escalate(student=personas.classmate, mentor=personas.mentor, reason="x")
    assert guest_client.get(f"/care/case/{other.pk}/").status_code == 404
    assert guest_client.get(f"/students/{personas.student.pk}/").status_code == 404
    # A guardian revokes: access ends at once.
    services.answer_consent(
        request=consent_request,
        user=personas.guardian,
        party=guardian_party(personas.guardian),
        answer=Answer.REVOKED,
    )
    assert guest_client.get(f"/care/case/{case.pk}/").status_code == 404


def test_a_guest_loses_access_when_the_end_date_passes(personas, client_for, case, consent_request):
    _both_consent(personas, consent_request)
    _invite_guest(personas, client_for, case, consent_request)
    member = TeamMember.objects.get(kind="expert")
    member.user.is_active = True
    member.user.save()
    guest_client = client_for(member.user)
    assert guest_client.get(f"/care/case/{case.pk}/").status_code == 200
    TeamMember.objects.filter(pk=member.pk).update(
        access_ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert guest_client.get(f"/care/case/{case.pk}/").status_code == 404


def test_a_guest_sets_up_two_step_verification_when_staff_must(
    personas, client_for, case, consent_request, settings
):
    from django.test import Client

    settings.STAFF_2FA_REQUIRED = True
    _both_consent(personas, consent_request)
    token = _invite_guest(personas, client_for, case, consent_request)
    client = Client()
    response = client.post(
        f"/care/guest/{token}/",
        {"new_password1": "een lang wachtwoord 42", "new_password2": "een lang wachtwoord 42"},
    )
    assert response["Location"].startswith("/accounts/2fa/")
    page = client.get(f"/care/case/{case.pk}/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/2fa/")


def test_a_meeting_with_the_parents_becomes_a_conversation(personas, client_for, case):
    starts = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    client_for(personas.care).post(
        f"/care/case/{case.pk}/meeting/",
        {"starts_at": starts, "place": "Kamer 2", "with_parents": "on", "with_student": "on"},
    )
    meeting = case.meetings.get()
    conversation = Conversation.objects.get(pk=meeting.conversation_id)
    assert conversation.with_student and conversation.guardians.count() == 2
    assert conversation.staff.filter(user=personas.care).exists()
    client_for(personas.care).post(
        f"/care/meeting/{meeting.pk}/outcome/", {"outcome": "Afspraken gemaakt"}
    )
    page = client_for(personas.guardian).get(f"/care/case/{case.pk}/").content.decode()
    assert "Afspraken gemaakt" in page


def test_the_plan_is_for_the_guardians_and_reminders_go_out_before_a_review(
    personas, client_for, case, django_capture_on_commit_callbacks
):
    personas.care.language = "en"
    personas.care.save()
    care = client_for(personas.care)
    care.post(f"/care/case/{case.pk}/plan/", {"summary": "Veilig in de klas"})
    review = timezone.localdate() + datetime.timedelta(days=2)
    care.post(
        f"/care/case/{case.pk}/plan/item/",
        {
            "goal": "Vast aanspreekpunt",
            "action": "Elke maandag",
            "owner": "Mentor",
            "review_on": review.isoformat(),
        },
    )
    assert (
        "Vast aanspreekpunt"
        in client_for(personas.guardian).get(f"/care/case/{case.pk}/").content.decode()
    )
    assert client_for(personas.student_user).get(f"/care/case/{case.pk}/").status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("care_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    to_care = [m for m in mail.outbox if m.to == [personas.care.email]]
    assert to_care and "review" in to_care[0].subject.lower()
    assert all("Noor" not in m.body for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("care_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not [m for m in mail.outbox if "review" in m.subject.lower()]


def test_closing_needs_a_summary_and_ends_guest_access(personas, client_for, case):
    care = client_for(personas.care)
    assert care.post(f"/care/case/{case.pk}/close/", {"summary": ""}).status_code == 400
    care.post(f"/care/case/{case.pk}/close/", {"summary": "Het gaat goed."})
    case.refresh_from_db()
    assert case.closed_on == timezone.localdate() and not case.is_open
    assert client_for(personas.mentor).get(f"/care/case/{case.pk}/").status_code == 404
    assert (
        "Het gaat goed."
        in client_for(personas.guardian).get(f"/care/case/{case.pk}/").content.decode()
    )
    assert care.post(f"/care/case/{case.pk}/plan/", {"summary": "x"}).status_code == 404


def test_the_guides_show_the_parents_part_to_a_parent_and_the_mentors_part_to_staff(
    personas, client_for
):
    parent = client_for(personas.guardian).get("/care/guides/being-bullied/").content.decode()
    mentor = client_for(personas.mentor).get("/care/guides/being-bullied/").content.decode()
    assert "screenshots" in parent and "screenshots" not in mentor
    assert client_for(personas.student_user).get("/care/guides/").status_code == 404


def test_the_parents_reminder_goes_once_a_day_however_often_the_command_runs(
    personas, case, django_capture_on_commit_callbacks
):
    two_days_on = timezone.localdate(case.created_at) + datetime.timedelta(days=2)
    mail.outbox.clear()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_care_reminders(today=two_days_on)
    to_mentor = [m for m in mail.outbox if m.to == [personas.mentor.email]]
    assert len(to_mentor) == 1
    # A week on, the next reminder goes out (once again).
    mail.outbox.clear()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_care_reminders(today=two_days_on + datetime.timedelta(days=5))
    assert len([m for m in mail.outbox if m.to == [personas.mentor.email]]) == 1
