"""Fixtures for the API tests: personal API tokens and the OpenAPI document."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from driehoek.accounts.models import ApiToken, User, hash_token, new_raw_token


@pytest.fixture
def make_token(personas) -> Callable[..., str]:  # type: ignore[no-untyped-def]
    """`make_token(user, revoked=False, expired=False)`: a raw personal API token.

    Stored as the accounts app stores it (only the digest), so authentication goes
    through the real `user_for_api_token`. (Only administrators create tokens through
    `create_api_token`; this also makes tokens for other personas, to test their rights.)
    """

    def make(user: User, *, revoked: bool = False, expired: bool = False) -> str:
        raw = new_raw_token()
        now = timezone.now()
        ApiToken.objects.create(
            school=personas.school,
            user=user,
            name="test",
            token_hash=hash_token(raw),
            prefix=raw[:8],
            revoked_at=now if revoked else None,
            expires_at=now - datetime.timedelta(minutes=1) if expired else None,
        )
        return raw

    return make


@pytest.fixture
def openapi(personas, client_for) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client_for(personas.guardian).get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()
