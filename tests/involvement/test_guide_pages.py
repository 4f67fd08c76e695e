"""The parents' guide and the "who leads?" helper, in Dutch and English, for parents and
mentors."""

from __future__ import annotations

import html as html_lib

import pytest
from django.urls import reverse

from driehoek.involvement import content


def page(client, url: str, language: str = "nl", **headers) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url, headers={"accept-language": language, **headers})
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


@pytest.mark.parametrize("language", content.LANGUAGES)
def test_every_helper_concern_shows_a_complete_answer(personas, client_for, language):
    client = client_for(personas.guardian)
    for raw in content.concerns():
        entry = content.localise(raw, language)
        text = page(client, f"{reverse('involvement:helper')}?concern={raw['slug']}", language)
        assert entry["title"] in text
        for hierarchy in content.HIERARCHIES:
            assert entry["why"][hierarchy] in text
        assert all(tip in text for tip in entry["at_home"])
        assert entry["contact_first"] in text and entry["care_coordinator"] in text


def test_the_helper_names_who_leads_under_each_hierarchy(personas, client_for):
    url = f"{reverse('involvement:helper')}?concern=bullying"
    text = page(client_for(personas.guardian), url)
    assert "Emotionele band" in text and "U, de ouders" in text
    assert "Verantwoordelijkheid" in text and "De school" in text
    assert "Wat u thuis kunt doen" in text


def test_a_mentor_reads_what_the_parents_can_do(personas, client_for):
    url = f"{reverse('involvement:helper')}?concern=bullying"
    text = page(client_for(personas.mentor), url, "en")
    assert "What the parents can do at home" in text


def test_htmx_gets_only_the_answer(personas, client_for):
    url = f"{reverse('involvement:helper')}?concern=health"
    text = page(client_for(personas.guardian), url, "en", **{"HX-Request": "true"})
    assert "<html" not in text and "Health (a condition" in text


def test_an_unknown_concern_shows_the_list(personas, client_for):
    text = page(client_for(personas.guardian), f"{reverse('involvement:helper')}?concern=nope")
    assert "Pesten" in text and "Wanneer de zorgcoördinator erbij komt" not in text


@pytest.mark.parametrize("language", content.LANGUAGES)
def test_every_guide_question_has_a_page(personas, client_for, language):
    client = client_for(personas.guardian)
    index = page(client, reverse("involvement:guide"), language)
    for raw in content.guide_questions():
        entry = content.localise(raw, language)
        assert entry["question"] in index
        url = reverse("involvement:guide_question", kwargs={"slug": raw["slug"]})
        text = page(client, url, language)
        assert all(paragraph in text for paragraph in entry["answer"])


def test_a_guide_answer_names_its_aspects_hierarchies_and_helper_links(personas, client_for):
    url = reverse("involvement:guide_question", kwargs={"slug": "bullying"})
    text = page(client_for(personas.mentor), url)
    assert "Belangstelling en opvoeding" in text and "Voorwaarden" in text
    assert "de emotionele band (ouders op de eerste plaats)" in text
    assert f"{reverse('involvement:helper')}?concern=bullying" in text


def test_an_unknown_guide_question_is_not_found(personas, client_for):
    url = reverse("involvement:guide_question", kwargs={"slug": "no-such-question"})
    assert client_for(personas.guardian).get(url).status_code == 404
