"""The school-word glossary: content complete in six languages, found in texts."""

from __future__ import annotations

import pytest

from driehoek.glossary.terms import (
    LANGUAGES,
    GlossaryError,
    Term,
    load_terms,
    parse_terms,
    split_terms,
)

REQUIRED = [
    "toetsweek",
    "herkansing",
    "PTA",
    "profielkeuze",
    "LOB",
    "mentoruur",
    "rapportvergadering",
    "leerlingvolgsysteem",
    "zorgcoördinator",
    "startgesprek",
    "groep 1–8",
    "leerjaar",
    "vmbo",
    "havo",
    "vwo",
    "driehoeksgesprek",
    "oudergesprek",
    "mentor",
]


def test_the_glossary_explains_the_required_school_words():
    terms = {term.term for term in load_terms()}
    assert sorted(set(REQUIRED) - terms) == []


@pytest.mark.parametrize("term", load_terms(), ids=lambda term: term.key)
def test_every_term_is_explained_in_all_six_languages(term: Term):
    for language in LANGUAGES:
        text = term.explain[language]
        assert text.strip(), f"{term.key}: {language} missing"
        assert len(text) < 300, f"{term.key}: {language} is longer than two short sentences"
    # Six different texts: a copied Dutch text is not a translation.
    assert len(set(term.explain.values())) == len(LANGUAGES)


def test_a_missing_language_is_refused():
    raw = [{"key": "x", "term": "x", "explain": {lang: "t" for lang in LANGUAGES if lang != "ar"}}]
    with pytest.raises(GlossaryError, match="ar"):
        parse_terms(raw)


def test_duplicate_keys_are_refused():
    item = {"key": "x", "term": "x", "explain": dict.fromkeys(LANGUAGES, "t")}
    with pytest.raises(GlossaryError):
        parse_terms([item, item])


def marked(text: str) -> list[str]:
    return [piece.term.key for piece in split_terms(text) if piece.term]


def test_terms_are_found_whole_word_and_case_insensitive():
    assert marked("De Mentor plant de toetsweek.") == ["mentor", "toetsweek"]
    assert marked("mentoraat en toetsweken-rooster") == []


def test_the_longest_spelling_wins():
    assert marked("na de rapportvergadering komt het rapport") == ["rapportvergadering", "rapport"]


def test_a_term_is_marked_once_per_text():
    assert marked("mentor, mentor, mentor") == ["mentor"]


def test_the_pieces_give_back_the_text():
    text = "In groep 7 kiest niemand een profielkeuze, maar in leerjaar 3 wel."
    assert "".join(piece.text for piece in split_terms(text)) == text
    assert marked(text) == ["groep", "profielkeuze", "leerjaar"]
