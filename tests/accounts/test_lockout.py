"""django-axes: five wrong passwords lock the address on this IP address for a while."""

from __future__ import annotations

import re

from django.test import Client

from tests.personas import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client: Client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": email, "password": password})


def lock_out(client: Client, email: str) -> None:
    for _ in range(5):
        attempt(client, email, "wrong password")


def test_five_wrong_passwords_lock_out_even_the_right_one(personas):
    client = Client()
    for _ in range(4):
        assert attempt(client, "eva@ouder.example", "wrong password").status_code == 200
    attempt(client, "eva@ouder.example", "wrong password")
    response = attempt(client, "eva@ouder.example", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "15" in page
    assert "/accounts/password/reset/" in page


def test_the_lockout_page_is_in_english_too(personas):
    client = Client(headers={"accept-language": "en"})
    lock_out(client, "eva@ouder.example")
    response = attempt(client, "eva@ouder.example", PASSWORD)
    assert "Wait 15 minutes" in response.content.decode()


def test_another_account_is_unaffected(personas):
    client = Client()
    lock_out(client, "eva@ouder.example")
    response = attempt(client, "mark@ouder.example", PASSWORD)
    assert response.status_code == 302


def test_a_different_spelling_of_the_address_is_the_same_account(personas):
    client = Client()
    for spelling in (
        "eva@ouder.example",
        "EVA@ouder.example",
        " Eva@Ouder.Example",
        "eVa@ouder.example",
        "EVA@OUDER.EXAMPLE",
    ):
        attempt(client, spelling, "wrong password")
    assert attempt(client, "eva@ouder.example", PASSWORD).status_code == 429


def test_choosing_a_new_password_lifts_the_lockout(personas, mailoutbox):
    client = Client()
    lock_out(client, "eva@ouder.example")
    client.post("/accounts/password/reset/", {"email": "eva@ouder.example"})
    path = re.search(r"(/accounts/password/reset/\S+/)", mailoutbox[0].body).group(1)
    url = client.get(path, follow=True).redirect_chain[-1][0]
    new = "a new and better password 7"
    client.post(url, {"new_password1": new, "new_password2": new})
    client.post("/accounts/logout/")
    assert attempt(client, "eva@ouder.example", new).status_code == 302
