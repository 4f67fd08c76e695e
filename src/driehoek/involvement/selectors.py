"""Reads for the involvement pages and API: scores, interpretation and history of scans.
No permission logic here: callers pass scans and students they obtained through
`driehoek.accounts.access`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from driehoek.involvement import age_model, content, interpretation, scoring
from driehoek.involvement.models import Scan

if TYPE_CHECKING:
    from driehoek.accounts.models import User
    from driehoek.roster.models import Student


@cache
def current_questionnaire() -> scoring.Questionnaire:
    return scoring.questionnaire_from_data(content.scan_data())


def age_at_scan(scan: Scan) -> float | None:
    """The child's age on the scan's date; None when the school has no date of birth."""
    born = scan.student.date_of_birth
    if born is None:
        return None
    return age_model.age_in_years(
        (born.year, born.month, born.day), (scan.date.year, scan.date.month, scan.date.day)
    )


@dataclass(frozen=True)
class ScanResult:
    scan: Scan
    means: dict[str, float | None]
    levels: dict[str, float | None]
    answered: int
    total: int
    age: float | None
    interpretation: interpretation.Interpretation

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def result_of(scan: Scan) -> ScanResult:
    questionnaire = current_questionnaire()
    levels = scoring.aspect_levels(questionnaire, scan.answers)
    answered, total = scoring.progress(questionnaire, scan.answers)
    age = age_at_scan(scan)
    return ScanResult(
        scan=scan,
        means=scoring.aspect_means(questionnaire, scan.answers),
        levels=levels,
        answered=answered,
        total=total,
        age=age,
        interpretation=interpretation.interpret(
            levels, age=age, school_kind=scan.student.school.kind
        ),
    )


def history_of(*, guardian: User, student: Student) -> list[Scan]:
    """This guardian's scans of this child, oldest first."""
    return list(
        Scan.objects.filter(guardian=guardian, student=student)
        .select_related("student__school")
        .order_by("date")
    )


def aspects(language: str) -> list[dict[str, Any]]:
    """The four aspects with their texts in one language, in scoring order."""
    by_key = {a["key"]: a for a in content.scan_data()["aspects"]}
    return [content.localise(by_key[key], language) for key in scoring.ASPECTS]
