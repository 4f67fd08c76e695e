"""/accounts/settings/: name, e-mail address, language, password, two-step status."""

from __future__ import annotations

from django.test import Client

from tests.personas import PASSWORD

URL = "/accounts/settings/"


def details(personas, **changes):  # type: ignore[no-untyped-def]
    data = {"display_name": "Eva de Vries", "email": "eva@ouder.example", "language": "nl"}
    data.update(changes)
    return data


def test_it_shows_the_users_details(personas, client_for):
    response = client_for(personas.guardian).get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial["email"] == "eva@ouder.example"
    assert "Ouder" in response.content.decode() or "Parent" in response.content.decode()


def test_it_saves_the_name(personas, client_for):
    response = client_for(personas.guardian).post(URL, details(personas, display_name="Eva V."))
    assert response.status_code == 302
    personas.guardian.refresh_from_db()
    assert personas.guardian.display_name == "Eva V."


def test_choosing_a_language_saves_it_and_switches_the_site(personas, client_for):
    client = client_for(personas.guardian)
    response = client.post(URL, details(personas, language="en"))
    assert response.cookies["django_language"].value == "en"
    personas.guardian.refresh_from_db()
    assert personas.guardian.language == "en"
    assert "My account" in client.get(URL).content.decode()


def test_changing_the_e_mail_address_needs_the_password(personas, client_for):
    response = client_for(personas.guardian).post(URL, details(personas, email="eva@nieuw.example"))
    assert response.status_code == 200
    assert response.context["form"].errors["current_password"]
    personas.guardian.refresh_from_db()
    assert personas.guardian.email == "eva@ouder.example"


def test_changing_the_e_mail_address_tells_the_old_address(
    personas, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.guardian).post(
            URL, details(personas, email="Eva@Nieuw.example", current_password=PASSWORD)
        )
    assert response.status_code == 302
    personas.guardian.refresh_from_db()
    assert personas.guardian.email == "eva@nieuw.example"
    assert mailoutbox[0].to == ["eva@ouder.example"]
    assert "eva@nieuw.example" in mailoutbox[0].body


def test_an_address_of_another_account_is_refused(personas, client_for):
    response = client_for(personas.guardian).post(
        URL, details(personas, email="MARK@ouder.example", current_password=PASSWORD)
    )
    assert response.context["form"].errors["email"]


def test_it_redirects_anonymous_visitors_to_login(db):
    assert Client().get(URL).url.startswith("/accounts/login/")
    assert Client().post(URL, {}).url.startswith("/accounts/login/")


def test_it_rejects_other_methods(personas, client_for):
    assert client_for(personas.guardian).delete(URL).status_code == 405


def test_it_offers_two_step_verification_to_parents(personas):
    client = Client()
    client.force_login(personas.guardian)  # client_for would give Eva a device already
    page = client.get(URL).content.decode()
    assert "/accounts/2fa/" in page
    assert "/accounts/settings/2fa/remove/" not in page


def test_staff_cannot_turn_two_step_verification_off(personas, client_for):
    page = client_for(personas.mentor).get(URL).content.decode()
    assert "/accounts/settings/2fa/remove/" not in page


def test_administrators_see_links_to_invitations_and_tokens(personas, client_for):
    page = client_for(personas.admin).get(URL).content.decode()
    assert "/accounts/invite/new/" in page
    assert "/accounts/tokens/" in page
    assert "/accounts/tokens/" not in client_for(personas.guardian).get(URL).content.decode()


def test_changing_the_password(personas, client_for):
    client = client_for(personas.guardian)
    new = "another good password 99"
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response.url == URL
    personas.guardian.refresh_from_db()
    assert personas.guardian.check_password(new)
    assert client.get(URL).status_code == 200  # still logged in


def test_changing_the_password_needs_the_old_one(personas, client_for):
    new = "another good password 99"
    response = client_for(personas.guardian).post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]


def test_logout_needs_post(personas, client_for):
    client = client_for(personas.guardian)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get(URL).status_code == 302
