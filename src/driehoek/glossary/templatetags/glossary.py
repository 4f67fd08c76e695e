"""`{{ text|explain_terms }}`: known school words become a tap-to-open explanation.

The text is escaped first; only our own markup is added. Without JavaScript the
explanation shows in brackets after the word; with it (glossary.js) a button opens and
closes it, with aria-expanded for screen readers.
"""

from __future__ import annotations

from itertools import count

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from driehoek.glossary.terms import split_terms

register = template.Library()
_ids = count(1)


@register.filter
def explain_terms(text: object) -> SafeString:
    language = (get_language() or "nl").split("-")[0]
    parts = []
    for piece in split_terms(str(text)):
        if piece.term is None:
            parts.append(conditional_escape(piece.text))
            continue
        tip_id = f"term-tip-{next(_ids)}"
        parts.append(
            format_html(
                '<span class="term"><button type="button" class="term-button" '
                'aria-expanded="false" aria-controls="{tip}" data-term="{key}">{word}</button>'
                '<span class="term-tip" id="{tip}" role="note" hidden>'
                '<span class="term-bracket">(</span>{explanation} '
                '<a href="{url}#{key}">{more}</a><span class="term-bracket">)</span></span></span>',
                tip=tip_id,
                key=piece.term.key,
                word=piece.text,
                explanation=piece.term.explanation(language),
                url=reverse("glossary:index"),
                more=_("All school words"),
            )
        )
    # Every part is escaped above or built by format_html.
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308
