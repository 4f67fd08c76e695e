"""Helpers for django-axes, the login lock-out."""

from __future__ import annotations

from django.http import HttpRequest


def username_for_lockout(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The e-mail address as log-in compares it (trimmed, lower case).

    Without this, "Eva@…" and "eva@…" would count as different people and an attacker
    could try five passwords per spelling.
    """
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    return value.strip().lower() if isinstance(value, str) else value
