"""Who is calling the API: a personal API token (Bearer) or the browser session.

The token is checked first so a script never needs a CSRF token; the session is second
and enforces CSRF on unsafe methods (ninja's `django_auth`). Staff sessions that have
not passed the second factor never get here: StaffTwoFactorMiddleware answers 403 first.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from driehoek.accounts.models import User
from driehoek.accounts.services import user_for_api_token


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: the token acts with its owner's rights."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token:
            return None
        user = user_for_api_token(token)
        if user is None or not user.is_active:
            return None
        # Views and the access module ask request.user, as they do for a session.
        request.user = user
        return user


api_token_auth = ApiTokenAuth()

#: The api's `auth`: token first, then the session (with CSRF for unsafe methods).
AUTH = [api_token_auth, django_auth]
