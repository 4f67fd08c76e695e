"""The glossary page: every school word with its explanation in the reader's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from driehoek.glossary.terms import load_terms


def index(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "nl").split("-")[0]
    terms = sorted(load_terms(), key=lambda term: term.term.casefold())
    entries = [
        {
            "key": term.key,
            "term": term.term,
            "explanation": term.explanation(language),
            "dutch": term.explanation("nl") if language != "nl" else "",
        }
        for term in terms
    ]
    return render(request, "glossary/index.html", {"entries": entries})
