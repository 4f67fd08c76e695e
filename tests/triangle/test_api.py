"""The triangle through the API: same rules as the pages."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from driehoek.triangle.models import Response
from tests.triangle.conftest import EVA, NOOR


def answers_url(round, student):  # type: ignore[no-untyped-def]
    return reverse("api:triangle_answer", kwargs={"round_id": round.pk, "student_id": student.pk})


def post_json(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_guardian_answers_and_hands_in_through_the_api(personas, open_round, client_for):
    client = client_for(personas.guardian)
    saved = post_json(
        client, answers_url(open_round, personas.student), {"answers": {"g_hs_trust": 4}}
    )
    assert saved.status_code == 200
    assert saved.json()["answers"] == {"g_hs_trust": 4}
    assert saved.json()["submitted_at"] is None
    done = post_json(
        client, answers_url(open_round, personas.student), {"answers": EVA, "submit": True}
    )
    assert done.status_code == 200 and done.json()["submitted_at"] is not None


def test_unknown_items_and_answers_off_the_scale_are_refused(personas, open_round, client_for):
    client = client_for(personas.guardian)
    url = answers_url(open_round, personas.student)
    assert post_json(client, url, {"answers": {"nope": 3}}).status_code == 400
    assert post_json(client, url, {"answers": {"g_hs_trust": 9}}).status_code == 400
    assert post_json(client, url, {"answers": "not a dict"}).status_code == 400
    assert post_json(client, url, {"submit": True}).status_code == 400  # nothing answered


def test_an_outsider_gets_404_whatever_they_send(personas, open_round, client_for):
    url = answers_url(open_round, personas.student)
    for user in (personas.classmate_guardian, personas.teacher, personas.admin):
        assert post_json(client_for(user), url, {"answers": "garbage"}).status_code == 404


def test_my_responses_are_only_my_own(personas, open_round, fill, client_for):
    fill(open_round, personas.student, personas.guardian, EVA)
    fill(open_round, personas.student, personas.student_user, NOOR)
    mine = client_for(personas.guardian).get(reverse("api:triangle_my_responses")).json()
    assert mine["count"] == 1
    assert mine["items"][0]["answers"] == EVA
    other = client_for(personas.other_household_guardian).get(reverse("api:triangle_my_responses"))
    assert other.json()["count"] == 0


def test_results_share_the_sides_and_never_the_answers(personas, everyone_answered, client_for):
    url = reverse("api:triangle_student_results", kwargs={"student_id": personas.student.pk})
    body = client_for(personas.other_household_guardian).get(url).json()
    assert len(body) == 1
    result = body[0]
    assert result["shape"] == "stretched_home_school"
    assert result["sides"] == pytest.approx({"hs": 4.4, "hc": 3.0, "sc": 2.7})
    assert result["loyalty_conflict"] is True
    assert "answers" not in json.dumps(body)
    assert client_for(personas.teacher).get(url).status_code == 404


def test_rounds_are_listed_for_the_family_and_the_mentor_not_for_others(
    personas, open_round, client_for
):
    url = reverse("api:triangle_round_list")
    for user in (personas.guardian, personas.student_user, personas.mentor, personas.admin):
        assert client_for(user).get(url).json()["count"] == 1, user
    for user in (personas.teacher, personas.outsider, personas.other_admin):
        assert client_for(user).get(url).json()["count"] == 0, user


def test_a_response_is_stored_once_per_person(personas, open_round, client_for):
    client = client_for(personas.guardian)
    for _ in range(3):
        post_json(client, answers_url(open_round, personas.student), {"answers": {"g_hs_trust": 2}})
    assert Response.objects.count() == 1
