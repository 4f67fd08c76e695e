"""Dutch CSV exports: semicolons or commas, UTF-8 with or without BOM or Windows-1252,
dd-mm-jjjj dates, Dutch column names (docs/csv-layout.md)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from driehoek.roster.models import (
    GroupMembership,
    Guardian,
    MentorAssignment,
    StaffMember,
    Student,
    StudentGuardian,
    TeachingAssignment,
)
from driehoek.roster_import.dutch_csv import parse_dutch_csv, year_levels
from driehoek.roster_import.sources import open_source

LEERLINGEN = (
    "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;Lesgroepen;E-mail\r\n"
    "000123;Zoë;van 't;Hof;04-03-2018;5/6;;\r\n"
    "000124;Daan;;Jansen;2017-09-15;5/6;;\r\n"
    "000125;Anouk;de;Boer;21-06-2013;8;Plusklas;anouk@leerling.example\r\n"
)
OUDERS = (
    "leerlingnummer,ouder-id,voornaam,tussenvoegsel,achternaam,e-mail,telefoon,relatie\n"
    "000123,O-1,Eva,de,Vries,eva@example.org,0612345678,moeder\n"
    "000124,O-1,Eva,de,Vries,eva@example.org,0612345678,moeder\n"
    "000125,,Mark,,Jansen,mark@example.org,,voogd\n"
)
MEDEWERKERS = (
    "E-mailadres;Voornaam;Tussenvoegsel;Achternaam;Afkorting;Rol;Groepen\n"
    "s.visser@school.example;Sanne;;Visser;VIS;mentor;5/6\n"
    "p.smit@school.example;Pieter;;Smit;SMI;docent;Plusklas\n"
)


def write(folder, files: dict[str, bytes]):
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def run(path, *args: str) -> dict:
    out = StringIO()
    call_command("import_roster", str(path), "--school", "99ZZ", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_a_windows_1252_export_with_semicolons_and_dutch_dates_imports(school, tmp_path):
    folder = write(
        tmp_path / "export",
        {
            "leerlingen.csv": LEERLINGEN.encode("cp1252"),
            "ouders.csv": ("\ufeff" + OUDERS).encode("utf-8"),  # UTF-8 with BOM
            "medewerkers.csv": MEDEWERKERS.encode("utf-8"),
        },
    )

    report = run(folder)

    assert report["outcome"] == "applied", report["problems"]
    zoe = Student.objects.get(student_number="000123")
    assert (zoe.first_name, zoe.infix, zoe.last_name) == ("Zoë", "van 't", "Hof")
    assert str(zoe.date_of_birth) == "2018-03-04"
    assert (zoe.group.name, zoe.group.year_level, zoe.group.year_level_to) == ("5/6", 5, 6)
    eva = Guardian.objects.get(external_id="ouder:O-1")
    assert set(eva.child_links.values_list("student__student_number", flat=True)) == {
        "000123",
        "000124",
    }
    assert StudentGuardian.objects.get(guardian__last_name="Jansen").relation == "guardian"
    assert MentorAssignment.objects.filter(
        staff_member__email="s.visser@school.example", group=zoe.group
    ).exists()
    assert TeachingAssignment.objects.filter(
        staff_member__email="p.smit@school.example", group__name="Plusklas"
    ).exists()
    assert GroupMembership.objects.filter(ended_on__isnull=True).count() == 4
    assert Student.objects.get(student_number="000125").email == "anouk@leerling.example"


def test_a_parents_file_on_its_own_adds_parents_to_students_already_imported(school, tmp_path):
    run(write(tmp_path / "first", {"leerlingen.csv": LEERLINGEN.encode()}))

    report = run(write(tmp_path / "second", {"ouders.csv": OUDERS.encode()}))

    assert report["counts"]["guardian_links"]["created"] == 3
    assert report["counts"]["students"]["removed"] == 0  # no students file: left alone
    assert Student.objects.filter(left_on__isnull=True).count() == 3


def test_a_parent_of_an_unknown_student_is_reported_with_file_and_line(school, tmp_path):
    folder = write(
        tmp_path / "export",
        {
            "leerlingen.csv": LEERLINGEN.encode(),
            "ouders.csv": (OUDERS + "999,,Ali,,Kaya,,,\n").encode(),
        },
    )
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("import_roster", str(folder), "--school", "99ZZ", stdout=out)

    assert "ouders.csv line 5, leerlingnummer: refers to unknown student '999'" in out.getvalue()
    assert not Student.objects.exists()


def test_an_unknown_layout_is_explained(school, tmp_path):
    folder = write(tmp_path / "export", {"export.csv": b"naam;adres\nJan;Dorpsstraat 1\n"})
    roster = parse_dutch_csv(open_source(folder))
    assert "unknown layout" in roster.errors[0].reason
    assert not StaffMember.objects.exists()


@pytest.mark.parametrize(
    ("name", "levels"),
    [("5a", (5, None)), ("groep 5/6", (5, 6)), ("2havo-b", (2, None)), ("Kabouters", (None, None))],
)
def test_year_levels_are_read_from_dutch_group_names(name, levels):
    assert year_levels(name) == levels


def test_an_empty_birth_date_is_accepted_and_stored_as_unknown(school, tmp_path):
    leerlingen = LEERLINGEN.replace("04-03-2018", "")
    folder = write(tmp_path / "export", {"leerlingen.csv": leerlingen.encode("utf-8")})

    report = run(folder)

    assert report["outcome"] == "applied", report["problems"]
    assert report["counts"]["students"]["created"] == 3
    assert Student.objects.get(student_number="000123").date_of_birth is None
    assert str(Student.objects.get(student_number="000124").date_of_birth) == "2017-09-15"
