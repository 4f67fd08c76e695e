"""Erasing a departed student or a whole family: the dry run, the erase, what stays."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from driehoek.accounts.models import User
from driehoek.audit.models import AuditEvent
from driehoek.messaging.models import Message, Thread
from driehoek.privacy import classification, erase
from driehoek.roster.models import Guardian, Household, Student
from tests.privacy.family import BAKKER, make_family_data

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2020, 7, 1)


def leave(*students: Student, on: datetime.date = LONG_AGO) -> None:
    Student.objects.filter(pk__in=[s.pk for s in students]).update(left_on=on)
    for student in students:
        student.refresh_from_db()


def personal_rows_pointing_at(targets: dict[type[models.Model], set[int]]) -> list[str]:
    """Rows of any personal-data model that still point at one of the targets."""
    left = []
    for model in apps.get_models(include_auto_created=True):
        for fk in model._meta.concrete_fields:
            if isinstance(fk, models.ForeignKey) and fk.related_model in targets:
                ids = targets[fk.related_model]  # type: ignore[index]
                if ids and model._base_manager.filter(**{f"{fk.name}__in": ids}).exists():
                    left.append(f"{model._meta.label}.{fk.name}")
    return left


def snapshot() -> dict[str, set[int]]:
    return {
        m._meta.label: set(m._base_manager.values_list("pk", flat=True))
        for m in classification.personal_models()
    }


def test_a_family_is_the_children_linked_through_their_parents(personas):
    assert {s.pk for s in erase.family_of(personas.student)} == {personas.student.pk}
    assert {s.pk for s in erase.family_of(personas.classmate)} == {personas.classmate.pk}


def test_a_student_still_at_school_is_not_erased(personas):
    with pytest.raises(erase.NotErasable):
        erase.erase(students=[personas.student], actor=personas.admin, dry_run=True)


def test_a_student_is_not_erased_before_the_period_has_passed(personas):
    leave(personas.student, on=datetime.date.today() - datetime.timedelta(days=10))
    with pytest.raises(erase.NotErasable):
        erase.erase(students=[personas.student], actor=personas.admin, dry_run=True)


def test_the_dry_run_lists_exactly_what_the_erase_removes(personas):
    make_family_data(personas)
    leave(personas.student)
    before = snapshot()
    plan = erase.erase(students=[personas.student], actor=personas.admin, dry_run=True)
    assert snapshot() == before  # the dry run changed nothing
    assert plan.counts["roster.Student"] == 1
    assert plan.counts["accounts.User"] == 3  # Eva, Mark and Noor's own account
    assert plan.counts["messaging.Message"] >= 2
    done = erase.erase(students=[personas.student], actor=personas.admin, dry_run=False)
    assert done.removed == plan.removed
    after = snapshot()
    for label, rows in plan.removed.items():
        if label in after:
            removed = before[label] - after[label]
            assert removed == {pk for pk, _text in rows}, label


def test_after_the_erase_nothing_of_the_family_remains(personas):
    make_family_data(personas)
    leave(personas.student)
    people = [personas.guardian, personas.other_household_guardian, personas.student_user]
    targets = {
        Student: {personas.student.pk},
        User: {u.pk for u in people},
        Guardian: set(Guardian.objects.filter(user__in=people).values_list("pk", flat=True)),
        Household: set(
            Household.objects.filter(links__student=personas.student).values_list("pk", flat=True)
        ),
    }
    other_thread = Thread.objects.get(student=personas.classmate)
    erase.erase(students=[personas.student], actor=personas.admin, dry_run=False)
    assert personal_rows_pointing_at(targets) == []
    for model, ids in targets.items():
        assert not model._base_manager.filter(pk__in=ids).exists(), model
    # The other family is untouched.
    assert Student.objects.filter(pk=personas.classmate.pk).exists()
    assert User.objects.filter(pk=personas.classmate_guardian.pk).exists()
    assert Message.objects.filter(thread=other_thread, body__contains=BAKKER).exists()
    # Staff stay.
    assert User.objects.filter(pk=personas.mentor.pk).exists()


def test_the_audit_log_keeps_the_reads_without_the_child_and_records_the_erase(personas):
    make_family_data(personas)
    leave(personas.student)
    reads = AuditEvent.objects.filter(student=personas.student).count()
    assert reads == 1
    erase.erase(students=[personas.student], actor=personas.admin, dry_run=False)
    kept = AuditEvent.objects.filter(actor=personas.mentor, action="view_profile")
    assert kept.count() == 1 and kept.get().student_id is None
    record = AuditEvent.objects.get(action=erase.ERASE_ACTION)
    assert record.actor == personas.admin
    assert record.student is None
    assert "Noor" not in record.detail and "Jansen" not in record.detail
    assert "students=1" in record.detail


def test_a_parent_with_another_child_at_school_stays(personas):
    from driehoek.roster.models import Relation, StudentGuardian

    eva_record = Guardian.objects.get(user=personas.guardian)
    StudentGuardian.objects.create(
        school=personas.school,
        student=personas.classmate,
        guardian=eva_record,
        relation=Relation.PARENT,
    )
    leave(personas.student)
    done = erase.erase(students=[personas.student], actor=personas.admin, dry_run=False)
    assert User.objects.filter(pk=personas.guardian.pk).exists()
    assert Guardian.objects.filter(pk=eva_record.pk).exists()
    assert not User.objects.filter(pk=personas.other_household_guardian.pk).exists()
    assert personas.guardian.pk not in {u.pk for u in done.users}


def test_a_family_erase_takes_brothers_and_sisters_too(personas):
    from driehoek.roster.models import Relation, StudentGuardian

    sibling = Student.objects.create(
        school=personas.school, student_number="100009", first_name="Bram", last_name="Jansen"
    )
    StudentGuardian.objects.create(
        school=personas.school,
        student=sibling,
        guardian=Guardian.objects.get(user=personas.other_household_guardian),
        relation=Relation.PARENT,
    )
    family = erase.family_of(personas.student)
    assert {s.pk for s in family} == {personas.student.pk, sibling.pk}
    leave(personas.student)
    with pytest.raises(erase.NotErasable):  # Bram is still at school
        erase.erase(students=family, actor=personas.admin, dry_run=True)
    leave(personas.student, sibling)
    family = erase.erase_family_students = erase.family_of(personas.student)
    erase.erase(students=family, actor=personas.admin, dry_run=False)
    assert not Student.objects.filter(pk__in=[personas.student.pk, sibling.pk]).exists()


def test_message_attachments_are_removed_from_disk(personas, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from driehoek.messaging import services
    from driehoek.messaging.models import Attachment, MessageKind

    services.start_thread(
        student=personas.student,
        author=personas.guardian,
        subject="Brief",
        body="Zie bijlage",
        kind=MessageKind.INFORMATION,
        files=(SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n%%EOF\n"),),
        notify=False,
    )
    attachment = Attachment.objects.get()
    path = attachment.file.path
    leave(personas.student)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        erase.erase(students=[personas.student], actor=personas.admin, dry_run=False)
    import os

    assert not os.path.exists(path)


def test_the_page_shows_the_dry_run_and_erases_on_post(personas, client_for):
    make_family_data(personas)
    leave(personas.student)
    url = reverse(
        "privacy:erase",
        kwargs={"school_id": personas.school.pk, "student_id": personas.student.pk},
    )
    admin = client_for(personas.admin)
    page = admin.get(url)
    assert page.status_code == 200
    assert "messaging.Message" in page.content.decode()
    assert Student.objects.filter(pk=personas.student.pk).exists()
    response = admin.post(url, {"scope": "student"})
    assert response.status_code == 302
    assert not Student.objects.filter(pk=personas.student.pk).exists()


def test_the_page_refuses_before_the_period(personas, client_for):
    leave(personas.student, on=datetime.date.today())
    url = reverse(
        "privacy:erase",
        kwargs={"school_id": personas.school.pk, "student_id": personas.student.pk},
    )
    response = client_for(personas.admin).post(url, {"scope": "student"})
    assert response.status_code == 409
    assert Student.objects.filter(pk=personas.student.pk).exists()


def test_erase_rejects_other_methods_and_outsiders(personas, client_for):
    leave(personas.student)
    url = reverse(
        "privacy:erase",
        kwargs={"school_id": personas.school.pk, "student_id": personas.student.pk},
    )
    assert client_for(personas.mentor).post(url).status_code == 404
    assert client_for(personas.other_admin).post(url).status_code == 404
    assert client_for(personas.guardian).post(url).status_code == 404
    assert Student.objects.filter(pk=personas.student.pk).exists()
