"""Writing a roster import to the database: all or nothing, idempotent, by external key.

`import_roster(school=…, roster=…)` compares the records a reader produced with the
school's roster and writes the difference inside one transaction. A dry run does the
very same work and rolls it back, so its counts are exactly what a real run would do.

Rows are matched on `external_id` (the sourcedId, the EDEXML key) within the school, so
an updated file updates students in place and everything Driehoek keeps about them
(profiles, conversations, scans) stays attached. Nobody is ever deleted because a bulk
file no longer mentions them: a student is marked as left, a staff member loses the
roles and assignments the import gave, a guardian loses the links; only a guardian row
that never got an account is deleted.

Pupils' names are never logged; the report names rows by file, line and key.
"""

from __future__ import annotations

import datetime
import json
import logging
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from driehoek.roster.models import (
    Group,
    GroupKind,
    GroupMembership,
    Guardian,
    Household,
    MentorAssignment,
    Relation,
    School,
    SchoolYear,
    StaffMember,
    StaffRole,
    StaffRoleKind,
    Student,
    StudentGuardian,
    Subject,
    TeachingAssignment,
)
from driehoek.roster_import import uploads
from driehoek.roster_import.models import ImportJob, JobStatus
from driehoek.roster_import.records import (
    DELETED_FLAG,
    PRIMARY_FLAG,
    TEACHER_FLAG,
    Enrollment,
    GuardianRelation,
    Kind,
    Mode,
    PersonRecord,
    Problem,
    RosterSet,
    SchoolYearRecord,
    StaffRoleName,
    UnreadableImport,
    _,
    paused_gc,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from driehoek.accounts.models import User

log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]  # (stage, percent done)
BATCH = 2000
STREAM_BATCH = 50000


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
        }


@dataclass
class ImportReport:
    format: str
    version: str
    dry_run: bool
    skip_invalid: bool
    # "applied" (written, or would be in a dry run) or "rejected" (nothing written).
    outcome: str = "applied"
    counts: dict[Kind, Counts] = field(default_factory=lambda: {kind: Counts() for kind in Kind})
    problems: list[Problem] = field(default_factory=list)
    files_read: dict[str, int] = field(default_factory=dict)
    files_ignored: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return self.outcome == "rejected"

    @property
    def error_count(self) -> int:
        return sum(1 for problem in self.problems if problem.is_error)

    @property
    def changes(self) -> int:
        return sum(c.created + c.updated + c.removed for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "version": self.version,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "outcome": self.outcome,
            "counts": {kind.value: counts.as_dict() for kind, counts in self.counts.items()},
            "errors": self.error_count,
            "warnings": len(self.problems) - self.error_count,
            "problems": [problem.as_dict() for problem in self.problems],
            "files_read": self.files_read,
            "files_ignored": self.files_ignored,
        }


class _DryRunRollback(Exception):
    pass


def import_roster(
    *,
    school: School,
    roster: RosterSet,
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import `roster` into `school`. Any rejected row rejects the whole import unless
    `skip_invalid`; then the valid rows go in and the report lists the others."""
    report = ImportReport(
        format=roster.format,
        version=roster.version,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        problems=list(roster.problems),
        files_read=dict(roster.files_read),
        files_ignored=list(roster.files_ignored),
    )
    if roster.errors and not skip_invalid:
        report.outcome = "rejected"
        log.info("roster import rejected: school=%s errors=%s", school.pk, len(roster.errors))
        return report
    writer = _Writer(school, roster, report, today or timezone.localdate(), progress)
    try:
        with paused_gc(), transaction.atomic():
            writer.run()
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except _Conflict:
        report.outcome = "rejected"
        return report
    except (IntegrityError, DataError) as exc:
        # A rule the checks above did not foresee: the database refuses, nothing is written.
        log.warning("roster import refused by the database: school=%s", school.pk)
        report.problems.append(
            Problem(
                "",
                0,
                "",
                _(
                    "the database refused the import (%(detail)s); nothing was written",
                    detail=str(exc).splitlines()[0][:200],
                ),
            )
        )
        report.outcome = "rejected"
        return report
    log.info(
        "roster import %s: school=%s format=%s changes=%s",
        "dry run" if dry_run else "applied",
        school.pk,
        roster.format,
        report.changes,
    )
    return report


class _Conflict(Exception):
    """Rows that clash with the database (a student number in use): nothing is written."""


def current_school_year(school: School, today: datetime.date) -> SchoolYear:
    """The school year that contains today, else the latest; a new one (1 August to
    31 July) when the school has none yet."""
    years = SchoolYear.objects.filter(school=school)
    year = years.filter(starts_on__lte=today, ends_on__gte=today).first() or years.first()
    if year is not None:
        return year
    start_year = today.year if today.month >= 8 else today.year - 1
    return SchoolYear.objects.create(
        school=school,
        name=f"{start_year}-{start_year + 1}",
        starts_on=datetime.date(start_year, 8, 1),
        ends_on=datetime.date(start_year + 1, 7, 31),
    )


def school_year_for(school: School, record: SchoolYearRecord) -> SchoolYear:
    """The school's year for a file's school year: the one with its name, else the one
    around its middle, else a new one with the file's dates."""
    years = SchoolYear.objects.filter(school=school)
    middle = record.starts_on + (record.ends_on - record.starts_on) / 2
    found = (
        years.filter(name=record.name).first()
        or years.filter(starts_on__lte=middle, ends_on__gte=middle).first()
    )
    if found is not None:
        return found
    return SchoolYear.objects.create(
        school=school, name=record.name, starts_on=record.starts_on, ends_on=record.ends_on
    )


_RELATION = {
    GuardianRelation.PARENT: Relation.PARENT,
    GuardianRelation.GUARDIAN: Relation.GUARDIAN,
    GuardianRelation.OTHER: Relation.OTHER,
}


class _Writer:
    def __init__(
        self,
        school: School,
        roster: RosterSet,
        report: ImportReport,
        today: datetime.date,
        progress: Progress | None,
    ) -> None:
        self.school = school
        self.roster = roster
        self.report = report
        self.today = today
        self.progress = progress or (lambda stage, percent: None)
        self.students: dict[str, int] = {}
        self.staff: dict[str, int] = {}
        self.guardians: dict[str, int] = {}
        self.groups: dict[str, int] = {}
        self.class_group_ids: set[int] = set()
        # Per group: the dates of its terms, and its subject (for teaching assignments).
        self.group_dates: dict[int, tuple[datetime.date | None, datetime.date | None]] = {}
        self.group_subjects: dict[int, int | None] = {}

    def count(self, kind: Kind) -> Counts:
        return self.report.counts[kind]

    def conflict(self, person: PersonRecord, column: str, reason: str) -> None:
        self.report.problems.append(Problem(person.file, person.line, column, reason))
        if not self.report.skip_invalid:
            self._conflicts = True

    def bulk(self, kind: Kind) -> bool:
        return self.roster.mode(kind) == Mode.BULK

    def run(self) -> None:
        self._conflicts = False
        self.progress("groups", 5)
        if self.roster.school_year is not None:
            self.year = school_year_for(self.school, self.roster.school_year)
        else:
            self.year = current_school_year(self.school, self.today)
        self.subjects = self._subjects()
        self._groups()
        self.progress("people", 15)
        self._students()
        self._staff()
        self._guardians()
        if self._conflicts:
            raise _Conflict
        self.progress("links", 35)
        self._links()
        self._households()
        self.progress("enrolments", 45)
        self._memberships()
        self.progress("assignments", 85)
        self._assignments()
        if self._conflicts:
            raise _Conflict
        self.progress("done", 100)

    # --- Groups -------------------------------------------------------------------------

    def _subjects(self) -> dict[str, int]:
        """The school's subjects by code; the subjects the file names are added."""
        subjects = dict(Subject.objects.filter(school=self.school).values_list("code", "pk"))
        for record in self.roster.groups.values():
            code = record.subject_code
            if code and code not in subjects:
                subjects[code] = Subject.objects.create(
                    school=self.school, code=code, name=record.subject_name or code
                ).pk
        return subjects

    def _groups(self) -> None:
        counts = self.count(Kind.GROUP)
        existing = {
            group.external_id: group
            for group in Group.objects.filter(school=self.school).exclude(external_id="")
        }
        names_in_year = dict(Group.objects.filter(school_year=self.year).values_list("name", "pk"))
        adoptable = {
            group.name: group
            for group in Group.objects.filter(school_year=self.year, external_id="")
        }
        mentioned = set(self.roster.groups) | self.roster.rejected_ids
        removed: list[int] = []
        to_create: list[tuple[Any, ...]] = []
        for key, record in self.roster.groups.items():
            group = existing.get(key)
            if record.deleted:
                if group is not None:
                    removed.append(group.pk)
                continue
            kind = GroupKind.CLASS if record.is_class else GroupKind.LESSON
            subject = self.subjects.get(record.subject_code) if record.subject_code else None
            adopted = False
            if group is None and record.name in adoptable:
                # A group entered by hand before the first import: adopt it.
                group = adoptable.pop(record.name)
                adopted = True
            if group is None:
                name = record.name
                if name in names_in_year:
                    name = f"{record.name} ({key})"[:50]
                names_in_year[name] = 0
                to_create.append(
                    (
                        self.school.pk,
                        self.year.pk,
                        name,
                        kind,
                        record.year_level,
                        record.year_level_to,
                        "",
                        key,
                        subject,
                    )
                )
                continue
            wanted: dict[str, Any] = {
                "kind": kind,
                "year_level": record.year_level,
                "year_level_to": record.year_level_to,
            }
            if subject is not None:
                # Only a file that names the subject sets it (a hand-set one stays).
                wanted["subject_id"] = subject
            renamed = group.name != record.name and record.name not in names_in_year
            if renamed and group.school_year_id == self.year.pk:
                names_in_year.pop(group.name, None)
                names_in_year[record.name] = group.pk
                wanted["name"] = record.name
            changed = _assign(group, wanted)
            if adopted:
                group.external_id = key
            if changed or adopted:
                group.save()
                counts.updated += 1
            else:
                counts.unchanged += 1
            self.groups[key] = group.pk
            if kind == GroupKind.CLASS:
                self.class_group_ids.add(group.pk)
        for key, group in existing.items():
            # A delta may enrol into a group from an earlier import.
            if key not in self.groups and key not in self.roster.groups:
                self.groups[key] = group.pk
                if group.kind == GroupKind.CLASS:
                    self.class_group_ids.add(group.pk)
        _insert(
            Group,
            [
                "school",
                "school_year",
                "name",
                "kind",
                "year_level",
                "year_level_to",
                "track",
                "external_id",
                "subject",
            ],
            to_create,
        )
        new_keys = {row[-2] for row in to_create}
        for key, pk, kind in (
            Group.objects.filter(school=self.school)
            .exclude(external_id="")
            .values_list("external_id", "pk", "kind")
        ):
            if key in new_keys:
                self.groups[key] = pk
                if kind == GroupKind.CLASS:
                    self.class_group_ids.add(pk)
        counts.created += len(to_create)
        imported = set(self.groups.values())
        for key, pk, subject_pk in (
            Group.objects.filter(school=self.school)
            .exclude(external_id="")
            .values_list("external_id", "pk", "subject_id")
        ):
            if pk not in imported:
                continue
            self.group_subjects[pk] = subject_pk
            record = self.roster.groups.get(key)
            if record is not None and record.starts_on is not None:
                self.group_dates[pk] = (record.starts_on, record.ends_on)
        if self.bulk(Kind.GROUP):
            removed += [group.pk for key, group in existing.items() if key not in mentioned]
        for group_pk in removed:
            if self._close_group(group_pk):
                counts.removed += 1

    def _close_group(self, group_pk: int) -> bool:
        """A group that left the roster: its open memberships end, its teachers go.
        The group itself stays for the history. True when anything changed."""
        ended = GroupMembership.objects.filter(group_id=group_pk, ended_on__isnull=True).update(
            ended_on=self.today
        )
        Student.objects.filter(group_id=group_pk).update(group=None)
        mentors, _ = MentorAssignment.objects.filter(group_id=group_pk).delete()
        teachers, _ = TeachingAssignment.objects.filter(group_id=group_pk).delete()
        return bool(ended or mentors or teachers)

    # --- People ---------------------------------------------------------------------------

    def _students(self) -> None:
        counts = self.count(Kind.STUDENT)
        existing = {
            student.external_id: student
            for student in Student.objects.filter(school=self.school).exclude(external_id="")
        }
        numbers = dict(
            Student.objects.filter(school=self.school).values_list("student_number", "external_id")
        )
        by_number = {
            student.student_number: student
            for student in Student.objects.filter(school=self.school, external_id="")
        }
        fields = ["first_name", "infix", "last_name", "student_number", "date_of_birth", "email"]
        to_create: list[tuple[Any, ...]] = []
        to_update: list[Student] = []
        updating: set[int] = set()
        leaving: list[Student] = []
        for key, person in self.roster.people.items():
            if not person.is_student:
                continue
            student = existing.get(key)
            if person.deleted:
                if student is not None:
                    leaving.append(student)
                continue
            if student is None and person.student_number in by_number:
                # A student entered by hand before the first import: adopt them.
                student = by_number.pop(person.student_number)
                student.external_id = key
                existing[key] = student
                to_update.append(student)
                updating.add(student.pk)
            owner = numbers.get(person.student_number)
            if owner is not None and owner != key and owner != "":
                self.conflict(
                    person,
                    "identifier",
                    _(
                        "student number '%(student_number)s' already belongs to another "
                        "student ('%(owner)s')",
                        student_number=person.student_number,
                        owner=owner,
                    ),
                )
                continue
            numbers[person.student_number] = key
            values = {
                "first_name": person.first_name,
                "infix": person.infix,
                "last_name": person.last_name,
                "student_number": person.student_number,
                # A file without a birth date never erases one the school already has.
                "date_of_birth": person.date_of_birth
                if person.date_of_birth is not None or student is None
                else student.date_of_birth,
                "email": person.email,
            }
            if student is None:
                to_create.append((self.school.pk, *values.values(), key, person.left_on))
                continue
            changed = _assign(student, values)
            if student.left_on != person.left_on:
                student.left_on = person.left_on
                changed = True
            if student.pk in updating:
                continue
            if changed:
                to_update.append(student)
                updating.add(student.pk)
            else:
                counts.unchanged += 1
        _insert(Student, ["school", *fields, "external_id", "left_on"], to_create)
        Student.objects.bulk_update(
            to_update, [*fields, "left_on", "external_id"], batch_size=BATCH
        )
        counts.created += len(to_create)
        counts.updated += len(to_update)
        self.students = dict(
            Student.objects.filter(school=self.school)
            .exclude(external_id="")
            .values_list("external_id", "pk")
        )
        mentioned = self.roster.people.keys() | self.roster.rejected_ids
        if self.bulk(Kind.STUDENT):
            leaving += [
                student
                for key, student in existing.items()
                if key not in mentioned and student.left_on is None
            ]
        for student in leaving:
            if student.left_on is None:
                # Never deleted: the profile, conversations and scans stay attached.
                student.left_on = self.today
                student.group = None
                student.save(update_fields=["left_on", "group"])
                GroupMembership.objects.filter(student=student, ended_on__isnull=True).update(
                    ended_on=self.today
                )
                counts.removed += 1

    def _staff(self) -> None:
        counts = self.count(Kind.STAFF)
        existing = {
            member.external_id: member
            for member in StaffMember.objects.filter(school=self.school).exclude(external_id="")
        }
        emails = dict(
            StaffMember.objects.filter(school=self.school).values_list("email", "external_id")
        )
        by_email = {
            member.email: member
            for member in StaffMember.objects.filter(school=self.school, external_id="")
        }
        roles = {
            (member_id, role)
            for member_id, role in StaffRole.objects.filter(school=self.school).values_list(
                "staff_member_id", "role"
            )
        }
        wanted_roles: dict[str, set[str]] = {}
        leaving: list[StaffMember] = []
        to_create: list[tuple[Any, ...]] = []
        for key, person in self.roster.people.items():
            if not person.is_staff:
                continue
            member = existing.get(key)
            if person.deleted:
                if member is not None:
                    leaving.append(member)
                continue
            if member is None and person.email in by_email:
                member = by_email.pop(person.email)
                member.external_id = key
                existing[key] = member
                member.save(update_fields=["external_id"])
            owner = emails.get(person.email)
            if owner is not None and owner not in (key, "") and member is None:
                self.conflict(
                    person,
                    "email",
                    _("'%(email)s' is the address of another staff member", email=person.email),
                )
                continue
            emails[person.email] = key
            values = {
                "first_name": person.first_name,
                "infix": person.infix,
                "last_name": person.last_name,
                "email": person.email,
            }
            if member is None:
                to_create.append((self.school.pk, *values.values(), person.abbreviation, key))
                counts.created += 1
            elif _assign(member, values):
                member.save(update_fields=list(values))
                counts.updated += 1
            else:
                counts.unchanged += 1
            wanted_roles[key] = {
                StaffRoleKind.ADMINISTRATOR
                if role == StaffRoleName.ADMIN
                else StaffRoleKind.TEACHER
                for role in person.staff_roles
            }
        _insert(
            StaffMember,
            ["school", "first_name", "infix", "last_name", "email", "abbreviation", "external_id"],
            to_create,
        )
        self.staff = dict(
            StaffMember.objects.filter(school=self.school)
            .exclude(external_id="")
            .values_list("external_id", "pk")
        )
        new_roles = [
            StaffRole(school=self.school, staff_member_id=self.staff[key], role=role)
            for key, kinds in wanted_roles.items()
            for role in kinds
            if (self.staff[key], role) not in roles
        ]
        StaffRole.objects.bulk_create(new_roles)
        mentioned = self.roster.people.keys() | self.roster.rejected_ids
        if self.bulk(Kind.STAFF):
            leaving += [member for key, member in existing.items() if key not in mentioned]
        for member in leaving:
            changed = StaffRole.objects.filter(staff_member=member).delete()[0]
            changed += MentorAssignment.objects.filter(staff_member=member).delete()[0]
            changed += TeachingAssignment.objects.filter(staff_member=member).delete()[0]
            if changed:
                counts.removed += 1

    def _guardians(self) -> None:
        counts = self.count(Kind.GUARDIAN)
        existing = {
            guardian.external_id: guardian
            for guardian in Guardian.objects.filter(school=self.school).exclude(external_id="")
        }
        fields = ["first_name", "infix", "last_name", "email", "phone"]
        to_create: list[tuple[Any, ...]] = []
        to_update: list[Guardian] = []
        leaving: list[Guardian] = []
        for key, person in self.roster.people.items():
            if not person.is_guardian:
                continue
            guardian = existing.get(key)
            if person.deleted:
                if guardian is not None:
                    leaving.append(guardian)
                continue
            values = {
                "first_name": person.first_name,
                "infix": person.infix,
                "last_name": person.last_name,
                "email": person.email,
                "phone": person.phone,
            }
            if guardian is None:
                to_create.append((self.school.pk, *values.values(), key))
            elif _assign(guardian, values):
                to_update.append(guardian)
            else:
                counts.unchanged += 1
        _insert(Guardian, ["school", *fields, "external_id"], to_create)
        Guardian.objects.bulk_update(to_update, fields, batch_size=BATCH)
        counts.created += len(to_create)
        counts.updated += len(to_update)
        self.guardians = dict(
            Guardian.objects.filter(school=self.school)
            .exclude(external_id="")
            .values_list("external_id", "pk")
        )
        mentioned = self.roster.people.keys() | self.roster.rejected_ids
        if self.bulk(Kind.GUARDIAN):
            leaving += [guardian for key, guardian in existing.items() if key not in mentioned]
        for guardian in leaving:
            self.guardians.pop(guardian.external_id, None)
            if guardian.user_id is None:
                guardian.delete()
                counts.removed += 1
            elif StudentGuardian.objects.filter(guardian=guardian).delete()[0]:
                counts.removed += 1

    # --- Links, memberships, assignments ------------------------------------------------------

    def _links(self) -> None:
        counts = self.count(Kind.GUARDIAN_LINK)
        imported_guardians = set(self.guardians.values())
        existing = {
            (guardian_id, student_id): pk
            for pk, guardian_id, student_id in StudentGuardian.objects.filter(
                guardian_id__in=imported_guardians
            ).values_list("pk", "guardian_id", "student_id")
        }
        wanted: set[tuple[int, int]] = set()
        to_create: list[tuple[Any, ...]] = []
        for link in self.roster.links:
            guardian_pk = self.guardians.get(link.guardian_id)
            student_pk = self.students.get(link.student_id)
            if student_pk is None and link.student_id not in self.roster.people:
                # A parents file on its own names students of an earlier import.
                guardian = self.roster.people[link.guardian_id]
                self.report.problems.append(
                    Problem(
                        guardian.file,
                        guardian.line,
                        "leerlingnummer",
                        _("refers to unknown student '%(student_id)s'", student_id=link.student_id),
                    )
                )
                if not self.report.skip_invalid:
                    self._conflicts = True
                continue
            if guardian_pk is None or student_pk is None:
                continue
            pair = (guardian_pk, student_pk)
            wanted.add(pair)
            if pair in existing:
                counts.unchanged += 1
                continue
            relation = _RELATION[self.roster.people[link.guardian_id].relation]
            to_create.append((self.school.pk, guardian_pk, student_pk, relation, True, ""))
        _insert(
            StudentGuardian,
            [
                "school",
                "guardian",
                "student",
                "relation",
                "has_right_to_information",
                "information_restriction_reason",
            ],
            to_create,
        )
        counts.created += len(to_create)
        if self.bulk(Kind.GUARDIAN_LINK):
            # Only links between rows this file speaks about (and could read) are removed.
            imported_students = set(self.students.values())
            gone = [
                pk
                for pair, pk in existing.items()
                if pair not in wanted and pair[1] in imported_students
            ]
            for chunk in _chunks(gone):
                StudentGuardian.objects.filter(pk__in=chunk).delete()
            counts.removed += len(gone)

    def _households(self) -> None:
        """Households from evidence only (docs/import.md): parents with the same household
        key in the source live together; parents with the same address who share a child
        too. Without evidence a parent is a household of their own: two separated parents
        are never merged by guesswork. Households the school made by hand stay as they are;
        a delta only fills in links that have no household yet."""
        counts = self.count(Kind.HOUSEHOLD)
        people = self.roster.people
        guardians = {
            pk: people[key]
            for key, pk in self.guardians.items()
            if key in people and people[key].is_guardian and not people[key].deleted
        }
        if not guardians:
            return
        links = [
            (pk, guardian_pk, student_pk, household_id)
            for pk, guardian_pk, student_pk, household_id in StudentGuardian.objects.filter(
                school=self.school, guardian_id__in=list(guardians)
            ).values_list("pk", "guardian_id", "student_id", "household_id")
        ]
        linked = {guardian_pk for _pk, guardian_pk, _s, _h in links}
        guardians = {pk: person for pk, person in guardians.items() if pk in linked}
        parent = {pk: pk for pk in guardians}

        def root(pk: int) -> int:
            while parent[pk] != pk:
                parent[pk] = parent[parent[pk]]
                pk = parent[pk]
            return pk

        def join(one: int, other: int) -> None:
            a, b = root(one), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)

        by_key: dict[str, int] = {}
        for pk, person in guardians.items():
            if person.household.startswith("gezin:"):
                join(by_key.setdefault(person.household, pk), pk)
        by_address: dict[tuple[str, int], int] = {}
        for _pk, guardian_pk, student_pk, _household in links:
            evidence = guardians[guardian_pk].household
            if evidence.startswith("adres:"):
                join(by_address.setdefault((evidence, student_pk), guardian_pk), guardian_pk)
        members: dict[int, list[int]] = defaultdict(list)
        for pk in guardians:
            members[root(pk)].append(pk)
        wanted: dict[str, tuple[str, list[int]]] = {}
        for group in members.values():
            key = "import:" + min(
                people_key for people_key in (guardians[g].external_id for g in group)
            )
            surnames = sorted(
                {
                    " ".join(p for p in (guardians[g].infix, guardians[g].last_name) if p)
                    for g in group
                }
            )
            wanted[key[:100]] = (" / ".join(surnames)[:100], group)
        existing = {
            household.external_id: household
            for household in Household.objects.filter(school=self.school).exclude(external_id="")
        }
        hand_made = set(
            Household.objects.filter(school=self.school, external_id="").values_list(
                "pk", flat=True
            )
        )
        household_of: dict[int, int] = {}
        new = [
            Household(school=self.school, name=name, external_id=key)
            for key, (name, _group) in wanted.items()
            if key not in existing
        ]
        Household.objects.bulk_create(new, batch_size=BATCH)
        new_keys = {household.external_id for household in new}
        counts.created += len(new)
        if new:
            existing = {
                household.external_id: household
                for household in Household.objects.filter(school=self.school).exclude(
                    external_id=""
                )
            }
        for key, (name, group) in wanted.items():
            household = existing[key]
            if household.name != name:
                household.name = name
                household.save(update_fields=["name"])
                counts.updated += 1
            elif key not in new_keys:
                counts.unchanged += 1
            for guardian_pk in group:
                household_of[guardian_pk] = household.pk
        delta = not self.bulk(Kind.GUARDIAN_LINK)
        changes = [
            (household_of[guardian_pk], pk)
            for pk, guardian_pk, _student_pk, household_id in links
            if household_id not in hand_made
            and not (delta and household_id is not None)
            and household_id != household_of[guardian_pk]
        ]
        table = connection.ops.quote_name(StudentGuardian._meta.db_table)
        with connection.cursor() as cursor:
            for start in range(0, len(changes), 50000):
                cursor.executemany(
                    f"UPDATE {table} SET household_id = %s WHERE id = %s",  # noqa: S608
                    changes[start : start + 50000],
                )

    def _resolved(self) -> tuple[Any, Any, Any]:
        """Per enrolment, as whole columns: the student or staff key, the group key (-1
        where unknown) and the flags. Numbers only: a million enrolments cost some 20
        bytes each here, not an object each."""
        import numpy as np

        names, groups, persons, flags = self.roster.enrollments.columns()
        person_of = np.full(len(names) + 1, -1, dtype=np.int64)
        group_of = np.full(len(names) + 1, -1, dtype=np.int64)
        for index, name in enumerate(names):
            found = self.students.get(name)
            if found is not None:
                person_of[index] = found
            found = self.groups.get(name)
            if found is not None:
                group_of[index] = found
        flag_column = np.frombuffer(flags, dtype=np.uint8) if len(flags) else np.zeros(0, np.uint8)
        person_index = (
            np.frombuffer(persons, dtype=np.int32) if len(persons) else np.zeros(0, np.int32)
        )
        group_index = (
            np.frombuffer(groups, dtype=np.int32) if len(groups) else np.zeros(0, np.int32)
        )
        return person_of[person_index], group_of[group_index], flag_column

    def _memberships(self) -> None:
        """Student enrolments → group memberships, worked out on columns of numbers
        (numpy) so memory stays proportional to the enrolments, a few bytes each."""
        import numpy as np

        counts = self.count(Kind.MEMBERSHIP)
        table = self.roster.enrollments
        students, groups, flags = self._resolved()
        is_student_row = (flags & TEACHER_FLAG) == 0
        # Enrolments naming a student or class unknown here (a delta): reported one by one.
        for index in np.flatnonzero(is_student_row & ((students < 0) | (groups < 0))):
            student_pk, group_pk = int(students[index]), int(groups[index])
            self._unresolved(
                table[int(index)],
                student_pk if student_pk >= 0 else None,
                group_pk if group_pk >= 0 else None,
            )
        usable = is_student_row & (students >= 0) & (groups >= 0)
        class_ids = np.fromiter(self.class_group_ids, dtype=np.int64)
        is_class = np.isin(groups, class_ids)
        deleted = (flags & DELETED_FLAG) != 0
        today = self.today
        past = {pk for pk, (_s, end) in self.group_dates.items() if end is not None and end < today}

        # Class (homeroom) rows: one current class per student; a primary one wins.
        current_class: dict[int, tuple[bool, int]] = {}
        for index in np.flatnonzero(usable & is_class & ~deleted):
            student_pk, group_pk = int(students[index]), int(groups[index])
            primary = bool(flags[index] & PRIMARY_FLAG)
            chosen = current_class.get(student_pk)
            if chosen is None or (primary and not chosen[0]):
                current_class[student_pk] = (primary, group_pk)
            elif chosen[1] != group_pk:
                enrollment = table[int(index)]
                self.report.problems.append(
                    Problem(
                        enrollment.file,
                        enrollment.line,
                        "classSourcedId",
                        _(
                            "this student is already in another class (homeroom); "
                            "this enrolment is not used"
                        ),
                        False,
                    )
                )
        self.progress("enrolments", 55)
        # Wanted pairs as one number each: student key × 2³² + group key.
        lessons = usable & ~is_class & ~deleted
        wanted = np.unique(
            np.concatenate(
                [
                    (students[lessons] << 32) | groups[lessons],
                    np.fromiter(
                        ((s << 32) | g for s, (_p, g) in current_class.items()), dtype=np.int64
                    ),
                ]
            )
        )
        gone = np.unique((students[usable & deleted] << 32) | groups[usable & deleted])
        del students, groups, flags, is_student_row, usable, is_class, deleted, lessons

        # What is there: open memberships, and those that ended with their term.
        group_pks = set(self.groups.values())
        keys, pks, open_ = array("q"), array("q"), array("b")
        query = GroupMembership.objects.filter(school=self.school).values_list(
            "pk", "student_id", "group_id", "ended_on"
        )
        for pk, student_pk, group_pk, ended_on in query.iterator(chunk_size=10000):
            if group_pk not in group_pks:
                continue
            if ended_on is not None and ended_on != self.group_dates.get(group_pk, (0, 0))[1]:
                continue
            keys.append((student_pk << 32) | group_pk)
            pks.append(pk)
            open_.append(ended_on is None)
        existing = np.frombuffer(keys, dtype=np.int64) if keys else np.zeros(0, np.int64)
        existing_pk = np.frombuffer(pks, dtype=np.int64) if pks else np.zeros(0, np.int64)
        is_open = np.frombuffer(open_, dtype=np.int8).astype(bool) if open_ else np.zeros(0, bool)
        self.progress("enrolments", 65)

        present = np.isin(wanted, existing)
        counts.unchanged += int(present.sum())
        new = wanted[~present]
        still = np.isin(existing, wanted)
        ending_mask = is_open & np.isin(existing, gone) & ~still
        if self.bulk(Kind.MEMBERSHIP):
            ending_mask |= is_open & ~still
        ending = [int(pk) for pk in existing_pk[ending_mask]]
        # An open membership of a group whose term is over ends with the term.
        over = [
            (int(pk), int(key) & 0xFFFFFFFF)
            for pk, key in zip(existing_pk[is_open & still], existing[is_open & still], strict=True)
            if int(key) & 0xFFFFFFFF in past
        ]
        del existing, existing_pk, is_open, wanted, present, still

        for chunk in _chunks(ending):
            GroupMembership.objects.filter(pk__in=chunk).update(ended_on=today)
        counts.removed += len(ending)
        for pk, group_pk in over:
            GroupMembership.objects.filter(pk=pk).update(ended_on=self.group_dates[group_pk][1])
        counts.updated += len(over)

        columns = ["school", "student", "group", "started_on", "ended_on"]
        school_pk = self.school.pk
        dates = self.group_dates
        for start in range(0, len(new), STREAM_BATCH):
            rows = []
            for key in new[start : start + STREAM_BATCH].tolist():
                group_pk = key & 0xFFFFFFFF
                begins, ends = dates.get(group_pk, (None, None))
                rows.append(
                    (
                        school_pk,
                        key >> 32,
                        group_pk,
                        begins or today,
                        ends if group_pk in past else None,
                    )
                )
            _insert(GroupMembership, columns, rows)
            self.progress("enrolments", 65 + int(20 * start / max(1, len(new))))
        counts.created += len(new)
        # A class whose term is over is nobody's current class.
        current = {pk: chosen for pk, chosen in current_class.items() if chosen[1] not in past}
        self._current_classes(current, ending)

    def _unresolved(
        self, enrollment: Enrollment, person_pk: int | None, group_pk: int | None
    ) -> None:
        """An enrolment of a delta that names a user or class unknown here too."""
        if enrollment.person_id in self.roster.rejected_ids:
            return
        if group_pk is None and enrollment.group_id not in self.roster.groups:
            column, reason = (
                "classSourcedId",
                _("refers to unknown class '%(group_id)s'", group_id=enrollment.group_id),
            )
        elif person_pk is None and enrollment.person_id not in self.roster.people:
            role = "teacher" if enrollment.as_teacher else "student"
            column = "userSourcedId"
            reason = _(
                "refers to unknown %(role)s '%(person_id)s'",
                role=role,
                person_id=enrollment.person_id,
            )
        else:
            return  # the class or user is in this file but was removed
        self.report.problems.append(Problem(enrollment.file, enrollment.line, column, reason))
        if not self.report.skip_invalid:
            self._conflicts = True

    def _current_classes(
        self, current_class: dict[int, tuple[bool, int]], ended: list[int]
    ) -> None:
        """Student.group follows the open class membership (as the roster services keep it)."""
        by_group: dict[int, list[int]] = defaultdict(list)
        for student_pk, (_primary, group_pk) in current_class.items():
            by_group[group_pk].append(student_pk)
        for group_pk, student_pks in by_group.items():
            for chunk in _chunks(student_pks):
                Student.objects.filter(pk__in=chunk).exclude(group_id=group_pk).update(
                    group_id=group_pk
                )
        # Students whose class membership ended and who got no new class.
        for chunk in _chunks(ended):
            ended_rows = GroupMembership.objects.filter(
                pk__in=chunk, group__kind=GroupKind.CLASS
            ).values_list("student_id", "group_id")
            for student_pk, group_pk in ended_rows:
                if student_pk not in current_class:
                    Student.objects.filter(pk=student_pk, group_id=group_pk).update(group=None)
        # Another class membership still open next to the chosen one ends too.
        for chunk in _chunks(list(current_class)):
            stale = GroupMembership.objects.filter(
                student_id__in=chunk, group__kind=GroupKind.CLASS, ended_on__isnull=True
            ).values_list("pk", "student_id", "group_id")
            for pk, student_pk, group_pk in stale:
                if current_class[student_pk][1] != group_pk:
                    GroupMembership.objects.filter(pk=pk).update(ended_on=self.today)

    def _assignments(self) -> None:
        import numpy as np

        counts = self.count(Kind.ASSIGNMENT)
        group_pks = set(self.groups.values())
        mentors = {
            (staff, group): pk
            for pk, staff, group in MentorAssignment.objects.filter(
                school=self.school, group_id__in=group_pks
            ).values_list("pk", "staff_member_id", "group_id")
        }
        # A subject teacher teaches a group its subject (the group's, when known).
        teachers: dict[tuple[int, int], tuple[int, int | None]] = {}
        for pk, staff, group, subject in TeachingAssignment.objects.filter(
            school=self.school, group_id__in=group_pks
        ).values_list("pk", "staff_member_id", "group_id", "subject_id"):
            teachers[(staff, group)] = (pk, subject)
        wanted_mentors: set[tuple[int, int]] = set()
        wanted_teachers: set[tuple[int, int]] = set()
        removed_mentors: list[int] = []
        removed_teachers: list[int] = []
        table = self.roster.enrollments
        _names, _groups, _persons, flags = table.columns()
        teacher_rows = (
            np.flatnonzero(np.frombuffer(flags, dtype=np.uint8) & TEACHER_FLAG)
            if len(flags)
            else []
        )
        for index in teacher_rows:
            enrollment = table[int(index)]
            staff_pk = self.staff.get(enrollment.person_id)
            group_pk = self.groups.get(enrollment.group_id)
            if staff_pk is None or group_pk is None:
                self._unresolved(enrollment, staff_pk, group_pk)
                continue
            pair = (staff_pk, group_pk)
            is_mentor = group_pk in self.class_group_ids
            if enrollment.mentor is not None:
                is_mentor = enrollment.mentor and is_mentor
            if enrollment.deleted:
                if is_mentor and pair in mentors:
                    removed_mentors.append(mentors[pair])
                elif not is_mentor and pair in teachers:
                    removed_teachers.append(teachers[pair][0])
                continue
            (wanted_mentors if is_mentor else wanted_teachers).add(pair)
        if self.bulk(Kind.ASSIGNMENT):
            removed_mentors += [pk for pair, pk in mentors.items() if pair not in wanted_mentors]
            removed_teachers += [
                pk for pair, (pk, _s) in teachers.items() if pair not in wanted_teachers
            ]
        MentorAssignment.objects.filter(pk__in=removed_mentors).delete()
        for chunk in _chunks(removed_teachers):
            TeachingAssignment.objects.filter(pk__in=chunk).delete()
        new_mentors = [
            (self.school.pk, staff, group) for staff, group in wanted_mentors - mentors.keys()
        ]
        new_teachers = [
            (self.school.pk, staff, group, self.group_subjects.get(group))
            for staff, group in wanted_teachers - teachers.keys()
        ]
        _insert(MentorAssignment, ["school", "staff_member", "group"], new_mentors)
        _insert(TeachingAssignment, ["school", "staff_member", "group", "subject"], new_teachers)
        # A group that got (another) subject: its teachers teach that subject now.
        resubjected = 0
        for pair in wanted_teachers & teachers.keys():
            pk, subject = teachers[pair]
            wanted_subject = self.group_subjects.get(pair[1])
            if wanted_subject is not None and wanted_subject != subject:
                TeachingAssignment.objects.filter(pk=pk).update(subject_id=wanted_subject)
                resubjected += 1
        counts.created += len(new_mentors) + len(new_teachers)
        counts.removed += len(removed_mentors) + len(removed_teachers)
        counts.updated += resubjected
        counts.unchanged += (
            len(wanted_mentors & mentors.keys()) + len(wanted_teachers & teachers.keys())
        ) - resubjected
        # Staff roles follow the assignments: a mentor of a class has the mentor role.
        has_role = set(
            StaffRole.objects.filter(school=self.school, role=StaffRoleKind.MENTOR).values_list(
                "staff_member_id", flat=True
            )
        )
        StaffRole.objects.bulk_create(
            [
                StaffRole(school=self.school, staff_member_id=staff, role=StaffRoleKind.MENTOR)
                for staff in {staff for staff, _group in wanted_mentors} - has_role
            ]
        )


def _assign(row: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _chunks(items: Iterable[int], size: int = 900) -> Iterable[list[int]]:
    chunk: list[int] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert(model: type[Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """New rows with one prepared INSERT run by executemany, without a model object per
    row: a large import writes hundreds of thousands of rows (a million memberships).
    The values are already what the database stores (keys, text, dates, booleans)."""
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model, never from the file: no injection.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50000):
            cursor.executemany(sql, rows[start : start + 50000])


# --- Uploads: check (a dry run), confirm, import, invite ----------------------------------


def private_dir() -> Path:
    """Uploaded rosters wait here: under MEDIA_ROOT but never served by the web server."""
    return uploads.private_dir("roster_import")


def _store(upload: UploadedFile) -> str:
    return uploads.store_upload(upload, private_dir())


def start_import_job(
    *,
    school: School,
    user: User,
    upload: UploadedFile,
    guardians: UploadedFile | None = None,
    skip_invalid: bool = False,
) -> ImportJob:
    """Keep the upload in the private folder and start its check (a dry run) as a task."""
    from driehoek.roster_import.tasks import check_import

    job = ImportJob.objects.create(
        school=school,
        created_by=user,
        file_name=(upload.name or "")[-200:],
        stored_name=_store(upload),
        guardians_file_name=(guardians.name or "")[-200:] if guardians else "",
        guardians_stored_name=_store(guardians) if guardians else "",
        skip_invalid=skip_invalid,
        status=JobStatus.CHECKING,
    )
    check_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _read(job: ImportJob) -> RosterSet:
    from driehoek.roster_import.readers import read_roster

    folder = private_dir()
    path = folder / job.stored_name
    guardians = folder / job.guardians_stored_name if job.guardians_stored_name else None
    # Reports name the file as the school uploaded it, not as it is stored.
    roster = read_roster(
        path, guardians=guardians, school_code=job.school.brin, school_name=job.school.name
    )
    renamed = {job.stored_name: job.file_name}
    if job.guardians_stored_name:
        renamed[job.guardians_stored_name] = job.guardians_file_name
    roster.problems = [
        Problem(renamed.get(p.file, p.file), p.line, p.column, p.reason, p.is_error, p.params)
        for p in roster.problems
    ]
    roster.files_read = {renamed.get(k, k): v for k, v in roster.files_read.items()}
    return roster


def _unreadable(exc: UnreadableImport, job: ImportJob) -> dict[str, Any]:
    renamed = {job.stored_name: job.file_name, job.guardians_stored_name: job.guardians_file_name}
    problems = [
        Problem(renamed.get(p.file, p.file), p.line, p.column, p.reason, p.is_error, p.params)
        for p in exc.problems
    ]
    return {"outcome": "unreadable", "problems": [p.as_dict() for p in problems], "counts": {}}


def _forget_files(job: ImportJob) -> None:
    """The upload is deleted once it is no longer needed (data minimisation)."""
    for name in (job.stored_name, job.guardians_stored_name, f"job-{job.pk}.progress"):
        if name:
            (private_dir() / name).unlink(missing_ok=True)


def check_job(*, job_id: int) -> None:
    job = ImportJob.objects.select_related("school").get(pk=job_id)
    try:
        report = import_roster(
            school=job.school, roster=_read(job), dry_run=True, skip_invalid=job.skip_invalid
        )
        job.check_report = report.as_dict()
        job.status = JobStatus.REJECTED if report.rejected else JobStatus.CHECKED
    except UnreadableImport as exc:
        job.check_report = _unreadable(exc, job)
        job.status = JobStatus.REJECTED
    except Exception:
        log.exception("roster import check failed: job=%s", job.pk)
        job.check_report = dict(uploads.FAILED_REPORT)
        job.status = JobStatus.FAILED
    if job.status != JobStatus.CHECKED:
        job.finished_at = timezone.now()
        _forget_files(job)
    job.save(update_fields=["check_report", "status", "finished_at"])


def confirm_import_job(*, job: ImportJob) -> bool:
    """Queue the import of a checked upload. False when it was not waiting (a second
    click, or a job that was rejected): the conditional update is the lock."""
    from driehoek.roster_import.tasks import run_import

    claimed = uploads.claim(job, JobStatus.CHECKED, JobStatus.QUEUED)
    if claimed:
        run_import.enqueue(job.pk)
    return claimed


def progress_of(job: ImportJob) -> dict[str, Any]:
    """How far a running import is, from the small file the import writes as it goes
    (its database writes are invisible to other connections until they commit)."""
    try:
        return json.loads((private_dir() / f"job-{job.pk}.progress").read_text())
    except (OSError, ValueError):
        return {"stage": "", "percent": 0}


def run_job(*, job_id: int) -> None:
    job = ImportJob.objects.select_related("school").get(pk=job_id)
    if not uploads.claim(job, JobStatus.QUEUED, JobStatus.RUNNING):
        return
    progress_file = private_dir() / f"job-{job.pk}.progress"

    def progress(stage: str, percent: int) -> None:
        progress_file.write_text(json.dumps({"stage": stage, "percent": percent}))

    try:
        report = import_roster(
            school=job.school,
            roster=_read(job),
            skip_invalid=job.skip_invalid,
            progress=progress,
        )
        job.report = report.as_dict()
        job.status = JobStatus.FAILED if report.rejected else JobStatus.DONE
    except UnreadableImport as exc:
        job.report = _unreadable(exc, job)
        job.status = JobStatus.FAILED
    except Exception:
        log.exception("roster import failed: job=%s", job.pk)
        job.report = dict(uploads.FAILED_REPORT)
        job.status = JobStatus.FAILED
    job.finished_at = timezone.now()
    _forget_files(job)
    job.save(update_fields=["report", "status", "finished_at"])


@dataclass
class Invitable:
    guardians: list[Guardian]
    students: list[Student]

    def __len__(self) -> int:
        return len(self.guardians) + len(self.students)


def invitable_after_import(*, school: School) -> Invitable:
    """Imported guardians and students with an e-mail address and no login yet; students
    only from the school's account age."""
    from driehoek.accounts.services import student_is_old_enough

    guardians = list(
        Guardian.objects.filter(school=school, user__isnull=True)
        .exclude(external_id="")
        .exclude(email="")
        .select_related("school")
    )
    students = [
        student
        for student in Student.objects.filter(
            school=school, user__isnull=True, left_on__isnull=True
        )
        .exclude(external_id="")
        .exclude(email="")
        .select_related("school")
        if student_is_old_enough(student=student)
    ]
    return Invitable(guardians, students)


@dataclass
class InvitationResult:
    guardians: int = 0
    students: int = 0
    failed: int = 0


def invite_imported(*, school: School, by: User) -> InvitationResult:
    """Invite every newly imported guardian and eligible student in one go. Each
    invitation is its own transaction: one address that cannot be used (it belongs to
    someone else) does not stop the others."""
    from django.core.exceptions import ValidationError

    from driehoek.accounts.services import invite_guardian, invite_student

    result = InvitationResult()
    found = invitable_after_import(school=school)
    for guardian in found.guardians:
        try:
            invite_guardian(guardian=guardian, invited_by=by)
            result.guardians += 1
        except ValidationError:
            result.failed += 1
    for student in found.students:
        try:
            invite_student(student=student, email=student.email, invited_by=by)
            result.students += 1
        except ValidationError:
            result.failed += 1
    log.info(
        "roster import invitations: school=%s guardians=%s students=%s failed=%s",
        school.pk,
        result.guardians,
        result.students,
        result.failed,
    )
    return result
