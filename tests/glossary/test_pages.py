"""GET /words/ and the explain_terms filter."""

from __future__ import annotations

from django.template import Context, Template
from django.test import Client
from django.utils import translation


def test_the_glossary_page_lists_every_term_with_an_anchor(db):
    response = Client().get("/words/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="toetsweek"' in html and 'href="#toetsweek"' in html


def test_the_glossary_page_speaks_the_readers_language(db):
    client = Client()
    client.cookies["django_language"] = "ar"
    html = client.get("/words/").content.decode()
    assert 'dir="rtl"' in html
    assert "أسبوع يقدّم فيه التلاميذ اختبارات كثيرة" in html


def render(text: str) -> str:
    return Template("{% load glossary %}{{ text|explain_terms }}").render(Context({"text": text}))


def test_the_filter_wraps_a_term_in_an_accessible_disclosure():
    with translation.override("pl"):
        html = render("De mentor belt.")
    assert '<button type="button" class="term-button" aria-expanded="false"' in html
    assert 'role="note" hidden>' in html
    assert "Mentor to nauczyciel" in html
    assert 'href="/words/#mentor"' in html


def test_the_filter_escapes_the_text():
    html = render("<script>x</script> mentor")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_guardian_page_explains_the_mentor(personas, client_for):
    html = client_for(personas.guardian).get("/my/children/").content.decode()
    assert 'class="term-button"' in html and 'data-term="mentor"' in html
