"""Involvement scans in the JSON API: your own scans, and for a mentor the scans parents
shared. Every read goes through driehoek.accounts.access; anything else answers 404."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from driehoek.accounts import access
from driehoek.api.pagination import Pages
from driehoek.api.schemas import ErrorOut
from driehoek.audit.models import AuditAction
from driehoek.audit.services import note_student_read
from driehoek.involvement.models import Scan
from driehoek.involvement.selectors import result_of

router = Router(tags=["involvement"])


class ScanOut(Schema):
    id: int
    student_id: int
    date: datetime.date
    version: str
    shared_with_mentor: bool
    mine: bool


class AspectOut(Schema):
    aspect: str
    mean: float | None  # 1–5
    level: float | None  # 0–1


class FindingOut(Schema):
    key: str
    kind: str
    aspect: str


class ScanDetailOut(ScanOut):
    answered: int
    total: int
    age: float | None  # None when the school has no date of birth for the child
    expected_child_share: float | None
    aspects: list[AspectOut]
    findings: list[FindingOut]


def _summary(scan: Scan, request: HttpRequest) -> ScanOut:
    return ScanOut(
        id=scan.pk,
        student_id=scan.student_id,
        date=scan.date,
        version=scan.version,
        shared_with_mentor=scan.shared_with_mentor,
        mine=scan.guardian_id == request.user.pk,
    )


@router.get("/scans", response=list[ScanOut], url_name="involvement_scan_list")
@paginate(Pages)
def list_scans(request: HttpRequest) -> list[ScanOut]:
    """Your own scans and, as a mentor, the scans parents shared with you; newest first."""
    scans: QuerySet[Scan] = access.involvement_scans_visible_to(request.user).order_by(
        "-date", "-pk"
    )
    return [_summary(scan, request) for scan in scans]


@router.get(
    "/scans/{scan_id}",
    response={200: ScanDetailOut, 404: ErrorOut},
    url_name="involvement_scan_detail",
)
def get_scan(request: HttpRequest, scan_id: int) -> ScanDetailOut:
    """One scan with its aspect scores and the age-aware findings (keys; the texts are
    in the app's content files). The answers themselves are not exposed."""
    scan = access.get_involvement_scan_for_user(request.user, scan_id)
    if scan.guardian_id != request.user.pk:
        note_student_read(
            user=request.user,  # type: ignore[arg-type]
            student=scan.student,
            action=AuditAction.VIEW_STUDENT_API,
            detail="involvement scan (shared)",
        )
    outcome = result_of(scan)
    return ScanDetailOut(
        **_summary(scan, request).model_dump(),
        answered=outcome.answered,
        total=outcome.total,
        age=None if outcome.age is None else round(outcome.age, 2),
        expected_child_share=outcome.interpretation.child_share,
        aspects=[
            AspectOut(aspect=aspect, mean=outcome.means[aspect], level=outcome.levels[aspect])
            for aspect in outcome.levels
        ],
        findings=[
            FindingOut(key=f.key, kind=f.kind, aspect=f.aspect)
            for f in outcome.interpretation.findings
        ],
    )
