"""Schemathesis against the API's OpenAPI document (django-ninja), in process over WSGI.

Every operation, as several personas with their own API token (a guardian, the mentor, a
subject teacher, the school administrator, a guardian of another school): generated
requests must never answer 5xx, and what they answer must match the document (body
schema, content type). Bounded: a few examples per operation and persona.

Generated ids almost always miss, so each operation with path parameters is also asked
with ids that exist (the persona's own child, class, school and the other school's):
the reachable answers are checked against the schema too, which a random walk would
almost never reach. (ninja's document has no OpenAPI links, so schemathesis' own stateful
mode would have no transitions to follow.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from driehoek.accounts.models import ApiToken, hash_token, new_raw_token
from driehoek.api.api import api
from tests.personas import Personas

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = 6  # per operation, the persona drawn too: about 26 × 6 requests in all
PERSONAS = ("guardian", "mentor", "teacher", "admin", "outsider")

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"))
SCHEMA.app = WSGIHandler()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


def _token(personas: Personas, persona: str) -> str:
    user = personas.all_users()[persona]
    school = personas.outside_student.school if persona == "outsider" else personas.school
    raw = new_raw_token()
    ApiToken.objects.create(
        school=school, user=user, name="fuzz", token_hash=hash_token(raw), prefix=raw[:8]
    )
    return raw


def _known_ids(personas: Personas) -> dict[str, list[int]]:
    """Ids that exist, per path parameter name: own and foreign objects."""
    return {
        "student_id": [personas.student.pk, personas.classmate.pk, personas.outside_student.pk],
        "group_id": [personas.klass.pk, personas.lesson_group.pk, personas.other_class.pk],
        "school_id": [personas.school.pk, personas.outside_student.school_id],
    }


@pytest.fixture(autouse=True)
def _keep_the_test_connection():  # type: ignore[no-untyped-def]
    """Schemathesis calls the WSGI handler itself, whose request_finished signal would
    close the database connection in the middle of the test's transaction (on
    PostgreSQL); Django's test client switches that off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(personas: Personas) -> dict[str, str]:
    return {persona: _token(personas, persona) for persona in PERSONAS}


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_no_operation_answers_5xx_or_off_schema(operation: Any, personas, tokens):
    known = _known_ids(personas)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), persona=st.sampled_from(PERSONAS), data=st.data())
    def generated(case: Any, persona: str, data: Any) -> None:
        # Half of the draws use ids that exist instead of the generated ones.
        for name in list(case.path_parameters or {}):
            if name in known and data.draw(st.booleans(), label=f"known {name}"):
                case.path_parameters[name] = data.draw(st.sampled_from(known[name]))
        response = case.call(headers={"Authorization": f"Bearer {tokens[persona]}"})
        case.validate_response(response, checks=CHECKS)

    generated()


def test_every_operation_is_covered():
    assert len(OPERATIONS) >= 20
