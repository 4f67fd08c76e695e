"""EDEXML 2.1 (Edustandaard; exported by ParnasSys, Esis and other primary-school
systems) → records (no Django).

The file is first validated against the XSD with lxml; an invalid file is rejected as a
whole, with each validator message turned into plain language. Then the school's groups
(including combined groups, "samengestelde groepen"), pupils and teachers are read.
EDEXML has no parents: they come from a Dutch CSV parents file matched on the student
number (the pupil's key).

Not read, by design (data minimisation): BSN and other national numbers, sex,
ethnicity, country of birth, weights, postcodes, notes ("toevoegingen").

The schema files are Edustandaard's and are not bundled: EDEXML_SCHEMA names
EDEXML.structuur.xsd; by default it is looked for beside the repository
(../shared/data/edexml/…).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

from driehoek.roster_import.records import (
    Enrollment,
    GroupRecord,
    Kind,
    Mode,
    PersonRecord,
    Problem,
    RosterSet,
    StaffRoleName,
    UnreadableImport,
    _,
)
from driehoek.roster_import.sources import Source, SourceFile

_DEFAULT_SCHEMA = (
    Path(__file__).resolve().parents[3].parent
    / "shared"
    / "data"
    / "edexml"
    / "edexmllib"
    / "Schema EDEXML 2.1"
    / "EDEXML.structuur.xsd"
)
_schema_cache: dict[Path, etree.XMLSchema] = {}
_EMAIL = re.compile(r"^(?=.{3,254}$)[^@\s]+@[^@\s]+\.[^@\s]+$")


def schema_path() -> Path:
    return Path(os.environ.get("EDEXML_SCHEMA") or _DEFAULT_SCHEMA)


def _schema() -> etree.XMLSchema:
    path = schema_path()
    if path not in _schema_cache:
        if not path.is_file():
            raise UnreadableImport(
                [
                    Problem(
                        path.name,
                        0,
                        "",
                        _(
                            "the EDEXML schema is not installed on this server (set "
                            "EDEXML_SCHEMA to EDEXML.structuur.xsd)"
                        ),
                    )
                ]
            )
        _schema_cache[path] = etree.XMLSchema(etree.parse(str(path)))
    return _schema_cache[path]


def parse_edexml(source: Source, *, guardians: Source | None = None) -> RosterSet:
    xml_files = source.with_suffix(".xml")
    if len(xml_files) != 1:
        raise UnreadableImport(
            [Problem(source.label, 0, "", _("expected exactly one EDEXML (.xml) file"))]
        )
    file = xml_files[0]
    document = _validated(file)
    roster = RosterSet(format="edexml", version="2.1")
    for kind in (Kind.STUDENT, Kind.STAFF, Kind.GROUP, Kind.MEMBERSHIP, Kind.ASSIGNMENT):
        roster.modes[kind] = Mode.BULK
    for kind in (Kind.GUARDIAN, Kind.GUARDIAN_LINK):
        roster.modes[kind] = Mode.ABSENT
    root = document.getroot()
    _groups(root, file.name, roster)
    _pupils(root, file.name, roster)
    _teachers(root, file.name, roster)
    roster.files_read[file.name] = len(roster.people) + len(roster.groups)
    csv_files = list(source.with_suffix(".csv"))
    if guardians is not None:
        csv_files += guardians.with_suffix(".csv")
    if csv_files:
        from driehoek.roster_import.dutch_csv import parse_dutch_csv

        parse_dutch_csv(Source(source.label, csv_files), roster)
    return roster


def _validated(file: SourceFile) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with file.open() as stream:
        try:
            document = etree.parse(stream, parser)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno or 0
            raise UnreadableImport(
                [
                    Problem(
                        file.name,
                        line,
                        "",
                        _("this is not well-formed XML (%(detail)s)", detail=exc.msg),
                    )
                ]
            ) from None
    schema = _schema()
    try:
        valid = schema.validate(document)
    except etree.XMLSchemaValidateError as exc:  # libxml2's "internal error" (fuzzing)
        raise UnreadableImport(
            [Problem(file.name, 0, "", _("this is not well-formed XML (%(detail)s)", detail=exc))]
        ) from None
    if not valid:
        problems = [
            Problem(file.name, error.line, _element(error.message), plain_message(error.message))
            for error in list(schema.error_log)[:50]
        ]
        raise UnreadableImport(problems)
    return document


def _element(message: str) -> str:
    match = re.match(r"Element '([^']+)'", message)
    return match.group(1) if match else ""


_PLAIN = [
    (
        re.compile(
            r"Element '([^']+)': This element is not expected\. Expected is \( ?([^)]+?) ?\)"
        ),
        _("<%(element)s> is not allowed here; expected <%(expected)s>"),
    ),
    (
        re.compile(r"Element '([^']+)': This element is not expected\."),
        _("<%(element)s> is not allowed at this place (check the order of the elements)"),
    ),
    (
        re.compile(r"Element '([^']+)': Missing child element\(s\)\. Expected is \( ?([^)]+?) ?\)"),
        _("<%(element)s> lacks <%(expected)s>"),
    ),
    (
        re.compile(r"Element '([^']+)': \[facet 'maxLength'\] The value '([^']*)' has a length of"),
        _("<%(element)s> is too long: '%(value)s'"),
    ),
    (
        re.compile(r"Element '([^']+)': \[facet 'enumeration'\] The value '([^']*)'"),
        _("<%(element)s> has the value '%(value)s', which is not one of the allowed values"),
    ),
    (
        re.compile(r"Element '([^']+)': \[facet '\w+'\] The value '([^']*)'"),
        _("<%(element)s> has the value '%(value)s', which is not in the right form"),
    ),
    (
        re.compile(
            r"Element '([^']+)': '([^']*)' is not a valid value of the atomic type 'xs:date"
        ),
        _("<%(element)s> has the value '%(value)s', which is not a date (write jjjj-mm-dd)"),
    ),
    (
        re.compile(r"Element '([^']+)': '([^']*)' is not a valid value"),
        _("<%(element)s> has the value '%(value)s', which is not valid here"),
    ),
    (
        re.compile(r"Element '([^']+)', attribute '([^']+)': The attribute .* is required"),
        _("<%(element)s> lacks the attribute %(attribute)s"),
    ),
    (
        re.compile(r"Element '([^']+)': The attribute '([^']+)' is required"),
        _("<%(element)s> lacks the attribute %(attribute)s"),
    ),
    (
        re.compile(r"Element '([^']+)': No matching global declaration"),
        _("this is not an EDEXML file (it starts with <%(element)s> instead of <EDEX>)"),
    ),
]


def plain_message(message: str) -> str:
    """A validator message in words a school administrator understands."""
    for pattern, template in _PLAIN:
        match = pattern.match(message)
        if match:
            groups = list(match.groups())
            names = re.findall(r"%\((\w+)\)s", template)
            values = dict(zip(names, groups, strict=False))
            if "expected" in values:
                values["expected"] = values["expected"].replace(", ", "> or <")
            return _(template, **values)
    return _("the file does not follow the EDEXML 2.1 schema (%(detail)s)", detail=message)


# --- Reading ----------------------------------------------------------------------------


def _text(element: etree._Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _level(text: str) -> int | None:
    return int(text) if text.isdigit() and 1 <= int(text) <= 8 else None


def _groups(root: etree._Element, file: str, roster: RosterSet) -> None:
    groups = root.find("groepen")
    if groups is None:
        return
    for element in groups:
        if not isinstance(element.tag, str):
            continue
        key = f"groep:{element.get('key')}"
        name = _text(element, "naam")[:50]
        if element.tag == "groep":
            level = _level(_text(element, "jaargroep"))
            roster.groups[key] = GroupRecord(
                key, name, is_class=True, year_level=level, file=file, line=element.sourceline
            )
        elif element.tag == "samengestelde_groep":
            # A combined group (e.g. a reading group across years): a lesson group here.
            roster.groups[key] = GroupRecord(
                key, name, is_class=False, file=file, line=element.sourceline
            )


def _names(element: etree._Element) -> tuple[str, str, str]:
    first = _text(element, "roepnaam") or _text(element, "voornamen").split(" ")[0]
    first = first or _text(element, "voorletters-1")
    return first[:100], _text(element, "voorvoegsel")[:20], _text(element, "achternaam")[:100]


def _pupils(root: etree._Element, file: str, roster: RosterSet) -> None:
    from driehoek.roster_import.csvtext import parse_date

    pupils = root.find("leerlingen")
    if pupils is None:
        return
    for element in pupils.iter("leerling"):
        key = element.get("key", "")
        line = element.sourceline or 0
        first, infix, last = _names(element)
        if len(key) > 20:
            roster.error(file, line, "leerling", _("the key '%(key)s' is too long", key=key))
            roster.rejected_ids.add(key)
            continue
        if not last or not first:
            roster.error(
                file, line, "leerling", _("pupil '%(key)s' has no first or last name", key=key)
            )
            roster.rejected_ids.add(key)
            continue
        # Optional: without it the pupil is imported but cannot get an own account yet.
        born = _text(element, "geboortedatum")
        left = _text(element, "uitstroomdatum")
        email = _text(element, "emailadres").lower()
        roster.people[key] = PersonRecord(
            external_id=key,
            first_name=first,
            infix=infix,
            last_name=last,
            email=email if _EMAIL.match(email) else "",
            is_student=True,
            student_number=key,
            date_of_birth=parse_date(born) if born else None,
            left_on=parse_date(left) if left else None,
            file=file,
            line=line,
        )
        group = element.find("groep")
        if group is not None:
            _enrol(roster, f"groep:{group.get('key')}", key, False, file, line)
        for combined in element.iterfind("samengestelde_groepen/samengestelde_groep"):
            _enrol(roster, f"groep:{combined.get('key')}", key, False, file, line)


def _enrol(
    roster: RosterSet, group_key: str, person: str, as_teacher: bool, file: str, line: int
) -> None:
    if group_key not in roster.groups:
        roster.error(
            file,
            line,
            "groep",
            _("refers to unknown group '%(key)s'", key=group_key.removeprefix("groep:")),
        )
        return
    roster.enrollments.append(
        Enrollment(group_key, person, as_teacher, primary=not as_teacher, file=file, line=line)
    )


def _teachers(root: etree._Element, file: str, roster: RosterSet) -> None:
    teachers = root.find("leerkrachten")
    if teachers is None:
        return
    for element in teachers.iter("leerkracht"):
        key = f"lk:{element.get('key', '')}"
        line = element.sourceline or 0
        first, infix, last = _names(element)
        email = _text(element, "emailadres").lower()
        if not last or not first:
            roster.error(
                file,
                line,
                "leerkracht",
                _("teacher '%(key)s' has no first or last name", key=key[3:]),
            )
            roster.rejected_ids.add(key)
            continue
        if not _EMAIL.match(email):
            roster.error(
                file,
                line,
                "emailadres",
                _("teacher '%(key)s' needs an e-mail address to log in", key=key[3:]),
            )
            roster.rejected_ids.add(key)
            continue
        roster.people[key] = PersonRecord(
            external_id=key,
            first_name=first,
            infix=infix,
            last_name=last,
            email=email,
            staff_roles=frozenset({StaffRoleName.TEACHER}),
            file=file,
            line=line,
        )
        for group in element.iterfind("groepen/*"):
            _enrol(roster, f"groep:{group.get('key')}", key, True, file, group.sourceline or line)
