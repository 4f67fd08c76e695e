from __future__ import annotations

import datetime
import math

from django import template

register = template.Library()


@register.filter
def minutes(value: datetime.timedelta | None) -> int:
    """A waiting time in whole minutes, rounded up (a 30-second wait reads as 1 minute)."""
    if not value:
        return 0
    return max(1, math.ceil(value.total_seconds() / 60))


@register.filter
def grouped(value: str, size: int = 4) -> str:
    """A long code in groups ("ABCD EFGH …") so it can be typed over without mistakes."""
    return " ".join(value[i : i + size] for i in range(0, len(value), size))
