from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.translation.reloader import translation_file_changed

from tests.personas import Personas, build_personas


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    """Page tests check Dutch text, which needs the compiled catalogues (.mo files are
    build output). Compile what is stale, then let Django reload its translations."""
    call_command("compile_catalogues", verbosity=0)
    translation_file_changed(sender=None, file_path=Path("django.mo"))


@pytest.fixture(autouse=True)
def _private_files_in_a_temporary_folder(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    # Uploads and attachments go under VAR_DIR / MEDIA_ROOT: keep tests out of var/.
    folder = tmp_path_factory.mktemp("var")
    settings.VAR_DIR = folder
    settings.MEDIA_ROOT = folder / "media"


@pytest.fixture(autouse=True)
def _fast_hashing_and_no_2fa_by_default(settings):  # type: ignore[no-untyped-def]
    # Argon2 is the configured hasher (tested in tests/front/test_settings.py); in other
    # tests a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return build_personas()


def login_verified(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    """Log in as `user` with the second factor already passed (for staff)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(client: Client):  # type: ignore[no-untyped-def]
    """`client_for(user)`: a test client logged in as user, second factor passed."""

    def make(user) -> Client:  # type: ignore[no-untyped-def]
        fresh = Client()
        return login_verified(fresh, user)

    return make
