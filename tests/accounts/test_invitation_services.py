"""Inviting people: the invitation, its e-mail, and linking the roster row."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from driehoek.accounts import services
from driehoek.accounts.models import Invitation, User, hash_token
from driehoek.roster.models import Guardian, StaffMember, Student
from tests.accounts.conftest import invitation_from, raw_token


def new_guardian(personas, email="joost@ouder.example") -> Guardian:  # type: ignore[no-untyped-def]
    return Guardian.objects.create(
        school=personas.school, first_name="Joost", last_name="Bakker", email=email
    )


def test_it_creates_an_inactive_user_without_a_password_and_sends_the_link(
    personas, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://driehoek.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_user(
            email="Nieuw@Ouder.example",
            school=personas.school,
            invited_by=personas.admin,
            display_name="Nieuwe Ouder",
            language="nl",
        )
    user = invitation.user
    assert user.email == "nieuw@ouder.example"
    assert not user.is_active
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nieuw@ouder.example"]
    assert "https://driehoek.example.org/accounts/invite/" in message.body
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    assert invitation_from(message) == invitation


def test_only_the_digest_of_the_token_is_stored(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_user(
            email="x@ouder.example", school=personas.school, invited_by=personas.admin
        )
    raw = raw_token(mailoutbox[0])
    assert invitation.token_hash == hash_token(raw)
    assert raw not in invitation.token_hash


def test_it_expires_after_the_configured_number_of_days(personas, settings):
    settings.INVITATION_VALID_DAYS = 3
    before = timezone.now()
    invitation = services.invite_user(
        email="x@ouder.example", school=personas.school, invited_by=personas.admin
    )
    assert before + datetime.timedelta(days=3) <= invitation.expires_at
    assert invitation.expires_at <= timezone.now() + datetime.timedelta(days=3)


def test_no_mail_is_sent_when_the_transaction_rolls_back(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.invite_user(email="x@ouder.example", school=personas.school, invited_by=None)
        assert mailoutbox == []  # not before the commit
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1


def test_the_e_mail_is_in_the_recipients_language(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_user(
            email="nl@ouder.example", school=personas.school, invited_by=None, language="nl"
        )
        services.invite_user(
            email="en@ouder.example", school=personas.school, invited_by=None, language="en"
        )
    dutch, english = mailoutbox
    assert "Kies je wachtwoord" in dutch.body or "wachtwoord" in dutch.body
    assert "uitnodiging" in dutch.subject.lower()
    assert "Choose your password" in english.body
    assert "invitation" in english.subject.lower()


def test_a_new_invitation_replaces_the_open_one(personas):
    first = services.invite_user(email="x@ouder.example", school=personas.school, invited_by=None)
    second = services.invite_user(email="x@ouder.example", school=personas.school, invited_by=None)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.user == first.user
    assert User.objects.filter(email="x@ouder.example").count() == 1


def test_it_refuses_an_address_that_already_has_an_account(personas, english):
    with pytest.raises(ValidationError, match="already has an account"):
        services.invite_user(email=personas.guardian.email, school=personas.school, invited_by=None)


def test_inviting_a_guardian_links_the_roster_row(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    guardian = new_guardian(personas)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_guardian(guardian=guardian, invited_by=personas.admin)
    guardian.refresh_from_db()
    assert invitation is not None
    assert guardian.user == invitation.user
    assert invitation.user.display_name == "Joost Bakker"
    assert mailoutbox[0].to == ["joost@ouder.example"]


def test_a_guardian_without_an_address_cannot_be_invited(personas, english):
    guardian = new_guardian(personas, email="")
    with pytest.raises(ValidationError, match="no e-mail address"):
        services.invite_guardian(guardian=guardian, invited_by=personas.admin)


def test_a_person_with_an_account_is_linked_and_told_instead_of_invited(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    # The mentor is also a parent at the school: one login, two roles.
    guardian = new_guardian(personas, email=personas.mentor.email)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_guardian(guardian=guardian, invited_by=personas.admin)
    guardian.refresh_from_db()
    assert invitation is None
    assert guardian.user == personas.mentor
    assert Invitation.objects.filter(user=personas.mentor).count() == 0
    assert "/accounts/invite/" not in mailoutbox[0].body


def test_inviting_a_staff_member_links_the_roster_row(personas):
    member = StaffMember.objects.create(
        school=personas.school, first_name="Kees", last_name="Smit", email="k.smit@baken.example"
    )
    invitation = services.invite_staff_member(staff_member=member, invited_by=personas.admin)
    member.refresh_from_db()
    assert member.user == invitation.user


def _student(personas, born: datetime.date) -> Student:  # type: ignore[no-untyped-def]
    return Student.objects.create(
        school=personas.school,
        student_number="100099",
        first_name="Sem",
        last_name="Kok",
        date_of_birth=born,
    )


def _years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def test_a_student_of_account_age_can_be_invited(personas):
    student = _student(personas, _years_ago(12))
    invitation = services.invite_student(
        student=student, email="sem@leerling.example", invited_by=personas.admin
    )
    student.refresh_from_db()
    assert student.user == invitation.user


def test_a_student_younger_than_the_schools_age_is_refused(personas, english):
    student = _student(personas, _years_ago(12) + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="from the age of 12"):
        services.invite_student(
            student=student, email="sem@leerling.example", invited_by=personas.admin
        )
    assert not User.objects.filter(email="sem@leerling.example").exists()


def test_a_student_without_a_known_date_of_birth_cannot_be_invited(personas, english):
    student = _student(personas, None)  # type: ignore[arg-type]
    assert services.student_is_old_enough(student=student) is False
    with pytest.raises(ValidationError, match="must record the date of birth first"):
        services.invite_student(
            student=student, email="sem@leerling.example", invited_by=personas.admin
        )
    student.refresh_from_db()
    assert student.user is None
    assert not User.objects.filter(email="sem@leerling.example").exists()


def test_the_school_can_set_its_own_student_account_age(personas):
    personas.school.student_account_age = 10
    personas.school.save(update_fields=["student_account_age"])
    student = _student(personas, _years_ago(10))
    assert services.invite_student(
        student=student, email="sem@leerling.example", invited_by=personas.admin
    )
    personas.school.student_account_age = 14
    personas.school.save(update_fields=["student_account_age"])
    other = Student.objects.create(
        school=personas.school,
        student_number="100098",
        first_name="Bo",
        last_name="Kok",
        date_of_birth=_years_ago(13),
    )
    with pytest.raises(ValidationError, match="14"):
        services.invite_student(student=other, email="bo@leerling.example", invited_by=None)


def test_accepting_sets_the_password_and_activates(personas):
    invitation = services.invite_user(
        email="x@ouder.example", school=personas.school, invited_by=None
    )
    user = services.accept_invitation(
        token_hash=invitation.token_hash, password="a long new password 42"
    )
    assert user.is_active
    assert user.check_password("a long new password 42")
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_an_invitation_can_be_accepted_only_once(personas):
    invitation = services.invite_user(
        email="x@ouder.example", school=personas.school, invited_by=None
    )
    services.accept_invitation(token_hash=invitation.token_hash, password="first password 123")
    with pytest.raises(services.InvitationNotUsable):
        services.accept_invitation(token_hash=invitation.token_hash, password="second pw 456789")
    invitation.user.refresh_from_db()
    assert invitation.user.check_password("first password 123")


def test_an_expired_or_revoked_invitation_cannot_be_accepted(personas):
    expired = services.invite_user(email="x@ouder.example", school=personas.school, invited_by=None)
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(services.InvitationNotUsable):
        services.accept_invitation(token_hash=expired.token_hash, password="some password 123")
    revoked = services.invite_user(email="y@ouder.example", school=personas.school, invited_by=None)
    services.revoke_invitation(invitation=revoked, by=personas.admin)
    with pytest.raises(services.InvitationNotUsable):
        services.accept_invitation(token_hash=revoked.token_hash, password="some password 123")


def test_accepting_revokes_the_users_other_open_invitations(personas):
    first = services.invite_user(email="x@ouder.example", school=personas.school, invited_by=None)
    # A second school invites the same person; the first invitation stays open.
    second = Invitation.objects.create(
        school=personas.outside_student.school,
        user=first.user,
        token_hash=hash_token("another"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    services.accept_invitation(token_hash=first.token_hash, password="some password 123")
    second.refresh_from_db()
    assert second.revoked_at is not None
