"""Who may call the API: a session, a personal API token, or nobody."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from ninja.security import SessionAuth

from driehoek.accounts.models import ApiToken
from driehoek.accounts.services import create_api_token, revoke_api_token
from driehoek.api.api import api
from driehoek.api.auth import ApiTokenAuth
from tests.api.helpers import bearer


@pytest.mark.parametrize(
    "path", ["/api/me", "/api/students", "/api/students/1", "/api/groups", "/api/groups/1"]
)
def test_it_answers_401_without_credentials(db, path):
    response = Client().get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_it_accepts_a_logged_in_session(personas, client_for):
    response = client_for(personas.guardian).get("/api/me")
    assert response.status_code == 200
    assert response.json()["user"]["email"] == "eva@ouder.example"


def test_it_accepts_a_personal_api_token(personas):
    _token, raw = create_api_token(
        user=personas.admin, school=personas.school, name="sync", expires_at=None
    )
    response = bearer(raw).get("/api/me")
    assert response.status_code == 200
    assert response.json()["user"]["email"] == "a.bos@baken.example"


def test_a_token_acts_with_its_owners_rights(personas, make_token):
    response = bearer(make_token(personas.guardian)).get("/api/students")
    assert [s["first_name"] for s in response.json()["items"]] == ["Noor"]


def test_it_refuses_an_unknown_token(db):
    assert bearer("not-a-token").get("/api/me").status_code == 401


def test_it_refuses_a_revoked_token(personas, make_token):
    assert bearer(make_token(personas.admin, revoked=True)).get("/api/me").status_code == 401


def test_it_refuses_a_token_once_it_is_revoked(personas):
    token, raw = create_api_token(
        user=personas.admin, school=personas.school, name="sync", expires_at=None
    )
    assert bearer(raw).get("/api/me").status_code == 200
    revoke_api_token(token=token, by=personas.admin)
    response = bearer(raw).get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_token_past_its_expiry_is_refused(personas):
    token, raw = create_api_token(
        user=personas.admin,
        school=personas.school,
        name="sync",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert bearer(raw).get("/api/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert bearer(raw).get("/api/me").status_code == 401


def test_it_refuses_an_expired_token(personas, make_token):
    assert bearer(make_token(personas.admin, expired=True)).get("/api/me").status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(personas, make_token):
    raw = make_token(personas.admin)
    personas.admin.is_active = False
    personas.admin.save(update_fields=["is_active"])
    assert bearer(raw).get("/api/me").status_code == 401


def test_it_refuses_another_scheme(personas):
    client = Client(headers={"authorization": "Basic YTpi"})
    assert client.get("/api/me").status_code == 401


def test_a_staff_session_without_second_factor_gets_403(personas, client):
    client.force_login(personas.mentor)
    response = client.get("/api/students")
    assert response.status_code == 403
    assert "detail" in response.json()


def test_a_staff_token_needs_no_session_second_factor(personas, make_token):
    # A token has no session; the middleware's 2FA gate is for browser sessions.
    assert bearer(make_token(personas.mentor)).get("/api/students").status_code == 200


def test_a_guardian_session_needs_no_second_factor(personas, client):
    client.force_login(personas.guardian)
    assert client.get("/api/students").status_code == 200


def test_a_token_does_not_log_the_caller_in(personas, make_token):
    client = bearer(make_token(personas.admin))
    client.get("/api/me")
    assert "sessionid" not in client.cookies


def test_the_session_auth_enforces_csrf_and_the_token_comes_first():
    token_auth, session_auth = api.auth  # type: ignore[misc]
    assert isinstance(token_auth, ApiTokenAuth)
    assert isinstance(session_auth, SessionAuth)
    assert session_auth.csrf is True


def test_it_rejects_post(personas, client_for):
    response = client_for(personas.guardian).post("/api/me")
    assert response.status_code == 405
