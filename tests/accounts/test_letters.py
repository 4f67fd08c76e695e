"""Invitation letters: created in bulk for a class, in each family's language, with a QR
code that decodes to the invite link and a one-time code; parsed back with pypdf."""

from __future__ import annotations

import dataclasses
import io
import re

import pypdf
import zxingcpp
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from driehoek.accounts import letters, services
from driehoek.accounts.models import Invitation, hash_token
from driehoek.roster.models import Guardian, Household, Relation, StudentGuardian

PASSWORD = "a quiet study place 2026"


def family_without_email(personas, first="Ayşe", last="Yılmaz") -> Guardian:  # type: ignore[no-untyped-def]
    guardian = Guardian.objects.create(school=personas.school, first_name=first, last_name=last)
    household = Household.objects.create(school=personas.school, name=last)
    StudentGuardian.objects.create(
        school=personas.school,
        student=personas.classmate,
        guardian=guardian,
        relation=Relation.PARENT,
        household=household,
    )
    return guardian


def decode_qr_images(pdf_bytes: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    found = []
    for page in reader.pages:
        for image in page.images:
            picture = Image.open(io.BytesIO(image.data)).convert("L")
            found += [result.text for result in zxingcpp.read_barcodes(picture)]
    return found


def title_in(language: str) -> str:
    """The letter's title as the catalogue has it (translators may reword it)."""
    with translation.override(language):
        title = gettext("Invitation to Driehoek")
    assert title != "Invitation to Driehoek", f"{language}: the letter is not translated"
    return title


def pdf_text(pdf_bytes: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages]


def test_a_letter_pdf_speaks_the_familys_language_and_its_qr_code_opens_the_invitation(
    personas,
):
    turkish = family_without_email(personas)
    ukrainian = family_without_email(personas, "Olena", "Kovalenko")
    made = services.create_invitation_letters(
        school=personas.school,
        families=[(turkish, "tr"), (ukrainian, "uk")],
        invited_by=personas.admin,
    )
    pdf = letters.letters_pdf(made, school=personas.school, site_url="https://school.example")
    pages = pdf_text(pdf)
    assert len(pages) == 2
    assert title_in("tr") in pages[0] and "Ayşe Yılmaz" in pages[0]
    assert title_in("uk") in pages[1] and "Olena Kovalenko" in pages[1]
    assert made[0].code in pages[0]
    assert decode_qr_images(pdf) == [made[0].link, made[1].link]
    # The link is a real, open invitation of the right family.
    raw = made[0].link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(token_hash=hash_token(raw))
    assert invitation.by_letter and invitation.is_usable()
    assert invitation.user.guardian_profiles.get() == turkish
    assert invitation.user.language == "tr"


def test_an_arabic_letter_is_shaped_right_to_left_and_its_qr_code_opens_the_invitation(
    personas,
):
    made = services.create_invitation_letters(
        school=personas.school,
        families=[(family_without_email(personas, "Fatima", "El Amrani"), "ar")],
        invited_by=personas.admin,
    )
    pdf = letters.letters_pdf(made, school=personas.school, site_url="https://school.example")
    [page] = pdf_text(pdf)
    # Shaped Arabic is stored as glyphs; what pypdf reads back is Arabic script (letters or
    # their joined presentation forms), not a row of question marks or Latin fallbacks.
    arabic = [c for c in page if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff"]
    assert len(arabic) > 100
    assert made[0].code in page and "Fatima El Amrani" in page
    assert decode_qr_images(pdf) == [made[0].link]


def test_on_an_arabic_letter_the_code_and_address_still_read_left_to_right(personas):
    # Codes are random; these mix digits and letters around the hyphen in every way the
    # bidi algorithm would reorder if the code were laid out as part of right-to-left text.
    [made] = services.create_invitation_letters(
        school=personas.school,
        families=[(family_without_email(personas, "Fatima", "El Amrani"), "ar")],
        invited_by=personas.admin,
    )
    codes = ["73273-FV6EP", "ABCDE-12345", "12345-67890", "AB12C-3D4EF", "9KLMN-P2Q3R"]
    pdf = letters.letters_pdf(
        [dataclasses.replace(made, code=code) for code in codes],
        school=personas.school,
        site_url="https://school.example",
    )
    pages = pdf_text(pdf)
    for code, page in zip(codes, pages, strict=True):
        lines = page.splitlines()
        assert code in lines, code
        assert "https://school.example/accounts/code/" in lines


def test_the_administrator_prints_letters_for_a_class(personas, client_for):
    guardian = family_without_email(personas, "Piotr", "Nowak")
    client = client_for(personas.admin)
    page = client.get(f"/accounts/invite/letters/?group={personas.klass.pk}")
    assert page.status_code == 200
    assert "Piotr" in page.content.decode()
    response = client.post(
        f"/accounts/invite/letters/?group={personas.klass.pk}",
        {
            "group": personas.klass.pk,
            "guardian": [guardian.pk],
            f"language-{guardian.pk}": "pl",
            "output": "pdf",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert title_in("pl") in pdf_text(response.content)[0]
    [link] = decode_qr_images(response.content)
    assert "/accounts/invite/" in link


def test_arabic_letters_come_as_a_pdf_and_as_a_browser_page(personas, client_for):
    guardian = family_without_email(personas, "Fatima", "Haddad")
    client = client_for(personas.admin)
    data = {
        "group": personas.klass.pk,
        "guardian": [guardian.pk],
        f"language-{guardian.pk}": "ar",
    }
    as_pdf = client.post("/accounts/invite/letters/", {**data, "output": "pdf"})
    assert as_pdf.status_code == 200 and as_pdf["Content-Type"] == "application/pdf"
    # Read back in visual (right-to-left) order: each word of the title is there.
    page = pdf_text(as_pdf.content)[0]
    assert all(word in page for word in title_in("ar").split())
    printed = client.post("/accounts/invite/letters/", {**data, "output": "print"})
    html = printed.content.decode()
    assert printed.status_code == 200
    assert 'lang="ar" dir="rtl"' in html
    assert title_in("ar") in html


def test_only_administrators_print_letters(personas, client_for):
    assert client_for(personas.mentor).get("/accounts/invite/letters/").status_code == 404
    assert client_for(personas.guardian).get("/accounts/invite/letters/").status_code == 404


def _code_of(letter) -> str:  # type: ignore[no-untyped-def]
    return letter.code


def test_the_one_time_code_leads_to_the_same_acceptance(personas):
    guardian = family_without_email(personas)
    [letter] = services.create_invitation_letters(
        school=personas.school, families=[(guardian, "tr")], invited_by=personas.admin
    )
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", letter.code)
    client = Client()
    typed = letter.code.lower().replace("-", " ")
    response = client.post("/accounts/code/", {"code": typed})
    assert response.status_code == 302 and response.url == "/accounts/code/account/"
    form = client.get("/accounts/code/account/")
    assert form.status_code == 200 and 'name="email"' in form.content.decode()
    done = client.post(
        "/accounts/code/account/",
        {"email": "ayse@example.org", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert done.status_code == 302 and done.url == "/home/"
    guardian.refresh_from_db()
    assert guardian.user.email == "ayse@example.org" and guardian.user.is_active
    assert client.cookies["django_language"].value == "tr"
    # Single use: the code and the QR link are both spent.
    again = Client().post("/accounts/code/", {"code": letter.code})
    assert again.status_code == 400
    assert Client().get(letter.link.replace("http://127.0.0.1:8000", "")).status_code == 410


def test_the_code_is_stored_only_as_a_keyed_digest(personas):
    [letter] = services.create_invitation_letters(
        school=personas.school,
        families=[(family_without_email(personas), "nl")],
        invited_by=personas.admin,
    )
    invitation = Invitation.objects.get(by_letter=True)
    plain = letter.code.replace("-", "")
    assert plain not in invitation.code_hash and invitation.code_hash != hash_token(plain)


def test_an_expired_or_withdrawn_code_does_not_work(personas):
    guardian = family_without_email(personas)
    [first] = services.create_invitation_letters(
        school=personas.school, families=[(guardian, "nl")], invited_by=personas.admin
    )
    services.create_invitation_letters(
        school=personas.school, families=[(guardian, "nl")], invited_by=personas.admin
    )
    assert services.invitation_for_code(first.code) is None


def test_wrong_codes_lock_the_address_out(personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    [letter] = services.create_invitation_letters(
        school=personas.school,
        families=[(family_without_email(personas), "nl")],
        invited_by=personas.admin,
    )
    client = Client()
    for _ in range(2):
        assert client.post("/accounts/code/", {"code": "AAAAA-AAAAA"}).status_code == 400
    assert client.post("/accounts/code/", {"code": "AAAAA-AAAAA"}).status_code == 429
    # Even the right code is refused while locked out.
    assert client.post("/accounts/code/", {"code": letter.code}).status_code == 429


def test_the_code_account_page_needs_a_code_first(personas):
    response = Client().get("/accounts/code/account/")
    assert response.status_code == 302 and response.url == "/accounts/code/"


def test_a_family_with_an_account_gets_no_letter(personas):
    eva = personas.student.guardian_links.get(guardian__user=personas.guardian).guardian
    assert (
        services.create_invitation_letters(
            school=personas.school, families=[(eva, "nl")], invited_by=personas.admin
        )
        == []
    )


def test_the_email_address_of_an_existing_account_is_refused(personas):
    [letter] = services.create_invitation_letters(
        school=personas.school,
        families=[(family_without_email(personas), "nl")],
        invited_by=personas.admin,
    )
    client = Client()
    client.post("/accounts/code/", {"code": letter.code})
    response = client.post(
        "/accounts/code/account/",
        {"email": personas.guardian.email, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "already has an account" in response.content.decode() or "al een account" in (
        response.content.decode()
    )
