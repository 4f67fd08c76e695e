"""The triangle demo data: realistic, complete enough for the class view, idempotent."""

from __future__ import annotations

from driehoek.roster.demo import seed_demo
from driehoek.triangle.demo import CLOSED_ROUNDS, OPEN_TITLE, seed_demo_data
from driehoek.triangle.geometry import Shape
from driehoek.triangle.models import Answer, Result, Round
from driehoek.triangle.selectors import reliability_report


def test_the_demo_seeds_closed_rounds_with_results_and_an_open_round_once(db):
    schools = seed_demo()
    seed_demo_data(schools=schools)
    counts = (Round.objects.count(), Result.objects.count(), Answer.objects.count())
    seed_demo_data(schools=schools)
    assert (Round.objects.count(), Result.objects.count(), Answer.objects.count()) == counts

    closed = Round.objects.filter(title__in=[title for title, _o, _c in CLOSED_ROUNDS])
    assert closed.count() == 4 and all(not r.is_open() for r in closed)  # 2havo, Groep 8
    assert Round.objects.filter(title=OPEN_TITLE).count() == 3  # and Groep 5/6
    assert all(r.is_open() for r in Round.objects.filter(title=OPEN_TITLE))
    shapes = set(Result.objects.values_list("shape", flat=True))
    assert Shape.BALANCED in shapes and Shape.INSUFFICIENT in shapes
    assert len(shapes) >= 4
    # Every scale of the questionnaires used has an alpha over the demo answers.
    rows = [row for row in reliability_report() if row["n"]]
    assert {row["questionnaire"] for row in rows} == {
        "guardian",
        "student_primary",
        "student_secondary",
        "mentor",
    }
    assert all(row["alpha"] is not None for row in rows)
