"""Passwords are stored with Argon2.

The autouse fixture in tests/conftest.py switches Django to a fast hasher, so the
configured value is read from the settings module itself.
"""

from __future__ import annotations

import importlib

from django.contrib.auth.hashers import check_password, identify_hasher, make_password


def configured_hashers() -> list[str]:
    return importlib.import_module("driehoek.settings").PASSWORD_HASHERS


def test_the_default_hasher_is_argon2():
    assert configured_hashers()[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_produces_a_real_argon2_hash(settings):
    settings.PASSWORD_HASHERS = configured_hashers()
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$argon2id$")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert check_password("correct horse battery staple", encoded)
    assert not check_password("wrong", encoded)
