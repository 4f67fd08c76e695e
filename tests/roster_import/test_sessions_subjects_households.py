"""Academic sessions, subjects, several schools in one file, households, delta order,
and the compact enrolment table."""

from __future__ import annotations

import contextlib
import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from driehoek.roster.models import (
    Group,
    GroupMembership,
    Guardian,
    Household,
    School,
    SchoolKind,
    Student,
    StudentGuardian,
    TeachingAssignment,
)
from driehoek.roster_import.records import Enrollment, EnrollmentTable
from tests.roster_import.conftest import (
    CLASSES_HEADER,
    ENROLLMENTS_HEADER,
    USERS_HEADER,
    small_school_files,
    user_row,
    write_set,
)


def run(path, *args: str, brin: str = "99ZZ") -> dict:
    out = StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_roster", str(path), "--school", brin, "--json", *args, stdout=out)
    text = out.getvalue()
    return json.loads(text) if text else {}


def changes(report: dict) -> int:
    return sum(c["created"] + c["updated"] + c["removed"] for c in report["counts"].values())


THIS_YEAR = (
    datetime.date.today().year
    if datetime.date.today().month >= 8
    else (datetime.date.today().year - 1)
)
SESSIONS = (
    "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"
    f"y-now,active,,Now,schoolYear,{THIS_YEAR}-08-01,{THIS_YEAR + 1}-07-31,,{THIS_YEAR + 1}\n"
    f"term-1,active,,Term 1,term,{THIS_YEAR}-08-20,{THIS_YEAR + 1}-07-10,y-now,{THIS_YEAR + 1}\n"
    f"term-old,active,,Old,term,{THIS_YEAR - 1}-08-20,{THIS_YEAR}-07-10,,{THIS_YEAR}\n"
)


def with_sessions(**extra: str) -> dict[str, str]:
    files = small_school_files()
    files["academicSessions.csv"] = SESSIONS
    files["classes.csv"] = (
        CLASSES_HEADER
        + 'c-2a,active,,2havo-a,"2",crs-1,,homeroom,,org-1,term-1,,,\n'
        + 'c-wi,active,,Wiskunde 2a,"",crs-wi,,scheduled,,org-1,term-1,"Wiskunde","WI",\n'
        + 'c-old,active,,Oude klas,"",crs-1,,scheduled,,org-1,term-old,,,\n'
    )
    files["enrollments.csv"] += "e-9,active,,c-old,org-1,s-1,student,false,,\n"
    files.update(extra)
    return files


def test_sessions_date_memberships_and_classes_of_another_year_are_left_out(school, tmp_path):
    report = run(write_set(tmp_path / "set", with_sessions()))

    assert report["outcome"] == "applied", report["problems"]
    assert not Group.objects.filter(external_id="c-old").exists()
    assert any("another school year" in p["reason"] for p in report["problems"])
    wiskunde = Group.objects.get(external_id="c-wi")
    assert wiskunde.school_year.starts_on <= datetime.date(THIS_YEAR, 8, 20)
    membership = GroupMembership.objects.get(group=wiskunde)
    assert membership.started_on == datetime.date(THIS_YEAR, 8, 20)
    assert membership.ended_on is None


def test_a_lesson_group_gets_its_subject_and_its_teacher_teaches_it(school, tmp_path):
    run(write_set(tmp_path / "set", with_sessions()))

    wiskunde = Group.objects.get(external_id="c-wi")
    assert (wiskunde.subject.code, wiskunde.subject.name) == ("WI", "Wiskunde")
    assignment = TeachingAssignment.objects.get(group=wiskunde)
    assert assignment.staff_member.external_id == "t-2"
    assert assignment.subject == wiskunde.subject
    # A class (homeroom) has no subject.
    assert Group.objects.get(external_id="c-2a").subject is None


def test_the_subject_may_come_from_the_course(school, tmp_path):
    files = with_sessions()
    files["classes.csv"] = files["classes.csv"].replace('"Wiskunde","WI"', '"",""')
    files["courses.csv"] = (
        "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,"
        "orgSourcedId,subjects,subjectCodes\n"
        "crs-wi,active,,,Wiskunde B,WIB,,org-1,,\n"
    )
    run(write_set(tmp_path / "set", files))

    subject = Group.objects.get(external_id="c-wi").subject
    assert (subject.code, subject.name) == ("WIB", "Wiskunde B")


def test_importing_with_sessions_twice_changes_nothing(school, tmp_path):
    folder = write_set(tmp_path / "set", with_sessions())
    run(folder)
    assert changes(run(folder)) == 0


def test_a_term_that_is_over_ends_its_memberships_on_its_last_day(school, tmp_path):
    ended = f"term-1,active,,Term 1,term,{THIS_YEAR}-08-20,{THIS_YEAR}-08-21,y-now,"
    files = with_sessions()
    today = datetime.date.today()
    if today <= datetime.date(THIS_YEAR, 8, 21):
        pytest.skip("the first term of this school year is not over yet today")
    files["academicSessions.csv"] = SESSIONS.replace(
        f"term-1,active,,Term 1,term,{THIS_YEAR}-08-20,{THIS_YEAR + 1}-07-10,y-now,", ended
    )
    folder = write_set(tmp_path / "set", files)
    run(folder)

    membership = GroupMembership.objects.get(group__external_id="c-wi")
    assert membership.ended_on == datetime.date(THIS_YEAR, 8, 21)
    assert Student.objects.get(external_id="s-1").group is None  # no current class
    assert changes(run(folder)) == 0


# --- Several schools in one file ------------------------------------------------------

ORGS = (
    "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
    "org-1,active,,Het Baken,school,99ZZ,district\n"
    "org-2,active,,De Regenboog,school,98YY,district\n"
    "district,active,,Stichting,district,,\n"
)


def two_schools() -> dict[str, str]:
    files = small_school_files(
        extra_users=user_row("s-9", "student", "Olaf", "Dekker", identifier="9").replace(
            ",org-1,", ",org-2,"
        ),
        extra_enrollments="e-9,active,,c-rb,org-2,s-9,student,false,,\n",
    )
    files["classes.csv"] += 'c-rb,active,,Groep 5,"5",crs-1,,homeroom,,org-2,,,,\n'
    files["orgs.csv"] = ORGS
    return files


def test_a_file_of_several_schools_imports_only_this_schools_part(school, tmp_path):
    report = run(write_set(tmp_path / "set", two_schools()))

    assert report["outcome"] == "applied", report["problems"]
    assert set(Student.objects.values_list("external_id", flat=True)) == {"s-1", "s-2"}
    assert not Group.objects.filter(external_id="c-rb").exists()
    assert any("covers several schools" in p["reason"] for p in report["problems"])


def test_the_other_school_imports_its_own_part_of_the_same_file(school, tmp_path):
    other = School.objects.create(name="De Regenboog", brin="98YY", kind=SchoolKind.PRIMARY)
    report = run(write_set(tmp_path / "set", two_schools()), brin="98YY")

    assert report["outcome"] == "applied", report["problems"]
    assert list(Student.objects.filter(school=other).values_list("external_id", flat=True)) == [
        "s-9"
    ]
    assert not Student.objects.filter(school=school).exists()


def test_a_file_of_several_schools_none_of_them_this_one_is_refused(school, tmp_path):
    files = two_schools()
    files["orgs.csv"] = ORGS.replace("99ZZ", "11AA").replace("Het Baken", "Elders")
    out = StringIO()

    with pytest.raises(CommandError, match="covers 2 schools"):
        call_command(
            "import_roster", str(write_set(tmp_path / "set", files)), "--school", "99ZZ",
            stdout=out,
        )  # fmt: skip
    assert not Student.objects.exists()


# --- Delta order ------------------------------------------------------------------------


def test_in_a_delta_the_newest_row_of_a_user_wins_whatever_the_order(school, tmp_path):
    run(write_set(tmp_path / "v1", small_school_files()))
    users = (
        "sourcedId,status,dateLastModified,givenName,familyName,role,identifier\n"
        "s-1,active,2026-09-02T10:00:00Z,Noortje,van den Berg,student,000123\n"
        "s-1,active,2026-09-01T10:00:00Z,Nora,van den Berg,student,000123\n"
    )
    folder = write_set(
        tmp_path / "delta",
        {"users.csv": users, "enrollments.csv": ENROLLMENTS_HEADER},
        manifest={"users": "delta", "classes": "absent", "enrollments": "delta"},
    )
    report = run(folder)

    assert report["outcome"] == "applied", report["problems"]
    assert Student.objects.get(external_id="s-1").first_name == "Noortje"
    assert any("older than line 2" in p["reason"] for p in report["problems"])


def test_in_a_delta_the_newest_enrolment_row_wins(school, tmp_path):
    run(write_set(tmp_path / "v1", small_school_files()))
    enrolments = (
        ENROLLMENTS_HEADER
        # Newest first in the file: deleted on the 3rd, (re)enrolled on the 1st.
        .replace("primary,beginDate", "primary,beginDate")
        + "e-3,tobedeleted,2026-09-03,c-wi,org-1,s-1,student,false,,\n"
        + "e-3,active,2026-09-01,c-wi,org-1,s-1,student,false,,\n"
    )
    folder = write_set(
        tmp_path / "delta",
        {"users.csv": USERS_HEADER, "enrollments.csv": enrolments},
        manifest={"users": "delta", "classes": "absent", "enrollments": "delta"},
    )
    report = run(folder)

    assert report["outcome"] == "applied", report["problems"]
    assert not GroupMembership.objects.filter(
        group__external_id="c-wi", student__external_id="s-1", ended_on__isnull=True
    ).exists()


def test_a_bulk_file_still_rejects_a_user_given_twice(school, tmp_path):
    files = small_school_files(
        extra_users=user_row("s-1", "student", "Noor", "Berg", identifier="000123")
    )
    report = run(write_set(tmp_path / "set", files))
    assert report["outcome"] == "rejected"
    assert any("appears twice" in p["reason"] for p in report["problems"])


# --- Households ---------------------------------------------------------------------------


def test_oneroster_parents_are_each_a_household_of_their_own(school, tmp_path):
    # s-1 gets a second parent: no evidence that Eva and Joost live together.
    extra = user_row("p-3", "parent", "Joost", "van den Berg", agents="s-1")
    report = run(write_set(tmp_path / "set", small_school_files(extra_users=extra)))

    assert report["counts"]["households"]["created"] == 3
    noor_links = StudentGuardian.objects.filter(student__external_id="s-1")
    assert noor_links.count() == 2
    assert len({link.household_id for link in noor_links}) == 2
    assert all(link.household_id for link in StudentGuardian.objects.all())


PARENTS = (
    "leerlingnummer;ouder-id;voornaam;tussenvoegsel;achternaam;e-mail;relatie;gezin;postcode;"
    "huisnummer\n"
    # Eva and Joost share Zoë and an address: one household.
    "000123;O-1;Eva;de;Vries;eva@example.org;moeder;;1234 AB;12\n"
    "000123;O-2;Joost;;Hof;joost@example.org;vader;;1234ab;12\n"
    # Mark and Lotte share Daan but live apart: two households.
    "000124;O-3;Mark;;Jansen;mark@example.org;vader;;1111AA;1\n"
    "000124;O-4;Lotte;;Jansen;lotte@example.org;moeder;;2222BB;2\n"
    # Kees and Anna are one family in the school system (gezin 77), no address given.
    "000125;O-5;Kees;;Boer;kees@example.org;vader;77;;\n"
    "000125;O-6;Anna;de;Boer;anna@example.org;moeder;77;;\n"
)
STUDENTS = (
    "leerlingnummer;roepnaam;achternaam;geboortedatum;groep\n"
    "000123;Zoë;Hof;04-03-2018;5/6\n"
    "000124;Daan;Jansen;15-09-2017;5/6\n"
    "000125;Anouk;Boer;21-06-2013;8\n"
)


def test_dutch_csv_households_come_from_the_household_column_or_a_shared_address(school, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "leerlingen.csv").write_text(STUDENTS, encoding="utf-8")
    (folder / "ouders.csv").write_text(PARENTS, encoding="utf-8")

    report = run(folder)

    assert report["outcome"] == "applied", report["problems"]

    def household(parent: str) -> int:
        return StudentGuardian.objects.get(guardian__external_id=f"ouder:{parent}").household_id

    assert household("O-1") == household("O-2")
    assert household("O-3") != household("O-4")  # separated: never merged on a guess
    assert household("O-5") == household("O-6")
    assert Household.objects.count() == 4
    assert not Household.objects.exclude(address="").exists()  # addresses are not stored
    assert changes(run(folder)) == 0


def test_a_household_made_by_hand_is_left_alone(school, tmp_path):
    folder = write_set(tmp_path / "set", small_school_files())
    run(folder)
    link = StudentGuardian.objects.get(guardian__external_id="p-1")
    own = Household.objects.create(school=school, name="Zelf gemaakt")
    link.household = own
    link.save()

    run(folder)

    link.refresh_from_db()
    assert link.household == own


# --- The compact enrolment table ---------------------------------------------------------


def test_the_enrolment_table_gives_back_what_went_in():
    table = EnrollmentTable()
    rows = [
        Enrollment("c-1", "s-1", False, primary=True, file="enrollments.csv", line=2),
        Enrollment("c-1", "t-1", True, deleted=True, file="enrollments.csv", line=3),
        Enrollment("c-2", "s-1", True, mentor=False, file="medewerkers.csv", line=9),
        Enrollment("c-2", "t-1", True, mentor=True, file="medewerkers.csv", line=10),
    ]
    table.extend(rows)

    assert len(table) == 4
    assert list(table) == rows
    table.keep([3, 0])
    assert list(table) == [rows[3], rows[0]]


def test_a_parent_listed_under_the_other_school_stays_only_as_a_parent_here(school, tmp_path):
    files = two_schools()
    files["users.csv"] += (
        user_row("p-8", "parent", "Els", "Dekker", email="els@example.org", agents="s-9")
        + user_row("p-9", "parent", "Wim", "Kok", email="wim@example.org", agents="s-9,s-1")
    ).replace(",org-1,", ",org-2,")

    report = run(write_set(tmp_path / "set", files))

    assert report["outcome"] == "applied", report["problems"]
    assert not Guardian.objects.filter(external_id="p-8").exists()
    wim = Guardian.objects.get(external_id="p-9")
    assert list(wim.child_links.values_list("student__external_id", flat=True)) == ["s-1"]
