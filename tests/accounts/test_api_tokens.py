"""Personal API tokens: the page, the services and the selector the API uses."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from driehoek.accounts.models import ApiToken, hash_token
from driehoek.accounts.services import create_api_token, revoke_api_token, user_for_api_token

URL = "/accounts/tokens/"
NEW = "/accounts/tokens/new/"


def make(personas, **kwargs):  # type: ignore[no-untyped-def]
    return create_api_token(
        user=personas.admin,
        school=personas.school,
        name="Magister import",
        expires_at=kwargs.get("expires_at"),
    )


# --- services and selector ------------------------------------------------------------


def test_only_the_hash_and_a_prefix_are_stored(personas):
    token, raw = make(personas)
    token.refresh_from_db()
    assert token.token_hash == hash_token(raw)
    assert token.prefix == raw[:8]
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert raw not in stored


def test_a_valid_token_finds_its_owner_and_notes_the_use(personas):
    token, raw = make(personas)
    assert user_for_api_token(raw) == personas.admin
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(personas):
    token, raw = make(personas)
    user_for_api_token(raw)
    token.refresh_from_db()
    first = token.last_used_at
    user_for_api_token(raw)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    user_for_api_token(raw)
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=2)


def test_a_revoked_token_is_refused(personas):
    token, raw = make(personas)
    revoke_api_token(token=token, by=personas.admin)
    assert user_for_api_token(raw) is None


def test_an_expired_token_is_refused(personas):
    token, raw = make(personas, expires_at=timezone.now() + datetime.timedelta(days=1))
    assert user_for_api_token(raw) == personas.admin
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert user_for_api_token(raw) is None


def test_the_token_of_an_inactive_user_is_refused(personas):
    _, raw = make(personas)
    personas.admin.is_active = False
    personas.admin.save(update_fields=["is_active"])
    assert user_for_api_token(raw) is None


def test_unknown_and_empty_tokens_are_refused(db):
    assert user_for_api_token("") is None
    assert user_for_api_token("nonsense") is None


def test_only_administrators_of_the_school_may_create_tokens(personas):
    with pytest.raises(ValidationError):
        create_api_token(user=personas.mentor, school=personas.school, name="x", expires_at=None)
    with pytest.raises(ValidationError):
        create_api_token(
            user=personas.other_admin, school=personas.school, name="x", expires_at=None
        )


# --- the page -------------------------------------------------------------------------


def test_the_page_lists_own_tokens(personas, client_for):
    token, _ = make(personas)
    response = client_for(personas.admin).get(URL)
    assert response.status_code == 200
    assert list(response.context["tokens"]) == [token]
    assert token.prefix in response.content.decode()


def test_creating_shows_the_raw_token_once(personas, client_for):
    client = client_for(personas.admin)
    response = client.post(NEW, {"name": "Magister import", "expires_on": ""})
    assert response.status_code == 200
    raw = response.context["raw"]
    assert raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert user_for_api_token(raw) == personas.admin
    assert raw not in client.get(URL).content.decode()
    assert ApiToken.objects.get().token_hash == hash_token(raw)


def test_creating_with_an_expiry_date(personas, client_for):
    day = timezone.localdate() + datetime.timedelta(days=30)
    client_for(personas.admin).post(NEW, {"name": "x", "expires_on": day.isoformat()})
    assert timezone.localdate(ApiToken.objects.get().expires_at) == day


def test_creating_refuses_a_date_in_the_past(personas, client_for):
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client_for(personas.admin).post(NEW, {"name": "x", "expires_on": day.isoformat()})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_create_rejects_get(personas, client_for):
    assert client_for(personas.admin).get(NEW).status_code == 405


def test_create_is_404_for_non_administrators_and_other_schools(personas, client_for):
    assert client_for(personas.mentor).post(NEW, {"name": "x"}).status_code == 404
    assert client_for(personas.guardian).post(NEW, {"name": "x"}).status_code == 404
    response = client_for(personas.other_admin).post(
        NEW, {"name": "x", "school": personas.school.pk}
    )
    assert response.status_code == 404
    assert not ApiToken.objects.exists()


def test_the_page_is_404_for_non_administrators(personas, client_for):
    assert client_for(personas.guardian).get(URL).status_code == 404


def test_create_and_page_redirect_anonymous_visitors_to_login(db):
    assert Client().get(URL).url.startswith("/accounts/login/")
    assert Client().post(NEW, {"name": "x"}).url.startswith("/accounts/login/")


def test_revoke(personas, client_for):
    token, raw = make(personas)
    response = client_for(personas.admin).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert user_for_api_token(raw) is None


def test_revoke_rejects_get(personas, client_for):
    token, _ = make(personas)
    assert client_for(personas.admin).get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405


def test_revoke_is_404_for_someone_elses_token(personas, client_for):
    token, raw = make(personas)
    response = client_for(personas.other_admin).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert user_for_api_token(raw) == personas.admin


def test_revoke_redirects_anonymous_visitors_to_login(personas):
    token, _ = make(personas)
    assert Client().post(f"/accounts/tokens/{token.pk}/revoke/").url.startswith("/accounts/login/")
