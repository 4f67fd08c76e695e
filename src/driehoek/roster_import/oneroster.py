"""OneRoster 1.1 and 1.2 CSV (1EdTech) → records (no Django).

Read: manifest.csv (version, bulk/delta/absent per file), users.csv, roles.csv (1.2),
classes.csv, enrollments.csv and, for the date of birth only, demographics.csv.
Counted but not needed: orgs.csv. Ignored: academic sessions, courses, user profiles,
resources, results (Driehoek imports into one school and its current school year).

Tolerated quirks of real exports: CRLF, no final newline, headers in any case and with
known misspellings, empty header cells, plain dates where date-times are expected, day
first dates, enumerations in any case, quoted comma lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def parse_oneroster(source: Source) -> RosterSet:
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

    births = _read_births(source, roster)
    roles = (
        _read_roles(source, roster) if version == "1.2" and modes["users"] != Mode.ABSENT else {}
    )
    agents: list[tuple[str, str, int]] = []
    if modes["users"] != Mode.ABSENT:
        _read_users(source, roster, roles=roles, births=births, agents=agents)
        _resolve_agents(roster, agents)
    _count_orgs(source, roster)
    if modes["classes"] != Mode.ABSENT:
        _read_classes(source, roster)
    if modes["enrollments"] != Mode.ABSENT:
        _read_enrollments(source, roster)
    return roster


_READ = {"manifest", "users", "roles", "classes", "enrollments", "demographics", "orgs"}


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
) -> None:
    if source.get("users.csv") is None:
        roster.error(source.label, 0, "", _("users.csv is missing, but the manifest lists it"))
        return
    required = ("sourcedId", "givenName", "familyName")
    if roster.version == "1.1":
        required += ("role",)
    first_line: dict[str, int] = {}
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
        if key in first_line:
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
        person = _person(row, key, roster, roles=roles, births=births)
        if person is None:
            roster.rejected_ids.add(key)
            continue
        roster.people[key] = person
        for agent in _split(row.get("agentsourcedids") or row.get("agents")):
            agents.append((key, agent, row.line))


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


def _resolve_agents(roster: RosterSet, agents: list[tuple[str, str, int]]) -> None:
    """Guardian links may be given from the parent's side, the child's side, or both."""
    for user_id, agent_id, line in agents:
        user = roster.people.get(user_id)
        agent = roster.people.get(agent_id)
        if user is None:
            continue
        if agent is None:
            if agent_id in roster.rejected_ids:
                continue  # its own row is reported already
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
    # A link whose guardian or student was rejected goes too.
    roster.links = {
        link
        for link in roster.links
        if link.guardian_id in roster.people and link.student_id in roster.people
    }


def _count_orgs(source: Source, roster: RosterSet) -> None:
    for _row in _rows(source, "orgs", roster, ("sourcedId",)):
        pass


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


def _read_classes(source: Source, roster: RosterSet) -> None:
    if source.get("classes.csv") is None:
        roster.error(source.label, 0, "", _("classes.csv is missing, but the manifest lists it"))
        return
    names: dict[str, str] = {}
    for row in _rows(source, "classes", roster, ("sourcedId", "title", "classType")):
        key = row.get("sourcedid")
        if not key or len(key) > KEY_MAX:
            roster.error("classes.csv", row.line, "sourcedId", _("is empty or too long"))
            continue
        if key in roster.groups or key in roster.rejected_ids:
            roster.error(
                "classes.csv", row.line, "sourcedId", _("'%(key)s' appears twice", key=key)
            )
            roster.groups.pop(key, None)
            roster.rejected_ids.add(key)
            continue
        deleted = _status(row, "classes.csv", roster)
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
        roster.groups[key] = GroupRecord(
            external_id=key,
            name=name,
            is_class=class_type == "homeroom",
            year_level=low,
            year_level_to=high,
            deleted=deleted,
            file="classes.csv",
            line=row.line,
        )


def _read_enrollments(source: Source, roster: RosterSet) -> None:
    if source.get("enrollments.csv") is None:
        roster.error(
            source.label, 0, "", _("enrollments.csv is missing, but the manifest lists it")
        )
        return
    file = "enrollments.csv"
    groups, people = roster.groups, roster.people
    positions: tuple[int, int, int, int] | None = None
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
                roster.enrollments.append(
                    Enrollment(
                        group_id=group.external_id if group else group_id,
                        person_id=person.external_id if person else user_id,
                        as_teacher=role in TEACHER_ROLES,
                        primary=row.get("primary").lower() == "true",
                        deleted=deleted,
                        file=file,
                        line=row.line,
                    )
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
        roster.enrollments.append(
            Enrollment(
                # The record's own strings: one copy per key, however many enrolments.
                group_id=group.external_id,
                person_id=person.external_id,
                as_teacher=as_teacher,
                primary=row.get("primary").lower() == "true",
                deleted=deleted,
                file=file,
                line=row.line,
            )
        )
