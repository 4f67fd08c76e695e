"""/healthz and /readyz: public JSON for load balancers, no personal data, cheap."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from driehoek.operations import readiness


@pytest.fixture(autouse=True)
def _fresh_migrations_check():  # type: ignore[no-untyped-def]
    readiness.forget_migrations_check()
    yield
    readiness.forget_migrations_check()


def test_healthz_answers_without_touching_the_database(client: Client):
    # No `db` fixture: a query would raise instead of answering.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_check(db, client: Client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }


def test_readyz_is_cheap_once_the_migrations_were_seen(
    db, client: Client, django_assert_max_num_queries
):
    client.get("/readyz")
    with django_assert_max_num_queries(1):  # SELECT 1
        assert client.get("/readyz").status_code == 200


def test_readyz_answers_503_when_migrations_are_pending(db, client: Client, monkeypatch):
    class Pending:
        def __init__(self, connection):  # type: ignore[no-untyped-def]
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": lambda s: []})()})()

        def migration_plan(self, targets):  # type: ignore[no-untyped-def]
            return [("roster", "9999_future")]

    monkeypatch.setattr(readiness, "MigrationExecutor", Pending)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 pending"


def test_readyz_answers_503_when_the_database_is_unreachable(db, client: Client, monkeypatch):
    monkeypatch.setattr(readiness, "_database", lambda: "unreachable: OperationalError")
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"].startswith("unreachable")
    assert body["checks"]["migrations"] == "unknown"


def test_readyz_answers_503_when_the_cache_fails(db, client: Client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    from django.core.cache import caches

    caches._settings = None  # type: ignore[attr-defined]
    try:
        response = client.get("/readyz")
    finally:
        caches._settings = None  # type: ignore[attr-defined]
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("unreachable")


def test_probes_carry_no_personal_data_even_for_a_logged_in_user(personas, client_for):
    for path in ("/healthz", "/readyz"):
        response = client_for(personas.guardian).get(path)
        text = json.dumps(response.json())
        assert personas.guardian.email not in text
        assert "Eva" not in text


def test_probes_refuse_post(client: Client):
    assert client.post("/healthz").status_code == 405


def test_migrate_creates_the_database_cache_table(transactional_db, settings):
    from django.apps import apps
    from django.core.cache import caches
    from django.db import connection

    from driehoek.operations.apps import _create_cache_table

    # Django sends post_migrate only to apps with a models module.
    assert apps.get_app_config("operations").models_module is not None
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "driehoek_test_cache",
        }
    }
    caches._settings = None  # type: ignore[attr-defined]
    try:
        _create_cache_table(using="default")
        assert "driehoek_test_cache" in connection.introspection.table_names()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE driehoek_test_cache")
    finally:
        caches._settings = None  # type: ignore[attr-defined]
