"""GET /api/me: the caller and their roles."""

from __future__ import annotations

from tests.api.helpers import assert_matches_schema, response_schema


def test_it_shows_the_user_and_their_roles(personas, client_for):
    body = client_for(personas.mentor).get("/api/me").json()
    assert body["user"]["display_name"] == "Sanne Visser"
    assert [(r["kind"], r["school_name"]) for r in body["roles"]] == [
        ("mentor", "Het Baken"),
        ("teacher", "Het Baken"),
    ]


def test_a_user_without_a_role_has_an_empty_list(personas, client_for):
    assert client_for(personas.no_role).get("/api/me").json()["roles"] == []


def test_it_never_shows_the_password_hash(personas, client_for):
    text = client_for(personas.guardian).get("/api/me").content.decode()
    assert "password" not in text
    assert personas.guardian.password not in text


def test_the_body_matches_the_schema(personas, client_for, openapi):
    body = client_for(personas.admin).get("/api/me").json()
    assert_matches_schema(openapi, response_schema(openapi, "/api/me"), body)
