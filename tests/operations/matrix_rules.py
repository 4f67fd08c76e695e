"""Health and readiness in the authorisation matrix: public, no object, no personal data."""

from __future__ import annotations

from typing import Any


def rules(matrix: Any) -> dict[str, Any]:
    public = matrix.Rule(anonymous=matrix.OK, default=matrix.OK)
    return {"operations:healthz": public, "operations:readyz": public}
