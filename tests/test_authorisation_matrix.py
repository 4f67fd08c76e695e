"""The authorisation matrix: every route × every persona × own and foreign object.

Routes come from the URL resolver (nested includes and the ninja API included), so a
new route without an entry in RULES fails `test_every_route_has_a_rule`: it cannot be
forgotten. Each cell asks the route as that persona, for an object of their own (their
child, their class, their school, their token) and for the nearest object that is not
theirs (another family's child, a class they do not teach, the other school), and
compares the answer with RULES:

* pages answer 200 (or 302 where the page redirects) for what the persona may see and
  404, never 403, for objects they may not (their existence is not revealed);
* anonymous visitors are sent to the login page; the API answers them 401;
* POST-only routes are asked with POST (the test client skips CSRF) and answer GET
  with 405.

Run `python -m pytest tests/test_authorisation_matrix.py -k size -s` to print its size.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import models
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from driehoek.accounts.models import ApiToken, Invitation, User, hash_token, new_raw_token
from driehoek.api.api import api
from driehoek.roster.models import Group, School, Student
from tests.personas import Personas

# --- What is left out, and why ---------------------------------------------------------

#: Route names (or whole namespaces, ending in ":") not in the matrix, each with its reason.
SKIPPED: dict[str, str] = {
    "admin:": "Django's admin site: guarded by is_staff and Django's own permission system",
    "set_language": "Django's language switch: public, no object; tested in tests/front",
    "api:openapi-json": "the OpenAPI document: login only, no object; tests/api/test_openapi.py",
    "api:openapi-view": "the API docs page: login only, no object; tests/e2e/test_api_docs.py",
}
#: Static files are served by WhiteNoise without a URL pattern; a pattern under
#: STATIC_URL (Django's `static()` helper in DEBUG) would be skipped for the same reason.
STATIC_REASON = "static files: public by design"


# --- Routes, as the resolver knows them ---------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "<unnamed> pattern" for a route without a name
    pattern: str
    namespace: str


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                name = f"<unnamed> {route}"
            yield Route(name, route, namespace)


def skip_reason(route: Route) -> str | None:
    if route.pattern.startswith(settings.STATIC_URL.lstrip("/")):
        return STATIC_REASON
    for key, reason in SKIPPED.items():
        whole_namespace = key.endswith(":") and f"{route.namespace}:".startswith(key)
        if route.name == key or whole_namespace:
            return reason
    return None


def discover_routes() -> dict[str, Route]:
    """Every route in the URL configuration, except the skipped ones.

    ninja registers one pattern per operation on the same path; they share a name.
    """
    routes: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns, "", ""):
        if skip_reason(route) is None:
            routes.setdefault(route.name, route)
    return routes


def api_methods() -> dict[str, set[str]]:
    """The HTTP methods of each API operation, by route name (from the api's routers)."""
    methods: dict[str, set[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = f"{api.urls_namespace}:{operation.url_name or operation.view_func.__name__}"
                methods.setdefault(name, set()).update(operation.methods)
    return methods


# --- Personas and their objects -------------------------------------------------------------

ANONYMOUS = "anonymous"
PERSONAS = [
    ANONYMOUS,
    "guardian",
    "other_household_guardian",
    "classmate_guardian",
    "student",
    "mentor",
    "teacher",
    "care",
    "admin",
    "outsider",
    "other_admin",
    "no_role",
]

#: For each persona, (own, foreign) by kind of object. "Own" is the persona's child,
#: class or school; "foreign" the nearest one that is not theirs: another family's
#: child in the same class, a class the teacher does not teach, the other school.
#: Personas without an own object of a kind get one from their school (they see none).
OWN_AND_FOREIGN: dict[str, dict[str, tuple[str, str]]] = {
    ANONYMOUS: {"student": ("student", "classmate"), "group": ("klass", "other_class")},
    "guardian": {"student": ("student", "classmate"), "group": ("klass", "other_class")},
    "other_household_guardian": {
        "student": ("student", "classmate"),
        "group": ("klass", "other_class"),
    },
    "classmate_guardian": {"student": ("classmate", "student"), "group": ("klass", "other_class")},
    "student": {"student": ("student", "classmate"), "group": ("klass", "other_class")},
    "mentor": {"student": ("student", "daan"), "group": ("klass", "other_class")},
    "teacher": {"student": ("student", "classmate"), "group": ("lesson_group", "klass")},
    "care": {"student": ("student", "outside_student"), "group": ("klass", "groep7")},
    "admin": {"student": ("student", "outside_student"), "group": ("klass", "groep7")},
    "outsider": {"student": ("outside_student", "student"), "group": ("groep7", "klass")},
    "other_admin": {"student": ("outside_student", "student"), "group": ("groep7", "klass")},
    "no_role": {"student": ("student", "outside_student"), "group": ("klass", "groep7")},
}
AT_OTHER_SCHOOL = {"outsider", "other_admin"}


def thing(personas: Personas, name: str) -> models.Model:
    """A named object of the demo school (some are not attributes of Personas)."""
    if name == "daan":  # in 3vwo-b: same school as the mentor, another class
        return Student.objects.get(school=personas.school, student_number="100003")
    if name == "groep7":
        return Group.objects.get(pk=personas.outside_student.group_id)
    return getattr(personas, name)


def schools(personas: Personas, persona: str) -> tuple[School, School]:
    """(own, foreign) school of a persona."""
    other = School.objects.get(pk=personas.outside_student.school_id)
    return (other, personas.school) if persona in AT_OTHER_SCHOOL else (personas.school, other)


def user_of(personas: Personas, persona: str) -> User | None:
    return None if persona == ANONYMOUS else personas.all_users()[persona]


# --- URL arguments for each kind of object ----------------------------------------------------

KwargsBuilder = Callable[[Personas, str, str], dict[str, Any]]


def _student(personas: Personas, persona: str, case: str) -> dict[str, Any]:
    own, foreign = OWN_AND_FOREIGN[persona]["student"]
    return {"student_id": thing(personas, own if case == "own" else foreign).pk}


def _group(personas: Personas, persona: str, case: str) -> dict[str, Any]:
    own, foreign = OWN_AND_FOREIGN[persona]["group"]
    return {"group_id": thing(personas, own if case == "own" else foreign).pk}


def _school(personas: Personas, persona: str, case: str) -> dict[str, Any]:
    own, foreign = schools(personas, persona)
    return {"school_id": (own if case == "own" else foreign).pk}


def _new_invitation(school: School) -> tuple[Invitation, str]:
    raw = new_raw_token()
    invited = User.objects.create_user(email=f"invited.{raw[:8].lower()}@example.org")
    invited.is_active = False
    invited.save(update_fields=["is_active"])
    invitation = Invitation.objects.create(
        school=school,
        user=invited,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return invitation, raw


def _invitation(personas: Personas, persona: str, case: str) -> dict[str, Any]:
    """An open invitation of the persona's school (own) or of the other school."""
    own, foreign = schools(personas, persona)
    invitation, _raw = _new_invitation(own if case == "own" else foreign)
    return {"invitation_id": invitation.pk}


def _invitation_token(personas: Personas, persona: str, case: str) -> dict[str, Any]:
    """An invitation link: a real open one (own) or one that was never sent (foreign)."""
    if case == "foreign":
        return {"token": new_raw_token()}
    _invitation_row, raw = _new_invitation(schools(personas, persona)[0])
    return {"token": raw}


def _api_token(personas: Personas, persona: str, case: str) -> dict[str, Any]:
    """The persona's own API token, or another user's (an administrator's)."""
    own_school, other_school = schools(personas, persona)
    if case == "own":
        owner, school = user_of(personas, persona) or personas.guardian, own_school
    elif persona == "admin":
        owner, school = personas.other_admin, other_school
    else:
        owner, school = personas.admin, personas.school
    token = ApiToken.objects.create(
        school=school,
        user=owner,
        name="matrix",
        token_hash=hash_token(new_raw_token()),
        prefix="matrix",
    )
    return {"token_id": token.pk}


def _password_reset(personas: Personas, persona: str, case: str) -> dict[str, Any]:
    """A password-reset link: valid for the persona (own) or forged (foreign)."""
    user = user_of(personas, persona) or personas.guardian
    token = default_token_generator.make_token(user) if case == "own" else "forged-token"
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token}


def _no_object(personas: Personas, persona: str, case: str) -> dict[str, Any]:
    return {}


# --- Expected answers -----------------------------------------------------------------------

OK = 200
REDIRECT = 302  # a redirect somewhere other than the login page
LOGIN = "login"  # a redirect to the login page
NOT_FOUND = 404
UNAUTHORIZED = 401
OWN_ONLY = (OK, NOT_FOUND)  # 200 for their own object, 404 for the foreign one

Outcome = int | str
Expected = Outcome | tuple[Outcome, Outcome]


@dataclass(frozen=True)
class Rule:
    """How one route answers each persona.

    `kwargs` builds the URL arguments (no object: one case; otherwise own and foreign);
    `roles` gives the answer per persona, `default` for those not named.
    """

    kwargs: KwargsBuilder = _no_object
    method: str = "GET"
    anonymous: Expected = LOGIN
    default: Expected = OK
    roles: dict[str, Expected] = field(default_factory=dict)

    @property
    def cases(self) -> tuple[str, ...]:
        return ("-",) if self.kwargs is _no_object else ("own", "foreign")

    def expected(self, persona: str, case: str) -> Outcome:
        wanted = self.anonymous if persona == ANONYMOUS else self.roles.get(persona, self.default)
        if isinstance(wanted, tuple):
            return wanted[0] if case in ("own", "-") else wanted[1]
        return wanted


GUARDIANS = ("guardian", "other_household_guardian", "classmate_guardian", "outsider")
STAFF_WHO_TEACH = ("mentor", "teacher", "care")
ADMINS = ("admin", "other_admin")
OWN_REDIRECT = (REDIRECT, NOT_FOUND)  # a write on their own object, 404 on the foreign one


def only(allowed: Expected, *personas: str, otherwise: Expected = NOT_FOUND) -> dict[str, Any]:
    """`roles=` and `default=` for a route open to a few personas: `**only(OK, "admin")`."""
    return {"roles": dict.fromkeys(personas, allowed), "default": otherwise}


RULES: dict[str, Rule] = {
    # --- Public pages and the front door
    "front:landing": Rule(anonymous=OK, default=OK),
    # Each persona is sent on to their role's home page; without a role: a page saying so.
    "front:home": Rule(default=REDIRECT, roles={"no_role": OK}),
    "front:my_children": Rule(**only(OK, *GUARDIANS)),
    "front:me": Rule(**only(OK, "student")),
    "front:my_groups": Rule(**only(OK, *STAFF_WHO_TEACH)),
    # --- Roster pages: the access module decides; 404 for the rest
    "roster:school": Rule(kwargs=_school, **only(OWN_ONLY, *ADMINS)),
    "roster:group": Rule(kwargs=_group, **only(OWN_ONLY, "mentor", "teacher", *ADMINS)),
    "roster:student": Rule(
        kwargs=_student,
        default=OWN_ONLY,
        roles={"care": NOT_FOUND, "no_role": NOT_FOUND},
    ),
    # --- Accounts: logging in and out, switching roles
    "accounts:login": Rule(anonymous=OK, default=REDIRECT),
    "accounts:logout": Rule(method="POST", anonymous=REDIRECT, default=REDIRECT),
    "accounts:switch_role": Rule(method="POST", default=REDIRECT),
    "accounts:settings": Rule(),
    # Every test persona has passed the second factor: the page sends them on.
    "accounts:two_factor": Rule(default=REDIRECT),
    # Staff are refused (with a message) and non-staff turn it off: both redirect.
    "accounts:two_factor_remove": Rule(method="POST", default=REDIRECT),
    # --- Passwords: the reset pages are public; a reset link works once, for its user
    "accounts:password_change": Rule(),
    "accounts:password_reset": Rule(anonymous=OK),
    "accounts:password_reset_done": Rule(anonymous=OK),
    "accounts:password_reset_complete": Rule(anonymous=OK),
    # A valid link goes on to the set-password form; a forged one shows "invalid link".
    "accounts:password_reset_confirm": Rule(
        kwargs=_password_reset, anonymous=(REDIRECT, OK), default=(REDIRECT, OK)
    ),
    # --- Invitations: the link is the credential; the rest is for administrators
    "accounts:invite_accept": Rule(kwargs=_invitation_token, anonymous=OWN_ONLY, default=OWN_ONLY),
    "accounts:invite_new": Rule(**only(OK, *ADMINS)),
    "accounts:invite_revoke": Rule(
        kwargs=_invitation, method="POST", **only(OWN_REDIRECT, *ADMINS)
    ),
    # --- API tokens: administrators create them; anyone may revoke only their own
    "accounts:api_tokens": Rule(**only(OK, *ADMINS)),
    # An empty form is refused with 400 (the page again, with errors).
    "accounts:api_token_create": Rule(method="POST", **only(400, *ADMINS)),
    "accounts:api_token_revoke": Rule(kwargs=_api_token, method="POST", default=OWN_REDIRECT),
    # --- The API: 401 without credentials; 404 for what is not yours
    "api:api-root": Rule(anonymous=NOT_FOUND, default=NOT_FOUND),
    "api:me": Rule(anonymous=UNAUTHORIZED),
    "api:student_list": Rule(anonymous=UNAUTHORIZED),
    "api:student_detail": Rule(
        kwargs=_student,
        anonymous=UNAUTHORIZED,
        default=OWN_ONLY,
        roles={"care": NOT_FOUND, "no_role": NOT_FOUND},
    ),
    "api:student_access_log": Rule(
        kwargs=_student,
        anonymous=UNAUTHORIZED,
        **only(OWN_ONLY, *GUARDIANS, *ADMINS),
    ),
    "api:group_list": Rule(anonymous=UNAUTHORIZED),
    "api:group_detail": Rule(
        kwargs=_group,
        anonymous=UNAUTHORIZED,
        **only(OWN_ONLY, "mentor", "teacher", *ADMINS),
    ),
}


def _rules_of_later_apps() -> dict[str, Rule]:
    """Each later app keeps its rows beside its tests, in tests/<app>/matrix_rules.py, as
    `def rules(matrix) -> dict[str, Rule]` (it gets this module, so it can use Rule, only,
    the personas' objects and the kwargs builders without a circular import)."""
    import importlib
    import sys
    from pathlib import Path

    found: dict[str, Rule] = {}
    this = sys.modules[__name__]
    for path in sorted(Path(__file__).parent.glob("*/matrix_rules.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.matrix_rules")
        for name, rule in module.rules(this).items():
            assert name not in RULES and name not in found, f"{name} has two rules"
            found[name] = rule
    return found


RULES.update(_rules_of_later_apps())

# --- Asking one cell ----------------------------------------------------------------------


def client_as(personas: Personas, persona: str, client_for: Callable[[User], Client]) -> Client:
    """Anonymous, or logged in with the second factor passed (conftest's `client_for`)."""
    user = user_of(personas, persona)
    return Client() if user is None else client_for(user)


def ask(client: Client, method: str, url: str) -> HttpResponseBase:
    return client.post(url) if method == "POST" else client.get(url)


def outcome(response: HttpResponseBase) -> Outcome:
    if response.status_code == 302:
        login = reverse(settings.LOGIN_URL)
        return LOGIN if response["Location"].startswith(login) else REDIRECT
    return response.status_code


def matrix_size() -> dict[str, int]:
    """routes × roles × cases, as the lead reports it.

    `cells` counts what is asked: each route once per persona (anonymous included) and
    per case (own and foreign for routes with an object, one case otherwise).
    """
    routes = len(RULES)
    roles = len(PERSONAS)
    with_object = sum(1 for rule in RULES.values() if len(rule.cases) == 2)
    cells = sum(roles * len(rule.cases) for rule in RULES.values())
    return {
        "routes": routes,
        "routes_with_object": with_object,
        "roles": roles,
        "cases": 2,
        "cells": cells,
        "get_405_checks": sum(1 for rule in RULES.values() if rule.method == "POST"),
    }


# --- The tests ------------------------------------------------------------------------------


def test_every_route_has_a_rule():
    missing = sorted(set(discover_routes()) - set(RULES))
    assert not missing, (
        "These routes are not in the authorisation matrix. Add each to RULES in "
        "tests/test_authorisation_matrix.py with who may use it (or, for Django's own "
        f"pages only, to SKIPPED with a reason): {', '.join(missing)}"
    )


def test_every_rule_names_a_route():
    stale = sorted(set(RULES) - set(discover_routes()))
    assert not stale, f"RULES names routes that no longer exist: {', '.join(stale)}"


def test_api_rules_use_the_operations_method():
    for name, methods in api_methods().items():
        if name in RULES:
            assert RULES[name].method in methods, name


@pytest.mark.parametrize("route", sorted(RULES))
def test_the_matrix(personas, client_for, route):
    """One route, every persona and case; a failure lists every wrong cell of the row."""
    rule = RULES[route]
    wrong = []
    for persona in PERSONAS:
        client = client_as(personas, persona, client_for)
        for case in rule.cases:
            url = reverse(route, kwargs=rule.kwargs(personas, persona, case))
            expected = rule.expected(persona, case)
            got = outcome(ask(client, rule.method, url))
            if got != expected:
                wrong.append(f"{persona:>24} {rule.method} {url} ({case}): {expected=}, {got=}")
    assert not wrong, f"{route}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("route", sorted(name for name, r in RULES.items() if r.method == "POST"))
def test_post_only_routes_refuse_get(personas, client_for, route):
    rule = RULES[route]
    persona = next(p for p in PERSONAS[1:] if rule.expected(p, "own") != NOT_FOUND)
    url = reverse(route, kwargs=rule.kwargs(personas, persona, "own"))
    assert client_as(personas, persona, client_for).get(url).status_code == 405


def test_the_matrix_size_is_reported():
    size = matrix_size()
    print(
        f"\nauthorisation matrix: {size['routes']} routes × {size['roles']} roles × "
        f"own/foreign for {size['routes_with_object']} routes with an object = "
        f"{size['cells']} cells (+ {size['get_405_checks']} GET→405 checks)"
    )
    assert size["cells"] >= size["routes"] * size["roles"]


if __name__ == "__main__":  # pragma: no cover
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "driehoek.settings")
    django.setup()
    print(matrix_size())
