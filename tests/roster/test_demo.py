"""The demo seed: the promised school, the promised cases, and safe to run again."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.accounts import access
from driehoek.accounts.access import RoleKind
from driehoek.accounts.models import User
from driehoek.roster.demo import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    demo_email,
    demo_totp_key,
    plan_demo,
)
from driehoek.roster.models import (
    Group,
    GroupKind,
    Guardian,
    School,
    StaffRoleKind,
    Student,
    StudentGuardian,
)


def row_counts() -> dict[str, int]:
    counts = {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("roster").get_models()
    }
    counts["User"] = User.objects.count()
    counts["TOTPDevice"] = TOTPDevice.objects.count()
    return counts


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Seed once for the whole module (about a second), roll back at its end."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        out = StringIO()
        call_command("demo", force=True, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db) -> str:  # type: ignore[no-untyped-def]
    return _seeded


def test_the_plan_is_the_same_every_time():
    assert plan_demo() == plan_demo()


def test_running_the_demo_twice_creates_nothing_new(demo):
    first = row_counts()
    call_command("demo", force=True, stdout=StringIO())
    assert row_counts() == first


def test_the_command_prints_the_demo_logins_and_how_to_get_a_code(demo):
    for login in DEMO_LOGINS:
        assert login.email in demo
    assert DEMO_PASSWORD in demo
    assert ".venv/bin/driehoek democode <email>" in demo


def secondary() -> School:
    return School.objects.get(brin="21QK")


def primary() -> School:
    return School.objects.get(brin="13XF")


def test_the_secondary_school_has_about_300_students_in_12_classes(demo):
    school = secondary()
    assert 280 <= school.students.count() <= 320
    classes = school.groups.filter(kind=GroupKind.CLASS)
    assert classes.count() == 12
    assert set(classes.values_list("track", flat=True)) == {"vmbo-t", "havo", "vwo"}
    assert all(group.class_students.count() >= 20 for group in classes)


def test_the_secondary_school_has_about_30_staff_with_roles(demo):
    school = secondary()
    assert 25 <= school.staff.count() <= 35
    roles = [r for m in school.staff.prefetch_related("roles") for r in m.roles.all()]
    assert sum(r.role == StaffRoleKind.ADMINISTRATOR for r in roles) == 2
    assert 1 <= sum(r.role == StaffRoleKind.CARE_COORDINATOR for r in roles) <= 2
    for group in school.groups.filter(kind=GroupKind.CLASS):
        assert group.mentor_assignments.exists(), group.name
        assert group.teaching_assignments.count() >= 4, group.name
    assert school.groups.filter(kind=GroupKind.LESSON, memberships__isnull=False).exists()


def test_every_student_has_a_class_and_a_guardian(demo):
    assert not Student.objects.filter(group__isnull=True).exists()
    assert not Student.objects.filter(guardian_links__isnull=True).exists()


def test_names_carry_dutch_infixes(demo):
    infixes = set(Guardian.objects.values_list("infix", flat=True))
    assert {"van", "de", "van der"} <= infixes


def test_separated_parents_live_in_two_households_and_are_both_informed(demo):
    fleur = Student.objects.get(user__email=demo_email("leerling"))
    links = fleur.guardian_links.select_related("guardian__user")
    assert len({link.household_id for link in links}) == 2
    assert all(link.has_right_to_information for link in links)
    assert {link.guardian.user.email for link in links} == {
        demo_email("ouder.a"),
        demo_email("ouder.b"),
    }
    assert fleur.age_on(fleur.group.school_year.starts_on) >= 12


def test_one_guardian_has_two_children_in_different_classes(demo):
    user = User.objects.get(email=demo_email("ouder.twee"))
    children = access.students_visible_to(user)
    assert children.count() == 2
    assert len({child.group_id for child in children}) == 2


def test_there_are_more_siblings_in_different_classes(demo):
    links = StudentGuardian.objects.filter(school=secondary()).values_list(
        "guardian_id", "student__group_id"
    )
    classes_per_guardian: dict[int, set[int]] = {}
    for guardian_id, group_id in links:
        classes_per_guardian.setdefault(guardian_id, set()).add(group_id)
    assert sum(len(groups) > 1 for groups in classes_per_guardian.values()) >= 10


def test_one_guardians_right_to_information_is_restricted_with_a_reason(demo):
    restricted = StudentGuardian.objects.filter(has_right_to_information=False)
    assert restricted.count() == 1
    assert restricted.get().information_restriction_reason


def test_a_teacher_is_also_a_parent_at_the_same_school(demo):
    user = User.objects.get(email=demo_email("docent.ouder"))
    kinds = {(role.kind, role.school_id) for role in access.roles_of(user)}
    assert {(RoleKind.TEACHER, secondary().pk), (RoleKind.GUARDIAN, secondary().pk)} <= kinds
    # She does not teach her own son's class.
    son = access.students_by_relation(user, access.Relation.GUARDIAN).get()
    assert son not in access.students_by_relation(user, access.Relation.TEACHER)


def test_a_student_changed_class_and_the_history_shows_it(demo):
    moved = Student.objects.get(school=secondary(), first_name="Sem", last_name="Visser")
    history = list(moved.memberships.filter(group__kind=GroupKind.CLASS).order_by("started_on"))
    assert [m.group.name for m in history] == ["2havo", "2vmbo-t"]
    assert history[0].ended_on is not None and history[1].ended_on is None
    assert moved.group.name == "2vmbo-t"


def test_the_primary_school_has_groep_1_to_8_with_a_combined_group(demo):
    school = primary()
    assert 55 <= school.students.count() <= 65
    combined = Group.objects.get(school=school, name="Groep 5/6")
    assert (combined.year_level, combined.year_level_to) == (5, 6)
    levels = set()
    for group in school.groups.filter(kind=GroupKind.CLASS):
        levels |= set(range(group.year_level, (group.year_level_to or group.year_level) + 1))
        assert group.mentor_assignments.exists()
    assert levels == set(range(1, 9))


def test_every_demo_login_exists_with_the_demo_password(demo):
    for login in DEMO_LOGINS:
        user = User.objects.get(email=login.email)
        assert check_password(DEMO_PASSWORD, user.password), login.email
        assert access.roles_of(user), login.email


def test_staff_logins_have_a_confirmed_device_and_administrators_may_use_the_admin(demo):
    for login in DEMO_LOGINS:
        user = User.objects.get(email=login.email)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        assert (device is not None) == login.staff, login.email
        if device:
            assert device.key == demo_totp_key(login.email)
    admins = User.objects.filter(staff_profiles__roles__role=StaffRoleKind.ADMINISTRATOR)
    assert admins.count() == 2
    assert all(user.is_staff for user in admins)
    assert not User.objects.filter(is_staff=True).exclude(pk__in=admins).exists()


def test_only_the_demo_logins_have_a_user(demo):
    assert User.objects.count() == len(DEMO_LOGINS)


def test_the_demo_mentor_and_teacher_see_the_demo_student(demo):
    fleur = Student.objects.get(user__email=demo_email("leerling"))
    mentor = User.objects.get(email=demo_email("mentor"))
    teacher = User.objects.get(email=demo_email("docent"))
    assert access.Relation.MENTOR in access.relations_to_student(mentor, fleur)
    assert access.Relation.TEACHER in access.relations_to_student(teacher, fleur)


@pytest.mark.django_db
def test_the_demo_refuses_to_seed_a_production_installation(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    before = School.objects.count()
    with pytest.raises(CommandError, match="published password"):
        call_command("demo", stdout=StringIO())
    assert School.objects.count() == before


def test_demo_parents_have_a_child_of_9_and_a_child_of_15_all_school_year(demo):
    # The involvement scan is demonstrated for both ages (issue: the same answers read
    # differently at 9 and at 15).
    for day in (datetime.date(2026, 9, 1), datetime.date(2027, 4, 30)):
        lina = Student.objects.get(first_name="Lina", last_name="Ramdin")
        adam = Student.objects.get(first_name="Adam", last_name="Idrissi")
        assert lina.age_on(day) == 9
        assert adam.age_on(day) == 15
        assert lina.guardian_links.filter(guardian__user__email__startswith="ouder.basis@").exists()
        assert adam.guardian_links.filter(guardian__user__email__startswith="ouder.twee@").exists()
