"""`driehoek triangle`: the model without a database."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = StringIO()
    call_command("triangle", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_full_result_as_json():
    data = json.loads(run("4", "3", "5", "--json"))
    assert data["sides"] == {"hs": 3.0, "hc": 4.0, "sc": 2.0}
    assert data["growth_space"] == pytest.approx(0.745356, abs=1e-6)
    assert data["level"] == pytest.approx(4.0)
    assert data["shape"] == "child_school_home_distant"
    assert data["signs"] == {"hs": "+", "hc": "0", "sc": "+"}
    assert data["pattern"] == "undetermined"
    assert data["loyalty_conflict"] is False


def test_it_names_a_loyalty_conflict_in_words():
    text = run("2", "4", "4")
    assert "loyalty conflict  YES" in text
    assert "stretched_home_school" in text
    assert "G = 0.7121" in text


def test_it_refuses_scores_off_the_scale():
    with pytest.raises(CommandError, match=r"\[1, 5\]"):
        run("6", "3", "3")


def test_it_wants_three_scores():
    with pytest.raises(CommandError, match="three pair scores"):
        run("4", "4")
