"""The "who needs a conversation first" CSV: formula-safe cells, same people as the page."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from driehoek.triangle.csvsafe import FORMULA_STARTS, neutralise, to_csv
from tests.triangle.conftest import EVA


@pytest.mark.parametrize("cell", ["=1+2", "+31 6 1234", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_could_be_a_formula_gets_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Noor Jansen", "0,45", "", "a=b", "'al veilig"])
def test_an_ordinary_cell_stays_as_it_is(cell):
    assert neutralise(cell) == cell


@given(st.text())
def test_no_cell_ever_starts_as_a_formula_and_nothing_is_lost(text):
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert safe in (text, "'" + text)


def test_the_csv_is_semicolon_separated_and_quotes_what_needs_it():
    assert to_csv([["a;b", "=x", 1]]) == '"a;b";\'=x;1\r\n'


def _rows(page):  # type: ignore[no-untyped-def]
    text = page.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def missing_voice(personas, open_round, fill):  # type: ignore[no-untyped-def]
    """The classmate's parent answered, the others did not; the name looks like a formula."""
    personas.classmate.first_name = "=HYPERLINK(1)"
    personas.classmate.save(update_fields=["first_name"])
    fill(open_round, personas.classmate, personas.classmate_guardian, EVA)
    return open_round


def test_the_mentor_downloads_who_needs_a_conversation_first(personas, missing_voice, client_for):
    url = reverse("triangle:round_first_csv", args=[missing_voice.pk])
    with translation.override("nl"):
        page = client_for(personas.mentor).get(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/csv")
    assert "attachment" in page["Content-Disposition"]
    header, *rows = _rows(page)
    assert len(header) == 8
    assert len(rows) == 1
    name, klass, reason, *_rest, missing, _shape = rows[0]
    assert name.startswith("'=HYPERLINK(1)")
    assert klass == personas.klass.name
    assert missing == "leerling, mentor"
    assert reason == "er ontbreekt een stem"


def test_an_administrator_gets_no_childs_row(personas, missing_voice, client_for):
    page = client_for(personas.admin).get(
        reverse("triangle:round_first_csv", args=[missing_voice.pk])
    )
    assert page.status_code == 200
    assert len(_rows(page)) == 1  # the header only


def test_the_csv_is_refused_to_a_parent_and_to_a_visitor(
    personas, missing_voice, client_for, client
):  # type: ignore[no-untyped-def]
    url = reverse("triangle:round_first_csv", args=[missing_voice.pk])
    assert client_for(personas.guardian).get(url).status_code == 404
    assert client_for(personas.other_admin).get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
