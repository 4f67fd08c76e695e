"""The content files: complete in every language, and the check really catches gaps."""

from __future__ import annotations

import copy

import pytest

from driehoek.involvement import content
from driehoek.involvement.scoring import ASPECTS


def test_every_content_entry_has_every_field_in_every_language():
    assert content.all_problems() == []


@pytest.mark.parametrize("slug", [c["slug"] for c in content.concerns()])
@pytest.mark.parametrize("language", content.FILE_LANGUAGES["helper"])
def test_every_helper_concern_resolves_to_a_complete_answer(slug, language):
    entry = content.localise(content.concern(slug), language)
    assert entry["title"].strip()
    for hierarchy in content.HIERARCHIES:
        assert entry["leads"][hierarchy] in content.LEADERS
        assert entry["why"][hierarchy].strip()
    assert entry["at_home"] and all(tip.strip() for tip in entry["at_home"])
    assert entry["contact_first"].strip()
    assert entry["care_coordinator"].strip()


def test_the_helper_covers_the_concerns_the_issue_names():
    slugs = {c["slug"] for c in content.concerns()}
    assert {
        "learning_problem",
        "behaviour",
        "home_situation",
        "health",
        "bullying",
        "school_track",
        "exam_training",
        "homework",
    } <= slugs


def test_the_emotional_hierarchy_always_puts_parents_first():
    assert {c["leads"]["emotional"] for c in content.concerns()} == {"parents"}


def test_the_guide_answers_the_parents_questions():
    slugs = {q["slug"] for q in content.guide_questions()}
    assert {
        "school-expects",
        "where-we-stand",
        "what-helps",
        "good-grades-parent-evening",
        "contact-mentor",
        "homework-help",
        "exam-training",
        "bullying",
    } <= slugs
    for question in content.guide_questions():
        assert set(question["aspects"]) <= set(ASPECTS) and question["aspects"]
        assert set(question["hierarchies"]) <= set(content.HIERARCHIES)


def test_a_missing_translation_is_caught(monkeypatch):
    broken = copy.deepcopy(content.load("helper"))
    del broken["concerns"][0]["contact_first"]["en"]
    monkeypatch.setattr(content, "concerns", lambda: broken["concerns"])
    assert content.all_problems() == ["helper learning_problem.contact_first: no en text"]


def test_a_missing_field_is_caught():
    entry = copy.deepcopy(content.concern("bullying"))
    del entry["care_coordinator"]
    entry["leads"]["expertise"] = "the neighbours"
    assert content.concern_problems(entry) == [
        "helper bullying: no care_coordinator",
        "helper bullying: leads.expertise must be one of "
        "('parents', 'school', 'together', 'experts')",
    ]


def test_an_empty_text_or_a_missing_item_language_is_caught(monkeypatch):
    broken = copy.deepcopy(content.load("scan"))
    broken["items"][0]["text"]["nl"] = "  "
    monkeypatch.setattr(content, "scan_data", lambda: broken)
    assert content.all_problems() == ["item enc_believe.text: no nl text"]


def test_a_text_falls_back_to_dutch_for_an_unknown_language():
    text = {"nl": "Hallo", "en": "Hello"}
    assert content.pick(text, "en") == "Hello"
    assert content.pick(text, "nl-be") == "Hallo"
    assert content.pick(text, "fr") == "Hallo"


def test_the_content_languages_are_the_languages_driehoek_speaks():
    from driehoek.front import languages

    assert content.FAMILY_LANGUAGES == languages.FAMILY_LANGUAGES
    assert content.STAFF_LANGUAGES == languages.STAFF_LANGUAGES
    assert content.LANGUAGES == languages.FAMILY_LANGUAGES
    assert set(content.FILE_LANGUAGES) == {"scan", "interpretation", "guide", "helper"}


def test_the_scan_and_its_interpretation_are_in_every_family_language():
    # The guardian fills in the scan and reads its result: both are parent-facing.
    assert content.FILE_LANGUAGES["scan"] == content.FAMILY_LANGUAGES
    assert content.FILE_LANGUAGES["interpretation"] == content.FAMILY_LANGUAGES


def test_the_guide_and_helper_are_in_every_family_language():
    # Guardians open the parents' guide and the helper (access.can_use_parents_guide,
    # links on the guardian's involvement pages), so they are parent-facing as well.
    assert content.FILE_LANGUAGES["guide"] == content.FAMILY_LANGUAGES
    assert content.FILE_LANGUAGES["helper"] == content.FAMILY_LANGUAGES


@pytest.mark.parametrize("language", ["tr", "ar", "pl", "uk"])
def test_a_missing_family_language_in_a_parent_facing_file_is_caught(monkeypatch, language):
    broken = copy.deepcopy(content.load("scan"))
    del broken["items"][1]["text"][language]
    monkeypatch.setattr(content, "scan_data", lambda: broken)
    assert content.all_problems() == [f"item enc_effort.text: no {language} text"]


@pytest.mark.parametrize("language", ["tr", "ar", "pl", "uk", "en"])
def test_pick_returns_the_requested_language_when_present(language):
    item = content.scan_data()["items"][0]["text"]
    assert content.pick(item, language) == item[language] != item["nl"]
    assert content.localise({"text": item}, language) == {"text": item[language]}


def test_pick_handles_region_codes_and_missing_languages():
    text = {"nl": "Hallo", "en": "Hello", "tr": "Merhaba", "uk": ""}
    assert content.pick(text, "tr-TR") == "Merhaba"
    assert content.pick(text, "uk") == "Hallo"  # empty counts as missing
    assert content.pick(text, "") == "Hallo"
