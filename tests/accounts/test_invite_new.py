"""/accounts/invite/new/ and /accounts/invite/<id>/revoke/: administrators invite people."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from driehoek.accounts import services
from driehoek.accounts.models import Invitation
from driehoek.roster.models import Guardian, StaffMember, Student

URL = "/accounts/invite/new/"


def joost(personas) -> Guardian:  # type: ignore[no-untyped-def]
    return Guardian.objects.create(
        school=personas.school, first_name="Joost", last_name="Bakker", email="joost@ouder.example"
    )


def test_it_lists_people_without_an_account(personas, client_for):
    guardian = joost(personas)
    response = client_for(personas.admin).get(URL)
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["person"].choices)
    keys = {key for group in choices.values() if isinstance(group, list) for key, _ in group}
    assert f"guardian:{guardian.pk}" in keys
    # Eva already has an account; Lotte is at another school.
    assert not any(key.startswith("guardian:") and key != f"guardian:{guardian.pk}" for key in keys)
    assert f"student:{personas.outside_student.pk}" not in keys


def test_students_below_the_account_age_are_not_offered(personas, client_for):
    young = Student.objects.create(
        school=personas.school,
        student_number="100050",
        first_name="Jip",
        last_name="Kok",
        date_of_birth=timezone.localdate() - datetime.timedelta(days=365 * 9),
    )
    response = client_for(personas.admin).get(URL)
    assert f"student:{young.pk}" not in str(response.context["form"].fields["person"].choices)


def test_a_link_preselects_the_person(personas, client_for):
    guardian = joost(personas)
    response = client_for(personas.admin).get(f"{URL}?guardian={guardian.pk}")
    assert response.context["form"].initial["person"] == f"guardian:{guardian.pk}"


def test_it_sends_an_invitation(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    guardian = joost(personas)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.admin).post(
            URL, {"person": f"guardian:{guardian.pk}", "email": "", "language": "en"}
        )
    assert response.status_code == 302
    guardian.refresh_from_db()
    assert guardian.user is not None and guardian.user.language == "en"
    assert mailoutbox[0].to == ["joost@ouder.example"]
    assert "invitation" in mailoutbox[0].subject.lower()


def test_a_student_needs_an_e_mail_address(personas, client_for):
    student = personas.classmate
    response = client_for(personas.admin).post(
        URL, {"person": f"student:{student.pk}", "email": "", "language": "nl"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


def test_it_shows_open_invitations(personas, client_for):
    invitation = services.invite_guardian(guardian=joost(personas), invited_by=personas.admin)
    response = client_for(personas.admin).get(URL)
    assert list(response.context["invitations"]) == [invitation]


def test_it_refuses_a_person_from_another_school(personas, client_for):
    other = Guardian.objects.create(
        school=personas.outside_student.school, first_name="X", last_name="Y", email="x@y.example"
    )
    response = client_for(personas.admin).post(
        URL, {"person": f"guardian:{other.pk}", "language": "nl"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"]
    other.refresh_from_db()
    assert other.user is None


def test_another_schools_administrator_gets_404_for_this_school(personas, client_for):
    response = client_for(personas.other_admin).get(f"{URL}?school={personas.school.pk}")
    assert response.status_code == 404


def test_it_is_404_for_non_administrators(personas, client_for):
    assert client_for(personas.mentor).get(URL).status_code == 404
    assert client_for(personas.guardian).get(URL).status_code == 404


def test_it_redirects_anonymous_visitors_to_login(db):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_invite_rejects_other_methods(personas, client_for):
    assert client_for(personas.admin).put(URL).status_code == 405


# --- revoke ---------------------------------------------------------------------------


def revoke_url(invitation: Invitation) -> str:
    return f"/accounts/invite/{invitation.pk}/revoke/"


def test_revoke_withdraws_the_invitation(personas, client_for):
    invitation = services.invite_guardian(guardian=joost(personas), invited_by=personas.admin)
    response = client_for(personas.admin).post(revoke_url(invitation))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_revoke_rejects_get(personas, client_for):
    invitation = services.invite_guardian(guardian=joost(personas), invited_by=personas.admin)
    assert client_for(personas.admin).get(revoke_url(invitation)).status_code == 405


def test_revoke_is_404_for_another_school_and_non_administrators(personas, client_for):
    invitation = services.invite_guardian(guardian=joost(personas), invited_by=personas.admin)
    for user in (personas.other_admin, personas.mentor, personas.guardian):
        assert client_for(user).post(revoke_url(invitation)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_revoke_redirects_anonymous_visitors_to_login(personas):
    invitation = services.invite_guardian(guardian=joost(personas), invited_by=personas.admin)
    response = Client().post(revoke_url(invitation))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_staff_members_without_an_account_are_offered(personas, client_for):
    member = StaffMember.objects.create(
        school=personas.school, first_name="Kees", last_name="Smit", email="k.smit@baken.example"
    )
    response = client_for(personas.admin).get(URL)
    assert f"staff:{member.pk}" in str(response.context["form"].fields["person"].choices)
