"""The triangle pages, through HTTP, as each party."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from driehoek.triangle.models import Response, Result, Round
from tests.triangle.conftest import EVA, MARK, NOOR, SANNE


def respond_url(round, student, name="triangle:respond"):  # type: ignore[no-untyped-def]
    return reverse(name, kwargs={"round_id": round.pk, "student_id": student.pk})


@pytest.fixture(autouse=True)
def _dutch():  # type: ignore[no-untyped-def]
    with translation.override("nl"):
        yield


def test_a_guardian_fills_in_the_check_answer_by_answer_and_hands_it_in(
    personas, open_round, client_for
):
    client = client_for(personas.guardian)
    page = client.get(respond_url(open_round, personas.student))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ik vertrouw erop dat de school doet wat goed is voor mijn kind." in text
    assert "hx-post" in text  # autosave on every change

    saved = client.post(
        respond_url(open_round, personas.student, "triangle:answer"),
        {"a_g_hs_trust": "4"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    assert "Opgeslagen om" in saved.content.decode()
    response = Response.objects.get(round=open_round, respondent=personas.guardian)
    assert dict(response.answers.values_list("item", "value")) == {"g_hs_trust": 4}

    # A later visit shows the saved answer checked.
    again = client.get(respond_url(open_round, personas.student)).content.decode()
    assert re.search(r'name="a_g_hs_trust" value="4"\s+checked', again)

    # Handing in with the rest of the answers (works without JavaScript too).
    form = {f"a_{key}": str(value) for key, value in EVA.items()}
    done = client.post(respond_url(open_round, personas.student, "triangle:submit"), form)
    assert done.status_code == 302
    response.refresh_from_db()
    assert response.submitted_at is not None


def test_handing_in_half_a_questionnaire_says_what_is_missing(personas, open_round, client_for):
    client = client_for(personas.guardian)
    done = client.post(
        respond_url(open_round, personas.student, "triangle:submit"),
        {"a_g_hs_trust": "4"},
        follow=True,
    )
    assert "Beantwoord eerst alle vragen (nog 7 open)." in done.content.decode()
    assert Response.objects.get(respondent=personas.guardian).submitted_at is None


def test_the_student_gets_the_student_questions(personas, open_round, client_for):
    page = client_for(personas.student_user).get(respond_url(open_round, personas.student))
    assert "Ik kan goed opschieten met mijn mentor." in page.content.decode()


def test_a_guardian_cannot_see_another_households_answers(personas, open_round, fill, client_for):
    fill(open_round, personas.student, personas.guardian, EVA)
    client = client_for(personas.other_household_guardian)
    page = client.get(respond_url(open_round, personas.student)).content.decode()
    assert "checked" not in page  # Mark's own, empty form; never Eva's answers
    mine = client.get(reverse("api:triangle_my_responses")).json()
    assert mine["count"] == 0


def test_nobody_sees_the_others_raw_answers_on_the_triangle_page(
    personas, everyone_answered, client_for
):
    for user in (personas.guardian, personas.student_user, personas.mentor):
        page = client_for(user).get(reverse("triangle:student", args=[personas.student.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert "Kind in het midden, thuis en school uit elkaar" in text
        for key in ("g_hs_trust", "s_hs_together", "m_hs_trust"):
            assert key not in text


def test_a_parent_sees_the_shape_named_with_next_steps_for_parents(
    personas, everyone_answered, client_for
):
    page = client_for(personas.guardian).get(
        reverse("triangle:student", args=[personas.student.pk])
    )
    text = page.content.decode()
    assert "<svg" in text and 'class="tri-circle"' in text
    # SVG coordinates keep a decimal point in Dutch (no "12,5" in attributes).
    assert re.search(r'class="tri-circle" cx="\d+(\.\d+)?" cy="\d+(\.\d+)?" r="\d', text)
    assert not re.search(r'(cx|cy|r|x|y)="-?\d+,\d', text)
    assert ">ouders<" in text and ">school<" in text and ">kind<" in text
    assert "Wat u kunt doen" in text
    assert "Houd meningsverschillen met de school weg bij uw kind." in text
    assert "Mogelijk loyaliteitsconflict" in text
    assert "0,81" in text  # growth space


def test_the_mentor_sees_next_steps_for_the_mentor(personas, everyone_answered, client_for):
    page = client_for(personas.mentor).get(reverse("triangle:student", args=[personas.student.pk]))
    text = page.content.decode()
    assert "Volgende stappen voor u" in text
    assert "Laat de leerling geen boodschappen overbrengen tussen school en thuis." in text


def test_the_mentors_look_at_a_childs_triangle_is_in_the_access_log(
    personas, everyone_answered, client_for
):
    from driehoek.audit.models import AuditEvent

    client_for(personas.guardian).get(reverse("triangle:student", args=[personas.student.pk]))
    assert not AuditEvent.objects.exists()
    client_for(personas.mentor).get(reverse("triangle:student", args=[personas.student.pk]))
    event = AuditEvent.objects.get()
    assert (event.actor, event.student, event.action) == (
        personas.mentor,
        personas.student,
        "view_triangle",
    )


def test_a_subject_teacher_does_not_see_the_triangle(personas, everyone_answered, client_for):
    client = client_for(personas.teacher)
    assert client.get(reverse("triangle:student", args=[personas.student.pk])).status_code == 404
    student_page = client.get(reverse("roster:student", args=[personas.student.pk]))
    assert "triangle-panel" not in student_page.content.decode()


def test_the_student_page_has_the_triangle_panel_for_the_family(
    personas, everyone_answered, client_for
):
    page = client_for(personas.guardian).get(reverse("roster:student", args=[personas.student.pk]))
    text = page.content.decode()
    assert "triangle-panel" in text
    assert "Kind in het midden, thuis en school uit elkaar" in text


def test_the_class_view_shows_each_shape_and_who_needs_a_conversation_first(
    personas, everyone_answered, fill, client_for
):
    fill(everyone_answered, personas.classmate, personas.classmate_guardian, EVA)
    page = client_for(personas.mentor).get(reverse("triangle:round", args=[everyone_answered.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Noor Jansen" in text and "Mila Bakker" in text
    assert "Kind in het midden, thuis en school uit elkaar" in text
    assert "mogelijk loyaliteitsconflict" in text
    first = text.split("Met wie eerst in gesprek")[1].split("Alle leerlingen")[0]
    assert "Noor Jansen" in first and "laagste groeiruimte: 0,81" in first
    assert "Mila Bakker" in first and "er ontbreekt een stem" in first
    assert "Cronbach" in text


@pytest.mark.parametrize("sort", ["name", "index", "level", "drop", "nonsense"])
def test_the_class_view_sorts(personas, everyone_answered, client_for, sort):
    page = client_for(personas.mentor).get(
        reverse("triangle:round", args=[everyone_answered.pk]), {"sort": sort}
    )
    assert page.status_code == 200


def test_the_class_view_shows_the_drop_since_the_last_round(
    personas, everyone_answered, fill, client_for
):
    Round.objects.filter(pk=everyone_answered.pk).update(
        opens_on=everyone_answered.opens_on.replace(year=everyone_answered.opens_on.year - 1),
        closes_on=everyone_answered.closes_on.replace(year=everyone_answered.closes_on.year - 1),
        title="Vorig jaar",
    )
    Result.objects.filter(round=everyone_answered).update(growth_space=0.99)
    from tests.triangle.conftest import make_round

    later = make_round(personas.klass, title="Nu")
    for user, answers in (
        (personas.guardian, EVA),
        (personas.other_household_guardian, MARK),
        (personas.student_user, NOOR),
        (personas.mentor, SANNE),
    ):
        fill(later, personas.student, user, answers)
    text = client_for(personas.mentor).get(reverse("triangle:round", args=[later.pk])).content
    assert "groeiruimte 0,18 gedaald" in text.decode()


def test_an_administrator_sees_progress_but_no_childs_triangle(
    personas, everyone_answered, client_for
):
    page = client_for(personas.admin).get(reverse("triangle:round", args=[everyone_answered.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "volledige driehoeken" in text
    assert "Noor Jansen" not in text


def test_a_mentor_opens_a_round_for_their_class(personas, client_for, mailoutbox):
    client = client_for(personas.mentor)
    form = client.get(reverse("triangle:round_new")).content.decode()
    assert personas.klass.name in form and personas.other_class.name not in form
    assert "De hele school" not in form
    done = client.post(
        reverse("triangle:round_new"),
        {
            "title": "Na de startgesprekken",
            "group": str(personas.klass.pk),
            "opens_on": "2026-09-01",
            "closes_on": "2099-09-20",
        },
    )
    assert done.status_code == 302
    round = Round.objects.get(title="Na de startgesprekken")
    assert round.group == personas.klass and round.opened_by == personas.mentor


def test_a_mentor_cannot_open_a_round_for_another_class(personas, client_for):
    done = client_for(personas.mentor).post(
        reverse("triangle:round_new"),
        {
            "title": "x",
            "group": str(personas.other_class.pk),
            "opens_on": "2026-09-01",
            "closes_on": "2026-09-20",
        },
    )
    assert done.status_code == 400
    assert not Round.objects.exists()


def test_an_administrator_can_open_a_round_for_the_whole_school(personas, client_for):
    done = client_for(personas.admin).post(
        reverse("triangle:round_new"),
        {"title": "School", "group": "school", "opens_on": "2026-09-01", "closes_on": "2026-09-20"},
    )
    assert done.status_code == 302
    assert Round.objects.get().group is None


def test_closing_a_round_stops_the_answers(personas, open_round, client_for):
    client_for(personas.mentor).post(reverse("triangle:round_close", args=[open_round.pk]))
    open_round.refresh_from_db()
    assert not open_round.is_open()
    page = client_for(personas.guardian).get(respond_url(open_round, personas.student))
    assert "Deze ronde is gesloten" in page.content.decode()
    saved = client_for(personas.guardian).post(
        respond_url(open_round, personas.student, "triangle:answer"),
        {"a_g_hs_trust": "4"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 409


# --- The standard trio for each write endpoint -------------------------------------------

WRITES = ["triangle:answer", "triangle:submit"]


@pytest.mark.parametrize("name", WRITES)
def test_it_rejects_get(personas, open_round, client_for, name):
    url = respond_url(open_round, personas.student, name)
    assert client_for(personas.guardian).get(url).status_code == 405


@pytest.mark.parametrize("name", WRITES)
def test_it_answers_404_to_someone_without_rights(personas, open_round, client_for, name):
    url = respond_url(open_round, personas.student, name)
    for user in (personas.classmate_guardian, personas.teacher, personas.outsider):
        assert client_for(user).post(url, {"a_g_hs_trust": "4"}).status_code == 404
    assert not Response.objects.exists()


@pytest.mark.parametrize("name", WRITES)
def test_it_sends_anonymous_visitors_to_log_in(personas, open_round, client, name):
    url = respond_url(open_round, personas.student, name)
    answer = client.post(url)
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


@pytest.mark.parametrize("name", ["triangle:round_close", "triangle:round_remind"])
def test_round_actions_follow_the_trio(personas, open_round, client_for, client, name):
    url = reverse(name, args=[open_round.pk])
    assert client_for(personas.mentor).get(url).status_code == 405
    assert client_for(personas.teacher).post(url).status_code == 404
    assert client_for(personas.other_admin).post(url).status_code == 404
    assert "/accounts/login/" in client.post(url)["Location"]


def test_the_navigation_offers_the_triangle_to_families_and_mentors_only(personas, client_for):
    url = reverse("triangle:index")
    for user in (personas.guardian, personas.student_user, personas.mentor, personas.admin):
        page = client_for(user).get(reverse("accounts:settings"))
        assert f'href="{url}"' in page.content.decode(), user
    page = client_for(personas.teacher).get(reverse("accounts:settings"))
    assert f'href="{url}"' not in page.content.decode()


def test_a_guardian_of_a_young_child_opens_the_childs_own_questions(
    personas, open_round, client_for
):
    # Mila has no account: her parent gets a second entry, "Mila's own questions".
    client = client_for(personas.classmate_guardian)
    overview = client.get(reverse("triangle:index")).content.decode()
    assert "De eigen vragen van Mila" in overview
    page = client.get(respond_url(open_round, personas.classmate) + "?as=child")
    assert "Laat Mila zelf antwoorden" in page.content.decode()
    assert "Ik kan goed opschieten met mijn mentor." in page.content.decode()
    client.post(
        respond_url(open_round, personas.classmate, "triangle:answer"),
        {"as": "child", "a_s_sc_mentor": "5"},
        headers={"HX-Request": "true"},
    )
    response = Response.objects.get(round=open_round, student=personas.classmate)
    assert response.role == "student" and response.respondent == personas.classmate_guardian
    # Noor has an account: nobody else may fill in her questions.
    other = client_for(personas.guardian).get(
        respond_url(open_round, personas.student) + "?as=child"
    )
    assert other.status_code == 404
