"""The class trend on the class view and the administrator's school overview."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from driehoek.triangle.models import Result, Round
from tests.personas import _student


@pytest.fixture(autouse=True)
def _dutch():  # type: ignore[no-untyped-def]
    with translation.override("nl"):
        yield


def _round(group, title, days_ago):  # type: ignore[no-untyped-def]
    opens = timezone.localdate() - datetime.timedelta(days=days_ago)
    return Round.objects.create(
        school_id=group.school_id,
        group=group,
        title=title,
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=14),
    )


def _result(round, student, shape, index, level):  # type: ignore[no-untyped-def]
    return Result.objects.create(
        school_id=round.school_id,
        round=round,
        student=student,
        shape=shape,
        growth_space=index,
        level=level,
        side_hs=3.0 if index is not None else None,
        side_hc=3.0 if index is not None else None,
        side_sc=3.0 if index is not None else None,
    )


@pytest.fixture
def class_history(personas):  # type: ignore[no-untyped-def]
    """Three students in the class, two rounds with results, a third with too few."""
    third = _student(
        personas.school, personas.klass, "100009", "Ties", "Mulder", datetime.date(2013, 5, 5)
    )
    autumn = _round(personas.klass, "Herfst", 200)
    _result(autumn, personas.student, "balanced", 0.9, 4.0)
    _result(autumn, personas.classmate, "home_child_vs_school", 0.6, 3.0)
    _result(autumn, third, "home_child_vs_school", 0.3, 2.0)
    winter = _round(personas.klass, "Winter", 100)
    _result(winter, personas.student, "balanced", 1.0, 4.5)
    _result(winter, personas.classmate, "balanced", 0.8, 3.5)
    _result(winter, third, "home_school_vs_child", 0.45, 2.5)
    spring = _round(personas.klass, "Lente", 1)
    _result(spring, personas.student, "balanced", 1.0, 4.5)
    _result(spring, personas.classmate, "balanced", 0.8, 3.5)
    _result(spring, third, "insufficient", None, None)
    return autumn, winter, spring


def test_the_class_view_shows_the_class_mean_index_and_level_per_round(
    personas, class_history, client_for
):
    autumn, winter, spring = class_history
    page = client_for(personas.mentor).get(reverse("triangle:round", args=[spring.pk]))
    assert page.status_code == 200
    rows = page.context["trend"]["rows"]
    assert [row["round"].title for row in rows] == ["Herfst", "Winter", "Lente"]
    # Herfst: (0.9 + 0.6 + 0.3) / 3 = 0.60, (4 + 3 + 2) / 3 = 3.0
    assert rows[0]["summary"].mean_index == pytest.approx(0.6)
    assert rows[0]["summary"].mean_level == pytest.approx(3.0)
    # Winter: (1.0 + 0.8 + 0.45) / 3 = 0.75, (4.5 + 3.5 + 2.5) / 3 = 3.5
    assert rows[1]["summary"].mean_index == pytest.approx(0.75)
    assert rows[1]["summary"].mean_level == pytest.approx(3.5)
    # Lente: two complete triangles out of three: too few for an average
    assert rows[2]["summary"].mean_index is None
    assert rows[2]["summary"].complete == 2
    html = page.content.decode()
    assert "0,60" in html and "0,75" in html and "3,5" in html
    assert 'class="tri-seg tri-seg-home_child_vs_school"' in html
    assert "67%" in html  # 2 of 3 in the spring round


def test_an_administrator_sees_the_school_overview_with_class_aggregates(
    personas, class_history, client_for
):
    page = client_for(personas.admin).get(reverse("triangle:school", args=[personas.school.pk]))
    assert page.status_code == 200
    klass = next(c for c in page.context["classes"] if c["group"] == personas.klass)
    assert klass["round"].title == "Lente"
    assert klass["summary"].complete == 2 and klass["summary"].students == 3
    assert klass["summary"].response_rate == pytest.approx(2 / 3)
    # The class trend over its rounds: 0.6, 0.75 (Lente has too few triangles)
    assert [p.value for p in klass["points"]] == pytest.approx([0.6, 0.75])
    school_rows = page.context["trend"]["rows"]
    assert [r["summary"].mean_index for r in school_rows] == pytest.approx([0.6, 0.75, None])


def test_the_school_overview_shows_no_childs_name_triangle_or_link(
    personas, class_history, client_for
):
    page = client_for(personas.admin).get(reverse("triangle:school", args=[personas.school.pk]))
    html = page.content.decode()
    for name in ("Noor", "Mila", "Ties", "Jansen", "Bakker", "Mulder"):
        assert name not in html
    assert "triangle-svg" not in html
    assert "/triangle/students/" not in html


def test_an_administrator_sees_the_class_trend_but_no_childs_triangle_on_the_class_view(
    personas, class_history, client_for
):
    _autumn, winter, _spring = class_history
    page = client_for(personas.admin).get(reverse("triangle:round", args=[winter.pk]))
    assert page.status_code == 200
    assert page.context["trend"]["rows"][1]["summary"].mean_index == pytest.approx(0.75)
    assert page.context["rows"] == []
    html = page.content.decode()
    assert "Noor" not in html and "triangle-svg" not in html


def test_an_administrator_of_another_school_gets_404(personas, class_history, client_for):
    page = client_for(personas.other_admin).get(
        reverse("triangle:school", args=[personas.school.pk])
    )
    assert page.status_code == 404


def test_a_mentor_cannot_open_the_school_overview(personas, client_for):
    page = client_for(personas.mentor).get(reverse("triangle:school", args=[personas.school.pk]))
    assert page.status_code == 404


def test_the_school_overview_asks_a_visitor_to_log_in(personas, client):  # type: ignore[no-untyped-def]
    page = client.get(reverse("triangle:school", args=[personas.school.pk]))
    assert page.status_code == 302 and "login" in page["Location"]
