"""Erasing a departed student, or a whole family, after the retention period.

What goes is decided by Django's own deletion collector, the same one `delete()` uses:
the students, every row that depends on them (threads, conversations, answers, scans,
profile, signals, care cases, …), the guardian records and households that no remaining
child still needs, and the accounts of those people unless they still have a role (as
staff, or as a parent at another school).

Rows that must stay keep no personal data: a foreign key with SET_NULL is emptied by the
collector, and where such a row also kept a name as text (a message's author label) the
name is replaced. The audit log keeps its entries about the child (who read what, when)
without the link to the child; the erasure itself is logged with counts only.

The dry run is the erase itself inside a transaction that is rolled back, so it lists
exactly what the erase removes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.accounts.models import User
from driehoek.audit.models import AuditEvent
from driehoek.privacy import selectors
from driehoek.roster.models import (
    Guardian,
    Household,
    StaffMember,
    Student,
    StudentGuardian,
)

ERASE_ACTION = "privacy_erase"
REMOVED_LABEL = "—"


class NotErasable(Exception):
    """A student is still at school, or the retention period has not passed yet."""


@dataclass
class Erasure:
    students: list[Student]
    guardians: list[Guardian] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    #: "app.Model" → [(pk, text)] of every row removed.
    removed: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    #: "app.Model" → number of rows kept but emptied of the link to an erased row.
    anonymised: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    dry_run: bool = True

    @property
    def counts(self) -> dict[str, int]:
        return {label: len(rows) for label, rows in sorted(self.removed.items())}

    @property
    def named(self) -> list[tuple[str, str, list[tuple[int, str]]]]:
        """(label, the model's name in words, rows), for the dry-run page."""
        from django.apps import apps

        named = []
        for label, rows in self.removed.items():
            model = apps.get_model(label)
            named.append((label, str(model._meta.verbose_name_plural).capitalize(), rows))
        return named

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.removed.values())


class _DryRun(Exception):
    pass


def family_of(student: Student) -> list[Student]:
    """The student and every child linked to them through a shared guardian (siblings,
    half-siblings through the other household), at the same school."""
    students = {student.pk}
    guardians: set[int] = set()
    while True:
        links = StudentGuardian.objects.filter(student__in=students)
        new_guardians = set(links.values_list("guardian_id", flat=True)) - guardians
        guardians |= new_guardians
        siblings = set(
            StudentGuardian.objects.filter(guardian__in=guardians).values_list(
                "student_id", flat=True
            )
        )
        if siblings <= students and not new_guardians:
            break
        students |= siblings
    return list(Student.objects.filter(pk__in=students).order_by("pk"))


def check_erasable(students: list[Student], *, today: datetime.date) -> None:
    for student in students:
        if student.left_on is None:
            raise NotErasable(_("%(name)s is still at school.") % {"name": student.full_name})
        may_from = selectors.erasable_from(student)
        if may_from is not None and today < may_from:
            raise NotErasable(
                _("%(name)s may be erased from %(date)s.")
                % {"name": student.full_name, "date": may_from.strftime("%d-%m-%Y")}
            )


def _people(erasure: Erasure) -> None:
    """The guardian records, households and accounts that go with the students."""
    gone = {s.pk for s in erasure.students}
    links = StudentGuardian.objects.filter(student__in=gone)
    remaining_links = StudentGuardian.objects.exclude(student__in=gone)
    erasure.guardians = list(
        Guardian.objects.filter(pk__in=links.values("guardian_id"))
        .exclude(pk__in=remaining_links.values("guardian_id"))
        .order_by("pk")
    )
    erasure.households = list(
        Household.objects.filter(pk__in=links.values("household_id"))
        .exclude(pk__in=remaining_links.filter(household__isnull=False).values("household_id"))
        .order_by("pk")
    )
    guardian_ids = {g.pk for g in erasure.guardians}
    candidates = {g.user_id for g in erasure.guardians if g.user_id} | {
        s.user_id for s in erasure.students if s.user_id
    }
    users = []
    for user in User.objects.filter(pk__in=candidates).order_by("pk"):
        still_guardian = Guardian.objects.filter(user=user).exclude(pk__in=guardian_ids).exists()
        still_student = Student.objects.filter(user=user).exclude(pk__in=gone).exists()
        still_staff = StaffMember.objects.filter(user=user).exists()
        if not (still_guardian or still_student or still_staff or user.is_staff):
            users.append(user)
    erasure.users = users


def _file_names(model: type[models.Model], rows: list[models.Model]) -> list[str]:
    file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    names = []
    for row in rows:
        for f in file_fields:
            value = getattr(row, f.attname)
            if value:
                names.append((f, str(value)))
    return names  # type: ignore[return-value]


def _run_collector(collector: Collector, erasure: Erasure) -> None:
    """Record what the collector will remove and empty, then remove it."""
    label_updates: list[tuple[type[models.Model], str, list[int]]] = []
    for model, instances in collector.data.items():
        rows = sorted(instances, key=lambda row: row.pk)
        erasure.removed.setdefault(model._meta.label, []).extend((r.pk, str(r)) for r in rows)
        erasure.files.extend(_file_names(model, rows))  # type: ignore[arg-type]
    for qs in collector.fast_deletes:
        rows = list(qs)
        if rows:
            model = type(rows[0])
            erasure.removed.setdefault(model._meta.label, []).extend((r.pk, str(r)) for r in rows)
            erasure.files.extend(_file_names(model, rows))  # type: ignore[arg-type]
    for (fk, _value), batches in collector.field_updates.items():
        pks: list[int] = []
        for batch in batches:
            pks.extend(row.pk for row in batch)
        model = fk.model
        erasure.anonymised[model._meta.label] = erasure.anonymised.get(model._meta.label, 0) + len(
            set(pks)
        )
        label_name = f"{fk.name}_label"
        has_label = any(f.name == label_name for f in model._meta.concrete_fields)
        if fk.related_model is User and has_label and model is not AuditEvent:
            label_updates.append((model, label_name, pks))
    collector.delete()
    for model, label_name, pks in label_updates:
        model._base_manager.filter(pk__in=pks).update(**{label_name: REMOVED_LABEL})


def _erase_rows(erasure: Erasure) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    emails = [user.email for user in erasure.users]
    # Fresh copies: the collector empties the primary keys of what it deletes.
    first = Collector(using="default", origin=None)
    first.collect(list(Student.objects.filter(pk__in=[s.pk for s in erasure.students])))
    if erasure.guardians:
        first.collect(list(Guardian.objects.filter(pk__in=[g.pk for g in erasure.guardians])))
    if erasure.users:
        first.collect(list(User.objects.filter(pk__in=[u.pk for u in erasure.users])))
    _run_collector(first, erasure)
    # Households last: a thread for one household protects it until the thread is gone.
    if erasure.households:
        second = Collector(using="default", origin=None)
        second.collect(list(Household.objects.filter(pk__in=[h.pk for h in erasure.households])))
        _run_collector(second, erasure)
    # Failed log-ins are kept by e-mail address, not by account.
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        rows = list(model.objects.filter(username__in=emails))
        if rows:
            erasure.removed.setdefault(model._meta.label, []).extend((r.pk, str(r)) for r in rows)
            model.objects.filter(pk__in=[r.pk for r in rows]).delete()


def _record(erasure: Erasure, *, actor: User | None, school_id: int) -> None:
    detail = (
        f"students={len(erasure.students)} guardians={len(erasure.guardians)} "
        f"households={len(erasure.households)} accounts={len(erasure.users)} "
        f"rows={erasure.total} anonymised={sum(erasure.anonymised.values())}"
    )
    AuditEvent.objects.create(
        school_id=school_id,
        actor=actor,
        actor_label=actor.get_full_name() if actor else "Driehoek",
        actor_email=actor.email if actor else "",
        actor_role="admin" if actor else "",
        action=ERASE_ACTION,
        student=None,
        detail=detail,
    )


def _delete_files(names: list[tuple[models.FileField, str]]) -> None:
    for f, name in names:
        f.storage.delete(name)


def erase(
    *,
    students: list[Student],
    actor: User | None,
    dry_run: bool,
    today: datetime.date | None = None,
) -> Erasure:
    """Erase (or, with dry_run, list) the students and what goes with them, in one
    transaction. Raises NotErasable before anything happens."""
    day = today or timezone.localdate()
    if not students:
        raise NotErasable(_("Nobody to erase."))
    check_erasable(students, today=day)
    school_id = students[0].school_id
    erasure = Erasure(students=list(students), dry_run=dry_run)
    try:
        with transaction.atomic():
            _people(erasure)
            _erase_rows(erasure)
            if dry_run:
                raise _DryRun
            _record(erasure, actor=actor, school_id=school_id)
            files = list(erasure.files)
            transaction.on_commit(lambda: _delete_files(files))  # type: ignore[arg-type]
    except _DryRun:
        pass
    erasure.removed = {label: rows for label, rows in sorted(erasure.removed.items())}
    return erasure


def counts_by_model(erasure: Erasure) -> dict[str, int]:
    result: dict[str, int] = defaultdict(int)
    for label, rows in erasure.removed.items():
        result[label] += len(rows)
    return dict(result)
