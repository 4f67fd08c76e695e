"""A seam for machine translation of free text (messages, profile sections). Off.

No translation model can run on Driehoek's machines, and sending a parent's message to an
outside service needs a legal basis and a data processing agreement first
(docs/translation.md). So there is one interface and a no-op implementation; a service is
plugged in by naming a class in the setting ``MACHINE_TRANSLATOR`` (dotted path), and
nothing calls out until someone does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Translation:
    """A machine translation. `machine` stays True so pages can label it as such."""

    text: str
    source_language: str
    target_language: str
    provider: str
    machine: bool = True


@runtime_checkable
class Translator(Protocol):
    """What a translation service must offer. Implementations must not log or keep the
    text, and must raise no exception for a language they cannot handle (return None)."""

    name: str

    def is_enabled(self) -> bool: ...

    def translate(
        self, *, text: str, target_language: str, source_language: str | None = None
    ) -> Translation | None: ...


class NoTranslator:
    """The default: translation is off, nothing leaves the server."""

    name = "none"

    def is_enabled(self) -> bool:
        return False

    def translate(
        self, *, text: str, target_language: str, source_language: str | None = None
    ) -> Translation | None:
        return None


@cache
def _configured(path: str) -> Translator:
    translator = import_string(path)() if path else NoTranslator()
    if not isinstance(translator, Translator):
        raise TypeError(f"{path} does not implement messaging.translation.Translator")
    return translator


def get_translator() -> Translator:
    """The configured translator (settings.MACHINE_TRANSLATOR), or the no-op one."""
    return _configured(getattr(settings, "MACHINE_TRANSLATOR", "") or "")


def translation_available() -> bool:
    """Whether pages may offer a "translate" button at all."""
    return get_translator().is_enabled()
