"""GET/POST /accounts/invite/<token>/: choose a password with an invitation link."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from driehoek.accounts import services
from driehoek.accounts.models import Invitation
from driehoek.roster.models import Guardian, StaffMember
from tests.accounts.conftest import invitation_path

NEW_PASSWORD = "a quiet study place 2026"


def invite(personas, mailoutbox, capture, email="joost@ouder.example"):  # type: ignore[no-untyped-def]
    guardian = Guardian.objects.create(
        school=personas.school, first_name="Joost", last_name="Bakker", email=email
    )
    with capture(execute=True):
        services.invite_guardian(guardian=guardian, invited_by=personas.admin)
    return invitation_path(mailoutbox[-1])


def test_it_shows_a_set_password_form(personas, mailoutbox, django_capture_on_commit_callbacks):
    path = invite(personas, mailoutbox, django_capture_on_commit_callbacks)
    response = Client().get(path)
    assert response.status_code == 200
    assert b"joost@ouder.example" in response.content
    assert b'name="new_password1"' in response.content


def test_it_sets_the_password_logs_in_and_redirects_home(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    path = invite(personas, mailoutbox, django_capture_on_commit_callbacks)
    client = Client()
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/home/"
    assert client.session["_auth_user_id"]
    assert client.cookies["django_language"].value == "nl"
    guardian = Guardian.objects.get(email="joost@ouder.example")
    assert guardian.user.is_active
    login = Client().post(
        "/accounts/login/", {"username": "joost@ouder.example", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302


def test_the_link_works_only_once(personas, mailoutbox, django_capture_on_commit_callbacks):
    path = invite(personas, mailoutbox, django_capture_on_commit_callbacks)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    first_tab, second_tab = Client(), Client()
    assert first_tab.get(path).status_code == 200
    assert second_tab.get(path).status_code == 200
    assert first_tab.post(path, data).status_code == 302
    response = second_tab.post(path, {"new_password1": "other " * 3, "new_password2": "other " * 3})
    assert response.status_code == 410
    assert "_auth_user_id" not in second_tab.session
    assert Client().get(path).status_code == 410


def test_the_password_validators_apply(personas, mailoutbox, django_capture_on_commit_callbacks):
    path = invite(personas, mailoutbox, django_capture_on_commit_callbacks)
    response = Client().post(path, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["new_password2"])
    # In Dutch, including the message Django's own Dutch catalogue misses.
    assert "te kort" in errors
    assert "alleen cijfers" in errors
    assert Invitation.objects.get().used_at is None


def test_an_unknown_link_answers_404_with_a_kind_page(db):
    response = Client(headers={"accept-language": "en"}).get("/accounts/invite/not-a-real-token/")
    assert response.status_code == 404
    assert "ask the school for a new invitation" in response.content.decode().lower()


def test_an_expired_link_answers_410_with_a_kind_page(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    path = invite(personas, mailoutbox, django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = Client(headers={"accept-language": "en"}).get(path)
    assert response.status_code == 410
    assert "expired or was already used" in response.content.decode()
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert Client().post(path, data).status_code == 410


def test_a_revoked_link_answers_410(personas, mailoutbox, django_capture_on_commit_callbacks):
    path = invite(personas, mailoutbox, django_capture_on_commit_callbacks)
    services.revoke_invitation(invitation=Invitation.objects.get(), by=personas.admin)
    assert Client().get(path).status_code == 410


def test_the_kind_page_is_in_dutch_by_default(db):
    response = Client().get("/accounts/invite/unknown/")
    assert "Vraag de school om een nieuwe uitnodiging" in response.content.decode()


def test_staff_are_sent_to_two_factor_setup_after_accepting(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    member = StaffMember.objects.create(
        school=personas.school, first_name="Kees", last_name="Smit", email="k.smit@baken.example"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_staff_member(staff_member=member, invited_by=personas.admin)
    client = Client()
    path = invitation_path(mailoutbox[-1])
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(path, data, follow=False)
    assert response.url == "/home/"
    response = client.get("/home/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/2fa/")
