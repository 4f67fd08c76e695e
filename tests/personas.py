"""A small school with named personas, built fresh for each test.

Eva de Vries (guardian, household A) and Mark Jansen (guardian, household B) are the
separated parents of Noor Jansen (student, 2havo-a, has an account). Mila Bakker is a
classmate of Noor with her own guardian. Mentor Sanne Visser mentors 2havo-a; teacher
Pieter Smit teaches a lesson group Noor is in; Henk Mulder is the care coordinator;
Anja Bos the school administrator. Olaf Dekker is a guardian at another school, and
Rik Peters is that other school's administrator.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from driehoek.accounts.models import User
from driehoek.roster.models import (
    Group,
    GroupKind,
    GroupMembership,
    Guardian,
    Household,
    MentorAssignment,
    Relation,
    School,
    SchoolKind,
    SchoolYear,
    StaffMember,
    StaffRole,
    StaffRoleKind,
    Student,
    StudentGuardian,
    Subject,
    TeachingAssignment,
    Track,
)

PASSWORD = "correct horse battery staple"


@dataclass
class Personas:
    school: School
    year: SchoolYear
    klass: Group
    lesson_group: Group
    other_class: Group
    student: Student  # Noor
    classmate: Student  # Mila
    outside_student: Student  # at the other school
    guardian: User  # Eva, household A
    other_household_guardian: User  # Mark, household B
    classmate_guardian: User
    student_user: User
    mentor: User
    teacher: User
    care: User
    admin: User
    outsider: User  # guardian at another school
    other_admin: User
    no_role: User

    def all_users(self) -> dict[str, User]:
        return {
            "guardian": self.guardian,
            "other_household_guardian": self.other_household_guardian,
            "classmate_guardian": self.classmate_guardian,
            "student": self.student_user,
            "mentor": self.mentor,
            "teacher": self.teacher,
            "care": self.care,
            "admin": self.admin,
            "outsider": self.outsider,
            "other_admin": self.other_admin,
            "no_role": self.no_role,
        }


def _user(email: str, name: str) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, display_name=name)


def _staff(school: School, user: User, first: str, last: str, *roles: str) -> StaffMember:
    member = StaffMember.objects.create(
        school=school, user=user, first_name=first, last_name=last, email=user.email
    )
    for role in roles:
        StaffRole.objects.create(school=school, staff_member=member, role=role)
    return member


def _student(
    school: School,
    group: Group,
    number: str,
    first: str,
    last: str,
    born: datetime.date,
    user: User | None = None,
) -> Student:
    student = Student.objects.create(
        school=school,
        user=user,
        student_number=number,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        group=group,
    )
    GroupMembership.objects.create(
        school=school, student=student, group=group, started_on=datetime.date(2026, 8, 24)
    )
    return student


def _guardian(
    school: School,
    user: User,
    first: str,
    last: str,
    student: Student,
    household: Household,
    infix: str = "",
) -> Guardian:
    guardian = Guardian.objects.create(
        school=school, user=user, first_name=first, infix=infix, last_name=last, email=user.email
    )
    StudentGuardian.objects.create(
        school=school,
        student=student,
        guardian=guardian,
        relation=Relation.PARENT,
        household=household,
    )
    return guardian


def build_personas() -> Personas:
    school = School.objects.create(name="Het Baken", brin="99ZZ", kind=SchoolKind.SECONDARY)
    year = SchoolYear.objects.create(
        school=school,
        name="2026-2027",
        starts_on=datetime.date(2026, 8, 24),
        ends_on=datetime.date(2027, 7, 16),
    )
    klass = Group.objects.create(
        school=school,
        school_year=year,
        name="2havo-a",
        kind=GroupKind.CLASS,
        year_level=2,
        track=Track.HAVO,
    )
    other_class = Group.objects.create(
        school=school,
        school_year=year,
        name="3vwo-b",
        kind=GroupKind.CLASS,
        year_level=3,
        track=Track.VWO,
    )
    maths = Subject.objects.create(school=school, code="WI", name="Wiskunde")
    lesson_group = Group.objects.create(
        school=school,
        school_year=year,
        name="2havo-wi1",
        kind=GroupKind.LESSON,
        year_level=2,
        track=Track.HAVO,
        subject=maths,
    )

    student_user = _user("noor@leerling.example", "Noor Jansen")
    student = _student(
        school, klass, "100001", "Noor", "Jansen", datetime.date(2013, 3, 14), student_user
    )
    GroupMembership.objects.create(
        school=school, student=student, group=lesson_group, started_on=datetime.date(2026, 8, 24)
    )
    classmate = _student(school, klass, "100002", "Mila", "Bakker", datetime.date(2013, 7, 2))
    _student(school, other_class, "100003", "Daan", "Vermeulen", datetime.date(2012, 1, 9))

    home_a = Household.objects.create(school=school, name="De Vries")
    home_b = Household.objects.create(school=school, name="Jansen")
    home_c = Household.objects.create(school=school, name="Bakker")
    guardian = _user("eva@ouder.example", "Eva de Vries")
    _guardian(school, guardian, "Eva", "Vries", student, home_a, infix="de")
    other_household_guardian = _user("mark@ouder.example", "Mark Jansen")
    _guardian(school, other_household_guardian, "Mark", "Jansen", student, home_b)
    classmate_guardian = _user("ouder.bakker@ouder.example", "Femke Bakker")
    _guardian(school, classmate_guardian, "Femke", "Bakker", classmate, home_c)

    mentor = _user("s.visser@baken.example", "Sanne Visser")
    mentor_member = _staff(
        school, mentor, "Sanne", "Visser", StaffRoleKind.MENTOR, StaffRoleKind.TEACHER
    )
    MentorAssignment.objects.create(school=school, staff_member=mentor_member, group=klass)
    teacher = _user("p.smit@baken.example", "Pieter Smit")
    teacher_member = _staff(school, teacher, "Pieter", "Smit", StaffRoleKind.TEACHER)
    TeachingAssignment.objects.create(
        school=school, staff_member=teacher_member, group=lesson_group, subject=maths
    )
    care = _user("h.mulder@baken.example", "Henk Mulder")
    _staff(school, care, "Henk", "Mulder", StaffRoleKind.CARE_COORDINATOR)
    admin = _user("a.bos@baken.example", "Anja Bos")
    _staff(school, admin, "Anja", "Bos", StaffRoleKind.ADMINISTRATOR)

    other_school = School.objects.create(name="De Regenboog", brin="98YY", kind=SchoolKind.PRIMARY)
    other_year = SchoolYear.objects.create(
        school=other_school,
        name="2026-2027",
        starts_on=datetime.date(2026, 8, 24),
        ends_on=datetime.date(2027, 7, 16),
    )
    groep7 = Group.objects.create(
        school=other_school,
        school_year=other_year,
        name="Groep 7",
        kind=GroupKind.CLASS,
        year_level=7,
        track=Track.PRIMARY,
    )
    outside_student = _student(
        other_school, groep7, "200001", "Lotte", "Dekker", datetime.date(2016, 5, 20)
    )
    outsider = _user("olaf@ouder.example", "Olaf Dekker")
    _guardian(
        other_school,
        outsider,
        "Olaf",
        "Dekker",
        outside_student,
        Household.objects.create(school=other_school, name="Dekker"),
    )
    other_admin = _user("r.peters@regenboog.example", "Rik Peters")
    _staff(other_school, other_admin, "Rik", "Peters", StaffRoleKind.ADMINISTRATOR)
    no_role = _user("nobody@example.org", "Niemand")

    return Personas(
        school=school,
        year=year,
        klass=klass,
        lesson_group=lesson_group,
        other_class=other_class,
        student=student,
        classmate=classmate,
        outside_student=outside_student,
        guardian=guardian,
        other_household_guardian=other_household_guardian,
        classmate_guardian=classmate_guardian,
        student_user=student_user,
        mentor=mentor,
        teacher=teacher,
        care=care,
        admin=admin,
        outsider=outsider,
        other_admin=other_admin,
        no_role=no_role,
    )
