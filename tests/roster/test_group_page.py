"""roster:group — a class or lesson group, with a student search that works with htmx
and without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.roster.models import Group, GroupKind, Track


def url(group) -> str:  # type: ignore[no-untyped-def]
    return reverse("roster:group", kwargs={"group_id": group.pk})


def test_it_shows_the_mentor_their_class(personas, client_for):
    response = client_for(personas.mentor).get(url(personas.klass))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>2havo-a</h1>" in html
    assert "Jansen, Noor" in html and "Bakker, Mila" in html
    assert "Daan" not in html  # another class
    assert "Sanne Visser" in html  # the mentor
    assert "leerjaar 2" in html and "havo" in html


def test_a_teacher_sees_the_lesson_group_they_teach(personas, client_for):
    html = client_for(personas.teacher).get(url(personas.lesson_group)).content.decode()
    assert "Jansen, Noor" in html
    assert "Bakker, Mila" not in html
    assert "Wiskunde" in html and "Pieter Smit" in html


def test_the_administrator_sees_every_group_of_the_school(personas, client_for):
    html = client_for(personas.admin).get(url(personas.other_class)).content.decode()
    assert "Vermeulen, Daan" in html
    assert reverse("roster:school", kwargs={"school_id": personas.school.pk}) in html


def test_a_primary_schools_combined_group_is_called_a_combined_group(personas, client_for):
    groep7 = personas.outside_student.group
    group = Group.objects.create(
        school=groep7.school,
        school_year=groep7.school_year,
        name="Groep 5/6",
        kind=GroupKind.CLASS,
        year_level=5,
        year_level_to=6,
        track=Track.PRIMARY,
    )
    client = client_for(personas.other_admin)
    assert (
        "Group · combined group"
        in client.get(url(group), headers={"accept-language": "en"}).content.decode()
    )
    assert "Groep · combinatiegroep" in client.get(url(group)).content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["Leerlingen", "Docenten", "2 leerlingen"]),
        ("en", ["Students", "Teachers", "2 students"]),
    ],
)
def test_it_speaks_dutch_and_english(personas, client_for, language, expected):
    response = client_for(personas.mentor).get(
        url(personas.klass), headers={"accept-language": language}
    )
    for text in expected:
        assert text in response.content.decode()


def test_the_htmx_search_returns_only_the_student_list(personas, client_for):
    response = client_for(personas.mentor).get(
        url(personas.klass), {"q": "mila"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="student-list"')
    assert "<html" not in html and "<h1>" not in html
    assert "Bakker, Mila" in html and "Noor" not in html
    assert "1 van 2 leerlingen past bij “mila”" in html
    assert "HX-Request" in response["Vary"]


def test_the_search_works_without_javascript(personas, client_for):
    response = client_for(personas.mentor).get(url(personas.klass), {"q": "jansen noor"})
    html = response.content.decode()
    assert "<html" in html and 'value="jansen noor"' in html
    assert "Jansen, Noor" in html and "Bakker, Mila" not in html


def test_the_search_finds_a_student_number(personas, client_for):
    response = client_for(personas.mentor).get(
        url(personas.klass),
        {"q": personas.classmate.student_number},
        headers={"HX-Request": "true"},
    )
    assert "Bakker, Mila" in response.content.decode()


def test_the_search_says_when_nothing_matches(personas, client_for):
    response = client_for(personas.mentor).get(
        url(personas.klass), {"q": "zzz"}, headers={"HX-Request": "true"}
    )
    assert "Geen leerling gevonden." in response.content.decode()


def test_a_history_restore_gets_the_whole_page(personas, client_for):
    response = client_for(personas.mentor).get(
        url(personas.klass),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["teacher", "guardian", "student_user", "care", "other_admin", "outsider", "no_role"]
)
def test_it_answers_404_to_those_who_may_not_see_the_class(personas, client_for, persona):
    response = client_for(getattr(personas, persona)).get(url(personas.klass))
    assert response.status_code == 404


def test_it_answers_404_for_an_unknown_group(personas, client_for):
    response = client_for(personas.admin).get(reverse("roster:group", kwargs={"group_id": 999999}))
    assert response.status_code == 404


def test_it_requires_login(personas, client):
    assert client.get(url(personas.klass)).status_code == 302
