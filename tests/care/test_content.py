"""The guides are data: every guide complete, what parents read in all six family
languages, the mentor's (staff) part in Dutch and English."""

from __future__ import annotations

import copy

import pytest

from driehoek.care import content
from driehoek.front.languages import FAMILY_LANGUAGES, STAFF_LANGUAGES


def test_every_guide_has_every_part_in_every_language():
    assert content.problems() == []


def test_the_guides_cover_the_situations_the_issue_names():
    slugs = {g["slug"] for g in content.guides("nl")}
    assert slugs == {
        "fear-of-failure",
        "being-bullied",
        "bullying-others",
        "grief",
        "divorce",
        "long-illness",
    }


def test_a_missing_language_or_section_is_caught():
    data = copy.deepcopy(content.load())
    del data["guides"][0]["title"]["en"]
    del data["guides"][1]["mentor"]["escalate"]
    del data["guides"][2]["leads"]["expertise"]
    found = content.problems(data)
    assert any("title: no en" in p for p in found)
    assert any("mentor: no escalate" in p for p in found)
    assert any("leads: no expertise" in p for p in found)


@pytest.mark.parametrize("language", ["tr", "ar", "pl", "uk"])
@pytest.mark.parametrize(
    "where",
    [
        ("title",),
        ("summary",),
        ("leads", "responsibility"),
        ("parent", "home", 0),
        ("parent", "school", 1),
        ("parent", "escalate", 0),
    ],
)
def test_a_family_text_without_one_of_the_six_languages_is_caught(where, language):
    data = copy.deepcopy(content.load())
    text = data["guides"][3]
    for step in where:
        text = text[step]
    del text[language]
    found = content.problems(data)
    assert len(found) == 1
    assert found[0].endswith(f"no {language} text")
    assert found[0].startswith("guides[3].")


def test_an_empty_translation_counts_as_missing():
    data = copy.deepcopy(content.load())
    data["guides"][4]["summary"]["ar"] = " "
    assert content.problems(data) == ["guides[4].summary: no ar text"]


def test_the_mentors_part_is_staff_only_nl_and_en():
    assert content.LANGUAGES_OF_FIELD["mentor"] == STAFF_LANGUAGES
    for entry in content.load()["guides"]:
        for section in content.PART_FIELDS:
            for text in entry["mentor"][section]:
                assert set(text) == set(STAFF_LANGUAGES)
    data = copy.deepcopy(content.load())
    del data["guides"][0]["mentor"]["home"][0]["en"]
    assert content.problems(data) == ["guides[0].mentor.home[0]: no en text"]


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_each_guide_says_who_leads_under_the_three_hierarchies(language):
    for guide in content.guides(language):
        assert set(guide["leads"]) == set(content.HIERARCHIES)


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_a_parent_reads_the_guide_in_their_language(language):
    raw = content.load()["guides"][1]
    guide = content.guide(raw["slug"], language)
    assert guide is not None
    assert guide["title"] == raw["title"][language]
    assert guide["summary"] == raw["summary"][language]
    assert guide["leads"]["expertise"] == raw["leads"]["expertise"][language]
    assert guide["parent"]["home"] == [t[language] for t in raw["parent"]["home"]]
    # Each language its own wording: no English copied into another language.
    if language != "en":
        for entry in content.guides(language):
            assert entry["summary"] != content.guide(entry["slug"], "en")["summary"]


@pytest.mark.parametrize("language", ["tr", "ar", "pl", "uk", "de", "", "tr-tr"])
def test_the_mentors_part_falls_back_to_dutch(language):
    # Same rule as the involvement content and Django's staff-only strings: Dutch.
    raw = content.load()["guides"][0]
    guide = content.guide(raw["slug"], language)
    assert guide["mentor"]["school"] == [t["nl"] for t in raw["mentor"]["school"]]


def test_regional_language_codes_and_unknown_languages():
    raw = content.load()["guides"][2]
    assert content.guide(raw["slug"], "nl-be")["title"] == raw["title"]["nl"]
    assert content.guide(raw["slug"], "pl-PL")["title"] == raw["title"]["pl"]
    assert content.guide(raw["slug"], "de")["title"] == raw["title"]["nl"]


def test_situations_list_titles_in_the_readers_language():
    titles = dict(content.situations("uk"))
    assert titles["grief"] == content.load()["guides"][3]["title"]["uk"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["tr", "ar", "pl", "uk"])
def test_a_parent_opens_a_guide_in_their_language(personas, client_for, language):
    from django.urls import reverse
    from django.utils.html import escape

    client = client_for(personas.guardian)
    client.cookies["django_language"] = language
    page = client.get(reverse("care:guide", args=["being-bullied"]))
    assert page.status_code == 200
    html = page.content.decode()
    raw = content.load()["guides"][1]
    assert str(escape(raw["summary"][language])) in html
    for text in raw["parent"]["escalate"]:
        assert str(escape(text[language])) in html
    assert str(escape(raw["summary"]["nl"])) not in html
