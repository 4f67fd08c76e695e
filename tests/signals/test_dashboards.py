"""The mentor's class overview and the administrator's school overview, with plots and a
CSV export that a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from driehoek.conversations.models import Agreement
from driehoek.roster.models import Group, GroupKind
from driehoek.signals import services
from tests.signals import school_data as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_signals(personas):
    rows = data.streak("100001", "WI") + data.streak("100002", "NE")
    services.import_school_data(school=personas.school, kind="homework", source=data.homework(rows))
    services.run_detection(school=personas.school, today=data.TODAY)
    return personas


def test_the_class_overview_lists_signals_agreements_and_contacts(with_signals, client_for):
    personas = with_signals
    Agreement.objects.create(
        school=personas.school,
        student=personas.student,
        what="Planner bijhouden",
        owner_label="Noor",
    )
    page = client_for(personas.mentor).get(
        reverse("signals:class_overview", args=[personas.klass.pk])
    )
    assert page.status_code == 200
    rows = {row.student.student_number: row for row in page.context["rows"]}
    assert [s.subject for s in rows["100001"].signals] == ["WI"]
    assert [s.subject for s in rows["100002"].signals] == ["NE"]
    assert (rows["100001"].agreements, rows["100002"].agreements) == (1, 0)
    # One line per household with the right to information, without a contact yet.
    assert sorted(f.label for f in rows["100001"].families) == ["De Vries", "Jansen"]
    assert all(f.last_contact is None for f in rows["100001"].families)
    assert page.content.count(b'class="signal-link"') == 2


def test_the_class_overview_is_the_mentors(with_signals, client_for):
    url = reverse("signals:class_overview", args=[with_signals.klass.pk])
    assert client_for(with_signals.teacher).get(url).status_code == 404


def test_the_school_overview_counts_signals_per_class(with_signals, client_for):
    personas = with_signals
    page = client_for(personas.admin).get(reverse("signals:school", args=[personas.school.pk]))
    assert page.status_code == 200
    overview = page.context["overview"]
    assert overview.open_total == 2
    by_class = {row.group.name: row.open for row in overview.classes}
    assert by_class == {"2havo-a": 2, "3vwo-b": 0}
    assert overview.by_kind["homework_streak"] == 2
    assert overview.families == 3  # De Vries, Jansen, Bakker
    assert len(overview.weeks) == 12
    # The plots are images with a text alternative, and the numbers as a table.
    assert page.content.count(b'<img class="chart"') == 3
    assert b"alt=" in page.content


@pytest.mark.parametrize("name", ["weeks", "classes", "balance"])
def test_each_plot_is_an_svg(with_signals, client_for, name):
    personas = with_signals
    response = client_for(personas.admin).get(
        reverse("signals:chart", args=[personas.school.pk, name])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<?xml")
    assert b"<svg" in response.content
    assert b"<script" not in response.content


def test_an_unknown_plot_is_not_found(with_signals, client_for):
    url = reverse("signals:chart", args=[with_signals.school.pk, "secrets"])
    assert client_for(with_signals.admin).get(url).status_code == 404


def test_the_csv_export_is_safe_against_formulas(with_signals, client_for):
    personas = with_signals
    Group.objects.create(
        school=personas.school,
        school_year=personas.year,
        name='=HYPERLINK("http://x")',
        kind=GroupKind.CLASS,
    )
    # A class only appears with students in it: move Mila there.
    evil = Group.objects.get(name__startswith="=")
    personas.classmate.group = evil
    personas.classmate.save(update_fields=["group"])
    response = client_for(personas.admin).get(
        reverse("signals:school_csv", args=[personas.school.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert len(rows[0]) == 3 + 6  # class, students, open, and one column per kind


def test_the_school_setting_to_share_with_parents(with_signals, client_for):
    personas = with_signals
    url = reverse("signals:school_settings", args=[personas.school.pk])
    client_for(personas.admin).post(url, {"share_with_guardians": "on"})
    assert services.settings_of(school=personas.school).share_with_guardians
    client_for(personas.admin).post(url, {})
    assert not services.settings_of(school=personas.school).share_with_guardians


def test_the_inbox_lists_open_signals_by_student(with_signals, client_for):
    page = client_for(with_signals.mentor).get(reverse("signals:inbox"))
    assert page.status_code == 200
    names = [entry["student"].student_number for entry in page.context["students"]]
    assert sorted(names) == ["100001", "100002"]


def test_the_student_page_shows_evidence_and_a_first_step(with_signals, client_for):
    personas = with_signals
    page = client_for(personas.mentor).get(reverse("signals:student", args=[personas.student.pk]))
    assert page.status_code == 200
    assert b'class="signal-step"' in page.content
    signal = page.context["open_cards"][0]["signal"]
    detail = client_for(personas.mentor).get(
        reverse("signals:detail", args=[signal.pk]), HTTP_HX_REQUEST="true"
    )
    assert detail.status_code == 200
    assert b"<table" in detail.content and b"<html" not in detail.content


def test_the_student_page_panel_links_to_the_signals(with_signals, client_for):
    personas = with_signals
    page = client_for(personas.mentor).get(reverse("roster:student", args=[personas.student.pk]))
    assert reverse("signals:student", args=[personas.student.pk]).encode() in page.content


def test_the_school_overview_shows_the_response_of_triangle_checks(with_signals, client_for):
    import datetime

    from driehoek.triangle.models import Result, Round

    personas = with_signals
    check = Round.objects.create(
        school=personas.school,
        group=personas.klass,
        title="Najaar",
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2026, 10, 15),
    )
    Result.objects.create(
        school=personas.school,
        round=check,
        student=personas.student,
        shape="balanced",
        growth_space=0.9,
        level=0.8,
        voices=["home", "child", "school"],
    )
    page = client_for(personas.admin).get(reverse("signals:school", args=[personas.school.pk]))
    assert page.status_code == 200
    assert page.context["overview"].response_rows == [("Najaar", 50, 2)]
    assert b"Najaar" in page.content
