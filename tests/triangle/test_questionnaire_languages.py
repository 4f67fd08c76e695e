"""The questionnaires speak the reader's language: families in all six, staff nl/en."""

from __future__ import annotations

import copy

import pytest

from driehoek.front.languages import FAMILY_LANGUAGES, STAFF_LANGUAGES
from driehoek.triangle import questionnaire as q

FAMILY_KINDS = [q.Kind.GUARDIAN, q.Kind.STUDENT_PRIMARY, q.Kind.STUDENT_SECONDARY]


def test_every_family_text_is_in_all_six_languages_and_the_mentor_text_in_nl_en():
    assert q.problems(q.raw(q.CURRENT_VERSION)) == []


def test_the_mentor_questionnaire_is_staff_only_and_the_rest_family_facing():
    assert q.LANGUAGES_OF_KIND[q.Kind.MENTOR] == STAFF_LANGUAGES
    for kind in FAMILY_KINDS:
        assert q.LANGUAGES_OF_KIND[kind] == FAMILY_LANGUAGES


@pytest.mark.parametrize(
    ("where", "code"),
    [
        (("scale", 2), "ar"),
        (("questionnaires", "guardian", "items", 0), "tr"),
        (("questionnaires", "student_primary"), "uk"),
        (("questionnaires", "student_secondary", "items", 7), "pl"),
        (("questionnaires", "mentor", "items", 1), "en"),
    ],
)
def test_a_missing_language_is_caught(where, code):
    data = copy.deepcopy(q.raw(q.CURRENT_VERSION))
    entry = data
    for step in where:
        entry = entry[step]
    del entry[code]
    found = q.problems(data)
    assert len(found) == 1
    assert found[0].endswith(f"no {code} text")


def test_an_empty_translation_counts_as_missing():
    data = copy.deepcopy(q.raw(q.CURRENT_VERSION))
    data["questionnaires"]["guardian"]["items"][3]["pl"] = "  "
    assert q.problems(data) == ["guardian.items[3] (g_hc_interest): no pl text"]


def test_the_mentor_questionnaire_needs_no_family_languages():
    data = copy.deepcopy(q.raw(q.CURRENT_VERSION))
    assert "tr" not in data["questionnaires"]["mentor"]
    assert q.problems(data) == []


@pytest.mark.parametrize("kind", FAMILY_KINDS)
@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_a_family_questionnaire_is_shown_in_the_chosen_language(kind, language):
    form = q.questionnaire(kind)
    raw = q.raw(q.CURRENT_VERSION)["questionnaires"][str(kind)]
    assert form.title(language) == raw[language]
    for item, entry in zip(form.items, raw["items"], strict=True):
        assert item.text(language) == entry[language]
    # Each language has its own wording (no copied English left behind).
    if language != "en":
        assert all(item.text(language) != item.en for item in form.items)


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_the_scale_is_in_every_language(language):
    form = q.questionnaire(q.Kind.GUARDIAN)
    labels = [point.text(language) for point in form.scale]
    assert len(set(labels)) == 5
    assert labels == [p[language] for p in q.raw(q.CURRENT_VERSION)["scale"]]


def test_regional_codes_count_as_their_language():
    item = q.questionnaire(q.Kind.GUARDIAN).item("g_hs_trust")
    assert item.text("nl-be") == item.nl
    assert item.text("en-GB") == item.en
    assert item.text("tr") == q.raw()["questionnaires"]["guardian"]["items"][0]["tr"]


@pytest.mark.parametrize("language", ["tr", "ar", "pl", "uk", "de", "", "zh-hans"])
def test_the_mentor_questionnaire_falls_back_to_dutch(language):
    # Same rule as the involvement content and Django's staff-only strings: Dutch.
    form = q.questionnaire(q.Kind.MENTOR)
    assert form.title(language) == form.nl
    assert [item.text(language) for item in form.items] == [item.nl for item in form.items]
    assert form.item("m_hs_trust").text("en") == "The parents and I trust each other."


def test_a_language_nobody_translated_falls_back_to_dutch():
    form = q.questionnaire(q.Kind.GUARDIAN)
    assert [item.text("de") for item in form.items] == [item.nl for item in form.items]


def test_the_published_dutch_and_english_wording_is_unchanged():
    # Answers are stored against this version: translations may be added, never the
    # instrument changed. Spot checks of the wording as published.
    form = q.questionnaire(q.Kind.GUARDIAN)
    assert form.item("g_hs_trust").nl == (
        "Ik vertrouw erop dat de school doet wat goed is voor mijn kind."
    )
    assert form.item("g_sc_conflict").en == "My child often clashes with the teachers."
    assert [p.nl for p in form.scale][0] == "Helemaal niet waar"
    secondary = q.questionnaire(q.Kind.STUDENT_SECONDARY)
    assert secondary.item("s_hc_warmth").nl == (
        "Ik kan het aan mijn ouders vertellen als iets me dwarszit."
    )


# --- Through the pages: the fill-in page follows the reader's language ---------------------


def _respond_page(client, round, student):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    url = reverse("triangle:respond", kwargs={"round_id": round.pk, "student_id": student.pk})
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["tr", "ar", "pl", "uk"])
def test_a_guardian_fills_in_the_questionnaire_in_their_language(
    personas, open_round, client_for, language
):
    client = client_for(personas.guardian)
    client.cookies["django_language"] = language
    page = _respond_page(client, open_round, personas.student)
    assert page.status_code == 200
    html = page.content.decode()
    form = q.questionnaire(q.Kind.GUARDIAN, open_round.questionnaire_version)
    for item in form.items:
        assert _escaped(item.text(language)) in html
    assert _escaped(form.scale[0].text(language)) in html
    assert _escaped(form.item("g_hs_trust").nl) not in html


@pytest.mark.django_db
def test_the_student_reads_the_student_questions_in_arabic(personas, open_round, client_for):
    client = client_for(personas.student_user)
    client.cookies["django_language"] = "ar"
    html = _respond_page(client, open_round, personas.student).content.decode()
    assert "أتفاهم جيدًا مع مرشدي (mentor)." in html


def _escaped(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))
