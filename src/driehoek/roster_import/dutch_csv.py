"""Dutch CSV exports → records (no Django). The layout is documented in docs/csv-layout.md.

Three kinds of file, told apart by their columns (not their names):

- leerlingen: leerlingnummer, roepnaam/voornaam, tussenvoegsel, achternaam,
  geboortedatum, groep/klas, lesgroepen, e-mail, uitschrijfdatum;
- ouders (verzorgers): one row per parent per child: leerlingnummer, ouder-id,
  voornaam/voorletters, tussenvoegsel, achternaam, e-mail, telefoon, relatie;
- medewerkers: e-mail, voornaam, tussenvoegsel, achternaam, afkorting, rol, groepen.

The student number is the student's key, so a parents file also completes an EDEXML
import (which has no parents) and a later export updates the same students.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from driehoek.roster_import.csvtext import CsvFileError, Row, decode_stream, parse_date, read_rows
from driehoek.roster_import.records import (
    Enrollment,
    GroupRecord,
    GuardianLink,
    GuardianRelation,
    Kind,
    Mode,
    PersonRecord,
    RosterSet,
    StaffRoleName,
    _,
)
from driehoek.roster_import.sources import Source, SourceFile

_EMAIL = re.compile(r"^(?=.{3,254}$)[^@\s]+@[^@\s]+\.[^@\s]+$")

# Column names as Dutch systems write them, normalised (lower case, no spaces/dashes).
SYNONYMS = {
    "leerlingnummer": ("leerlingnummer", "leerlingnr", "llnr", "studentnummer"),
    "voornaam": ("roepnaam", "voornaam", "voornamen", "voorletters"),
    "tussenvoegsel": ("tussenvoegsel", "tussenvoegsels", "voorvoegsel"),
    "achternaam": ("achternaam", "geslachtsnaam", "familienaam"),
    "geboortedatum": ("geboortedatum", "geboren"),
    "groep": ("groep", "klas", "stamgroep", "stamklas"),
    "lesgroepen": ("lesgroepen", "clusters", "lesgroep"),
    "email": ("email", "emailadres", "mail"),
    "telefoon": ("telefoon", "telefoonnummer", "mobiel", "mobielnummer"),
    "relatie": ("relatie", "relatietotleerling", "soort"),
    "ouderid": ("ouderid", "oudernummer", "verzorgerid", "relatienummer"),
    "uitschrijfdatum": ("uitschrijfdatum", "uitstroomdatum", "vertrokken"),
    "afkorting": ("afkorting", "code", "docentcode"),
    "rol": ("rol", "functie"),
    "groepen": ("groepen", "klassen"),
    # Household evidence (parents file): the system's household number, else the address.
    # Only compared, never stored.
    "gezin": ("gezin", "gezinsnummer", "gezinsid", "huishouden", "huishoudnummer"),
    "postcode": ("postcode",),
    "huisnummer": ("huisnummer", "huisnr"),
    "adres": ("adres", "woonadres", "straat"),
}
_RELATIONS = {
    "ouder": GuardianRelation.PARENT,
    "moeder": GuardianRelation.PARENT,
    "vader": GuardianRelation.PARENT,
    "voogd": GuardianRelation.GUARDIAN,
    "verzorger": GuardianRelation.GUARDIAN,
    "pleegouder": GuardianRelation.GUARDIAN,
    "gezinsvoogd": GuardianRelation.GUARDIAN,
}


def _column(header: list[str], field: str) -> str | None:
    for name in SYNONYMS[field]:
        if name in header:
            return name
    return None


class _Columns:
    def __init__(self, header: list[str]) -> None:
        self.names = {field: _column(header, field) for field in SYNONYMS}

    def get(self, row: Row, field: str) -> str:
        name = self.names[field]
        return row.get(name) if name else ""

    def has(self, field: str) -> bool:
        return self.names[field] is not None


def parse_dutch_csv(source: Source, roster: RosterSet | None = None) -> RosterSet:
    """Read every CSV file of `source`; `roster` (from EDEXML) is completed when given."""
    roster = roster or RosterSet(format="csv")
    kinds: list[tuple[int, str, SourceFile]] = []
    for file in source.with_suffix(".csv"):
        kind = _kind_of(file, roster)
        if kind:
            kinds.append((_ORDER.index(kind), kind, file))
    for _order, kind, _file in kinds:
        _set_modes(kind, roster)
    # Students first, so staff and parents files can refer to their groups and numbers.
    for _order, kind, file in sorted(kinds, key=lambda item: item[0]):
        _read_file(file, kind, roster)
    return roster


_ORDER = ["students", "staff", "guardians"]


def _kind_of(file: SourceFile, roster: RosterSet) -> str:
    with file.open() as stream:
        try:
            header, _rows = read_rows(decode_stream(stream), file=file.name, problems=[])
        except CsvFileError as exc:
            roster.error(file.name, 1, "", exc.args[0])
            return ""
    columns = _Columns(header)
    if columns.has("leerlingnummer") and columns.has("geboortedatum"):
        return "students"
    if columns.has("leerlingnummer"):
        return "guardians"
    if columns.has("email") and columns.has("achternaam"):
        return "staff"
    roster.error(
        file.name,
        1,
        "",
        _(
            "unknown layout: a students file needs leerlingnummer and geboortedatum, a "
            "parents file leerlingnummer, a staff file e-mail and achternaam "
            "(see docs/csv-layout.md)"
        ),
    )
    return ""


def _read_file(file: SourceFile, kind: str, roster: RosterSet) -> None:
    problems: list[tuple[int, str, str]] = []
    reader = {"students": _students, "guardians": _guardians, "staff": _staff}[kind]
    with file.open() as stream:
        header, rows = read_rows(decode_stream(stream), file=file.name, problems=problems)
        columns = _Columns(header)
        missing = [field for field in _REQUIRED[kind] if not columns.has(field)]
        if missing:
            roster.error(
                file.name,
                1,
                "",
                _("the header lacks the column(s) %(columns)s", columns=", ".join(missing)),
            )
            return
        count = 0
        for row in _counted(rows):
            count += 1
            reader(row, columns, file.name, roster)
        for line, column, reason in problems:
            roster.error(file.name, line, column, reason)
        roster.files_read[file.name] = count


_REQUIRED = {
    "students": ("leerlingnummer", "voornaam", "achternaam", "geboortedatum"),
    "guardians": ("leerlingnummer", "voornaam", "achternaam"),
    "staff": ("email", "voornaam", "achternaam"),
}


def _counted(rows: Iterator[Row]) -> Iterator[Row]:
    yield from rows


def _set_modes(kind: str, roster: RosterSet) -> None:
    """A file is the whole list of its kind (bulk); kinds without a file are left alone."""
    kinds = {
        "students": (Kind.STUDENT, Kind.GROUP, Kind.MEMBERSHIP),
        "guardians": (Kind.GUARDIAN, Kind.GUARDIAN_LINK),
        "staff": (Kind.STAFF, Kind.ASSIGNMENT),
    }[kind]
    for each in Kind:
        roster.modes.setdefault(each, Mode.ABSENT)
    for each in kinds:
        roster.modes[each] = Mode.BULK


def _names(
    row: Row, columns: _Columns, file: str, roster: RosterSet
) -> tuple[str, str, str] | None:
    first = (
        columns.get(row, "voornaam").split(" ")[0]
        if columns.names["voornaam"] == "voornamen"
        else columns.get(row, "voornaam")
    )
    last = columns.get(row, "achternaam")
    infix = columns.get(row, "tussenvoegsel")
    for label, value in (("voornaam", first), ("achternaam", last)):
        if not value:
            roster.error(file, row.line, label, _("is empty"))
            return None
        if len(value) > 100:
            roster.error(file, row.line, label, _("is longer than 100 characters"))
            return None
    if len(infix) > 20:
        roster.error(file, row.line, "tussenvoegsel", _("is longer than 20 characters"))
        return None
    return first, infix, last


def _email(row: Row, columns: _Columns, file: str, roster: RosterSet) -> str:
    email = columns.get(row, "email").lower()
    if email and not _EMAIL.match(email):
        roster.warn(file, row.line, "e-mail", _("is not a valid e-mail address; left out"))
        return ""
    return email


def _date(row: Row, columns: _Columns, field: str, file: str, roster: RosterSet) -> object:
    value = columns.get(row, field)
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError:
        roster.error(
            file, row.line, field, _("'%(value)s' is not a date (use dd-mm-jjjj)", value=value)
        )
        return False


_LEVELS = re.compile(r"^(?:groep\s*)?([1-8])(?:\s*[/-]\s*([1-8])(?!\d))?")


def year_levels(name: str) -> tuple[int | None, int | None]:
    """'5a' → (5, None); 'groep 5/6' → (5, 6); '2havo-b' → (2, None); 'Kabouters' → none."""
    match = _LEVELS.match(name.strip().lower())
    if not match:
        return None, None
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else None
    return low, (high if high and high > low else None)


def group_key(name: str, *, is_class: bool) -> str:
    return ("groep:" if is_class else "lesgroep:") + name.strip().lower()


def _add_group(roster: RosterSet, name: str, *, is_class: bool, file: str, line: int) -> str:
    key = group_key(name, is_class=is_class)
    if key not in roster.groups:
        low, high = year_levels(name) if is_class else (None, None)
        roster.groups[key] = GroupRecord(
            external_id=key,
            name=name.strip()[:50],
            is_class=is_class,
            year_level=low,
            year_level_to=high,
            file=file,
            line=line,
        )
    return key


def _students(row: Row, columns: _Columns, file: str, roster: RosterSet) -> None:
    number = columns.get(row, "leerlingnummer")
    if not number:
        roster.error(file, row.line, "leerlingnummer", _("is empty"))
        return
    if len(number) > 20:
        roster.error(file, row.line, "leerlingnummer", _("is longer than 20 characters"))
        return
    if number in roster.people or number in roster.rejected_ids:
        roster.error(
            file, row.line, "leerlingnummer", _("'%(number)s' appears twice", number=number)
        )
        roster.people.pop(number, None)
        roster.rejected_ids.add(number)
        return
    names = _names(row, columns, file, roster)
    born = _date(row, columns, "geboortedatum", file, roster)
    left = _date(row, columns, "uitschrijfdatum", file, roster)
    # An empty birth date is accepted (the student cannot be invited until it is known).
    if names is None or born is False or left is False:
        roster.rejected_ids.add(number)
        return
    first, infix, last = names
    roster.people[number] = PersonRecord(
        external_id=number,
        first_name=first,
        infix=infix,
        last_name=last,
        email=_email(row, columns, file, roster),
        is_student=True,
        student_number=number,
        date_of_birth=born or None,  # type: ignore[arg-type]
        left_on=left or None,  # type: ignore[arg-type]
        file=file,
        line=row.line,
    )
    klass = columns.get(row, "groep")
    if klass:
        key = _add_group(roster, klass, is_class=True, file=file, line=row.line)
        roster.enrollments.append(Enrollment(key, number, False, True, file=file, line=row.line))
    for name in _split(columns.get(row, "lesgroepen")):
        key = _add_group(roster, name, is_class=False, file=file, line=row.line)
        roster.enrollments.append(Enrollment(key, number, False, file=file, line=row.line))


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,|]", value) if part.strip()]


def _guardians(row: Row, columns: _Columns, file: str, roster: RosterSet) -> None:
    number = columns.get(row, "leerlingnummer")
    names = _names(row, columns, file, roster)
    if not number:
        roster.error(file, row.line, "leerlingnummer", _("is empty"))
        return
    if names is None:
        return
    first, infix, last = names
    email = _email(row, columns, file, roster)
    # The parent's key: their id in the school system, else their e-mail address, else
    # their name with the child's number (then a second child makes a second parent row).
    key = columns.get(row, "ouderid")
    key = (
        f"ouder:{key}"
        if key
        else (f"ouder:{email}" if email else f"ouder:{number}:{first}:{last}".lower())
    )
    relation = _RELATIONS.get(columns.get(row, "relatie").lower(), GuardianRelation.OTHER)
    if not columns.get(row, "relatie"):
        relation = GuardianRelation.PARENT
    person = roster.people.get(key)
    if person is None:
        person = PersonRecord(
            external_id=key[:100],
            first_name=first,
            infix=infix,
            last_name=last,
            email=email,
            phone=columns.get(row, "telefoon")[:30],
            is_guardian=True,
            relation=relation,
            household=_household(row, columns),
            file=file,
            line=row.line,
        )
        roster.people[person.external_id] = person
    student = roster.people.get(number)
    if student is not None and not student.is_student:
        roster.error(
            file, row.line, "leerlingnummer", _("'%(number)s' is not a student", number=number)
        )
        return
    if student is None and roster.mode(Kind.STUDENT) == Mode.BULK:
        if number in roster.rejected_ids:
            return
        roster.error(
            file,
            row.line,
            "leerlingnummer",
            _("refers to unknown student '%(number)s'", number=number),
        )
        return
    roster.links.add(GuardianLink(person.external_id, number))


def _household(row: Row, columns: _Columns) -> str:
    """Evidence that parents live together: 'gezin:<number>' from the system's household
    column (decisive), else 'adres:<postcode|number>' (it joins two parents only when they
    also share a child). Empty: none, and the parent is a household of their own."""
    household = columns.get(row, "gezin")
    if household:
        return f"gezin:{household.lower()}"[:200]
    postcode = re.sub(r"\s", "", columns.get(row, "postcode")).upper()
    number = re.sub(r"\s", "", columns.get(row, "huisnummer")).lower()
    if postcode and number:
        return f"adres:{postcode}|{number}"[:200]
    address = " ".join(columns.get(row, "adres").lower().split())
    if address:
        return f"adres:{address}|{postcode}"[:200]
    return ""


_STAFF_ROLES = {
    "mentor": "mentor",
    "groepsleerkracht": "mentor",
    "leerkracht": "mentor",
    "docent": "teacher",
    "vakdocent": "teacher",
    "beheerder": "admin",
    "schoolbeheerder": "admin",
    "directie": "admin",
}


def _staff(row: Row, columns: _Columns, file: str, roster: RosterSet) -> None:
    email = _email(row, columns, file, roster)
    if not email:
        roster.error(file, row.line, "e-mail", _("staff members need an e-mail address to log in"))
        return
    names = _names(row, columns, file, roster)
    if names is None:
        return
    key = f"mw:{email}"[:100]
    if key in roster.people:
        roster.error(file, row.line, "e-mail", _("'%(email)s' appears twice", email=email))
        return
    roles: set[StaffRoleName] = {StaffRoleName.TEACHER}
    role_names = {_STAFF_ROLES.get(name.lower(), "") for name in _split(columns.get(row, "rol"))}
    if "" in role_names:
        roster.warn(file, row.line, "rol", _("unknown role; read as teacher (docent)"))
    if "admin" in role_names:
        roles.add(StaffRoleName.ADMIN)
    first, infix, last = names
    roster.people[key] = PersonRecord(
        external_id=key,
        first_name=first,
        infix=infix,
        last_name=last,
        email=email,
        staff_roles=frozenset(roles),
        abbreviation=columns.get(row, "afkorting")[:10],
        file=file,
        line=row.line,
    )
    mentor = "mentor" in role_names
    for name in _split(columns.get(row, "groepen")):
        class_key = group_key(name, is_class=True)
        lesson_key = group_key(name, is_class=False)
        if class_key in roster.groups and (mentor or lesson_key not in roster.groups):
            target = class_key
        elif lesson_key in roster.groups:
            target = lesson_key
        elif roster.mode(Kind.GROUP) == Mode.BULK:
            roster.error(
                file, row.line, "groepen", _("refers to unknown group '%(name)s'", name=name)
            )
            continue
        else:
            target = class_key  # a class from an earlier import, checked on writing
        roster.enrollments.append(
            Enrollment(target, key, True, mentor=mentor, file=file, line=row.line)
        )
