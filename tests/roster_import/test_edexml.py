"""EDEXML 2.1: validated against Edustandaard's XSD, then imported; parents come from a
Dutch CSV file matched on the student number."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from driehoek.roster.models import Group, GroupMembership, Guardian, StaffMember, Student
from driehoek.roster_import.edexml import plain_message
from tests.roster_import.conftest import edexml


def run(path, *args: str) -> dict:
    out = StringIO()
    try:
        call_command("import_roster", str(path), "--school", "99ZZ", "--json", *args, stdout=out)
    except CommandError as exc:
        if not out.getvalue():
            raise AssertionError(str(exc)) from None
    return json.loads(out.getvalue())


def test_the_dutch_example_is_rejected_row_by_row_for_what_driehoek_cannot_store(school):
    report = run(edexml("EDEXML.Voorbeeld.2.1.xml"))

    assert report["outcome"] == "rejected"
    lines = [(p["line"], p["column"], p["reason"]) for p in report["problems"]]
    assert (77, "leerling", "pupil '00001' has no first or last name") in lines
    # Pupil 00002 (line 91) has no geboortedatum: accepted, the birth date is optional.
    assert not any("date of birth" in reason for _l, _c, reason in lines)
    assert (133, "emailadres", "teacher 'LK1' needs an e-mail address to log in") in lines
    assert not Group.objects.exists()


def test_the_dutch_example_with_skip_invalid_imports_groups_and_the_valid_pupil(school):
    report = run(edexml("EDEXML.Voorbeeld.2.1.xml"), "--skip-invalid")

    assert report["counts"]["groups"]["created"] == 8  # 5 groups, 3 combined groups
    assert Group.objects.get(external_id="groep:GRP4A").year_level == 4
    assert Group.objects.get(external_id="groep:001").year_level is None  # jaargroep 0
    assert Group.objects.get(external_id="groep:sg1").kind == "lesson"
    assert report["counts"]["students"]["created"] == 2
    # 00002 has no geboortedatum: imported with an unknown date of birth.
    assert Student.objects.get(student_number="00002").date_of_birth is None
    pupil = Student.objects.get(student_number="12345")
    assert str(pupil.date_of_birth) == "2006-06-21"
    assert (pupil.student_number, pupil.first_name, pupil.infix, pupil.last_name) == (
        "12345",
        "Gradje",
        "van 't",
        "Hof",
    )
    assert str(pupil.left_on) == "2014-07-18"  # uitstroomdatum
    assert not StaffMember.objects.exists()


def test_the_flemish_example_validates_and_is_read_the_same_way(school):
    report = run(edexml("EDEXML.Voorbeeld.2.1-Vla.xml"), "--skip-invalid")
    assert report["outcome"] == "applied"
    assert report["counts"]["students"]["created"] == 2
    assert Student.objects.filter(date_of_birth__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "EDEXML.invalid_1.xml",
            "EDEXML.invalid_1.xml line 3, school_incorrect_element: "
            "<school_incorrect_element> is not allowed here; expected <school>",
        ),
        (
            "EDEXML.invalid_toevoegingen.xml",
            "EDEXML.invalid_toevoegingen.xml line 67, toevoegingen: <toevoegingen> is not "
            "allowed at this place (check the order of the elements)",
        ),
    ],
)
def test_an_invalid_file_is_rejected_with_the_validators_message_in_plain_words(
    school, name, expected
):
    with pytest.raises(CommandError) as caught:
        call_command("import_roster", str(edexml(name)), "--school", "99ZZ", stdout=StringIO())
    assert expected in str(caught.value)
    assert not Group.objects.exists()


def test_parents_come_from_a_csv_file_matched_on_the_student_number(school, tmp_path):
    folder = tmp_path / "parnassys"
    folder.mkdir()
    shutil.copy(edexml("EDEXML.Voorbeeld.2.1.xml"), folder / "export.xml")
    (folder / "ouders.csv").write_text(
        "leerlingnummer;voornaam;achternaam;e-mail;relatie\n12345;Anja;Hof;anja@example.org;moeder\n",
        encoding="utf-8",
    )

    report = run(folder, "--skip-invalid")

    assert report["counts"]["guardian_links"]["created"] == 1
    anja = Guardian.objects.get()
    assert anja.child_links.get().student.student_number == "12345"


OWN_EXAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<EDEX>
  <school>
    <schooljaar>2019-2020</schooljaar>
    <brincode>99ZZ</brincode>
  </school>
  <groepen>
    <groep key="G56"><naam>Groep 5/6</naam><jaargroep>5</jaargroep></groep>
    <samengestelde_groep key="LEES"><naam>Leesclub</naam></samengestelde_groep>
  </groepen>
  <leerlingen>
    <leerling key="000777">
      <achternaam>Berg</achternaam>
      <voorvoegsel>van den</voorvoegsel>
      <roepnaam>Sanne</roepnaam>
      <geboortedatum>2017-05-01</geboortedatum>
      <groep key="G56"/>
      <samengestelde_groepen><samengestelde_groep key="LEES"/></samengestelde_groepen>
      <bsn>123456782</bsn>
    </leerling>
  </leerlingen>
  <leerkrachten>
    <leerkracht key="LK9">
      <achternaam>Visser</achternaam>
      <roepnaam>Mirjam</roepnaam>
      <emailadres>m.visser@school.example</emailadres>
      <groepen><groep key="G56"/><samengestelde_groep key="LEES"/></groepen>
    </leerkracht>
  </leerkrachten>
</EDEX>
"""


def test_a_pupil_in_a_combined_group_is_a_member_of_both_and_the_teacher_mentors_the_class(
    school, tmp_path
):
    path = tmp_path / "own.xml"
    path.write_text(OWN_EXAMPLE, encoding="utf-8")

    report = run(path)

    assert report["outcome"] == "applied", report["problems"]
    sanne = Student.objects.get(student_number="000777")
    assert sanne.group.name == "Groep 5/6"
    groups = set(
        GroupMembership.objects.filter(student=sanne).values_list("group__name", flat=True)
    )
    assert groups == {"Groep 5/6", "Leesclub"}
    mirjam = StaffMember.objects.get(email="m.visser@school.example")
    assert mirjam.mentor_assignments.get().group == sanne.group
    assert mirjam.teaching_assignments.get().group.name == "Leesclub"
    # The BSN is in the file but Driehoek never stores it.
    assert "123456782" not in json.dumps(list(Student.objects.values()), default=str)


def test_validator_messages_that_are_not_known_keep_their_detail():
    assert "the file does not follow the EDEXML 2.1 schema" in plain_message("Something odd")
