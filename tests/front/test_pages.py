"""The landing page and the role home pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Ouders, school en kind samen"), ("en", "Parents, school and child together")],
)
def test_the_landing_page_speaks_dutch_and_english(language, expected):
    response = Client(headers={"accept-language": language}).get("/")
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.django_db
def test_dutch_is_the_default_language():
    response = Client().get("/")
    assert 'lang="nl"' in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_remembers_the_choice():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_layout_is_made_for_phones():
    html = Client().get("/").content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_home_requires_login(client):
    response = client.get(reverse("front:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("guardian", "front:my_children"),
        ("student", "front:me"),
        ("mentor", "front:my_groups"),
        ("teacher", "front:my_groups"),
        ("care", "front:my_groups"),
    ],
)
def test_home_sends_each_role_to_its_own_page(personas, client_for, persona, target):
    response = client_for(personas.all_users()[persona]).get(reverse("front:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(target)


def test_home_sends_an_administrator_to_the_school_overview(personas, client_for):
    response = client_for(personas.admin).get(reverse("front:home"))
    assert response["Location"] == reverse(
        "roster:school", kwargs={"school_id": personas.school.pk}
    )


def test_a_user_without_a_role_is_told_what_to_do(personas, client_for):
    response = client_for(personas.no_role).get(reverse("front:home"))
    assert response.status_code == 200
    assert "niet gekoppeld" in response.content.decode()


def test_a_guardian_sees_their_own_child_and_not_another(personas, client_for):
    html = client_for(personas.guardian).get(reverse("front:my_children")).content.decode()
    assert "Noor Jansen" in html
    assert "Mila" not in html
    assert "2havo-a" in html
    assert "Sanne Visser" in html  # the mentor


def test_both_households_are_shown_as_informed(personas, client_for):
    html = (
        client_for(personas.other_household_guardian)
        .get(reverse("front:my_children"))
        .content.decode()
    )
    assert "Eva de Vries" in html and "Mark Jansen" in html


def test_a_guardian_without_right_to_information_sees_no_child(personas, client_for):
    from driehoek.roster.models import StudentGuardian

    StudentGuardian.objects.filter(guardian__user=personas.other_household_guardian).update(
        has_right_to_information=False, information_restriction_reason="court order"
    )
    html = (
        client_for(personas.other_household_guardian)
        .get(reverse("front:my_children"))
        .content.decode()
    )
    assert "Noor" not in html


def test_the_student_sees_themself(personas, client_for):
    html = client_for(personas.student_user).get(reverse("front:me")).content.decode()
    assert "Noor" in html and "2havo-a" in html and "Sanne Visser" in html


def test_the_mentor_sees_their_class(personas, client_for):
    html = client_for(personas.mentor).get(reverse("front:my_groups")).content.decode()
    assert "2havo-a" in html
    assert "Jansen, Noor" in html and "Bakker, Mila" in html
    assert "Daan" not in html


def test_the_mentor_searches_their_students_with_htmx(personas, client_for):
    client = client_for(personas.mentor)
    response = client.get(reverse("front:my_groups"), {"q": "mila"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" not in html  # a fragment, not a page
    assert "Bakker, Mila" in html and "Noor" not in html


def test_search_never_finds_students_the_user_may_not_see(personas, client_for):
    html = client_for(personas.teacher).get(reverse("front:my_groups"), {"q": "a"}).content.decode()
    assert "Jansen, Noor" in html
    assert "Mila" not in html and "Daan" not in html and "Lotte" not in html


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [("guardian", "front:my_groups"), ("mentor", "front:my_children"), ("guardian", "front:me")],
)
def test_another_roles_page_answers_404(personas, client_for, persona, url_name):
    response = client_for(personas.all_users()[persona]).get(reverse(url_name))
    assert response.status_code == 404


def test_a_teacher_who_is_also_a_parent_switches_roles(personas, client_for):
    from driehoek.roster.models import Guardian, Relation, StudentGuardian

    guardian = Guardian.objects.create(
        school=personas.school, user=personas.teacher, first_name="Pieter", last_name="Smit"
    )
    StudentGuardian.objects.create(
        school=personas.school,
        student=personas.classmate,
        guardian=guardian,
        relation=Relation.PARENT,
    )
    client = client_for(personas.teacher)
    assert client.get(reverse("front:home"))["Location"] == reverse("front:my_groups")
    response = client.post(
        reverse("accounts:switch_role"), {"role": f"guardian:{personas.school.pk}"}
    )
    assert response.status_code == 302
    assert client.get(reverse("front:home"))["Location"] == reverse("front:my_children")
    html = client.get(reverse("front:my_children")).content.decode()
    assert "Mila Bakker" in html


def test_switching_to_a_role_one_does_not_have_changes_nothing(personas, client_for):
    client = client_for(personas.guardian)
    client.post(reverse("accounts:switch_role"), {"role": f"admin:{personas.school.pk}"})
    assert client.get(reverse("front:home"))["Location"] == reverse("front:my_children")
