"""Changing retention periods and enforcing them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from driehoek.audit.models import AuditEvent
from driehoek.privacy import classification, erase, kinds, selectors
from driehoek.privacy.models import RetentionPolicy
from driehoek.roster.models import School

RETENTION_ACTION = "privacy_retention"


def set_retention_periods(*, school: School, periods: dict[str, int]) -> None:
    """Store a school's own periods; a period equal to the default removes its row."""
    with transaction.atomic():
        for key, days in periods.items():
            kind = kinds.BY_KEY[key]
            if kind.days is None:
                continue
            days = kinds.clamp_days(key, days)
            if days == kind.days:
                RetentionPolicy.objects.filter(school=school, kind=key).delete()
            else:
                RetentionPolicy.objects.update_or_create(
                    school=school, kind=key, defaults={"days": days}
                )


@dataclass
class RetentionRun:
    dry_run: bool
    today: datetime.date
    #: (school name or "", kind) → {"app.Model": rows}
    removed: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    erased_students: int = 0

    def add(self, school: str, kind: str, counts: dict[str, int]) -> None:
        if not counts:
            return
        bucket = self.removed.setdefault((school, kind), {})
        for label, count in counts.items():
            bucket[label] = bucket.get(label, 0) + count

    @property
    def total(self) -> int:
        return sum(sum(counts.values()) for counts in self.removed.values())


def _cutoff(field_: models.Field, today: datetime.date, days: int) -> object:
    day = today - datetime.timedelta(days=days)
    if isinstance(field_, models.DateTimeField):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return day


def _expired(rule: classification.Rule, school: School | None, days: int, today: datetime.date):  # type: ignore[no-untyped-def]
    model = rule.model
    field_ = model._meta.get_field(rule.date_field)  # type: ignore[arg-type]
    rows = model._base_manager.filter(**{f"{rule.date_field}__lt": _cutoff(field_, today, days)})
    path = classification.school_path(model)
    if path is None:
        return rows if school is None else rows.none()
    if school is None:
        return rows.filter(**{f"{path}__isnull": True})
    return rows.filter(**{path: school})


def _delete(rows: models.QuerySet, *, dry_run: bool) -> dict[str, int]:  # type: ignore[type-arg]
    if not rows.exists():
        return {}
    if dry_run:
        collector = Collector(using="default", origin=None)
        collector.collect(rows)
        counts = {m._meta.label: len(objs) for m, objs in collector.data.items()}
        for qs in collector.fast_deletes:
            n = qs.count()
            if n:
                counts[qs.model._meta.label] = counts.get(qs.model._meta.label, 0) + n
        return counts
    files = []
    for row in rows:
        for f in type(row)._meta.concrete_fields:
            if isinstance(f, models.FileField) and getattr(row, f.attname):
                files.append((f, str(getattr(row, f.attname))))
    _total, counts = rows.delete()
    if files:
        transaction.on_commit(lambda: [f.storage.delete(name) for f, name in files])
    return {label: n for label, n in counts.items() if n}


def enforce_retention(*, today: datetime.date | None = None, dry_run: bool = False) -> RetentionRun:
    """Remove, per school, every row older than its kind's period, and erase the
    students who left longer ago than the "departed" period (with what goes with them)."""
    day = today or timezone.localdate()
    run = RetentionRun(dry_run=dry_run, today=day)
    timed = [rule for rule in classification.rules().values() if rule.date_field]
    schools: list[School | None] = [*School.objects.order_by("pk"), None]
    for school in schools:
        periods = selectors.periods_of(school)
        name = school.name if school else ""
        school_counts: dict[str, int] = {}
        with transaction.atomic():
            for rule in timed:
                days = periods[rule.kind]
                if days is None:
                    continue
                counts = _delete(_expired(rule, school, days, day), dry_run=dry_run)
                run.add(name, rule.kind, counts)
                for label, n in counts.items():
                    school_counts[label] = school_counts.get(label, 0) + n
            if school_counts and not dry_run:
                _record(school, school_counts)
        if school is None:
            continue
        for student in selectors.departed_due(school, today=day):
            result = erase.erase(students=[student], actor=None, dry_run=dry_run, today=day)
            run.add(name, kinds.DEPARTED, result.counts)
            run.erased_students += 1
    return run


def _record(school: School | None, counts: dict[str, int]) -> None:
    detail = " ".join(f"{label}={n}" for label, n in sorted(counts.items()))
    AuditEvent.objects.create(
        school=school,
        actor=None,
        actor_label="Driehoek",
        action=RETENTION_ACTION,
        detail=detail[:300],
    )
