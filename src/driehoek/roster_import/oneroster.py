"""OneRoster 1.1 and 1.2 CSV (1EdTech) → records (no Django).

Read: manifest.csv (version, bulk/delta/absent per file), users.csv, roles.csv (1.2),
classes.csv, enrollments.csv, orgs.csv (which school; a file covering several schools is
narrowed to one), academicSessions.csv (the school year and the terms that date the
memberships), courses.csv (the subject of a lesson group) and, for the date of birth
only, demographics.csv. Ignored: user profiles, resources, results.

Delta files: when one sourcedId (or one enrolment of a user in a class) appears more than
once, the row with the newest dateLastModified wins.

Tolerated quirks of real exports: CRLF, no final newline, headers in any case and with
known misspellings, empty header cells, plain dates where date-times are expected, day
first dates, enumerations in any case, quoted comma lists.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from driehoek.roster_import.csvtext import CsvFileError, Row, decode_stream, parse_date, read_rows
from driehoek.roster_import.names import split_family_name
from driehoek.roster_import.records import (
    Enrollment,
    GroupRecord,
    GuardianLink,
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
)
from driehoek.roster_import.sources import Source

STUDENT_ROLES = {"student"}
TEACHER_ROLES = {"teacher", "aide", "proctor"}
ADMIN_ROLES = {"administrator", "siteadministrator", "systemadministrator"}
GUARDIAN_ROLES = {"parent": GuardianRelation.PARENT, "guardian": GuardianRelation.GUARDIAN}
GUARDIAN_ROLES["relative"] = GuardianRelation.OTHER
KNOWN_ROLES = STUDENT_ROLES | TEACHER_ROLES | ADMIN_ROLES | set(GUARDIAN_ROLES)
# 1.2 roles that exist but mean nothing to Driehoek.
OTHER_ROLES = {"districtadministrator", "principal", "counselor", "guest", "exteacher"}

_EMAIL = re.compile(r"^(?=.{3,254}$)[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME_MAX = 100
STUDENT_NUMBER_MAX = 20
GROUP_NAME_MAX = 50
KEY_MAX = 100
SUBJECT_CODE_MAX = 20
SUBJECT_NAME_MAX = 100


@dataclass(frozen=True, slots=True)
class Session:
    """An academic session (school year, semester, term) as far as Driehoek uses it."""

    starts_on: datetime.date
    ends_on: datetime.date
    year: int  # the calendar year the school year ends in (from the start date)


@dataclass
class Scope:
    """What of the file belongs to the school being imported (a file may cover several)."""

    other_orgs: frozenset[str] = frozenset()
    skipped: set[str] | None = None  # keys of users and classes of other schools or years
    tentative: set[str] = field(default_factory=set)  # parents listed under another school
    other_users: int = 0
    other_classes: int = 0
    other_year_classes: int = 0

    def __post_init__(self) -> None:
        if self.skipped is None:
            self.skipped = set()


def parse_oneroster(source: Source, *, school_code: str = "", school_name: str = "") -> RosterSet:
    """`school_code` (BRIN) and `school_name` pick the school's part of a file that covers
    several schools (orgs of type school); a single-school file is read whole."""
    manifest = _read_manifest(source)
    version = manifest.get("oneroster.version", "")
    if version not in ("1.1", "1.2"):
        raise UnreadableImport(
            [
                Problem(
                    "manifest.csv",
                    0,
                    "oneroster.version",
                    _(
                        "version '%(version)s' is not supported (OneRoster 1.1 and 1.2 are)",
                        version=version,
                    ),
                )
            ]
        )
    roster = RosterSet(format="oneroster", version=version)
    modes = {name: _mode(manifest, name, roster) for name in ("users", "classes", "enrollments")}
    for kind in (Kind.STUDENT, Kind.STAFF, Kind.GUARDIAN, Kind.GUARDIAN_LINK):
        roster.modes[kind] = modes["users"]
    roster.modes[Kind.GROUP] = modes["classes"]
    roster.modes[Kind.MEMBERSHIP] = modes["enrollments"]
    roster.modes[Kind.ASSIGNMENT] = modes["enrollments"]

    for key, file in source.files.items():
        if key.endswith(".csv") and key.removesuffix(".csv") not in _READ:
            roster.files_ignored.append(file.name)

    scope = _read_orgs(source, roster, manifest, school_code=school_code, school_name=school_name)
    births = _read_births(source, roster)
    roles = (
        _read_roles(source, roster) if version == "1.2" and modes["users"] != Mode.ABSENT else {}
    )
    agents: list[tuple[str, str, int]] = []
    if modes["users"] != Mode.ABSENT:
        _read_users(source, roster, roles=roles, births=births, agents=agents, scope=scope)
        _resolve_agents(roster, agents, scope)
    if modes["classes"] != Mode.ABSENT:
        sessions = _read_sessions(source, roster, manifest)
        courses = _read_courses(source, roster, manifest)
        _read_classes(source, roster, scope=scope, sessions=sessions, courses=courses)
    if modes["enrollments"] != Mode.ABSENT:
        _read_enrollments(source, roster, scope)
    _report_scope(roster, scope)
    return roster


_READ = {
    "manifest",
    "users",
    "roles",
    "classes",
    "enrollments",
    "demographics",
    "orgs",
    "academicsessions",
    "courses",
}


# --- Files ----------------------------------------------------------------------------


def _rows(source: Source, name: str, roster: RosterSet, required: tuple[str, ...]) -> Iterator[Row]:
    file = source.get(f"{name}.csv")
    if file is None:
        return iter(())
    problems: list[tuple[int, str, str]] = []
    stream = file.open()
    try:
        text = decode_stream(stream)
        header, rows = read_rows(text, file=file.name, problems=problems)
    except CsvFileError as exc:
        stream.close()
        roster.error(file.name, 1, "", exc.args[0])
        return iter(())
    missing = [column for column in required if column.lower() not in header]
    if missing:
        stream.close()
        roster.error(
            file.name,
            1,
            "",
            _("the header lacks the column(s) %(columns)s", columns=", ".join(missing)),
        )
        return iter(())

    def generate() -> Iterator[Row]:
        count = 0
        try:
            for row in rows:
                count += 1
                yield row
                if problems:
                    _flush(problems, file.name, roster)
        finally:
            stream.close()
            _flush(problems, file.name, roster)
            roster.files_read[file.name] = count

    return generate()


def _flush(problems: list[tuple[int, str, str]], name: str, roster: RosterSet) -> None:
    for line, column, reason in problems:
        roster.error(name, line, column, reason)
    problems.clear()


def _read_manifest(source: Source) -> dict[str, str]:
    file = source.get("manifest.csv")
    if file is None:
        raise UnreadableImport([Problem(source.label, 0, "", _("manifest.csv is missing"))])
    problems: list[tuple[int, str, str]] = []
    with file.open() as stream:
        try:
            header, rows = read_rows(decode_stream(stream), file=file.name, problems=problems)
            values = {row.get("propertyname").lower(): row.get("value") for row in rows}
        except CsvFileError as exc:
            raise UnreadableImport([Problem(file.name, 1, "", exc.args[0])]) from None
    if "propertyname" not in header or "value" not in header:
        raise UnreadableImport(
            [Problem(file.name, 1, "", _("the header must be propertyName,value"))]
        )
    return values


def _mode(manifest: dict[str, str], name: str, roster: RosterSet) -> Mode:
    value = manifest.get(f"file.{name}".lower(), "").strip().lower()
    if value in ("bulk", "delta", "absent"):
        return Mode(value)
    if value:
        roster.error(
            "manifest.csv",
            0,
            f"file.{name}",
            _("'%(value)s' is not bulk, delta or absent", value=value),
        )
    else:
        roster.warn("manifest.csv", 0, f"file.{name}", _("no value given; the file is skipped"))
    return Mode.ABSENT


def _status(row: Row, file: str, roster: RosterSet) -> bool:
    """True when the row says tobedeleted. Other unknown values: a warning, then active."""
    status = row.get("status").lower()
    if status == "tobedeleted":
        return True
    if status not in ("", "active"):
        roster.warn(
            file,
            row.line,
            "status",
            _("'%(status)s' is not active or tobedeleted; read as active", status=status),
        )
    return False


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _read_births(source: Source, roster: RosterSet) -> dict[str, object]:
    """Only birthDate is read from demographics.csv; every other column stays in the file."""
    births: dict[str, object] = {}
    for row in _rows(source, "demographics", roster, ("sourcedId",)):
        value = row.get("birthdate")
        if not value:
            continue
        try:
            births[row.get("sourcedid")] = parse_date(value)
        except ValueError:
            roster.error(
                "demographics.csv",
                row.line,
                "birthDate",
                _("'%(value)s' is not a date", value=value),
            )
    return births


def _read_roles(source: Source, roster: RosterSet) -> dict[str, list[tuple[str, bool]]]:
    """1.2: user → [(role, is_primary)]."""
    if source.get("roles.csv") is None:
        roster.error(source.label, 0, "", "OneRoster 1.2 needs roles.csv (the users' roles)")
        return {}
    roles: dict[str, list[tuple[str, bool]]] = {}
    for row in _rows(source, "roles", roster, ("userSourcedId", "role")):
        if row.get("status").lower() == "tobedeleted":
            continue
        role = row.get("role").lower()
        if role not in KNOWN_ROLES and role not in OTHER_ROLES:
            roster.error(
                "roles.csv",
                row.line,
                "role",
                _("'%(role)s' is not a OneRoster role", role=row.get("role")),
            )
            continue
        primary = row.get("roletype").lower() == "primary"
        roles.setdefault(row.get("usersourcedid"), []).append((role, primary))
    return roles


def _read_users(
    source: Source,
    roster: RosterSet,
    *,
    roles: dict[str, list[tuple[str, bool]]],
    births: dict[str, object],
    agents: list[tuple[str, str, int]],
    scope: Scope,
) -> None:
    if source.get("users.csv") is None:
        roster.error(source.label, 0, "", _("users.csv is missing, but the manifest lists it"))
        return
    required = ("sourcedId", "givenName", "familyName")
    if roster.version == "1.1":
        required += ("role",)
    delta = roster.mode(Kind.STUDENT) == Mode.DELTA
    first_line: dict[str, int] = {}
    stamps: dict[str, tuple[datetime.date, str]] = {}
    user_agents: dict[str, list[str]] = {}
    for row in _rows(source, "users", roster, required):
        key = row.get("sourcedid")
        if not key:
            roster.error("users.csv", row.line, "sourcedId", _("is empty"))
            continue
        if len(key) > KEY_MAX:
            roster.error(
                "users.csv",
                row.line,
                "sourcedId",
                _("is longer than %(key_max)s characters", key_max=KEY_MAX),
            )
            continue
        if scope.other_orgs:
            orgs = _split(row.get("orgsourcedids"))
            if orgs and all(org in scope.other_orgs for org in orgs):
                if roster.version == "1.1":
                    names = {row.get("role").lower()}
                else:
                    names = {role for role, _primary in roles.get(key, [])}
                if not names or not names <= set(GUARDIAN_ROLES):
                    scope.skipped.add(key)  # type: ignore[union-attr]
                    scope.other_users += 1
                    continue
                # A parent listed under another school may still be a parent of one of
                # this school's students: kept only if linked to one (see _resolve_agents).
                scope.tentative.add(key)
        if key in first_line and delta and key not in roster.rejected_ids:
            # A delta may carry a user twice: the newest dateLastModified wins.
            stamp = _stamp(row)
            if stamp < stamps[key]:
                roster.warn(
                    "users.csv",
                    row.line,
                    "dateLastModified",
                    _(
                        "older than line %(other_line)s for the same sourcedId; the newer "
                        "row is used",
                        other_line=first_line[key],
                    ),
                )
                continue
            roster.people.pop(key, None)
            user_agents.pop(key, None)
        elif key in first_line:
            roster.error(
                "users.csv",
                row.line,
                "sourcedId",
                _(
                    "'%(key)s' appears twice (also on line %(other_line)s)",
                    key=key,
                    other_line=first_line[key],
                ),
            )
            roster.rejected_ids.add(key)
            roster.people.pop(key, None)
            continue
        first_line[key] = row.line
        if delta:
            stamps[key] = _stamp(row)
        person = _person(row, key, roster, roles=roles, births=births)
        if person is None:
            roster.rejected_ids.add(key)
            continue
        roster.rejected_ids.discard(key)
        roster.people[key] = person
        named = _split(row.get("agentsourcedids") or row.get("agents"))
        if named:
            user_agents[key] = [*named, str(row.line)]
    for key, named in user_agents.items():
        line = int(named[-1])
        for agent in named[:-1]:
            agents.append((key, agent, line))


def _person(
    row: Row,
    key: str,
    roster: RosterSet,
    *,
    roles: dict[str, list[tuple[str, bool]]],
    births: dict[str, object],
) -> PersonRecord | None:
    file, line = "users.csv", row.line
    deleted = _status(row, file, roster)
    if roster.version == "1.1":
        user_roles = [(row.get("role").lower(), True)]
    else:
        user_roles = roles.get(key, [])
        if not user_roles and not deleted:
            roster.error(
                file, line, "sourcedId", _("user '%(key)s' has no role in roles.csv", key=key)
            )
            return None
    names = {role for role, _primary in user_roles}
    unknown = names - KNOWN_ROLES - OTHER_ROLES
    if unknown:
        roster.error(
            file, line, "role", _("'%(role)s' is not a OneRoster role", role=sorted(unknown)[0])
        )
        return None
    first = row.get("preferredgivenname") or row.get("givenname")
    family = row.get("preferredfamilyname") or row.get("familyname")
    if not deleted:
        for column, value in (("givenName", first), ("familyName", family)):
            if not value:
                roster.error(file, line, column, _("is empty"))
                return None
            if len(value) > NAME_MAX:
                roster.error(
                    file,
                    line,
                    column,
                    _("is longer than %(name_max)s characters", name_max=NAME_MAX),
                )
                return None
    infix, last = split_family_name(family)
    email = row.get("email")
    if email and not _EMAIL.match(email):
        roster.warn(file, line, "email", _("is not a valid e-mail address; left out"))
        email = ""
    person = PersonRecord(
        external_id=key,
        first_name=first,
        infix=infix,
        last_name=last,
        email=email.lower(),
        deleted=deleted,
        file=file,
        line=line,
    )
    primary_names = {role for role, primary in user_roles if primary} or names
    if names & STUDENT_ROLES:
        if names - STUDENT_ROLES - OTHER_ROLES:
            roster.warn(
                file,
                line,
                "role",
                _("a student cannot have a staff or parent role too; read as student"),
            )
        person.is_student = True
        number = row.get("identifier") or key
        if len(number) > STUDENT_NUMBER_MAX:
            roster.error(
                file,
                line,
                "identifier",
                _(
                    "the student number '%(number)s' is longer than %(student_number_max)s "
                    "characters",
                    number=number,
                    student_number_max=STUDENT_NUMBER_MAX,
                ),
            )
            return None
        person.student_number = number
        # Optional: most exports leave it out. Without it the student is imported, but
        # cannot be invited to an own account until the school records it.
        born = births.get(key)
        if born is None and (value := row.get("birthdate")):
            try:
                born = parse_date(value)
            except ValueError:
                roster.error(file, line, "birthDate", _("'%(value)s' is not a date", value=value))
                return None
        person.date_of_birth = born  # type: ignore[assignment]
        return person
    staff: set[StaffRoleName] = set()
    if names & TEACHER_ROLES:
        staff.add(StaffRoleName.TEACHER)
    if names & ADMIN_ROLES:
        staff.add(StaffRoleName.ADMIN)
    person.staff_roles = frozenset(staff)
    guardian_roles = [GUARDIAN_ROLES[name] for name in names if name in GUARDIAN_ROLES]
    if guardian_roles:
        person.is_guardian = True
        preferred = [GUARDIAN_ROLES[name] for name in primary_names if name in GUARDIAN_ROLES]
        person.relation = (preferred or guardian_roles)[0]
        person.phone = (row.get("phone") or row.get("sms"))[:30]
    if person.is_staff and not person.email and not deleted:
        roster.error(file, line, "email", _("staff members need an e-mail address to log in"))
        return None
    if not person.is_staff and not person.is_guardian and not deleted:
        roster.warn(file, line, "role", _("this role is not used by Driehoek; the user is skipped"))
        return None
    return person


def _resolve_agents(roster: RosterSet, agents: list[tuple[str, str, int]], scope: Scope) -> None:
    """Guardian links may be given from the parent's side, the child's side, or both."""
    for user_id, agent_id, line in agents:
        user = roster.people.get(user_id)
        agent = roster.people.get(agent_id)
        if user is None:
            continue
        if agent is None:
            if agent_id in roster.rejected_ids or agent_id in scope.skipped:  # type: ignore[operator]
                continue  # its own row is reported already, or it is another school's
            roster.error(
                "users.csv",
                line,
                "agentSourcedIds",
                _("refers to unknown user '%(agent_id)s'", agent_id=agent_id),
            )
            roster.people.pop(user_id, None)
            roster.rejected_ids.add(user_id)
            continue
        if user.is_student and agent.is_guardian:
            roster.links.add(GuardianLink(agent_id, user_id))
        elif user.is_guardian and agent.is_student:
            roster.links.add(GuardianLink(user_id, agent_id))
        else:
            roster.warn(
                "users.csv",
                line,
                "agentSourcedIds",
                _(
                    "'%(agent_id)s' is not a parent or guardian of this student (or the "
                    "other way round); the link is ignored",
                    agent_id=agent_id,
                ),
            )
    # Parents listed under another school only stay when they are a parent here.
    linked = {link.guardian_id for link in roster.links if link.student_id in roster.people}
    for key in scope.tentative - linked:
        if roster.people.pop(key, None) is not None:
            scope.skipped.add(key)  # type: ignore[union-attr]
            scope.other_users += 1
    # A link whose guardian or student was rejected goes too.
    roster.links = {
        link
        for link in roster.links
        if link.guardian_id in roster.people and link.student_id in roster.people
    }


def _present(manifest: dict[str, str], name: str) -> bool:
    """An optional file is read unless the manifest calls it absent."""
    return manifest.get(f"file.{name}".lower(), "").strip().lower() != "absent"


def _read_orgs(
    source: Source,
    roster: RosterSet,
    manifest: dict[str, str],
    *,
    school_code: str,
    school_name: str,
) -> Scope:
    """A file covering several schools (orgs of type school) is narrowed to the school
    being imported, found by its BRIN code (the org's identifier) or its name. When none
    matches, the file is refused: importing another school's pupils is never right."""
    if not _present(manifest, "orgs"):
        return Scope()
    schools: dict[str, tuple[str, str]] = {}
    parents: dict[str, str] = {}
    for row in _rows(source, "orgs", roster, ("sourcedId",)):
        key = row.get("sourcedid")
        if row.get("status").lower() == "tobedeleted" or not key:
            continue
        parents[key] = row.get("parentsourcedid")
        if row.get("type").lower() == "school":
            schools[key] = (row.get("name"), row.get("identifier"))
    if len(schools) < 2:
        return Scope()
    code, name = school_code.strip().lower(), school_name.strip().lower()
    chosen = [
        key
        for key, (org_name, identifier) in schools.items()
        if (code and identifier.lower() == code) or (name and org_name.lower() == name)
    ]
    if len(chosen) != 1:
        listed = ", ".join(
            f"{org_name or key} ({identifier or '-'})"
            for key, (org_name, identifier) in sorted(schools.items())
        )
        raise UnreadableImport(
            [
                Problem(
                    "orgs.csv",
                    0,
                    "",
                    _(
                        "this file covers %(count)s schools (%(schools)s) and none of them is "
                        "this school (BRIN code %(brin)s): import it into each school "
                        "separately; a school is recognised by its BRIN code in the "
                        "identifier column",
                        count=len(schools),
                        schools=listed,
                        brin=school_code or "?",
                    ),
                )
            ]
        )

    def school_of(org: str) -> str | None:
        seen: set[str] = set()
        while org and org not in seen:
            if org in schools:
                return org
            seen.add(org)
            org = parents.get(org, "")
        return None

    other = frozenset(
        org for org in parents if (found := school_of(org)) is not None and found != chosen[0]
    )
    return Scope(other_orgs=other)


def _report_scope(roster: RosterSet, scope: Scope) -> None:
    if scope.other_users or scope.other_classes:
        roster.warn(
            "orgs.csv",
            0,
            "",
            _(
                "this file covers several schools; only this school's part is imported "
                "(left out: %(users)s users and %(classes)s classes of other schools)",
                users=scope.other_users,
                classes=scope.other_classes,
            ),
        )
    if scope.other_year_classes:
        roster.warn(
            "classes.csv",
            0,
            "termSourcedIds",
            _(
                "%(count)s classes belong to another school year than %(year)s and are "
                "left out, with their enrolments",
                count=scope.other_year_classes,
                year=roster.school_year.name if roster.school_year else "",
            ),
        )


def _school_year_of(start: datetime.date) -> int:
    """A Dutch school year runs from 1 August; named by the calendar year it ends in."""
    return start.year + 1 if start.month >= 8 else start.year


def _read_sessions(
    source: Source, roster: RosterSet, manifest: dict[str, str]
) -> dict[str, Session]:
    """academicSessions.csv: every session's dates and school year, and the school year
    this import is for: the one that contains today, else the newest in the file."""
    sessions: dict[str, Session] = {}
    if not _present(manifest, "academicSessions"):
        return sessions
    file = "academicSessions.csv"
    for row in _rows(source, "academicSessions", roster, ("sourcedId", "startDate", "endDate")):
        if _status(row, file, roster):
            continue
        try:
            start, end = parse_date(row.get("startdate")), parse_date(row.get("enddate"))
        except ValueError:
            roster.warn(
                file, row.line, "startDate", _("has no valid dates; the session is ignored")
            )
            continue
        if end < start:
            roster.warn(file, row.line, "endDate", _("ends before it starts; ignored"))
            continue
        # By its dates: exports disagree on what the schoolYear column means.
        sessions[row.get("sourcedid")] = Session(start, end, _school_year_of(start))
    if not sessions:
        return sessions
    today = datetime.date.today()
    spans: dict[int, tuple[datetime.date, datetime.date]] = {}
    for session in sessions.values():
        low = datetime.date(session.year - 1, 8, 1)
        high = datetime.date(session.year, 7, 31)
        old = spans.get(session.year, (low, high))
        spans[session.year] = (min(old[0], session.starts_on), max(old[1], session.ends_on))
    current = [year for year, (low, high) in spans.items() if low <= today <= high]
    year = current[0] if current else max(spans)
    low, high = spans[year]
    roster.school_year = SchoolYearRecord(f"{year - 1}-{year}", low, high)
    if not current:
        roster.warn(
            file,
            0,
            "schoolYear",
            _(
                "no school year in this file contains today; its newest, %(year)s, is imported",
                year=roster.school_year.name,
            ),
        )
    return sessions


def _read_courses(
    source: Source, roster: RosterSet, manifest: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """courses.csv: course → (subject code, subject name), for lesson groups."""
    courses: dict[str, tuple[str, str]] = {}
    if not _present(manifest, "courses"):
        return courses
    for row in _rows(source, "courses", roster, ("sourcedId",)):
        if row.get("status").lower() == "tobedeleted":
            continue
        codes, names = _split(row.get("subjectcodes")), _split(row.get("subjects"))
        code = codes[0] if codes else row.get("coursecode")
        name = names[0] if names else row.get("title")
        courses[row.get("sourcedid")] = (code, name)
    return courses


def _subject(row: Row, courses: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The class's own subjects/subjectCodes first, then its course's; a name without a
    code gets the name as code, and the other way round."""
    codes, names = _split(row.get("subjectcodes")), _split(row.get("subjects"))
    course_code, course_name = courses.get(row.get("coursesourcedid"), ("", ""))
    code = (codes[0] if codes else course_code)[:SUBJECT_CODE_MAX]
    name = (names[0] if names else course_name)[:SUBJECT_NAME_MAX]
    if not code and not name:
        return "", ""
    return code or name[:SUBJECT_CODE_MAX], name or code


def _stamp(row: Row) -> tuple[datetime.date, str]:
    """dateLastModified as something to compare; a row without one is the oldest."""
    value = row.get("datelastmodified")
    try:
        day = parse_date(value)
    except ValueError:
        return datetime.date.min, ""
    rest = value.split("T", 1)[1] if "T" in value else ""
    return day, rest


def _year_levels(grades: str) -> tuple[int | None, int | None]:
    """'5' → (5, None); '5,6' → (5, 6); anything outside groep 1–8 → no level."""
    levels: list[int] = []
    for grade in _split(grades):
        if not grade.isdigit():
            return None, None
        levels.append(int(grade))
    if not levels or min(levels) < 1 or max(levels) > 8:
        return None, None
    low, high = min(levels), max(levels)
    return low, (high if high > low else None)


def _read_classes(
    source: Source,
    roster: RosterSet,
    *,
    scope: Scope,
    sessions: dict[str, Session],
    courses: dict[str, tuple[str, str]],
) -> None:
    if source.get("classes.csv") is None:
        roster.error(source.label, 0, "", _("classes.csv is missing, but the manifest lists it"))
        return
    delta = roster.mode(Kind.GROUP) == Mode.DELTA
    names: dict[str, str] = {}
    stamps: dict[str, tuple[datetime.date, str]] = {}
    year = roster.school_year
    for row in _rows(source, "classes", roster, ("sourcedId", "title", "classType")):
        key = row.get("sourcedid")
        if not key or len(key) > KEY_MAX:
            roster.error("classes.csv", row.line, "sourcedId", _("is empty or too long"))
            continue
        if scope.other_orgs and row.get("schoolsourcedid") in scope.other_orgs:
            scope.skipped.add(key)  # type: ignore[union-attr]
            scope.other_classes += 1
            continue
        if key in roster.groups and delta:
            # The newest dateLastModified wins.
            if _stamp(row) < stamps[key]:
                roster.warn(
                    "classes.csv",
                    row.line,
                    "dateLastModified",
                    _(
                        "older than line %(other_line)s for the same sourcedId; the newer "
                        "row is used",
                        other_line=roster.groups[key].line,
                    ),
                )
                continue
            names.pop(roster.groups.pop(key).name, None)
        elif key in roster.groups or key in roster.rejected_ids:
            roster.error(
                "classes.csv", row.line, "sourcedId", _("'%(key)s' appears twice", key=key)
            )
            roster.groups.pop(key, None)
            roster.rejected_ids.add(key)
            continue
        stamps[key] = _stamp(row)
        deleted = _status(row, "classes.csv", roster)
        terms = [sessions[t] for t in _split(row.get("termsourcedids")) if t in sessions]
        if year is not None and terms:
            in_year = [t for t in terms if year.starts_on <= t.starts_on <= year.ends_on]
            if not in_year:
                # A class of another school year: not this import's business.
                scope.skipped.add(key)  # type: ignore[union-attr]
                scope.other_year_classes += 1
                continue
            terms = in_year
        class_type = row.get("classtype").lower()
        if class_type not in ("homeroom", "scheduled") and not deleted:
            roster.error(
                "classes.csv",
                row.line,
                "classType",
                _("'%(classtype)s' is not homeroom or scheduled", classtype=row.get("classtype")),
            )
            roster.rejected_ids.add(key)
            continue
        title = row.get("title") or row.get("classcode")
        if not title and not deleted:
            roster.error("classes.csv", row.line, "title", _("is empty"))
            roster.rejected_ids.add(key)
            continue
        name = title[:GROUP_NAME_MAX]
        if name in names and not deleted:
            code = row.get("classcode") or key
            unique = f"{title} ({code})"[:GROUP_NAME_MAX]
            roster.warn(
                "classes.csv",
                row.line,
                "title",
                _(
                    "'%(title)s' is also the name of another class; named '%(unique)s'",
                    title=title,
                    unique=unique,
                ),
            )
            name = unique
        names[name] = key
        low, high = _year_levels(row.get("grades"))
        is_class = class_type == "homeroom"
        code, subject = ("", "") if is_class else _subject(row, courses)
        roster.groups[key] = GroupRecord(
            external_id=key,
            name=name,
            is_class=is_class,
            year_level=low,
            year_level_to=high,
            subject_code=code,
            subject_name=subject,
            starts_on=min((t.starts_on for t in terms), default=None),
            ends_on=max((t.ends_on for t in terms), default=None),
            deleted=deleted,
            file="classes.csv",
            line=row.line,
        )


def _read_enrollments(source: Source, roster: RosterSet, scope: Scope) -> None:
    if source.get("enrollments.csv") is None:
        roster.error(
            source.label, 0, "", _("enrollments.csv is missing, but the manifest lists it")
        )
        return
    file = "enrollments.csv"
    groups, people = roster.groups, roster.people
    positions: tuple[int, int, int, int] | None = None
    skipped = scope.skipped or set()
    delta = roster.mode(Kind.MEMBERSHIP) == Mode.DELTA
    # A delta: (dateLastModified, line, sourcedId, enrolment), applied newest last.
    pending: list[tuple[tuple[datetime.date, str], int, str, Enrollment]] = []

    def add(enrollment: Enrollment, row: Row) -> None:
        if delta:
            pending.append((_stamp(row), row.line, row.get("sourcedid"), enrollment))
        else:
            roster.enrollments.append(enrollment)

    for row in _rows(source, "enrollments", roster, ("classSourcedId", "userSourcedId", "role")):
        # The hot loop of a large import (a million rows): cells by position.
        if positions is None:
            index = row.index
            positions = (
                index["classsourcedid"],
                index["usersourcedid"],
                index["role"],
                index.get("status", 10**6),
            )
        cells = row.cells
        if len(cells) <= max(positions[:3]):
            cells = cells + [""] * (max(positions[:3]) + 1 - len(cells))
        group_id = cells[positions[0]].strip()
        user_id = cells[positions[1]].strip()
        role = cells[positions[2]].strip().lower()
        status = cells[positions[3]] if positions[3] < len(cells) else ""
        deleted = _status(row, file, roster) if status else False
        if skipped and (group_id in skipped or user_id in skipped):
            continue  # another school's or another school year's
        group = groups.get(group_id)
        person = people.get(user_id)
        if group is None:
            if group_id in roster.rejected_ids:
                continue
            if roster.mode(Kind.GROUP) == Mode.BULK or not group_id:
                roster.error(
                    file,
                    row.line,
                    "classSourcedId",
                    _("refers to unknown class '%(group_id)s'", group_id=group_id),
                )
                continue
        if person is None:
            if user_id in roster.rejected_ids:
                roster.error(
                    file,
                    row.line,
                    "userSourcedId",
                    _("refers to user '%(user_id)s', whose own row was rejected", user_id=user_id),
                )
                continue
            if roster.mode(Kind.STUDENT) == Mode.BULK or not user_id:
                roster.error(
                    file,
                    row.line,
                    "userSourcedId",
                    _("refers to unknown user '%(user_id)s'", user_id=user_id),
                )
                continue
        if person is None or group is None:
            # A delta may name a class or user from an earlier import: checked on writing.
            if role in STUDENT_ROLES | TEACHER_ROLES:
                add(
                    Enrollment(
                        group_id=group.external_id if group else group_id,
                        person_id=person.external_id if person else user_id,
                        as_teacher=role in TEACHER_ROLES,
                        primary=row.get("primary").lower() == "true",
                        deleted=deleted,
                        file=file,
                        line=row.line,
                    ),
                    row,
                )
            continue
        if role in STUDENT_ROLES:
            if not person.is_student:
                roster.error(
                    file,
                    row.line,
                    "role",
                    _("user '%(external_id)s' is not a student", external_id=person.external_id),
                )
                continue
            as_teacher = False
        elif role in TEACHER_ROLES:
            if not person.is_staff:
                roster.error(
                    file,
                    row.line,
                    "role",
                    _("user '%(external_id)s' is not a teacher", external_id=person.external_id),
                )
                continue
            as_teacher = True
        else:
            roster.warn(
                file,
                row.line,
                "role",
                _("enrolments as '%(role)s' are not used by Driehoek", role=role),
            )
            continue
        # A repeated enrolment is read once (the importer keeps one of each pair).
        add(
            Enrollment(
                # The record's own strings: one copy per key, however many enrolments.
                group_id=group.external_id,
                person_id=person.external_id,
                as_teacher=as_teacher,
                primary=row.get("primary").lower() == "true",
                deleted=deleted,
                file=file,
                line=row.line,
            ),
            row,
        )
    if delta:
        _apply_newest(roster, pending)


def _apply_newest(
    roster: RosterSet, pending: list[tuple[tuple[datetime.date, str], int, str, Enrollment]]
) -> None:
    """A delta's enrolments in dateLastModified order: for one sourcedId, and for one
    user in one class, the newest row wins (an older row is dropped with a note)."""
    pending.sort(key=lambda item: (item[0], item[1]))
    by_pair: dict[tuple[str, str, bool], Enrollment] = {}
    by_key: dict[str, tuple[str, str, bool]] = {}
    for _stamp_value, _line, key, enrollment in pending:
        pair = (enrollment.group_id, enrollment.person_id, enrollment.as_teacher)
        if key:
            earlier = by_key.get(key)
            if earlier is not None and earlier != pair:
                by_pair.pop(earlier, None)  # the enrolment moved to another class or user
            by_key[key] = pair
        replaced = by_pair.pop(pair, None)
        if replaced is not None:
            roster.warn(
                replaced.file,
                replaced.line,
                "dateLastModified",
                _(
                    "a newer row (line %(other_line)s) for the same enrolment is used",
                    other_line=enrollment.line,
                ),
            )
        by_pair[pair] = enrollment
    roster.enrollments.extend(by_pair.values())
