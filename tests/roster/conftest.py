from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    """The page tests check Dutch text, which needs the compiled catalogues (.mo files are
    build output). Compile what is stale, then let Django reload its translations."""
    from django.utils.translation import trans_real

    call_command("compile_catalogues", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None
