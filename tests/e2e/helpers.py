"""Steps a person takes in the browser, shared by the end-to-end tests."""

from __future__ import annotations

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from driehoek.accounts.models import User
from tests.personas import PASSWORD


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real login page, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("password|wachtwoord", re.IGNORECASE)).fill(password)
    page.get_by_role("button", name=re.compile("log in|inloggen", re.IGNORECASE)).click()
    page.wait_for_load_state()


def add_authenticator(user: User) -> TOTPDevice:
    """A confirmed authenticator app for `user`, as if set up earlier."""
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The 6-digit code the authenticator app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)
