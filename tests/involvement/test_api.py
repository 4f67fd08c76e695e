"""/api/involvement/: your own scans; for the mentor, what parents shared; 404 otherwise."""

from __future__ import annotations

import datetime

from django.urls import reverse

from tests.involvement.conftest import all_answers, make_scan


def test_a_guardian_lists_only_their_own_scans(personas, client_for, own_scan):
    make_scan(personas.student, personas.other_household_guardian, shared=True)
    body = client_for(personas.guardian).get(reverse("api:involvement_scan_list")).json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "id": own_scan.pk,
        "student_id": personas.student.pk,
        "date": "2026-11-01",
        "version": "2026.1",
        "shared_with_mentor": False,
        "mine": True,
    }


def test_the_mentor_lists_only_shared_scans(personas, client_for, own_scan, shared_scan):
    body = client_for(personas.mentor).get(reverse("api:involvement_scan_list")).json()
    assert [item["id"] for item in body["items"]] == [shared_scan.pk]
    assert body["items"][0]["mine"] is False


def test_a_scan_in_detail_has_scores_and_findings_but_no_answers(personas, client_for):
    scan = make_scan(
        personas.student,
        personas.guardian,
        on=datetime.date(2026, 11, 2),
        answers=all_answers(4, enc_criticise=2, con_rush=2, dev_busy=2, dir_own=2),
    )
    response = client_for(personas.guardian).get(
        reverse("api:involvement_scan_detail", kwargs={"scan_id": scan.pk})
    )
    body = response.json()
    assert response.status_code == 200
    assert "answers" not in body
    assert (body["answered"], body["total"]) == (20, 20)
    assert body["aspects"][0] == {"aspect": "encouragement", "mean": 4.0, "level": 0.75}
    # Noor is 13 at secondary school: hands-on help at level 0.75 is over-support.
    assert body["findings"][0] == {"key": "over_support", "kind": "attention", "aspect": "direct"}
    assert 13 < body["age"] < 14


def test_a_scan_that_is_not_yours_or_not_shared_answers_404(personas, client_for, own_scan):
    url = reverse("api:involvement_scan_detail", kwargs={"scan_id": own_scan.pk})
    for user in (personas.other_household_guardian, personas.mentor, personas.admin):
        response = client_for(user).get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}


def test_without_credentials_the_api_answers_401(personas, client, own_scan):
    assert client.get(reverse("api:involvement_scan_list")).status_code == 401


def test_a_scan_of_a_child_without_a_date_of_birth_has_no_age_and_no_age_verdict(
    personas, client_for
):
    personas.student.date_of_birth = None
    personas.student.save(update_fields=["date_of_birth"])
    scan = make_scan(personas.student, personas.guardian, answers=all_answers(4, dir_own=2))

    body = (
        client_for(personas.guardian)
        .get(reverse("api:involvement_scan_detail", kwargs={"scan_id": scan.pk}))
        .json()
    )

    assert body["age"] is None and body["expected_child_share"] is None
    keys = {finding["key"] for finding in body["findings"]}
    assert not keys & {"over_support", "room_for_help", "direct_fits"}
    assert len(body["aspects"]) == 4
