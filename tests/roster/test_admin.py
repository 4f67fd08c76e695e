"""The admin site for school administrators: their own schools only, by role."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from driehoek.roster.models import GroupMembership, School, Student


@pytest.fixture
def admin_client(personas, client_for):  # type: ignore[no-untyped-def]
    personas.admin.is_staff = True
    personas.admin.save()
    return client_for(personas.admin)


def test_the_administrator_sees_only_their_own_schools_students(personas, admin_client):
    html = admin_client.get(reverse("admin:roster_student_changelist")).content.decode()
    assert "Jansen, Noor" in html and "Vermeulen, Daan" in html
    assert "Dekker, Lotte" not in html


def test_another_schools_student_cannot_be_opened(personas, admin_client):
    change = reverse("admin:roster_student_change", args=[personas.outside_student.pk])
    response = admin_client.get(change)
    assert response.status_code == 302  # "does not exist", back to the index
    assert admin_client.post(change, {"first_name": "X"}).status_code == 302
    personas.outside_student.refresh_from_db()
    assert personas.outside_student.first_name == "Lotte"


def test_the_school_choices_are_limited_to_their_own(personas, admin_client):
    html = admin_client.get(reverse("admin:roster_student_add")).content.decode()
    assert "Het Baken" in html
    assert "De Regenboog" not in html
    assert "2havo-a" in html and "Groep 7" not in html
    assert "2havo-wi1" not in html  # a lesson group is no class


def test_the_administrator_may_not_add_or_delete_schools(personas, admin_client):
    assert admin_client.get(reverse("admin:roster_school_add")).status_code == 403
    delete = reverse("admin:roster_school_delete", args=[personas.school.pk])
    assert admin_client.get(delete).status_code == 403
    change = reverse("admin:roster_school_change", args=[personas.school.pk])
    assert admin_client.get(change).status_code == 200


def test_staff_without_the_administrator_role_get_no_roster_admin(personas, client_for):
    personas.mentor.is_staff = True
    personas.mentor.save()
    client = client_for(personas.mentor)
    assert client.get(reverse("admin:roster_student_changelist")).status_code == 403
    assert "roster" not in client.get(reverse("admin:index")).content.decode().lower()


def test_an_administrator_without_is_staff_cannot_enter_the_admin(personas, client_for):
    response = client_for(personas.admin).get(reverse("admin:roster_student_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_superuser_sees_every_school(personas, client_for):
    personas.no_role.is_staff = personas.no_role.is_superuser = True
    personas.no_role.save()
    html = client_for(personas.no_role).get(reverse("admin:roster_student_changelist"))
    assert "Dekker, Lotte" in html.content.decode()
    assert "Jansen, Noor" in html.content.decode()


def test_changing_the_class_in_the_admin_keeps_the_history(personas, admin_client):
    student = personas.classmate
    change = reverse("admin:roster_student_change", args=[student.pk])
    form = {
        "school": personas.school.pk,
        "first_name": student.first_name,
        "infix": "",
        "last_name": student.last_name,
        "student_number": student.student_number,
        "date_of_birth": "2013-07-02",
        "group": personas.other_class.pk,
        "external_id": "",
        "left_on": "",
        "user": "",
        "guardian_links-TOTAL_FORMS": "0",
        "guardian_links-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = admin_client.post(change, form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    student.refresh_from_db()
    assert student.group == personas.other_class
    old = GroupMembership.objects.get(student=student, group=personas.klass)
    new = GroupMembership.objects.get(student=student, group=personas.other_class)
    today = timezone.localdate()
    assert old.ended_on == today - datetime.timedelta(days=1) or old.ended_on == old.started_on
    assert (new.started_on, new.ended_on) == (today, None)


def test_a_new_student_gets_the_school_from_the_allowed_choices_only(personas, admin_client):
    other = School.objects.get(brin="98YY")
    form = {
        "school": other.pk,
        "first_name": "Nieuw",
        "infix": "",
        "last_name": "Kind",
        "student_number": "555",
        "date_of_birth": "2013-01-01",
        "group": "",
        "external_id": "",
        "left_on": "",
        "user": "",
        "guardian_links-TOTAL_FORMS": "0",
        "guardian_links-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:roster_student_add"), form)
    assert response.status_code == 200  # the form comes back with an error
    assert not Student.objects.filter(student_number="555").exists()
