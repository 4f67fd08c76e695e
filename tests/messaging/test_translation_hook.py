"""The machine-translation seam: off by default, pluggable through one setting."""

from __future__ import annotations

from driehoek.messaging import translation


class Upper:
    name = "upper"

    def is_enabled(self) -> bool:
        return True

    def translate(self, *, text, target_language, source_language=None):  # type: ignore[no-untyped-def]
        return translation.Translation(
            text.upper(), source_language or "nl", target_language, self.name
        )


def test_translation_is_off_by_default(settings):
    settings.MACHINE_TRANSLATOR = ""
    translation._configured.cache_clear()
    assert translation.translation_available() is False
    assert translation.get_translator().translate(text="Hallo", target_language="tr") is None


def test_a_service_is_plugged_in_by_its_dotted_path(settings):
    settings.MACHINE_TRANSLATOR = "tests.messaging.test_translation_hook.Upper"
    translation._configured.cache_clear()
    try:
        result = translation.get_translator().translate(text="hallo", target_language="en")
        assert translation.translation_available()
        assert result is not None and result.text == "HALLO" and result.machine
    finally:
        translation._configured.cache_clear()
