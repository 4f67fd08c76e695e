"""GET /api/groups and /api/groups/{id}: groups and their visible members."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_matches_schema, response_schema


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("mentor", ["2havo-a"]),
        ("teacher", ["2havo-wi1"]),
        ("admin", ["2havo-a", "2havo-wi1", "3vwo-b"]),
        ("other_admin", ["Groep 7"]),
        ("guardian", []),
        ("student", []),
        ("care", []),
        ("no_role", []),
    ],
)
def test_it_lists_only_the_groups_the_user_may_see(personas, client_for, persona, expected):
    body = client_for(personas.all_users()[persona]).get("/api/groups").json()
    assert sorted(g["name"] for g in body["items"]) == expected
    assert body["count"] == len(expected)


def test_the_groups_are_paginated(personas, client_for):
    body = client_for(personas.admin).get("/api/groups?page_size=1&page=3").json()
    assert body["count"] == 3
    assert len(body["items"]) == 1


def test_the_mentor_sees_their_class_with_its_students(personas, client_for):
    response = client_for(personas.mentor).get(f"/api/groups/{personas.klass.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "2havo-a"
    assert body["school_year"]["name"] == "2026-2027"
    assert [s["first_name"] for s in body["students"]] == ["Mila", "Noor"]


def test_the_teacher_sees_only_the_members_they_teach(personas, client_for):
    body = client_for(personas.teacher).get(f"/api/groups/{personas.lesson_group.pk}").json()
    assert [s["first_name"] for s in body["students"]] == ["Noor"]


@pytest.mark.parametrize(
    ("persona", "group"),
    [
        ("mentor", "other_class"),
        ("teacher", "klass"),
        ("guardian", "klass"),
        ("student", "klass"),
        ("other_admin", "klass"),
    ],
)
def test_a_group_the_user_may_not_see_is_404(personas, client_for, persona, group):
    user = personas.all_users()[persona]
    response = client_for(user).get(f"/api/groups/{getattr(personas, group).pk}")
    assert response.status_code == 404


def test_forbidden_and_missing_groups_answer_the_same(personas, client_for):
    client = client_for(personas.mentor)
    forbidden = client.get(f"/api/groups/{personas.other_class.pk}")
    missing = client.get("/api/groups/987654")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_the_bodies_match_the_schema(personas, client_for, openapi):
    client = client_for(personas.admin)
    listing = client.get("/api/groups").json()
    assert_matches_schema(openapi, response_schema(openapi, "/api/groups"), listing)
    detail = client.get(f"/api/groups/{personas.klass.pk}").json()
    assert_matches_schema(openapi, response_schema(openapi, "/api/groups/{group_id}"), detail)
