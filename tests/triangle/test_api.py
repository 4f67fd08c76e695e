"""The triangle through the API: same rules as the pages."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from driehoek.triangle.models import Response, Round
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


# --- Opening, reminding and closing rounds through the API -------------------------------


def group_rounds_url(group):  # type: ignore[no-untyped-def]
    return reverse("api:triangle_open_group_round", kwargs={"group_id": group.pk})


def test_a_mentor_opens_a_round_for_their_class_through_the_api(personas, client_for):
    client = client_for(personas.mentor)
    body = {"title": "Na de startgesprekken", "opens_on": "2026-09-01", "closes_on": "2026-09-15"}
    opened = post_json(client, group_rounds_url(personas.klass), body)
    assert opened.status_code == 201
    data = opened.json()
    assert data["group_id"] == personas.klass.pk and data["title"] == "Na de startgesprekken"
    assert data["closes_on"] == "2026-09-15"
    assert Round.objects.get(pk=data["id"]).opened_by == personas.mentor


def test_a_round_that_closes_before_it_opens_is_refused(personas, client_for):
    body = {"opens_on": "2026-09-15", "closes_on": "2026-09-01"}
    refused = post_json(client_for(personas.mentor), group_rounds_url(personas.klass), body)
    assert refused.status_code == 400


def test_a_mentor_cannot_open_a_round_for_another_class_or_the_whole_school(personas, client_for):
    client = client_for(personas.mentor)
    assert post_json(client, group_rounds_url(personas.other_class), {}).status_code == 404
    school_url = reverse("api:triangle_open_school_round", kwargs={"school_id": personas.school.pk})
    assert post_json(client, school_url, {}).status_code == 404


def test_an_administrator_opens_a_round_for_the_whole_school(personas, client_for):
    url = reverse("api:triangle_open_school_round", kwargs={"school_id": personas.school.pk})
    opened = post_json(client_for(personas.admin), url, {"title": "Voorjaar"})
    assert opened.status_code == 201 and opened.json()["group_id"] is None


@pytest.mark.parametrize("name", ["triangle_round_close", "triangle_round_remind"])
def test_round_writes_answer_only_post_and_only_to_those_who_manage_the_round(
    personas, open_round, client_for, client, name
):
    url = reverse(f"api:{name}", kwargs={"round_id": open_round.pk})
    assert client_for(personas.mentor).get(url).status_code == 405
    assert client_for(personas.guardian).post(url).status_code == 404
    assert client_for(personas.other_admin).post(url).status_code == 404
    assert client.post(url).status_code == 401


def test_a_mentor_sends_reminders_once_a_day_through_the_api(
    personas, open_round, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(personas.mentor)
    url = reverse("api:triangle_round_remind", kwargs={"round_id": open_round.pk})
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    assert first.status_code == 200 and first.json()["sent"] > 0
    assert len(mailoutbox) == first.json()["sent"]
    assert client.post(url).json() == {"sent": 0}


def test_an_administrator_closes_a_round_and_answers_are_then_refused(
    personas, open_round, client_for
):
    closed = client_for(personas.admin).post(
        reverse("api:triangle_round_close", kwargs={"round_id": open_round.pk})
    )
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    late = post_json(
        client_for(personas.guardian),
        answers_url(open_round, personas.student),
        {"answers": {"g_hs_trust": 4}},
    )
    assert late.status_code == 409


def test_opening_a_round_is_post_only_and_needs_credentials(personas, client_for, client):  # type: ignore[no-untyped-def]
    assert client_for(personas.mentor).get(group_rounds_url(personas.klass)).status_code == 405
    assert client.post(group_rounds_url(personas.klass)).status_code == 401
