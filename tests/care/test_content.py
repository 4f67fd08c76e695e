"""The guides are data: every guide complete, in every language."""

from __future__ import annotations

import copy

import pytest

from driehoek.care import content


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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_guide_says_who_leads_under_the_three_hierarchies(language):
    for guide in content.guides(language):
        assert set(guide["leads"]) == set(content.HIERARCHIES)
