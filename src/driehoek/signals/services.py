"""One door for change to school data and signals.

`import_school_data` writes one export (grades, lesson attendance or homework) the way
the roster import does: every row is checked first and one bad row rejects the whole
file (unless `skip_invalid`), a dry run does the same comparison and writes nothing, and
rows are matched on their natural key so importing the same file twice changes nothing.

`run_detection` runs the pure detectors (driehoek.signals.detection) over the data of
some students and stores what they find as Signals, deduplicated on the detector's key:
an open or snoozed signal is refreshed, a dismissed one (or one that became a
conversation) is left alone and never comes back for the same key.

The mentor's decisions (`dismiss_signal`, `snooze_signal`, `signal_to_conversation`) are
the only writes on a signal after that. Nothing here contacts a family.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from driehoek.roster.models import School, Student
from driehoek.roster_import import uploads
from driehoek.signals.models import (
    AttendanceCode,
    AttendanceRecord,
    DataImportJob,
    DataKind,
    GradeRecord,
    HomeworkRecord,
    JobStatus,
    SchoolSignalSettings,
    Signal,
    SignalStatus,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from driehoek.accounts.models import User
    from driehoek.conversations.models import Conversation

log = logging.getLogger(__name__)

BATCH = 5000
#: Students whose data is loaded and run through the detectors at once.
DETECTION_CHUNK = 500

STATUS_CODES = {
    "present": AttendanceCode.PRESENT,
    "absent_authorised": AttendanceCode.ABSENT_AUTHORISED,
    "absent_unauthorised": AttendanceCode.ABSENT_UNAUTHORISED,
    "late": AttendanceCode.LATE,
}
CODE_STATUS = {code: status for status, code in STATUS_CODES.items()}


# --- Settings -------------------------------------------------------------------------------


def settings_of(*, school: School) -> SchoolSignalSettings:
    found, _created = SchoolSignalSettings.objects.get_or_create(school=school)
    return found


def set_share_with_guardians(*, school: School, share: bool) -> SchoolSignalSettings:
    found = settings_of(school=school)
    found.share_with_guardians = share
    found.save(update_fields=["share_with_guardians"])
    return found


# --- Import ---------------------------------------------------------------------------------


@dataclass
class DataImportReport:
    kind: str
    dry_run: bool
    skip_invalid: bool
    outcome: str = "applied"  # or "rejected": nothing written
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    # Students whose data changed (new or different rows): detection runs for them.
    changed_students: set[int] = field(default_factory=set)

    @property
    def rejected(self) -> bool:
        return self.outcome == "rejected"

    def problem(
        self, line: int | None, column: str, code: str, message: str, **params: Any
    ) -> None:
        self.problems.append(
            {"line": line, "column": column, "code": code, "message": message, "params": params}
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "outcome": self.outcome,
            "rows_read": self.rows_read,
            "counts": {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "skipped": self.skipped,
            },
            "errors": len(self.problems),
            "problems": self.problems,
            "students": len(self.changed_students),
        }


def read_source(kind: str, source: Path | str | bytes) -> tuple[list[Any], list[Any]]:
    """The rows and row errors of one export, read by the detection package's readers."""
    from driehoek.signals.detection import readers

    reader = {
        DataKind.GRADES: readers.read_grades_csv,
        DataKind.ONEROSTER_GRADES: readers.read_oneroster_grades,
        DataKind.ATTENDANCE: readers.read_attendance_csv,
        DataKind.HOMEWORK: readers.read_homework_csv,
    }[DataKind(kind)]
    result = reader(source)
    return list(result.rows), list(result.errors)


class _Rollback(Exception):
    pass


def import_school_data(
    *,
    school: School,
    kind: str,
    source: Path | str | bytes,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> DataImportReport:
    """Import one export into `school`: all or nothing (unless `skip_invalid`), idempotent."""
    report = DataImportReport(kind=str(kind), dry_run=dry_run, skip_invalid=skip_invalid)
    rows, errors = read_source(kind, source)
    report.rows_read = len(rows) + len(errors)
    for error in errors:
        # The reader's message in English, and its msgid and parameters for translation.
        report.problems.append(
            {
                "line": error.line or None,
                "column": error.column,
                "file": error.file,
                "code": "reader",
                "message": error.message,
                "template": error.template,
                "params": dict(error.params),
            }
        )
    numbers = {row.student for row in rows}
    students = dict(
        Student.objects.filter(school=school, student_number__in=numbers).values_list(
            "student_number", "pk"
        )
    )
    table = _TABLES[DataKind(kind)]
    wanted: dict[tuple, tuple[int, int | None, dict[str, Any]]] = {}
    occurrences: dict[tuple, int] = defaultdict(int)
    for row in rows:
        student_id = students.get(row.student)
        line = getattr(row, "line", None)
        if student_id is None:
            report.problem(
                line,
                "student",
                "unknown_student",
                f"unknown student number {row.student} at this school",
                number=row.student,
            )
            continue
        values, problem = table.values(row)
        if problem:
            report.problem(line, problem[0], problem[1], problem[2], **problem[3])
            continue
        natural = table.natural(student_id, row)
        if table.numbered:
            seq = occurrences[natural]
            occurrences[natural] += 1
            natural = (*natural, seq)
        if natural in wanted:
            first = wanted[natural][1]
            report.problem(
                line,
                table.key_label,
                "duplicate",
                f"the same {table.key_label} as line {first}",
                first=first,
            )
            continue
        wanted[natural] = (student_id, line, values)
    if report.problems and not skip_invalid:
        report.outcome = "rejected"
        return report
    report.skipped = len(report.problems)
    try:
        with transaction.atomic():
            _write(school, table, wanted, report, dry_run=dry_run)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except (IntegrityError, DataError) as exc:
        log.warning("school data import refused by the database: school=%s", school.pk)
        report.problem(None, "", "database", str(exc).splitlines()[0][:200], detail=str(exc)[:200])
        report.outcome = "rejected"
        report.changed_students = set()
    log.info(
        "school data import %s: school=%s kind=%s created=%s updated=%s",
        "dry run" if dry_run else report.outcome,
        school.pk,
        kind,
        report.created,
        report.updated,
    )
    return report


@dataclass(frozen=True)
class _Table:
    model: type
    date_field: str
    compared: tuple[str, ...]
    key_fields: tuple[str, ...]  # besides student
    key_label: str
    numbered: bool = False

    def natural(self, student_id: int, row: Any) -> tuple:
        if self.model is AttendanceRecord:
            return (student_id, row.date, int(row.hour))
        if self.model is HomeworkRecord:
            return (student_id, row.subject, row.due)
        return (student_id, row.subject, row.date)

    def values(self, row: Any) -> tuple[dict[str, Any], tuple | None]:
        subject = str(row.subject or "")
        if len(subject) > 40:
            return {}, ("subject", "too_long", "subject longer than 40 characters", {"max": 40})
        if self.model is AttendanceRecord:
            reason = str(row.reason or "")
            if len(reason) > 20:
                return {}, ("reason", "too_long", "reason longer than 20 characters", {"max": 20})
            status = STATUS_CODES.get(str(getattr(row.status, "value", row.status)))
            if status is None:
                return {}, ("status", "bad_status", f"unknown status {row.status}", {})
            return {"subject": subject, "status": int(status), "reason": reason}, None
        if self.model is HomeworkRecord:
            return {"done": bool(row.done)}, None
        try:
            grade = Decimal(str(row.grade)).quantize(Decimal("0.1"))
            weight = Decimal(str(row.weight)).quantize(Decimal("0.01"))
        except InvalidOperation:
            return {}, ("grade", "bad_grade", f"not a grade: {row.grade}", {})
        if not Decimal(1) <= grade <= Decimal(10):
            return {}, ("grade", "bad_grade", f"not a grade: {row.grade}", {})
        if not Decimal(0) <= weight < Decimal(1000):
            return {}, ("weight", "bad_weight", f"not a weight: {row.weight}", {})
        return {"grade": grade, "weight": weight}, None


_TABLES = {
    DataKind.GRADES: _Table(
        GradeRecord, "date", ("grade", "weight"), ("subject", "date", "seq"), "grade", True
    ),
    DataKind.ONEROSTER_GRADES: _Table(
        GradeRecord, "date", ("grade", "weight"), ("subject", "date", "seq"), "grade", True
    ),
    DataKind.ATTENDANCE: _Table(
        AttendanceRecord,
        "date",
        ("subject", "status", "reason"),
        ("date", "hour"),
        "student, date and lesson hour",
    ),
    DataKind.HOMEWORK: _Table(
        HomeworkRecord, "due", ("done",), ("subject", "due"), "student, subject and due date"
    ),
}


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write(
    school: School,
    table: _Table,
    wanted: dict[tuple, tuple[int, int | None, dict[str, Any]]],
    report: DataImportReport,
    *,
    dry_run: bool,
) -> None:
    if not wanted:
        return
    model = table.model
    dates = [key[table.key_fields.index(table.date_field) + 1] for key in wanted]
    student_ids = sorted({key[0] for key in wanted})
    existing: dict[tuple, Any] = {}
    fields = ["pk", "student_id", *table.key_fields, *table.compared]
    for chunk in _chunks(student_ids, 900):
        query = model.objects.filter(  # type: ignore[attr-defined]
            school=school,
            student_id__in=chunk,
            **{f"{table.date_field}__gte": min(dates), f"{table.date_field}__lte": max(dates)},
        ).values_list(*fields)
        for found in query:
            key = (found[1], *found[2 : 2 + len(table.key_fields)])
            existing[key] = found
    now = timezone.now()
    creates, updates = [], []
    for key, (student_id, _line, values) in wanted.items():
        found = existing.get(key)
        if found is None:
            keyed = dict(zip(table.key_fields, key[1:], strict=True))
            creates.append(
                model(school=school, student_id=student_id, imported_at=now, **keyed, **values)
            )
            report.changed_students.add(student_id)
            continue
        current = dict(zip(table.compared, found[2 + len(table.key_fields) :], strict=True))
        if all(_same(current[name], values[name]) for name in table.compared):
            report.unchanged += 1
            continue
        row = model(pk=found[0], imported_at=now, **values)
        updates.append(row)
        report.changed_students.add(student_id)
    report.created = len(creates)
    report.updated = len(updates)
    if dry_run:
        return
    for chunk in _chunks(creates, BATCH):
        model.objects.bulk_create(chunk)  # type: ignore[attr-defined]
    for chunk in _chunks(updates, BATCH):
        model.objects.bulk_update(chunk, [*table.compared, "imported_at"])  # type: ignore[attr-defined]


def _same(stored: Any, new: Any) -> bool:
    if isinstance(new, Decimal):
        return Decimal(str(stored)) == new
    return bool(stored == new)


# --- Upload jobs ----------------------------------------------------------------------------


def private_dir() -> Path:
    """Uploads wait here: under MEDIA_ROOT but never served."""
    return uploads.private_dir("signals")


def start_import_job(
    *, school: School, user: User, kind: str, upload: UploadedFile, skip_invalid: bool = False
) -> DataImportJob:
    """Keep the upload privately and start its check (a dry run) as a task."""
    from driehoek.signals.tasks import check_data_import

    job = DataImportJob.objects.create(
        school=school,
        created_by=user,
        kind=kind,
        file_name=(upload.name or "")[-200:],
        stored_name=uploads.store_upload(upload, private_dir()),
        skip_invalid=skip_invalid,
    )
    check_data_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _forget_file(job: DataImportJob) -> None:
    if job.stored_name:
        (private_dir() / job.stored_name).unlink(missing_ok=True)


def _run(job: DataImportJob, *, dry_run: bool) -> DataImportReport | None:
    try:
        return import_school_data(
            school=job.school,
            kind=job.kind,
            source=private_dir() / job.stored_name,
            dry_run=dry_run,
            skip_invalid=job.skip_invalid,
        )
    except Exception:
        log.exception("school data import failed: job=%s", job.pk)
        return None


def check_job(*, job_id: int) -> None:
    job = DataImportJob.objects.select_related("school").get(pk=job_id)
    report = _run(job, dry_run=True)
    if report is None:
        job.check_report = dict(uploads.FAILED_REPORT)
        job.status = JobStatus.FAILED
    else:
        job.check_report = report.as_dict()
        job.status = JobStatus.REJECTED if report.rejected else JobStatus.CHECKED
    if job.status != JobStatus.CHECKED:
        job.finished_at = timezone.now()
        _forget_file(job)
    job.save(update_fields=["check_report", "status", "finished_at"])


def confirm_import_job(*, job: DataImportJob) -> bool:
    """Queue the import of a checked upload; False when it was not waiting (a second click)."""
    from driehoek.signals.tasks import run_data_import

    claimed = uploads.claim(job, JobStatus.CHECKED, JobStatus.QUEUED)
    if claimed:
        run_data_import.enqueue(job.pk)
    return claimed


def run_job(*, job_id: int) -> None:
    job = DataImportJob.objects.select_related("school").get(pk=job_id)
    if not uploads.claim(job, JobStatus.QUEUED, JobStatus.RUNNING):
        return
    report = _run(job, dry_run=False)
    if report is None:
        job.report = dict(uploads.FAILED_REPORT)
        job.status = JobStatus.FAILED
    else:
        job.report = report.as_dict()
        job.status = JobStatus.FAILED if report.rejected else JobStatus.DONE
    job.finished_at = timezone.now()
    _forget_file(job)
    job.save(update_fields=["report", "status", "finished_at"])
    if report is not None and report.changed_students:
        detect_after_import(school=job.school, students=report.changed_students)


def detect_after_import(*, school: School, students: Iterable[int]) -> None:
    """Detection for the students whose data just changed, as a background task."""
    from driehoek.signals.tasks import detect_signals

    detect_signals.enqueue(school.pk, sorted(students))


# --- Detection ------------------------------------------------------------------------------


@dataclass
class DetectionResult:
    students: int = 0
    found: int = 0
    created: int = 0
    refreshed: int = 0
    kept_closed: int = 0  # found again, but dismissed or turned into a conversation


def evidence_as_json(row: Any) -> dict[str, Any]:
    """One evidence row, as stored with the signal and shown as a table row."""
    from driehoek.signals.detection.records import (
        AttendanceRow,
        GradeRow,
        HomeworkRow,
        LifeEventRow,
    )

    if isinstance(row, AttendanceRow):
        return {
            "type": "attendance",
            "date": row.date.isoformat(),
            "hour": row.hour,
            "subject": row.subject,
            "status": str(row.status),
            "reason": row.reason,
        }
    if isinstance(row, GradeRow):
        return {
            "type": "grade",
            "date": row.date.isoformat(),
            "subject": row.subject,
            "grade": round(float(row.grade), 1),
            "weight": round(float(row.weight), 2),
        }
    if isinstance(row, HomeworkRow):
        return {
            "type": "homework",
            "date": row.due.isoformat(),
            "subject": row.subject,
            "done": bool(row.done),
        }
    if isinstance(row, LifeEventRow):
        return {"type": "life_event", "date": row.date.isoformat(), "kind": row.kind}
    return {"type": "other", "text": str(row)[:200]}


def _measures_as_json(measures: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in measures.items():
        if isinstance(value, float):
            out[str(name)] = round(value, 3)
        elif isinstance(value, int | str | bool) or value is None:
            out[str(name)] = value
        elif isinstance(value, datetime.date):
            out[str(name)] = value.isoformat()
        else:
            out[str(name)] = str(value)
    return out


def school_data_for(*, school: School, student_ids: Sequence[int]) -> Any:
    """The detectors' input for these students: every imported row, plus the changes at
    home their parents recorded in the profile (dated home-change sections)."""
    from driehoek.profiles.models import ProfileSection, SectionKind
    from driehoek.signals.detection import SchoolData
    from driehoek.signals.detection.records import (
        AttendanceRow,
        AttendanceStatus,
        GradeRow,
        HomeworkRow,
        LifeEventRow,
    )

    numbers = dict(Student.objects.filter(pk__in=student_ids).values_list("pk", "student_number"))
    grades = [
        GradeRow(numbers[s], subject, day, float(grade), float(weight))
        for s, subject, day, grade, weight in GradeRecord.objects.filter(
            school=school, student_id__in=student_ids
        )
        .order_by("student_id", "date", "pk")
        .values_list("student_id", "subject", "date", "grade", "weight")
        .iterator(chunk_size=10000)
    ]
    statuses = {code: AttendanceStatus(status) for code, status in CODE_STATUS.items()}
    attendance = [
        AttendanceRow(numbers[s], day, hour, subject, statuses[status], reason)
        for s, day, hour, subject, status, reason in AttendanceRecord.objects.filter(
            school=school, student_id__in=student_ids
        )
        .order_by("student_id", "date", "hour")
        .values_list("student_id", "date", "hour", "subject", "status", "reason")
        .iterator(chunk_size=20000)
    ]
    homework = [
        HomeworkRow(numbers[s], subject, due, done)
        for s, subject, due, done in HomeworkRecord.objects.filter(
            school=school, student_id__in=student_ids
        )
        .order_by("student_id", "due")
        .values_list("student_id", "subject", "due", "done")
    ]
    life_events = [
        LifeEventRow(numbers[s], day, kind or "")
        for s, day, kind in ProfileSection.objects.filter(
            student_id__in=student_ids, kind=SectionKind.HOME_CHANGE, happened_on__isnull=False
        ).values_list("student_id", "happened_on", "life_event")
    ]
    return SchoolData(
        grades=grades, attendance=attendance, homework=homework, life_events=life_events
    )


def run_detection(
    *,
    school: School,
    students: Iterable[int] | None = None,
    today: datetime.date | None = None,
) -> DetectionResult:
    """Run the detectors over these students' data (all students with data when None)
    and store what they find, deduplicated on the detector's key."""
    from driehoek.signals.detection import detect_all

    today = today or timezone.localdate()
    if students is None:
        ids = sorted(
            set(GradeRecord.objects.filter(school=school).values_list("student_id", flat=True))
            | set(
                AttendanceRecord.objects.filter(school=school)
                .values_list("student_id", flat=True)
                .distinct()
            )
            | set(HomeworkRecord.objects.filter(school=school).values_list("student_id", flat=True))
        )
    else:
        ids = sorted(
            set(
                Student.objects.filter(school=school, pk__in=list(students)).values_list(
                    "pk", flat=True
                )
            )
        )
    result = DetectionResult(students=len(ids))
    for chunk in _chunks(ids, DETECTION_CHUNK):
        data = school_data_for(school=school, student_ids=list(chunk))
        found = detect_all(data, today=today)
        _store_signals(school, list(chunk), found, result)
    log.info(
        "signal detection: school=%s students=%s found=%s created=%s",
        school.pk,
        result.students,
        result.found,
        result.created,
    )
    return result


def _store_signals(
    school: School, student_ids: list[int], found: list[Any], result: DetectionResult
) -> None:
    by_number = dict(Student.objects.filter(pk__in=student_ids).values_list("student_number", "pk"))
    keys = [signal.key[:200] for signal in found]
    existing = {signal.key: signal for signal in Signal.objects.filter(school=school, key__in=keys)}
    creates, refreshes = [], []
    seen: set[str] = set()
    for signal in found:
        student_id = by_number.get(signal.student)
        key = signal.key[:200]
        if student_id is None or key in seen:
            continue
        seen.add(key)
        result.found += 1
        measures = _measures_as_json(dict(signal.measures))
        evidence = [evidence_as_json(row) for row in signal.evidence]
        row = existing.get(key)
        if row is None:
            creates.append(
                Signal(
                    school=school,
                    student_id=student_id,
                    kind=str(signal.kind),
                    subject=(signal.subject or "")[:40],
                    key=key,
                    detected_on=signal.detected_on,
                    measures=measures,
                    evidence=evidence,
                )
            )
        elif row.status in (SignalStatus.OPEN, SignalStatus.SNOOZED):
            # The numbers and rows as of now; `detected_on` stays the day it was first seen.
            row.measures, row.evidence = measures, evidence
            refreshes.append(row)
        else:
            result.kept_closed += 1
    with transaction.atomic():
        Signal.objects.bulk_create(creates, batch_size=1000)
        Signal.objects.bulk_update(
            refreshes, ["measures", "evidence", "updated_at"], batch_size=1000
        )
    result.created += len(creates)
    result.refreshed += len(refreshes)


def changed_since_watermark(*, school: School) -> tuple[list[int] | None, datetime.datetime]:
    """The students with data imported (or a change at home recorded) since the last
    nightly run, and the new watermark. None: no run yet, so every student."""
    from driehoek.profiles.models import ProfileSection, SectionKind

    found = settings_of(school=school)
    now = timezone.now()
    if found.detected_until is None:
        return None, now
    since = found.detected_until
    ids: set[int] = set()
    for model in (GradeRecord, AttendanceRecord, HomeworkRecord):
        ids |= set(
            model.objects.filter(school=school, imported_at__gt=since)  # type: ignore[attr-defined]
            .values_list("student_id", flat=True)
            .distinct()
        )
    ids |= set(
        ProfileSection.objects.filter(
            school=school, kind=SectionKind.HOME_CHANGE, updated_at__gt=since
        ).values_list("student_id", flat=True)
    )
    return sorted(ids), now


def run_nightly(*, school: School, today: datetime.date | None = None) -> DetectionResult:
    """The nightly run: only the students whose data is new since the last run."""
    students, watermark = changed_since_watermark(school=school)
    result = run_detection(school=school, students=students, today=today)
    SchoolSignalSettings.objects.filter(school=school).update(detected_until=watermark)
    return result


# --- The mentor's decisions -----------------------------------------------------------------


def dismiss_signal(*, signal: Signal, user: User, note: str = "") -> Signal:
    signal.status = SignalStatus.DISMISSED
    signal.note = note.strip()[:500]
    signal.snoozed_until = None
    signal.decided_by = user
    signal.decided_at = timezone.now()
    signal.save(
        update_fields=["status", "note", "snoozed_until", "decided_by", "decided_at", "updated_at"]
    )
    return signal


def snooze_signal(*, signal: Signal, user: User, until: datetime.date, note: str = "") -> Signal:
    """Out of sight until `until`; then it is open again by itself (SignalQuerySet.open_on)."""
    signal.status = SignalStatus.SNOOZED
    signal.snoozed_until = until
    signal.note = note.strip()[:500]
    signal.decided_by = user
    signal.decided_at = timezone.now()
    signal.save(
        update_fields=["status", "note", "snoozed_until", "decided_by", "decided_at", "updated_at"]
    )
    return signal


def signal_to_conversation(
    *, signal: Signal, user: User, starts_at: datetime.datetime, topic: str
) -> Conversation:
    """Plan a conversation about a concern with the child's family (the conversations
    app's own service: its guardians with the right to information and the mentor). It
    is planned, not sent: the mentor invites the family the way they always do."""
    from driehoek.conversations.models import ConversationKind
    from driehoek.conversations.services import plan_conversation

    with transaction.atomic():
        conversation = plan_conversation(
            student=signal.student,
            created_by=user,
            kind=ConversationKind.CONCERN,
            starts_at=starts_at,
            topic=topic[:200],
        )
        signal.status = SignalStatus.CONVERSATION
        signal.conversation = conversation
        signal.snoozed_until = None
        signal.decided_by = user
        signal.decided_at = timezone.now()
        signal.save(
            update_fields=[
                "status",
                "conversation",
                "snoozed_until",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
    return conversation
