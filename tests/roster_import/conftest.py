from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from driehoek.roster.models import School, SchoolKind, SchoolYear

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared(*parts: str) -> Path:
    """A third-party sample beside the repository (CI clones shared/ next to it)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(
            f"The third-party samples are missing: expected {SHARED_DATA} "
            "(the shared/data folder beside the repository)."
        )
    path = SHARED_DATA.joinpath(*parts)
    assert path.exists(), f"sample {path} is missing"
    return path


def oneroster(name: str) -> Path:
    return shared("oneroster", "moodle-enrol_oneroster", name)


def edexml(name: str) -> Path:
    base = shared("edexml", "edexmllib")
    return (
        base / "tests" / name
        if name.startswith("EDEXML.invalid")
        else base / "Schema EDEXML 2.1" / name
    )


@pytest.fixture
def school(db) -> School:  # type: ignore[no-untyped-def]
    school = School.objects.create(name="Het Baken", brin="99ZZ", kind=SchoolKind.SECONDARY)
    SchoolYear.objects.create(
        school=school,
        name="2026-2027",
        starts_on=datetime.date(2026, 8, 1),
        ends_on=datetime.date(2027, 7, 31),
    )
    return school


def write_set(
    folder: Path, files: dict[str, str], *, manifest: dict[str, str] | None = None
) -> Path:
    """A small OneRoster 1.1 bulk set of our own, written to `folder`."""
    modes = {"users": "bulk", "classes": "bulk", "enrollments": "bulk", **(manifest or {})}
    lines = ["propertyName,value", "manifest.version,1.0", "oneroster.version,1.1"]
    lines += [f"file.{name},{mode}" for name, mode in modes.items()]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.csv").write_text("\r\n".join(lines), encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


USERS_HEADER = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
    "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"
    "birthDate\n"
)


def user_row(
    key: str,
    role: str,
    given: str,
    family: str,
    *,
    identifier: str = "",
    email: str = "",
    agents: str = "",
    born: str = "",
    status: str = "active",
) -> str:
    return (
        f"{key},{status},,true,org-1,{role},,,{given},{family},,{identifier},{email},,0612345678,"
        f'"{agents}",,,{born}\n'
    )


CLASSES_HEADER = (
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,"
    "location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
)
ENROLLMENTS_HEADER = (
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,"
    "primary,beginDate,endDate\n"
)


def class_row(
    key: str, title: str, class_type: str, grades: str = "", status: str = "active"
) -> str:
    return f'{key},{status},,{title},"{grades}",crs-1,,{class_type},,org-1,term-1,,,\n'


def enrollment_row(key: str, group: str, user: str, role: str, status: str = "active") -> str:
    return f"{key},{status},,{group},org-1,{user},{role},false,,\n"


def small_school_files(extra_users: str = "", extra_enrollments: str = "") -> dict[str, str]:
    """Two students (one with a leading-zero number), two parents, a mentor, a teacher."""
    users = (
        USERS_HEADER
        + user_row(
            "s-1",
            "student",
            "Noor",
            "van den Berg",
            identifier="000123",
            born="2013-03-04",
            email="n.vandenberg@leerlingen.example",
        )
        + user_row("s-2", "student", "Daan", "Jansen", identifier="000124", born="15-09-2012")
        + user_row("p-1", "parent", "Eva", "de Vries", email="eva@example.org", agents="s-1")
        + user_row("p-2", "guardian", "Mark", "Jansen", email="mark@example.org")
        + user_row("t-1", "teacher", "Sanne", "Visser", email="s.visser@school.example")
        + user_row("t-2", "teacher", "Pieter", "Smit", email="p.smit@school.example")
        + extra_users
    )
    # Mark's link is given from the child's side only: s-2 names p-2 as agent.
    users = users.replace('"",,,15-09-2012', '"p-2",,,15-09-2012')
    classes = (
        CLASSES_HEADER
        + class_row("c-2a", "2havo-a", "homeroom", "2")
        + class_row("c-wi", "Wiskunde 2a", "scheduled")
    )
    enrollments = (
        ENROLLMENTS_HEADER
        + enrollment_row("e-1", "c-2a", "s-1", "student")
        + enrollment_row("e-2", "c-2a", "s-2", "student")
        + enrollment_row("e-3", "c-wi", "s-1", "student")
        + enrollment_row("e-4", "c-2a", "t-1", "teacher")
        + enrollment_row("e-5", "c-wi", "t-2", "teacher")
        + extra_enrollments
    )
    return {"users.csv": users, "classes.csv": classes, "enrollments.csv": enrollments}
