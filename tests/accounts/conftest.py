from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django_otp.oath import TOTP

from driehoek.accounts.models import Invitation, hash_token


def totp_code(device, *, offset_steps: int = 0) -> str:  # type: ignore[no-untyped-def]
    """The code an authenticator app would show for this device now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def invitation_path(message) -> str:  # type: ignore[no-untyped-def]
    """The /accounts/invite/<token>/ path from an invitation e-mail."""
    found = re.search(r"https?://[^/\s]+(/accounts/invite/[\w-]+/)", message.body)
    assert found, message.body
    return found.group(1)


def raw_token(message) -> str:  # type: ignore[no-untyped-def]
    return invitation_path(message).rstrip("/").rsplit("/", 1)[1]


def invitation_from(message) -> Invitation:  # type: ignore[no-untyped-def]
    return Invitation.objects.get(token_hash=hash_token(raw_token(message)))


@pytest.fixture
def outbox():  # type: ignore[no-untyped-def]
    return mail.outbox


@pytest.fixture
def english():  # type: ignore[no-untyped-def]
    """Messages in English, so tests can match the source text (Dutch is the default)."""
    from django.utils import translation

    with translation.override("en"):
        yield
