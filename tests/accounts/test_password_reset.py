"""Forgot your password: the e-mail, the link, the new password."""

from __future__ import annotations

import re

from django.test import Client

from tests.personas import PASSWORD

NEW_PASSWORD = "a new and better password 7"


def reset_path(message) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_whole_flow_from_e_mail_to_logged_in(personas, mailoutbox, settings):
    settings.SITE_URL = "https://driehoek.example.org"
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": "EVA@ouder.example"})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/sent/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["eva@ouder.example"]
    assert "https://driehoek.example.org/accounts/password/reset/" in message.body
    assert message.alternatives

    response = client.get(reset_path(message), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/done/"
    assert client.session["_auth_user_id"] == str(personas.guardian.pk)
    personas.guardian.refresh_from_db()
    assert personas.guardian.check_password(NEW_PASSWORD)


def test_the_link_works_only_once(personas, mailoutbox):
    Client().post("/accounts/password/reset/", {"email": "eva@ouder.example"})
    path = reset_path(mailoutbox[0])
    first = Client()
    url = first.get(path, follow=True).redirect_chain[-1][0]
    first.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = Client().get(path, follow=True)
    assert response.context["validlink"] is False
    assert "no longer works" in response.content.decode() or "werkt niet meer" in (
        response.content.decode()
    )


def test_the_e_mail_is_in_the_users_language(personas, mailoutbox):
    personas.guardian.language = "en"
    personas.guardian.save(update_fields=["language"])
    # The visitor's browser is Dutch; the e-mail follows the account.
    Client(headers={"accept-language": "nl"}).post(
        "/accounts/password/reset/", {"email": "eva@ouder.example"}
    )
    assert "Choose a new password" in mailoutbox[0].subject
    personas.guardian.language = "nl"
    personas.guardian.save(update_fields=["language"])
    Client(headers={"accept-language": "en"}).post(
        "/accounts/password/reset/", {"email": "eva@ouder.example"}
    )
    assert "wachtwoord" in mailoutbox[1].subject.lower()


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(db, mailoutbox):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@nowhere.example"})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/sent/"
    assert mailoutbox == []


def test_the_old_password_no_longer_works(personas, mailoutbox):
    client = Client()
    client.post("/accounts/password/reset/", {"email": "eva@ouder.example"})
    url = client.get(reset_path(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = Client().post(
        "/accounts/login/", {"username": "eva@ouder.example", "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again, with an error
