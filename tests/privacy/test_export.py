"""The download of everything Driehoek holds about a person and their child."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from driehoek.accounts import access
from driehoek.accounts.models import User
from driehoek.privacy import export
from driehoek.roster.models import Student
from tests.privacy.family import (
    BAKKER,
    MARK,
    SECRET_INVITATION_HASH,
    SECRET_TOKEN_HASH,
    make_family_data,
)

pytestmark = pytest.mark.django_db


def download(client_for, user: User) -> tuple[dict, str]:  # type: ignore[no-untyped-def]
    response = client_for(user).get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode()
    return json.loads(text), text


def labels(data: dict) -> set[str]:
    return set(data["data"])


def test_it_holds_data_from_every_app_about_the_family(personas, client_for):
    make_family_data(personas)
    data, text = download(client_for, personas.guardian)
    expected = {
        "accounts.User",
        "accounts.ApiToken",
        "accounts.Invitation",
        "roster.Guardian",
        "roster.Household",
        "roster.Student",
        "roster.StudentGuardian",
        "roster.GroupMembership",
        "messaging.Thread",
        "messaging.Message",
        "messaging.Draft",
        "profiles.ProfileSection",
        "profiles.ProfileSectionVersion",
        "involvement.Scan",
        "triangle.Response",
        "triangle.Answer",
        "conversations.Conversation",
        "conversations.Preparation",
        "conversations.Agreement",
        "conversations.CalendarFeed",
        "audit.AuditEvent",
        "otp_totp.TOTPDevice",
    }
    assert expected <= labels(data), expected - labels(data)
    assert "Noor tekent graag" in text
    assert "Dank voor de extra uitleg!" in text
    assert "Wekelijks een korte mail over huiswerk" in text


def test_every_row_about_the_child_is_in_it_unless_a_privacy_rule_keeps_it_out(
    personas, client_for
):
    """Completeness by construction: for every model with a foreign key to Student, each
    row about Noor is in Eva's download, except in models whose rows the access module
    narrows (privacy_export_rules) for someone else's privacy."""
    from django.apps import apps
    from django.db import models

    make_family_data(personas)
    data, _text = download(client_for, personas.guardian)
    narrowed = set(access.privacy_export_rules(personas.guardian, born_on_or_before=None))
    checked = 0
    for model in apps.get_models():
        if model._meta.label in narrowed:
            continue
        for fk in model._meta.concrete_fields:
            if isinstance(fk, models.ForeignKey) and fk.related_model is Student:
                rows = model._base_manager.filter(**{fk.name: personas.student})
                ids = {
                    row["id"] for row in data["data"].get(model._meta.label, {"rows": []})["rows"]
                }
                for pk in rows.values_list("pk", flat=True):
                    assert pk in ids, f"{model._meta.label} #{pk} about Noor is missing"
                    checked += 1
    assert checked >= 3  # memberships, the agreement


def test_it_never_holds_secrets(personas, client_for):
    family = make_family_data(personas)
    data, text = download(client_for, personas.guardian)
    # The secrets by name: password hash, token digests, calendar token, TOTP key.
    for secret in (
        personas.guardian.password,
        SECRET_TOKEN_HASH,
        SECRET_INVITATION_HASH,
        family.feed_token,
        family.totp_key,
    ):
        assert secret not in text
    for row in data["data"]["accounts.User"]["rows"]:
        assert "password" not in row["fields"]
    assert data["left_out"]["accounts.User"] == ["password"]
    assert data["left_out"]["accounts.ApiToken"] == ["token_hash"]
    assert data["left_out"]["otp_totp.TOTPDevice"] == ["key"]
    assert data["left_out"]["conversations.CalendarFeed"] == ["token"]


def test_the_secret_fields_are_named():
    assert export.SECRET_FIELDS["accounts.User"] == {"password"}
    assert export.SECRET_FIELDS["accounts.Invitation"] == {"token_hash"}
    assert export.SECRET_FIELDS["accounts.ApiToken"] == {"token_hash"}
    assert export.SECRET_FIELDS["conversations.CalendarFeed"] == {"token"}
    assert export.SECRET_FIELDS["otp_totp.TOTPDevice"] == {"key"}


def test_it_leaves_out_the_other_household_and_other_families(personas, client_for):
    make_family_data(personas)
    data, text = download(client_for, personas.guardian)
    assert MARK not in text  # Mark's own thread, drafts, preparation
    assert BAKKER not in text  # the classmate's family
    scans = data["data"]["involvement.Scan"]["rows"]
    assert {row["fields"]["guardian_id"] for row in scans} == {personas.guardian.pk}
    responses = data["data"]["triangle.Response"]["rows"]
    assert {row["fields"]["respondent_id"] for row in responses} == {personas.guardian.pk}
    students = {row["id"] for row in data["data"]["roster.Student"]["rows"]}
    assert students == {personas.student.pk}
    users = {row["id"] for row in data["data"]["accounts.User"]["rows"]}
    assert users == {personas.guardian.pk}


def test_the_other_parent_gets_their_own_and_not_evas(personas, client_for):
    make_family_data(personas)
    _data, text = download(client_for, personas.other_household_guardian)
    assert MARK in text
    assert "Eva concept" not in text
    assert "Eva ziet dat het goed gaat" not in text
    assert BAKKER not in text


def test_a_guardian_without_the_right_to_information_gets_no_child_data(personas, client_for):
    from driehoek.roster.models import StudentGuardian

    make_family_data(personas)
    StudentGuardian.objects.filter(guardian__user=personas.other_household_guardian).update(
        has_right_to_information=False, information_restriction_reason="Rechterlijke uitspraak"
    )
    data, text = download(client_for, personas.other_household_guardian)
    assert "roster.Student" not in data["data"]
    assert "Noor tekent graag" not in text
    assert "Rekenen" not in text


def test_it_holds_who_at_school_read_the_childs_file(personas, client_for):
    make_family_data(personas)
    data, _text = download(client_for, personas.guardian)
    events = data["data"]["audit.AuditEvent"]["rows"]
    assert any(
        e["fields"]["actor_id"] == personas.mentor.pk and e["fields"]["actor_role"] == "mentor"
        for e in events
    )
    page = client_for(personas.guardian).get(reverse("privacy:export_page"))
    assert "Sanne Visser" in page.content.decode()


def test_a_student_under_16_gets_their_own_data_without_the_read_log(personas, client_for):
    make_family_data(personas)
    data, text = download(client_for, personas.student_user)
    assert {row["id"] for row in data["data"]["roster.Student"]["rows"]} == {personas.student.pk}
    assert "audit.AuditEvent" not in data["data"]
    assert "messaging.Thread" not in data["data"]  # students are not in parents' threads
    assert "Eva ziet dat het goed gaat" not in text
    assert MARK not in text


def test_a_student_of_16_also_gets_who_read_their_file(personas, client_for):
    make_family_data(personas)
    Student.objects.filter(pk=personas.student.pk).update(date_of_birth="2000-01-01")
    data, _text = download(client_for, personas.student_user)
    assert "audit.AuditEvent" in data["data"]


def test_adults_only_profile_sections_stay_out_of_the_students_download(personas, client_for):
    from driehoek.profiles import services
    from driehoek.profiles.models import AuthorKind, SectionKind

    services.write_section(
        student=personas.student,
        author=personas.guardian,
        author_kind=AuthorKind.GUARDIAN,
        household=None,
        kind=SectionKind.HEALTH,
        text="Alleen voor volwassenen",
        visibility="mentor",
        adults_only=True,
        adults_only_reason="Nog niet met Noor besproken",
        notify=False,
    )
    _data, text = download(client_for, personas.student_user)
    assert "Alleen voor volwassenen" not in text
    _data, text = download(client_for, personas.guardian)
    assert "Alleen voor volwassenen" in text


def test_staff_get_their_account_but_no_childrens_data(personas, client_for):
    make_family_data(personas)
    data, _text = download(client_for, personas.mentor)
    assert "roster.Student" not in data["data"]
    assert "audit.AuditEvent" not in data["data"] or all(
        e["fields"]["student_id"] is None for e in data["data"]["audit.AuditEvent"]["rows"]
    )


def test_the_readable_page_shows_the_data_in_words(personas, client_for):
    make_family_data(personas)
    response = client_for(personas.guardian).get(reverse("privacy:export_page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Noor tekent graag" in html
    assert "Sanne Visser" in html
    assert MARK not in html
    assert personas.guardian.password not in html


def test_it_requires_login(client):
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 302


def test_the_pdf_holds_the_same_data_and_no_secrets(personas, client_for):
    import io

    from pypdf import PdfReader

    make_family_data(personas)
    response = client_for(personas.guardian).get(reverse("privacy:export_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Noor tekent graag" in text
    assert "Sanne Visser" in text
    assert MARK not in text
    assert SECRET_TOKEN_HASH not in text


def test_an_arabic_reader_gets_the_pdf_shaped_right_to_left(personas, client_for):
    import io

    from django.utils import translation
    from django.utils.translation import gettext
    from pypdf import PdfReader

    make_family_data(personas)
    personas.guardian.language = "ar"
    personas.guardian.save(update_fields=["language"])
    client = client_for(personas.guardian)
    client.cookies["django_language"] = "ar"
    response = client.get(reverse("privacy:export_pdf"), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    with translation.override("ar"):
        title = gettext("Everything Driehoek keeps about you")
    assert title != "Everything Driehoek keeps about you"
    # Read back in visual order: every Arabic word of the title is on the page.
    assert all(word in text for word in title.split() if word != "Driehoek")
    assert "Noor tekent graag" in text
