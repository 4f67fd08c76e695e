"""What a scan's scores mean for a child of this age. Plain Python: no Django.

The rules (each is a finding with a key; its title, explanation and suggestions are in
content/interpretation.yaml, in every language):

* Hands-on help is compared with the parents' expected share of the responsibility
  for schoolwork at this age (`age_model.parent_share`). The gap is
  `direct level − expected parent share`, both on 0–1.
  - `over_support`: the child is old enough to own the task (expected child share at
    least OWN_TASK_SHARE) and the gap is above OVER_SUPPORT_GAP: the parent does much
    of what the child could do.
  - `room_for_help`: a young child (child share below OWN_TASK_SHARE) and the gap is
    below −ROOM_FOR_HELP_GAP: a child this age usually still needs a parent nearby.
  - `direct_fits` otherwise.
* Involvement should stay at every age (DOMAIN.md, concept 3), so low encouragement,
  low interest or weak conditions are flagged at any age: `low_encouragement`,
  `low_interest`, `low_conditions` when the aspect's level is below LOW_LEVEL (a mean
  under 3, "regularly", on the 1–5 scale).
* Aspects at or above STRONG_LEVEL are named as strengths (`strength_<aspect>`).

Findings come in a stable order: points of attention first, then the hands-on verdict,
then strengths, so the page opens with what matters most.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from driehoek.involvement import age_model

OWN_TASK_SHARE = 0.35
OVER_SUPPORT_GAP = 0.25
ROOM_FOR_HELP_GAP = 0.35
LOW_LEVEL = 0.5
STRONG_LEVEL = 0.75

ATTENTION = "attention"
FITS = "fits"
STRENGTH = "strength"

_LOW = (
    ("encouragement", "low_encouragement"),
    ("development", "low_interest"),
    ("conditions", "low_conditions"),
)


@dataclass(frozen=True)
class Finding:
    key: str
    kind: str  # ATTENTION, FITS or STRENGTH
    aspect: str


@dataclass(frozen=True)
class Interpretation:
    age: float | None  # None when the child's date of birth is not known
    child_share: float | None
    parent_share: float | None
    direct_gap: float | None
    findings: tuple[Finding, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(finding.key for finding in self.findings)

    @property
    def attention(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.kind == ATTENTION)


def interpret(
    levels: Mapping[str, float | None], *, age: float | None, school_kind: str | None = None
) -> Interpretation:
    """The findings for these aspect levels (0–1, None when unanswered) at this age.

    With an unknown age (no date of birth on record) the age-aware part (shares and the
    verdict on hands-on help) is left out; the findings that hold at any age remain.
    """
    child = None if age is None else age_model.child_share(age, school_kind)
    parent = None if child is None else 1.0 - child
    attention: list[Finding] = []
    for aspect, key in _LOW:
        value = levels.get(aspect)
        if value is not None and value < LOW_LEVEL:
            attention.append(Finding(key, ATTENTION, aspect))

    direct = levels.get("direct")
    gap = None if direct is None or parent is None else round(direct - parent, 4)
    verdict: list[Finding] = []
    if gap is not None and child is not None:
        if child >= OWN_TASK_SHARE and gap > OVER_SUPPORT_GAP:
            attention.insert(0, Finding("over_support", ATTENTION, "direct"))
        elif child < OWN_TASK_SHARE and gap < -ROOM_FOR_HELP_GAP:
            attention.append(Finding("room_for_help", ATTENTION, "direct"))
        else:
            verdict.append(Finding("direct_fits", FITS, "direct"))

    strengths = [
        Finding(f"strength_{aspect}", STRENGTH, aspect)
        for aspect in ("encouragement", "conditions", "development")
        if (value := levels.get(aspect)) is not None and value >= STRONG_LEVEL
    ]
    return Interpretation(
        age=age,
        child_share=None if child is None else round(child, 4),
        parent_share=None if parent is None else round(parent, 4),
        direct_gap=gap,
        findings=tuple(attention + verdict + strengths),
    )
