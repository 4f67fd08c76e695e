"""The glossary page in the authorisation matrix: public, like a school's leaflet."""

from __future__ import annotations

from typing import Any


def rules(matrix: Any) -> dict[str, Any]:
    return {"glossary:index": matrix.Rule(anonymous=matrix.OK, default=matrix.OK)}
