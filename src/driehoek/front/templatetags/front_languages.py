"""The language picker's list: each language named in itself."""

from __future__ import annotations

from django import template
from django.conf import settings

from driehoek.front.languages import native_name

register = template.Library()


@register.simple_tag
def site_languages() -> list[tuple[str, str]]:
    return [(code, native_name(code)) for code, _name in settings.LANGUAGES]
