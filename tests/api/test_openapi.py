"""The OpenAPI document and the documentation page."""

from __future__ import annotations

import json

from django.test import Client

from driehoek.api.api import api

EXPECTED_PATHS = {
    "/api/me",
    "/api/students",
    "/api/students/{student_id}",
    "/api/students/{student_id}/access-log",
    "/api/groups",
    "/api/groups/{group_id}",
}


def operation_paths() -> set[str]:
    """Every path operation registered on the api, as the document should name it."""
    found = set()
    for prefix, router in api._routers:
        for path in router.path_operations:
            found.add("/api" + ("/" + prefix.strip("/") + path).replace("//", "/").rstrip("/"))
    return {path for path in found if path != "/api"}


def test_the_document_is_valid_json(personas, client_for):
    response = client_for(personas.guardian).get("/api/openapi.json")
    assert response.status_code == 200
    assert response["content-type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Driehoek API"


def test_the_document_lists_every_endpoint(openapi):
    documented = {path.rstrip("/") for path in openapi["paths"]}
    assert documented >= EXPECTED_PATHS
    # Feature apps mount their own routers (see api.py): all are documented too.
    assert operation_paths() == documented


def test_every_endpoint_takes_both_kinds_of_authentication(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            security = operation["security"]
            names = {name for entry in security for name in entry}
            assert names == {"ApiTokenAuth", "SessionAuth"}, f"{method.upper()} {path}"


def test_the_roster_endpoints_only_read(openapi):
    for path in EXPECTED_PATHS:
        assert set(openapi["paths"][path]) == {"get"}, path


def test_the_document_names_the_bearer_scheme(openapi):
    schemes = openapi["components"]["securitySchemes"]
    assert schemes["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_the_document_shows_no_secrets(openapi):
    text = json.dumps(openapi)
    assert "password" not in text
    assert "token_hash" not in text


def test_the_document_requires_login(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_docs_page_requires_login(db):
    response = Client().get("/api/docs")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/api/docs"


def test_the_docs_page_uses_local_assets_only(personas, client_for):
    response = client_for(personas.guardian).get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
