"""The roster import at scale: a synthetic OneRoster 1.1 set of 100,000 users and
1,000,000 enrolments, imported into an empty school, against the floor of inserting the
same rows with a raw `executemany` into the same database.

The import is timed from the files on disk (reading, validating, planning, writing, in
one transaction); the floor starts from rows already in memory. Peak memory is the
growth of the process's resident set during the import.

Run alone with `python -m benchmarks.import_roster [--scale 0.1]`; `make bench` runs it
at full scale. DATABASE_URL selects the database (SQLite in a temporary folder otherwise).
"""

from __future__ import annotations

import csv
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

USERS = 100_000
ENROLMENTS = 1_000_000
SUBJECTS = ["ne", "en", "wi", "gs", "ak", "bi", "na", "sk", "du", "fa", "lo", "ckv"]


def _year_start() -> datetime.date:
    today = datetime.date.today()
    return datetime.date(today.year if today.month >= 8 else today.year - 1, 8, 1)


def _plan(scale: float) -> dict[str, int]:
    users = int(USERS * scale)
    students = users * 60 // 100
    parents = users * 36 // 100
    teachers = users - students - parents
    classes = max(1, students // 25)
    teacher_enrolments = int(ENROLMENTS * scale) * 4 // 100
    lessons_per_student = (int(ENROLMENTS * scale) - teacher_enrolments - students) // students
    lesson_groups = max(1, students * lessons_per_student // 28)
    return {
        "students": students,
        "parents": parents,
        "teachers": teachers,
        "classes": classes,
        "lesson_groups": lesson_groups,
        "lessons_per_student": lessons_per_student,
        "teacher_enrolments": teacher_enrolments,
    }


def generate(folder: Path, scale: float) -> dict[str, int]:
    """Write the set with csv.writer, row by row (nothing is held in memory)."""
    plan = _plan(scale)
    rng = random.Random(20262027)
    folder.mkdir(parents=True, exist_ok=True)
    modes = ["users", "classes", "enrollments", "demographics", "orgs", "academicSessions"]
    with (folder / "manifest.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["propertyName", "value"])
        writer.writerow(["manifest.version", "1.0"])
        writer.writerow(["oneroster.version", "1.1"])
        for name in modes:
            writer.writerow([f"file.{name}", "bulk"])
    with (folder / "orgs.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["sourcedId", "status", "dateLastModified", "name", "type"])
        writer.writerow(["org-1", "active", "", "Benchmark College", "school"])
    # This school year (the one that contains today) and one term spanning it.
    year = _year_start()
    with (folder / "academicSessions.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["sourcedId", "status", "title", "type", "startDate", "endDate",
                         "parentSourcedId", "schoolYear"])  # fmt: skip
        end = year.replace(year=year.year + 1, month=7, day=31)
        writer.writerow(["as-year", "active", "Year", "schoolYear", year.isoformat(),
                         end.isoformat(), "", str(end.year)])  # fmt: skip
        writer.writerow(["as-term", "active", "Year", "term", year.isoformat(),
                         end.isoformat(), "as-year", str(end.year)])  # fmt: skip
    header = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,"
    header += "userIds,givenName,familyName,middleName,identifier,email,sms,phone,"
    header += "agentSourcedIds,grades,password"
    with (
        (folder / "users.csv").open("w", newline="") as users,
        (folder / "demographics.csv").open("w", newline="") as births,
    ):
        writer = csv.writer(users)
        writer.writerow(header.split(","))
        birth_writer = csv.writer(births)
        birth_writer.writerow(["sourcedId", "status", "dateLastModified", "birthDate", "sex"])
        for index in range(plan["students"]):
            parent = f"p-{index % plan['parents']}"
            writer.writerow(
                [f"s-{index}", "active", "", "true", "org-1", "student", "", "", "Leerling",
                 f"Nummer {index}", "", f"{index:07d}", "", "", "", parent, "", ""]
            )  # fmt: skip
            born = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(2500))
            birth_writer.writerow([f"s-{index}", "active", "", born.isoformat(), "f"])
        for index in range(plan["parents"]):
            writer.writerow(
                [f"p-{index}", "active", "", "true", "org-1", "parent", "", "", "Ouder",
                 f"van der Nummer {index}", "", "", f"ouder{index}@example.org", "",
                 "0612345678", "", "", ""]
            )  # fmt: skip
        for index in range(plan["teachers"]):
            writer.writerow(
                [f"t-{index}", "active", "", "true", "org-1", "teacher", "", "", "Docent",
                 f"Nummer {index}", "", "", f"docent{index}@school.example", "", "", "", "", ""]
            )  # fmt: skip
    with (folder / "classes.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["sourcedId", "status", "title", "grades", "classType", "schoolSourcedId",
                         "termSourcedIds", "subjects", "subjectCodes"])  # fmt: skip
        for index in range(plan["classes"]):
            writer.writerow([f"c-{index}", "active", f"Klas {index}", "2", "homeroom", "org-1",
                             "as-term", "", ""])  # fmt: skip
        for index in range(plan["lesson_groups"]):
            subject = SUBJECTS[index % len(SUBJECTS)]
            writer.writerow([f"l-{index}", "active", f"Les {index}", "", "scheduled", "org-1",
                             "as-term", subject.title(), subject])  # fmt: skip
    count = 0
    with (folder / "enrollments.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["sourcedId", "status", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"]
        )
        for index in range(plan["students"]):
            writer.writerow(
                [f"e-{count}", "active", f"c-{index % plan['classes']}", "org-1", f"s-{index}",
                 "student"]
            )  # fmt: skip
            count += 1
            first = rng.randrange(plan["lesson_groups"])
            for step in range(plan["lessons_per_student"]):
                group = (first + step * 7919) % plan["lesson_groups"]
                writer.writerow(
                    [f"e-{count}", "active", f"l-{group}", "org-1", f"s-{index}", "student"]
                )
                count += 1
        for index in range(plan["teacher_enrolments"]):
            group = (
                f"c-{index}" if index < plan["classes"] else f"l-{index % plan['lesson_groups']}"
            )
            writer.writerow(
                [f"e-{count}", "active", group, "org-1", f"t-{index % plan['teachers']}", "teacher"]
            )
            count += 1
    plan["users"] = plan["students"] + plan["parents"] + plan["teachers"]
    plan["enrolments"] = count
    return plan


def _rss_mb() -> float:
    """Current resident set size (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _maxrss_mb() -> float:
    """The process's peak resident set so far (ru_maxrss is in KiB on Linux)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(school_id: int, folder: Path) -> tuple[float, float]:
    """The same rows as the import writes, built in memory first (untimed), inserted with
    executemany, with the id look-ups the foreign keys need."""
    from django.db import connection, transaction

    from driehoek.roster.models import SchoolYear

    year = SchoolYear.objects.filter(school_id=school_id).first()
    assert year is not None
    started_on = _year_start()
    rows: dict[str, list[tuple]] = {k: [] for k in ("students", "guardians", "staff", "groups")}
    parents: list[tuple[str, str]] = []
    enrol: list[tuple[str, str, str]] = []
    with (folder / "users.csv").open() as users:
        for row in csv.DictReader(users):
            key, role = row["sourcedId"], row["role"]
            if role == "student":
                rows["students"].append(
                    (school_id, row["givenName"], "", row["familyName"], row["identifier"],
                     "2012-01-01", key, "", "")
                )  # fmt: skip
                parents.append((row["agentSourcedIds"], key))
            elif role == "parent":
                rows["guardians"].append(
                    (school_id, row["givenName"], "van der", row["familyName"], row["email"],
                     row["phone"], key)
                )  # fmt: skip
            else:
                rows["staff"].append(
                    (school_id, row["givenName"], "", row["familyName"], row["email"], "", key)
                )
    with (folder / "classes.csv").open() as classes:
        for row in csv.DictReader(classes):
            kind = "class" if row["classType"] == "homeroom" else "lesson"
            rows["groups"].append(
                (school_id, year.pk, row["title"], kind, None, None, "", row["sourcedId"],
                 row["subjectCodes"])
            )  # fmt: skip
    with (folder / "enrollments.csv").open() as enrolments:
        for row in csv.DictReader(enrolments):
            enrol.append((row["classSourcedId"], row["userSourcedId"], row["role"]))

    def ids(table: str) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT external_id, id FROM {table} WHERE school_id = %s",  # noqa: S608
                [school_id],
            )
            return dict(cursor.fetchall())

    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO roster_student (school_id, first_name, infix, last_name, student_number,"
            " date_of_birth, external_id, email) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
            [row[:8] for row in rows["students"]],
        )
        cursor.executemany(
            "INSERT INTO roster_guardian (school_id, first_name, infix, last_name, email, phone,"
            " external_id) VALUES (%s,%s,%s,%s,%s,%s,%s)",
            rows["guardians"],
        )
        cursor.executemany(
            "INSERT INTO roster_staffmember (school_id, first_name, infix, last_name, email,"
            " abbreviation, external_id) VALUES (%s,%s,%s,%s,%s,%s,%s)",
            rows["staff"],
        )
        cursor.executemany(
            "INSERT INTO roster_subject (school_id, code, name) VALUES (%s,%s,%s)",
            [(school_id, code, code.title()) for code in SUBJECTS],
        )
        cursor.execute("SELECT code, id FROM roster_subject WHERE school_id = %s", [school_id])
        subjects = dict(cursor.fetchall())
        cursor.executemany(
            "INSERT INTO roster_group (school_id, school_year_id, name, kind, year_level,"
            " year_level_to, track, external_id, subject_id)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            [(*row[:8], subjects.get(row[8])) for row in rows["groups"]],
        )
        # One household per parent (a OneRoster file gives no evidence of more).
        cursor.executemany(
            "INSERT INTO roster_household (school_id, name, address, external_id)"
            " VALUES (%s,%s,'',%s)",
            [(school_id, row[3], f"import:{row[6]}") for row in rows["guardians"]],
        )
        students, guardians = ids("roster_student"), ids("roster_guardian")
        staff, groups = ids("roster_staffmember"), ids("roster_group")
        households = ids("roster_household")
        cursor.executemany(
            "INSERT INTO roster_studentguardian (school_id, student_id, guardian_id, relation,"
            " has_right_to_information, information_restriction_reason, household_id)"
            " VALUES (%s,%s,%s,'parent',TRUE,'',%s)",
            [(school_id, students[s], guardians[p], households[f"import:{p}"]) for p, s in parents],
        )
        cursor.executemany(
            "INSERT INTO roster_groupmembership (school_id, student_id, group_id, started_on)"
            " VALUES (%s,%s,%s,%s)",
            [
                (school_id, students[u], groups[g], started_on)
                for g, u, r in enrol
                if r == "student"
            ],
        )
        cursor.executemany(
            "INSERT INTO roster_teachingassignment (school_id, staff_member_id, group_id)"
            " VALUES (%s,%s,%s)",
            [(school_id, staff[u], groups[g]) for g, u, r in enrol if r == "teacher"],
        )
    return time.perf_counter() - started, time.process_time() - cpu


def run(scale: float = 1.0) -> None:
    from django.db import connection

    from driehoek.roster.models import (
        GroupMembership,
        School,
        SchoolKind,
        SchoolYear,
        Student,
    )
    from driehoek.roster_import.readers import read_roster
    from driehoek.roster_import.services import import_roster

    workdir = Path(tempfile.mkdtemp(prefix="driehoek-import-bench-"))
    started = time.perf_counter()
    plan = generate(workdir / "set", scale)
    print(
        f"\nRoster import ({connection.vendor}): {plan['users']:,} users, "
        f"{plan['enrolments']:,} enrolments (generated in {time.perf_counter() - started:.1f} s)"
    )
    year_start = datetime.date(datetime.date.today().year - 1, 8, 1)
    schools = []
    for brin in ("BN01", "BN02"):
        school = School.objects.create(name=f"Bench {brin}", brin=brin, kind=SchoolKind.SECONDARY)
        SchoolYear.objects.create(
            school=school,
            name="bench",
            starts_on=year_start,
            ends_on=year_start + datetime.timedelta(days=730),
        )
        schools.append(school)

    rss_before = _rss_mb()
    maxrss_before = _maxrss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    roster = read_roster(workdir / "set")
    read = time.perf_counter() - started
    peak_after_read = _rss_mb()
    report = import_roster(school=schools[0], roster=roster)
    imported, imported_cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = max(peak_after_read, _rss_mb())
    # The kernel's high-water mark of this process: the true peak, between the samples too.
    maxrss_after = _maxrss_mb()
    assert not report.rejected, report.problems[:5]
    del roster
    memberships = GroupMembership.objects.filter(school=schools[0]).count()
    assert Student.objects.filter(school=schools[0]).count() == plan["students"]

    floor_seconds, floor_cpu = floor(schools[1].pk, workdir / "set")
    assert GroupMembership.objects.filter(school=schools[1]).count() == memberships

    started = time.perf_counter()
    again = import_roster(school=schools[0], roster=read_roster(workdir / "set"), dry_run=True)
    unchanged = time.perf_counter() - started
    assert again.changes == 0

    # CPU time of this process as well: on a busy machine the wall clock also measures
    # the neighbours (with SQLite all database work is in this process).
    print(f"  floor (raw executemany of the same rows):  {floor_seconds:8.1f} s"
          f"   (CPU {floor_cpu:.1f} s)")  # fmt: skip
    print(f"  import (read {read:.1f} s + validate, plan, write): {imported:8.1f} s"
          f"   {imported / floor_seconds:5.2f}× floor   (CPU {imported_cpu:.1f} s,"
          f" {imported_cpu / floor_cpu:.2f}× floor)")  # fmt: skip
    print(f"  re-import of the same files (dry run, no changes): {unchanged:8.1f} s")
    print(
        f"  memory: +{peak - rss_before:.0f} MB resident after reading/importing;"
        f" peak (ru_maxrss) +{maxrss_after - rss_before:.0f} MB over the"
        f" {rss_before:.0f} MB before (high-water mark before: {maxrss_before:.0f} MB)"
    )
    print(f"  memberships written: {memberships:,}")


def main() -> int:
    scale = 1.0
    if "--scale" in sys.argv:
        scale = float(sys.argv[sys.argv.index("--scale") + 1])
    workdir = tempfile.mkdtemp(prefix="driehoek-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DRIEHOEK_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "driehoek.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run(scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
