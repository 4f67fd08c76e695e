"""Every state change needs a CSRF token or an API token.

Pages: every route in the URL configuration, POSTed by a logged-in guardian without a
CSRF token (a client that enforces CSRF checks), answers 403: Django's CSRF check runs
before any view, so this holds for GET-only pages too, and a new page that is marked
csrf_exempt fails here. The API: every unsafe operation, called with the session cookie
but no CSRF token, answers 403; with a Bearer token it is not refused.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from driehoek.accounts.models import ApiToken, hash_token, new_raw_token
from tests.conftest import login_verified
from tests.security.test_api_schemathesis import OPERATIONS

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
SAMPLES = {"int": "1", "str": "x", "slug": "x", "uuid": str(uuid.UUID(int=1)), "path": "x/y"}


def _patterns(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _concrete(pattern: str) -> str | None:
    """A path that the pattern matches: converters filled in; regex patterns that are
    simple enough (admin's) too; None when no sample fits."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), pattern)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # (?P<object_id>.+) and the like
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


def page_routes() -> list[tuple[str, str]]:
    routes = []
    for pattern, _entry in _patterns(get_resolver().url_patterns):
        if pattern.startswith("api/"):
            continue  # the API's own rule below
        routes.append((pattern, _concrete(pattern)))
    return routes


@pytest.fixture
def csrf_client(personas) -> Client:  # type: ignore[no-untyped-def]
    return login_verified(Client(enforce_csrf_checks=True), personas.guardian)


def test_every_page_refuses_a_post_without_a_csrf_token(csrf_client):
    checked, unresolved, accepted = 0, [], []
    for pattern, path in page_routes():
        try:
            resolve(path)
        except Resolver404:
            unresolved.append(pattern)
            continue
        response = csrf_client.post(path, {"x": "1"})
        checked += 1
        if response.status_code != 403:
            accepted.append(f"{pattern} → {response.status_code}")
    assert accepted == []
    # Only regex patterns that a simple sample cannot satisfy may be left out, and
    # Django's admin is the only place that has them.
    assert all(p.startswith("admin/") for p in unresolved), unresolved
    assert checked > 50


def test_the_same_post_with_the_token_is_not_refused(personas):
    client = login_verified(Client(enforce_csrf_checks=True), personas.guardian)
    page = client.get("/")
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    if token is None:  # the page did not set one: ask Django for it the way a form does
        request = page.wsgi_request
        token = get_token(request)
        client.cookies["csrftoken"] = token
    response = client.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


UNSAFE_OPERATIONS = [op for op in OPERATIONS if op.method.upper() in UNSAFE]


def _path(operation: Any, personas) -> str:  # type: ignore[no-untyped-def]
    known = {
        "student_id": personas.student.pk,
        "group_id": personas.klass.pk,
        "school_id": personas.school.pk,
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(known.get(m.group(1), 1)), operation.path)


@pytest.mark.parametrize("operation", UNSAFE_OPERATIONS, ids=lambda op: op.label)
def test_an_unsafe_api_call_with_the_session_needs_csrf(operation, personas):
    client = login_verified(Client(enforce_csrf_checks=True), personas.admin)
    path = (
        "/api" + _path(operation, personas)
        if not operation.path.startswith("/api")
        else _path(operation, personas)
    )
    response = client.generic(operation.method.upper(), path, "{}", "application/json")
    assert response.status_code == 403, response.content

    raw = new_raw_token()
    ApiToken.objects.create(
        school=personas.school,
        user=personas.admin,
        name="t",
        token_hash=hash_token(raw),
        prefix=raw[:8],
    )
    bearer = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {raw}"})
    response = bearer.generic(operation.method.upper(), path, "{}", "application/json")
    assert response.status_code not in (401, 403), response.content


def test_there_are_unsafe_api_operations_to_check():
    assert len(UNSAFE_OPERATIONS) >= 5
