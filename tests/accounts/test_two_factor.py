"""/accounts/2fa/: staff must set up and pass a second factor; parents may."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import totp_code

URL = "/accounts/2fa/"


@pytest.fixture
def staff(personas) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.mentor)
    return client


def confirmed_device(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_staff_without_a_second_factor_are_sent_to_the_2fa_page(staff):
    response = staff.get("/accounts/settings/")
    assert response.status_code == 302
    assert response.url == f"{URL}?next=/accounts/settings/"


def test_staff_without_a_second_factor_get_403_json_from_the_api(staff):
    response = staff.get("/api/me")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_setup_shows_a_qr_code_and_the_secret(staff, personas):
    response = staff.get(URL)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=personas.mentor)
    assert not device.confirmed
    page = response.content.decode()
    assert 'src="data:image/svg+xml' in page
    assert response.context["secret"].replace(" ", "") in page.replace(" ", "")
    assert 'style="' not in page.split("<main", 1)[1]  # the CSP forbids inline styles
    # Reloading keeps the same secret, so a half-finished scan still works.
    assert staff.get(URL).context["secret"] == response.context["secret"]


def test_setup_with_the_right_code_confirms_and_verifies(staff, personas):
    staff.get(URL)
    device = TOTPDevice.objects.get(user=personas.mentor)
    response = staff.post(URL, {"code": totp_code(device), "next": "/accounts/settings/"})
    assert response.status_code == 302
    assert response.url == "/accounts/settings/"
    device.refresh_from_db()
    assert device.confirmed
    assert staff.get("/accounts/settings/").status_code == 200


def test_setup_with_a_wrong_code_is_refused(staff, personas):
    staff.get(URL)
    device = TOTPDevice.objects.get(user=personas.mentor)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = staff.post(URL, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    device.refresh_from_db()
    assert not device.confirmed
    assert staff.get("/accounts/settings/").status_code == 302


def test_verify_with_the_right_code_opens_the_pages(staff, personas):
    device = confirmed_device(personas.mentor)
    response = staff.get(URL)
    assert response.templates[0].name == "accounts/two_factor_verify.html"
    response = staff.post(URL, {"code": totp_code(device)})
    assert response.status_code == 302
    assert staff.get("/accounts/settings/").status_code == 200


def test_verify_with_a_wrong_code_is_refused(staff, personas):
    device = confirmed_device(personas.mentor)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = staff.post(URL, {"code": wrong})
    assert response.status_code == 200
    assert "klopt niet" in str(response.context["form"].errors["code"])
    assert staff.get("/accounts/settings/").status_code == 302


def test_after_a_wrong_code_the_device_throttles_with_a_clear_message(staff, personas):
    device = confirmed_device(personas.mentor)
    staff.post(URL, {"code": "000000"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Five failures in a row: the device makes the next try wait 16 seconds, and even
    # the right code is not accepted before then.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=5)
    response = staff.post(URL, {"code": totp_code(device)})
    assert "Wacht 16 seconden" in str(response.context["form"].errors["code"])
    assert staff.get("/accounts/settings/").status_code == 302


def test_a_code_can_be_used_only_once(staff, personas):
    device = confirmed_device(personas.mentor)
    code = totp_code(device)
    assert staff.post(URL, {"code": code}).status_code == 302
    other = Client()
    other.force_login(personas.mentor)
    assert other.post(URL, {"code": code}).status_code == 200


def test_an_unsafe_next_is_ignored(staff, personas):
    device = confirmed_device(personas.mentor)
    response = staff.post(URL, {"code": totp_code(device), "next": "https://evil.example/"})
    assert response.url == "/home/"


def test_a_parent_is_not_forced(personas):
    client = Client()
    client.force_login(personas.guardian)
    assert client.get("/accounts/settings/").status_code == 200


def test_a_parent_can_turn_it_on_and_is_then_asked_at_login(personas):
    client = Client()
    client.force_login(personas.guardian)
    client.get(URL)
    device = TOTPDevice.objects.get(user=personas.guardian)
    assert client.post(URL, {"code": totp_code(device)}).status_code == 302
    later = Client()
    later.force_login(personas.guardian)
    response = later.get("/accounts/settings/")
    assert response.status_code == 302
    assert response.url.startswith(URL)


def test_a_verified_parent_can_turn_it_off(personas):
    client = Client()
    client.force_login(personas.guardian)
    client.get(URL)
    device = TOTPDevice.objects.get(user=personas.guardian)
    client.post(URL, {"code": totp_code(device)})
    response = client.post("/accounts/settings/2fa/remove/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.guardian).exists()


def test_staff_cannot_turn_it_off(personas, client_for):
    client = client_for(personas.mentor)
    client.post("/accounts/settings/2fa/remove/")
    assert TOTPDevice.objects.filter(user=personas.mentor, confirmed=True).exists()


def test_remove_rejects_get(personas, client_for):
    assert client_for(personas.guardian).get("/accounts/settings/2fa/remove/").status_code == 405


def test_remove_redirects_anonymous_visitors_to_login(db):
    response = Client().post("/accounts/settings/2fa/remove/")
    assert response.url.startswith("/accounts/login/")


def test_the_2fa_page_redirects_anonymous_visitors_to_login(db):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_logging_out_is_possible_before_the_second_factor(staff):
    assert staff.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in staff.session


def test_staff_are_not_forced_when_the_setting_is_off(staff, settings):
    settings.STAFF_2FA_REQUIRED = False
    assert staff.get("/accounts/settings/").status_code == 200
