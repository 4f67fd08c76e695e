"""The scan as a parent uses it: start, answer (autosave), result, share; the mentor's view."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from driehoek.audit.models import AuditEvent
from driehoek.involvement import age_model
from driehoek.involvement.models import Scan
from driehoek.roster.models import School, SchoolKind, Student
from tests.involvement.conftest import all_answers, make_scan


def url(name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"involvement:{name}", kwargs=kwargs)


def html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_index_lists_the_guardians_children_in_dutch(personas, client_for):
    page = html(client_for(personas.guardian).get(url("index")))
    assert "Betrokkenheid thuis" in page and "Noor Jansen" in page
    assert "Begin de scan" in page
    assert "Mila" not in page


def test_starting_twice_on_one_day_continues_the_same_scan(personas, client_for):
    client = client_for(personas.guardian)
    first = client.post(url("start", student_id=personas.student.pk))
    second = client.post(url("start", student_id=personas.student.pk))
    scan = Scan.objects.get()
    assert first["Location"] == second["Location"] == url("fill", scan_id=scan.pk)
    assert (scan.guardian, scan.student, scan.school) == (
        personas.guardian,
        personas.student,
        personas.school,
    )
    assert scan.version == "2026.1" and not scan.shared_with_mentor


def test_the_form_shows_twenty_statements_with_five_answers_each(personas, client_for, own_scan):
    page = html(client_for(personas.guardian).get(url("fill", scan_id=own_scan.pk)))
    assert page.count('type="radio"') == 100
    assert "Ik zeg tegen mijn kind dat ik erop vertrouw" in page
    assert page.count("hx-post=") == 20  # one autosave per statement


def test_an_answer_is_saved_at_once_by_htmx(personas, client_for):
    client = client_for(personas.guardian)
    client.post(url("start", student_id=personas.student.pk))
    scan = Scan.objects.get()
    response = client.post(
        url("answer", scan_id=scan.pk), {"dir_plan": "4"}, headers={"HX-Request": "true"}
    )
    page = html(response)
    assert "Bewaard" in page and "1 van 20 beantwoord" in page
    assert 'hx-swap-oob="true"' in page
    scan.refresh_from_db()
    assert scan.answers == {"dir_plan": 4}


@pytest.mark.parametrize("value", ["0", "6", "x", ""])
def test_an_answer_off_the_scale_is_refused_and_nothing_is_stored(personas, client_for, value):
    client = client_for(personas.guardian)
    client.post(url("start", student_id=personas.student.pk))
    scan = Scan.objects.get()
    response = client.post(url("answer", scan_id=scan.pk), {"dir_plan": value})
    assert response.status_code == 400
    scan.refresh_from_db()
    assert scan.answers == {}


def test_the_write_trio_for_answer_share_and_start(personas, client_for, own_scan):
    guardian, stranger = client_for(personas.guardian), client_for(personas.classmate_guardian)
    anonymous = client_for(personas.guardian).__class__()
    for target in (
        url("answer", scan_id=own_scan.pk),
        url("share", scan_id=own_scan.pk),
        url("start", student_id=personas.student.pk),
    ):
        assert guardian.get(target).status_code == 405
        assert stranger.post(target, {"share": "1", "enc_believe": "5"}).status_code == 404
        response = anonymous.post(target)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    own_scan.refresh_from_db()
    assert own_scan.answers["enc_believe"] == 3 and not own_scan.shared_with_mentor


def test_without_javascript_the_whole_form_is_saved_and_leads_to_the_result(personas, client_for):
    client = client_for(personas.guardian)
    client.post(url("start", student_id=personas.student.pk))
    scan = Scan.objects.get()
    half = {key: str(value) for key, value in list(all_answers(4).items())[:10]}
    response = client.post(url("fill", scan_id=scan.pk), half)
    assert response["Location"] == url("fill", scan_id=scan.pk)
    response = client.post(url("fill", scan_id=scan.pk), {k: "4" for k in all_answers()})
    assert response["Location"] == url("result", scan_id=scan.pk)
    scan.refresh_from_db()
    assert len(scan.answers) == 20


def test_the_result_shows_the_radar_the_curve_and_the_cited_figures(personas, client_for, own_scan):
    page = html(client_for(personas.guardian).get(url("result", scan_id=own_scan.pk)))
    assert '<svg class="radar"' in page and '<svg class="curve"' in page
    assert 'class="shape"' in page and 'class="marker"' in page
    assert "Aanmoediging" in page and "Directe hulp" in page
    # The research figures are there, as cited figures and not as the model's output.
    assert "Op 11 jaar: ouders 27%, school 21%" in page
    assert "Op 16 jaar: ouders 14%, school 51%" in page
    assert "Desforges &amp; Abouchaar (2003)" in page
    assert "geen uitkomsten van deze scan" in page
    assert "Delen met de mentor" in page
    # Coordinates are never written the Dutch way ("180,5" would break the picture).
    assert 'cx="180,' not in page and not re.search(r'[xy][12]?="\d+,\d', page)


def _student_aged(personas, years: int, kind: str, number: str) -> Student:  # type: ignore[no-untyped-def]
    """A child of this age on 1 November 2026, at a school of this kind, with Eva as parent."""
    from driehoek.roster.models import Household, StudentGuardian

    school = personas.school
    if kind == SchoolKind.PRIMARY:
        school = School.objects.create(name="De Linde", brin="97XX", kind=SchoolKind.PRIMARY)
    child = Student.objects.create(
        school=school,
        student_number=number,
        first_name="Kind",
        last_name=str(years),
        date_of_birth=datetime.date(2026 - years, 6, 1),
    )
    from driehoek.roster.models import Guardian

    guardian, _ = Guardian.objects.get_or_create(
        school=school, user=personas.guardian, defaults={"first_name": "Eva", "last_name": "Vries"}
    )
    StudentGuardian.objects.create(
        school=school,
        student=child,
        guardian=guardian,
        relation="parent",
        household=Household.objects.create(school=school, name="De Vries"),
    )
    return child


def test_the_same_answers_read_differently_for_a_nine_and_a_fifteen_year_old(personas, client_for):
    answers = all_answers(4, enc_criticise=1, con_rush=1, dev_busy=1, dir_check=5, dir_own=2)
    nine = _student_aged(personas, 9, SchoolKind.PRIMARY, "900009")
    fifteen = _student_aged(personas, 15, SchoolKind.SECONDARY, "900015")
    client = client_for(personas.guardian)
    pages = {}
    for child in (nine, fifteen):
        scan = make_scan(child, personas.guardian, answers=answers)
        pages[child.last_name] = html(
            client.get(url("result", scan_id=scan.pk), headers={"accept-language": "en"})
        )
    assert "Your hands-on help fits your child&#x27;s age" in pages["9"]
    assert "You may be doing more than your child needs" not in pages["9"]
    assert "You may be doing more than your child needs" in pages["15"]
    assert "Let your child make the week planning" in pages["15"]
    # 9 years and 5 months at primary school; 15 years and 5 months at secondary school.
    nine_share = round(age_model.child_share(9 + 5 / 12, "primary") * 100)
    fifteen_share = round(age_model.child_share(15 + 5 / 12, "secondary") * 100)
    assert (nine_share, fifteen_share) == (19, 86)
    assert f"a child of 9 carries about {nine_share}%" in pages["9"]
    assert f"a child of 15 carries about {fifteen_share}%" in pages["15"]


def test_the_child_page_shows_the_change_over_time(personas, client_for):
    make_scan(
        personas.student, personas.guardian, on=datetime.date(2026, 9, 1), answers=all_answers(2)
    )
    make_scan(
        personas.student, personas.guardian, on=datetime.date(2026, 11, 1), answers=all_answers(4)
    )
    page = html(client_for(personas.guardian).get(url("child", student_id=personas.student.pk)))
    assert 'class="trend"' in page
    assert page.count('class="small muted scores-line"') == 2  # two scans
    # (2 + 2 + 2 + (6 - 2) + 2) / 5 = 2.4 and (4 + 4 + 4 + (6 - 4) + 4) / 5 = 3.6
    assert "Aanmoediging 2,4" in page and "Aanmoediging 3,6" in page


def test_the_result_shows_the_change_since_the_scan_before(personas, client_for):
    make_scan(
        personas.student, personas.guardian, on=datetime.date(2026, 9, 1), answers=all_answers(3)
    )
    later = make_scan(
        personas.student,
        personas.guardian,
        on=datetime.date(2026, 11, 1),
        answers=all_answers(3, enc_believe=5, enc_effort=5),
    )
    page = html(client_for(personas.guardian).get(url("result", scan_id=later.pk)))
    assert 'class="earlier"' in page
    assert "▲ +0,8" in page  # encouragement: (5 + 5 + 3 + 3 + 3) / 5 = 3.8, was 3.0


def test_sharing_shows_the_scan_on_the_mentors_student_page_and_audits_the_read(
    personas, client_for, own_scan
):
    guardian, mentor = client_for(personas.guardian), client_for(personas.mentor)
    student_page = reverse("roster:student", kwargs={"student_id": personas.student.pk})
    assert "Betrokkenheid thuis (gedeeld door ouders)" not in html(mentor.get(student_page))

    response = guardian.post(url("share", scan_id=own_scan.pk), {"share": "1"})
    assert response["Location"] == url("result", scan_id=own_scan.pk)
    own_scan.refresh_from_db()
    assert own_scan.shared_with_mentor and own_scan.shared_at is not None

    page = html(mentor.get(student_page))
    assert "Betrokkenheid thuis (gedeeld door ouders)" in page
    assert "gedeeld door Eva de Vries" in page
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    result = html(mentor.get(url("result", scan_id=own_scan.pk)))
    assert "ingevuld en gedeeld door Eva de Vries" in result
    assert "Delen met de mentor" not in result  # the mentor cannot share or unshare
    event = AuditEvent.objects.exclude(pk__in=before).get()
    assert (event.actor, event.student, event.action) == (
        personas.mentor,
        personas.student,
        "view_involvement_scan",
    )


def test_the_guardians_student_page_links_to_their_scans(personas, client_for, own_scan):
    student_page = reverse("roster:student", kwargs={"student_id": personas.student.pk})
    page = html(client_for(personas.guardian).get(student_page))
    assert url("result", scan_id=own_scan.pk) in page
    other = html(client_for(personas.other_household_guardian).get(student_page))
    assert url("result", scan_id=own_scan.pk) not in other
    assert "Begin de scan" in other


def test_the_navigation_offers_the_scan_to_parents_and_the_guide_to_mentors(personas, client_for):
    parent_home = html(client_for(personas.guardian).get(reverse("front:my_children")))
    assert f'href="{url("index")}"' in parent_home
    mentor_home = html(client_for(personas.mentor).get(reverse("front:my_groups")))
    assert f'href="{url("guide")}"' in mentor_home and f'href="{url("index")}"' not in mentor_home


def test_an_unfinished_scan_is_continued_from_the_index(personas, client_for):
    client = client_for(personas.guardian)
    client.post(url("start", student_id=personas.student.pk))
    scan = Scan.objects.get()
    page = html(client.get(url("index")))
    assert f'href="{url("fill", scan_id=scan.pk)}"' in page and "Ga verder met de scan" in page


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nl", "leeftijd onbekend"),
        ("en", "age unknown"),
    ],
)
def test_the_result_says_the_age_is_unknown_without_a_date_of_birth(
    personas, client_for, language, said
):
    personas.student.date_of_birth = None
    personas.student.save(update_fields=["date_of_birth"])
    scan = make_scan(personas.student, personas.guardian, answers=all_answers(4, dir_own=2))

    page = html(
        client_for(personas.guardian).get(
            url("result", scan_id=scan.pk), headers={"accept-language": language}
        )
    )

    assert said in page
    assert 'class="age-unknown"' in page
    section = page.split('id="age-title"')[1].split("</section>")[0]
    assert "<svg" not in section and "guideline" not in section  # no curve, no caption
