"""The language a person reads: for pages, e-mails and letters sent to them.

E-mails and letters are written in the *recipient's* language, whatever language the
sender (or the request that triggered them) uses: wrap their rendering in
``with in_language_of(recipient):``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def language_of(user: object) -> str:
    """The user's chosen language, or the site's when it is unset or no longer offered."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user: object) -> Iterator[str]:
    language = language_of(user)
    with translation.override(language):
        yield language
