from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.translation.reloader import translation_file_changed


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    """The page tests check Dutch text, which needs the compiled catalogues (.mo files are
    build output). Compile what is stale, then let Django reload its translations."""
    call_command("compile_catalogues", verbosity=0)
    translation_file_changed(sender=None, file_path=Path("django.mo"))
