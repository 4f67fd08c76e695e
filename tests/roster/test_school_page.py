"""roster:school — the school overview for administrators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.roster.models import Guardian


def url(school) -> str:  # type: ignore[no-untyped-def]
    return reverse("roster:school", kwargs={"school_id": school.pk})


def test_it_shows_the_administrator_the_classes_staff_and_numbers(personas, client_for):
    html = client_for(personas.admin).get(url(personas.school)).content.decode()
    assert "Het Baken" in html
    assert "2havo-a" in html and "3vwo-b" in html
    assert "Visser, Sanne" in html and "Mentor" in html
    assert "Smit, Pieter" in html
    # Numbers: 3 students, 2 classes (the lesson group is not a class), 4 staff.
    assert '<span class="stat">3</span>' in html
    assert '<span class="stat">2</span>' in html
    assert '<span class="stat">4</span>' in html


def test_it_counts_guardians_with_and_without_an_account(personas, client_for):
    Guardian.objects.create(school=personas.school, first_name="Zonder", last_name="Account")
    html = client_for(personas.admin).get(url(personas.school)).content.decode()
    assert '<span class="stat">3</span> <span class="stat-label">ouders met een account' in html
    assert "1 nog zonder account" in html


def test_it_links_each_class_to_its_page(personas, client_for):
    html = client_for(personas.admin).get(url(personas.school)).content.decode()
    assert reverse("roster:group", kwargs={"group_id": personas.klass.pk}) in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", ["Klassen", "Medewerkers", "leerlingen"]), ("en", ["Classes", "Staff", "students"])],
)
def test_it_speaks_dutch_and_english(personas, client_for, language, expected):
    client = client_for(personas.admin)
    html = client.get(url(personas.school), headers={"accept-language": language}).content.decode()
    for text in expected:
        assert text in html


def test_it_offers_the_admin_site_only_to_users_who_may_use_it(personas, client_for):
    admin_link = reverse("admin:roster_student_changelist")
    assert admin_link not in client_for(personas.admin).get(url(personas.school)).content.decode()
    personas.admin.is_staff = True
    personas.admin.save()
    assert admin_link in client_for(personas.admin).get(url(personas.school)).content.decode()


@pytest.mark.parametrize("persona", ["other_admin", "mentor", "teacher", "care", "guardian"])
def test_it_answers_404_to_everyone_but_the_schools_administrator(personas, client_for, persona):
    user = getattr(personas, persona)
    assert client_for(user).get(url(personas.school)).status_code == 404


def test_it_answers_404_for_an_unknown_school(personas, client_for):
    response = client_for(personas.admin).get(
        reverse("roster:school", kwargs={"school_id": 999999})
    )
    assert response.status_code == 404


def test_it_requires_login(personas, client):
    response = client.get(url(personas.school))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
