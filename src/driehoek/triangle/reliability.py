"""Cronbach's α: how consistently the items of one scale measure the same thing.

    α = k / (k − 1) · (1 − Σ var(item_i) / var(total))

with k items, var the sample variance (n − 1) over respondents, and total the sum of a
respondent's k item scores (reverse-keyed items already turned round). Only respondents
who answered every item of the scale count. No Django here.

Reading it: from 0.7 a scale is usually called acceptable for group use, from 0.8 good;
below 0.6 the items disagree too much to add them up with confidence. With two or three
items per scale (as in a short check) α is lower than for a long scale of the same
quality, so a school should read it as a warning light, not a grade.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import variance

ACCEPTABLE_FROM = 0.7
WEAK_BELOW = 0.6


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """α for `rows` (one per respondent, one column per item). None when it cannot be
    computed: fewer than two items or respondents, or no variance in the totals."""
    complete = [list(row) for row in rows]
    if len(complete) < 2:
        return None
    k = len(complete[0])
    if k < 2 or any(len(row) != k for row in complete):
        return None
    item_variances = [variance([row[i] for row in complete]) for i in range(k)]
    total_variance = variance([sum(row) for row in complete])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - sum(item_variances) / total_variance)


def verdict(alpha: float | None) -> str:
    if alpha is None:
        return "unknown"
    if alpha >= ACCEPTABLE_FROM:
        return "acceptable"
    if alpha >= WEAK_BELOW:
        return "doubtful"
    return "weak"
