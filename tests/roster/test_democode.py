"""`driehoek democode <email>`: the current second-factor code of a demo account."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.accounts.models import User
from driehoek.roster.demo import demo_email, demo_totp_key


def test_democode_prints_a_code_the_device_accepts(db):
    user = User.objects.create_user(email=demo_email("mentor"))
    device = TOTPDevice.objects.create(
        user=user, name="Demo", key=demo_totp_key(user.email), confirmed=True
    )
    out = StringIO()
    call_command("democode", "Mentor@Demo.Driehoek.test", stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    assert device.verify_token(code)


def test_democode_refuses_an_account_outside_the_demo_domain(personas):
    with pytest.raises(CommandError, match="demo"):
        call_command("democode", personas.mentor.email, stdout=StringIO())


def test_democode_explains_when_there_is_no_device(db):
    User.objects.create_user(email=demo_email("nieuw"))
    with pytest.raises(CommandError, match="no two-factor device"):
        call_command("democode", demo_email("nieuw"), stdout=StringIO())


def test_the_demo_key_is_stable_and_differs_per_account():
    assert demo_totp_key(demo_email("a")) == demo_totp_key(demo_email("A"))
    assert demo_totp_key(demo_email("a")) != demo_totp_key(demo_email("b"))
    assert len(bytes.fromhex(demo_totp_key(demo_email("a")))) == 20
