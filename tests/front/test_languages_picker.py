"""The language picker, right-to-left pages and the recipient's language for e-mails."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.utils import translation

from driehoek.accounts.language import in_language_of, language_of


def test_the_picker_keeps_a_logged_in_users_choice(personas, client_for):
    client = client_for(personas.guardian)
    response = client.post("/language/", {"language": "tr", "next": "/my/children/"})
    assert response.status_code == 302 and response.url == "/my/children/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "tr"
    personas.guardian.refresh_from_db()
    assert personas.guardian.language == "tr"


def test_an_unknown_language_changes_nothing(personas, client_for):
    client_for(personas.guardian).post("/language/", {"language": "xx"})
    personas.guardian.refresh_from_db()
    assert personas.guardian.language == "nl"


def test_a_visitor_gets_the_language_as_a_cookie_only(db):
    client = Client()
    response = client.post("/language/", {"language": "uk", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    assert 'lang="uk"' in client.get("/accounts/login/").content.decode()


def test_the_picker_names_each_language_in_itself(db):
    html = Client().get("/accounts/login/").content.decode()
    for name in ("Nederlands", "English", "Türkçe", "العربية", "Polski", "Українська"):
        assert name in html
    # On the login page itself as well as in the header.
    assert 'id="login-language"' in html


def test_logging_in_sets_the_accounts_language(personas):
    personas.guardian.language = "pl"
    personas.guardian.save(update_fields=["language"])
    client = Client()
    client.post(
        "/accounts/login/", {"username": personas.guardian.email, "password": "x"}
    )  # wrong password: nothing changes
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    from tests.personas import PASSWORD

    client.post("/accounts/login/", {"username": personas.guardian.email, "password": PASSWORD})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"


def test_arabic_pages_are_right_to_left(db):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    assert '<html lang="tr" dir="ltr">' in client.get("/accounts/login/").content.decode()


def test_mail_is_written_in_the_recipients_language_not_the_senders(personas):
    personas.guardian.language = "uk"
    with translation.override("nl"):  # the sender's request
        with in_language_of(personas.guardian) as language:
            assert language == "uk" and translation.get_language() == "uk"
        assert translation.get_language() == "nl"


def test_an_unset_or_unknown_language_falls_back_to_dutch(personas):
    personas.guardian.language = ""
    assert language_of(personas.guardian) == "nl"
    personas.guardian.language = "xx"
    assert language_of(personas.guardian) == "nl"
