"""The demo: a Dutch secondary school and a small primary school, always the same.

`seed_demo()` plans both schools in plain Python from a fixed random seed, then writes
the plan to the database by natural keys (BRIN, student number, e-mail address,
external key), so running it again creates nothing new and screenshots and tests stay
stable. It only adds what is missing: edits made afterwards (in the admin, say) are
kept.

Only the demo logins get a User; one password hash is computed for all of them.
Staff logins get a confirmed TOTP device whose key is derived from the e-mail address,
so `driehoek democode <email>` can print the current code.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import random
import unicodedata
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.accounts.models import User
from driehoek.roster import services
from driehoek.roster.models import (
    Group,
    GroupKind,
    Guardian,
    Household,
    Period,
    Relation,
    School,
    SchoolKind,
    SchoolYear,
    StaffMember,
    StaffRoleKind,
    Student,
    StudentGuardian,
    Subject,
    Track,
)

DEMO_DOMAIN = "demo.driehoek.test"
DEMO_PASSWORD = "driehoek-demo"
SEED = 20262027
YEAR_NAME = "2026-2027"
YEAR_START = datetime.date(2026, 8, 24)
YEAR_END = datetime.date(2027, 7, 16)
_TOTP_KEY_SALT = b"driehoek demo totp"

K = TypeVar("K")
M = TypeVar("M", bound=models.Model)


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


def is_demo_email(email: str) -> bool:
    return email.lower().endswith("@" + DEMO_DOMAIN)


def demo_totp_key(email: str) -> str:
    """A stable 20-byte TOTP key (hex) for a demo account. Public by design: demo only."""
    return hmac.new(_TOTP_KEY_SALT, email.lower().encode(), hashlib.sha1).hexdigest()


# --- Names ------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


GIRLS = _words(
    "Emma Julia Mila Sophie Tess Zoë Sara Nora Eva Liv Anna Noor Lotte Fenna Lieke Saar "
    "Isa Roos Fleur Jasmijn Maud Sanne Femke Lisa Yara Esmee Amira Ilse Nina Hannah "
    "Vera Fay Lynn Puck Linde Elif Ayla Salma Meryem Jade Romy Floor Evi Merel Suze"
)
BOYS = _words(
    "Daan Sem Lucas Levi Finn Milan Noah Jesse Bram Luuk Thijs Jayden Ruben Tim Lars "
    "Max Stijn Gijs Sven Thomas Jens Mees Siem Hugo Olivier Julian Cas Teun Niels Joep "
    "Mohammed Yusuf Ibrahim Adam Rayan Emir Mats Koen Wessel Dex Boaz Jurre Sil Tygo"
)
WOMEN = _words(
    "Anouk Marieke Linda Sandra Esther Monique Marloes Ingrid Petra Miriam Karin Saskia "
    "Inge Wendy Nicole Jolanda Ilse Yvonne Femke Judith Leonie Fatima Nadia Samira "
    "Ayşe Meltem Priya Chantal Renate Bianca Maaike Astrid"
)
MEN = _words(
    "Mark Erik Jeroen Martijn Bas Sander Dennis Peter Michiel Frank Richard Joost "
    "Arjan Wouter Vincent Maarten Rob Paul Hans Marco Ahmed Mustafa Hasan Mehmet Ravi "
    "Roy Ruud Bart Gerard Jan Ronald Edwin"
)
# (infix, last name): the infix ("tussenvoegsel") is stored apart, as Dutch lists sort
# on the last name.
SURNAMES = (
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("de", "Jong"),
    ("", "Schouten"),
    ("van", "Beek"),
    ("", "Willems"),
    ("van", "Vliet"),
    ("", "Hoekstra"),
    ("", "Maas"),
    ("", "Verhoeven"),
    ("", "Koster"),
    ("van", "Dam"),
    ("van der", "Wal"),
    ("", "Prins"),
    ("", "Blom"),
    ("", "Huisman"),
    ("", "Postma"),
    ("ter", "Horst"),
    ("in 't", "Veld"),
    ("", "Yılmaz"),
    ("", "Öztürk"),
    ("", "Kaya"),
    ("el", "Idrissi"),
    ("", "Bouali"),
    ("", "Tahiri"),
    ("", "Nguyen"),
    ("", "Pinas"),
    ("", "Ramdin"),
    ("", "Wiersma"),
    ("", "Kuipers"),
)
STREETS = (
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Lindelaan",
    "Beukenlaan",
    "Wilhelminastraat",
    "Julianastraat",
    "Schoolstraat",
    "Eikenlaan",
    "Nieuwe Weg",
    "Merelstraat",
    "Zonnebloemstraat",
    "Havenkade",
    "Stationsweg",
)


def _slug(*parts: str) -> str:
    text = "".join(parts).replace(" ", "").replace("'", "").lower()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# --- The plan: plain data ----------------------------------------------------------


@dataclass
class PersonPlan:
    first: str
    infix: str
    last: str

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first, self.infix, self.last) if part)


@dataclass
class StaffPlan(PersonPlan):
    email: str = ""
    abbreviation: str = ""
    roles: tuple[StaffRoleKind, ...] = ()
    subjects: tuple[str, ...] = ()
    login: bool = False


@dataclass
class GroupPlan:
    name: str
    kind: GroupKind
    year_level: int | None
    track: str
    year_level_to: int | None = None
    subject: str = ""


@dataclass
class PupilPlan(PersonPlan):
    number: str = ""
    born: datetime.date = YEAR_START
    klass: str = ""
    login: str = ""  # e-mail address when the student has a demo login
    moved_from: str = ""  # class before a change during the year
    moved_on: datetime.date | None = None
    lesson_groups: list[str] = field(default_factory=list)


@dataclass
class GuardianPlan(PersonPlan):
    key: str = ""  # stored as external_id: the natural key of a guardian
    email: str = ""
    phone: str = ""
    login: bool = False


@dataclass
class HouseholdPlan:
    name: str
    address: str  # unique within the school: the natural key of a household


@dataclass
class LinkPlan:
    pupil: str  # student number
    guardian: str  # guardian key
    household: str  # household address
    relation: Relation = Relation.PARENT
    restriction: str = ""


@dataclass
class SchoolPlan:
    brin: str
    name: str
    kind: SchoolKind
    city: str
    periods: list[tuple[str, datetime.date, datetime.date]]
    subjects: list[tuple[str, str]]
    groups: list[GroupPlan]
    staff: list[StaffPlan]
    mentors: list[tuple[str, str]]  # (staff e-mail, class name)
    teaching: list[tuple[str, str, str]]  # (staff e-mail, group name, subject code)
    pupils: list[PupilPlan] = field(default_factory=list)
    households: list[HouseholdPlan] = field(default_factory=list)
    guardians: list[GuardianPlan] = field(default_factory=list)
    links: list[LinkPlan] = field(default_factory=list)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    sees: str
    school: str
    staff: bool


class _Builder:
    """Adds families to a school plan: pupils, their guardians and households."""

    def __init__(self, plan: SchoolPlan, rng: random.Random, first_number: int) -> None:
        self.plan = plan
        self.rng = rng
        self.next_number = first_number
        self.emails: set[str] = {member.email for member in plan.staff}
        self.house_number = 1
        self.guardian_count = 0
        self.year_of = {g.name: g.year_level or 1 for g in plan.groups}

    def born(self, klass: str) -> datetime.date:
        # Children start groep 1 at four; leerjaar 1 of secondary school is "groep 9".
        level = self.year_of[klass] + (8 if self.plan.kind == SchoolKind.SECONDARY else 0)
        group = next(g for g in self.plan.groups if g.name == klass)
        if group.year_level_to:
            level += self.rng.randrange(group.year_level_to - (group.year_level or 1) + 1)
        cohort_start = datetime.date(YEAR_START.year - level - 4, 10, 1)
        return cohort_start + datetime.timedelta(days=self.rng.randrange(365))

    def email(self, person: PersonPlan) -> str:
        base = f"{_slug(person.first)}.{_slug(person.infix, person.last)}"
        candidate, n = demo_email(base), 1
        while candidate in self.emails:
            n += 1
            candidate = demo_email(f"{base}{n}")
        self.emails.add(candidate)
        return candidate

    def phone(self) -> str:
        return f"06-{self.rng.randrange(10_000_000, 99_999_999)}"

    def household(self, surname: tuple[str, str]) -> HouseholdPlan:
        infix, last = surname
        name = f"{infix[:1].upper()}{infix[1:]} {last}".strip()
        street = self.rng.choice(STREETS)
        address = f"{street} {self.house_number}, {self.plan.city}"
        self.house_number += 1
        home = HouseholdPlan(name=name, address=address)
        self.plan.households.append(home)
        return home

    def guardian(
        self, first: str, surname: tuple[str, str], login: str = "", email: str = ""
    ) -> GuardianPlan:
        self.guardian_count += 1
        person = GuardianPlan(first=first, infix=surname[0], last=surname[1])
        person.key = f"demo-{self.plan.brin}-g{self.guardian_count:04d}"
        if login:
            person.email, person.login = demo_email(login), True
            self.emails.add(person.email)
        else:
            person.email = email or self.email(person)
        person.phone = self.phone()
        self.plan.guardians.append(person)
        return person

    def pupil(self, first: str, surname: tuple[str, str], klass: str, login: str = "") -> PupilPlan:
        pupil = PupilPlan(first=first, infix=surname[0], last=surname[1])
        pupil.number = str(self.next_number)
        self.next_number += 1
        pupil.klass = klass
        pupil.born = self.born(klass)
        if login:
            pupil.login = demo_email(login)
        self.plan.pupils.append(pupil)
        return pupil

    def link(
        self,
        pupil: PupilPlan,
        guardian: GuardianPlan,
        home: HouseholdPlan,
        restriction: str = "",
    ) -> None:
        self.plan.links.append(
            LinkPlan(
                pupil=pupil.number,
                guardian=guardian.key,
                household=home.address,
                restriction=restriction,
            )
        )

    def child_name(self) -> str:
        return self.rng.choice(GIRLS if self.rng.random() < 0.5 else BOYS)

    def random_family(self, classes: list[str]) -> None:
        """One family: one or two children, one or two parents, one or two homes."""
        rng = self.rng
        surname = rng.choice(SURNAMES)
        mother_surname = surname if rng.random() < 0.55 else rng.choice(SURNAMES)
        children = [self.pupil(self.child_name(), surname, klass) for klass in classes]
        kind = rng.random()
        if kind < 0.07:  # separated: both parents keep the right to information
            mother_home, father_home = self.household(mother_surname), self.household(surname)
            mother = self.guardian(rng.choice(WOMEN), mother_surname)
            father = self.guardian(rng.choice(MEN), surname)
            for child in children:
                self.link(child, mother, mother_home)
                self.link(child, father, father_home)
        elif kind < 0.17:  # one parent
            home = self.household(surname)
            parent = self.guardian(rng.choice(WOMEN + MEN), surname)
            for child in children:
                self.link(child, parent, home)
        else:
            home = self.household(surname)
            mother = self.guardian(rng.choice(WOMEN), mother_surname)
            father = self.guardian(rng.choice(MEN), surname)
            for child in children:
                self.link(child, mother, home)
                self.link(child, father, home)

    def fill(self, seats: dict[str, int], sibling_share: float) -> None:
        """Fill the remaining seats of each class with random families."""
        order = [klass for klass, count in seats.items() for _ in range(count)]
        self.rng.shuffle(order)
        while order:
            classes = [order.pop()]
            if self.rng.random() < sibling_share:
                for index, other in enumerate(order):
                    if self.year_of[other] != self.year_of[classes[0]]:
                        classes.append(order.pop(index))
                        break
            self.random_family(classes)


def _staff(
    first: str,
    infix: str,
    last: str,
    *roles: StaffRoleKind,
    subjects: str = "",
    login: str = "",
) -> StaffPlan:
    member = StaffPlan(first=first, infix=infix, last=last)
    member.roles = roles
    member.subjects = tuple(subjects.split())
    member.abbreviation = (last[:3] + first[:1]).upper()
    if login:
        member.email, member.login = demo_email(login), True
    else:
        member.email = demo_email(f"{_slug(first[:1])}.{_slug(infix, last)}")
    return member


def _distribute_teaching(
    plan: SchoolPlan, needs: list[tuple[str, str]], pinned: dict[tuple[str, str], str]
) -> None:
    """Give every (group, subject) a teacher of that subject, spreading the load."""
    load = {member.email: 0 for member in plan.staff}
    for group, subject in needs:
        email = pinned.get((group, subject))
        if email is None:
            able = [m for m in plan.staff if subject in m.subjects]
            email = min(able, key=lambda m: (load[m.email], m.email)).email
        load[email] += 1
        plan.teaching.append((email, group, subject))


# --- Stedelijk College De Eem: secondary --------------------------------------------

SECONDARY_SUBJECTS = [
    ("NE", "Nederlands"),
    ("EN", "Engels"),
    ("WI", "Wiskunde"),
    ("FA", "Frans"),
    ("DU", "Duits"),
    ("GS", "Geschiedenis"),
    ("AK", "Aardrijkskunde"),
    ("BI", "Biologie"),
    ("NA", "Natuurkunde"),
    ("EC", "Economie"),
    ("LO", "Lichamelijke opvoeding"),
    ("MEN", "Mentoruur"),
]


def plan_secondary(rng: random.Random) -> SchoolPlan:
    tracks = [(Track.VMBO_GT, "vmbo-t"), (Track.HAVO, "havo"), (Track.VWO, "vwo")]
    sizes = [26, 27, 28, 25, 26, 27, 23, 24, 25, 22, 23, 24]  # 300 in all
    classes = [
        GroupPlan(f"{year}{short}", GroupKind.CLASS, year, track)
        for year in range(1, 5)
        for track, short in tracks
    ]
    # Upper years choose a profile: economics or biology is taught in clusters.
    clusters = [
        GroupPlan(f"4{short}-{code.lower()}", GroupKind.LESSON, 4, track, subject=code)
        for track, short in tracks[1:]
        for code in ("EC", "BI")
    ]
    A, M, T, C = (
        StaffRoleKind.ADMINISTRATOR,
        StaffRoleKind.MENTOR,
        StaffRoleKind.TEACHER,
        StaffRoleKind.CARE_COORDINATOR,
    )
    staff = [
        _staff("Marieke", "van", "Dijk", A, login="beheer"),
        _staff("Willem", "", "Koster", A),
        _staff("Ilse", "", "Wiersma", C, login="zorg"),
        _staff("Hasan", "", "Yılmaz", C),
        # Twelve mentors, in the order of the classes they look after; all teach too.
        _staff("Gerrit", "", "Kuipers", M, T, subjects="GS"),
        _staff("Sabine", "de", "Groot", M, T, subjects="NE"),
        _staff("Ruben", "", "Dekker", M, T, subjects="LO"),
        _staff("Anouk", "", "Prins", M, T, subjects="BI"),
        _staff("Jeroen", "de", "Boer", M, T, subjects="NE", login="mentor"),
        _staff("Lieke", "van der", "Wal", M, T, subjects="FA"),
        _staff("Thijs", "", "Hendriks", M, T, subjects="AK"),
        _staff("Naima", "", "Bouali", M, T, subjects="EN"),
        _staff("Frank", "van", "Vliet", M, T, subjects="NA"),
        _staff("Esther", "", "Blom", M, T, subjects="DU"),
        _staff("Martijn", "ter", "Horst", M, T, subjects="EC"),
        _staff("Yvonne", "", "Maas", M, T, subjects="WI"),
        # Subject teachers.
        _staff("Pieter", "", "Schouten", T, subjects="WI", login="docent"),
        _staff("Karin", "", "Hoekstra", T, subjects="EN", login="docent.ouder"),
        _staff("Bas", "", "Willems", T, subjects="WI NA"),
        _staff("Monique", "van den", "Heuvel", T, subjects="NE"),
        _staff("Dennis", "", "Kok", T, subjects="LO"),
        _staff("Saskia", "", "Jacobs", T, subjects="EN"),
        _staff("Arjan", "", "Huisman", T, subjects="GS AK"),
        _staff("Femke", "de", "Bruijn", T, subjects="BI"),
        _staff("Wouter", "van", "Beek", T, subjects="WI"),
        _staff("Linda", "", "Verhoeven", T, subjects="FA DU"),
        _staff("Sander", "", "Vos", T, subjects="EC AK"),
        _staff("Jolanda", "", "Smits", T, subjects="NE"),
        _staff("Vincent", "", "Pinas", T, subjects="LO BI"),
        _staff("Maaike", "in 't", "Veld", T, subjects="GS EN"),
    ]
    mentors = staff[4:16]
    plan = SchoolPlan(
        brin="21QK",
        name="Stedelijk College De Eem",
        kind=SchoolKind.SECONDARY,
        city="Amersfoort",
        periods=[
            ("Periode 1", YEAR_START, datetime.date(2026, 11, 6)),
            ("Periode 2", datetime.date(2026, 11, 9), datetime.date(2027, 2, 5)),
            ("Periode 3", datetime.date(2027, 2, 8), datetime.date(2027, 4, 23)),
            ("Periode 4", datetime.date(2027, 4, 26), YEAR_END),
        ],
        subjects=SECONDARY_SUBJECTS,
        groups=classes + clusters,
        staff=staff,
        mentors=[(m.email, c.name) for m, c in zip(mentors, classes, strict=True)],
        teaching=[],
    )
    # Mentors give their own class the mentor lesson.
    plan.teaching.extend((m.email, c.name, "MEN") for m, c in zip(mentors, classes, strict=True))
    needs: list[tuple[str, str]] = []
    for group in classes:
        lower = (group.year_level or 1) <= 3
        subjects = ["NE", "EN", "WI", "GS", "AK", "BI", "LO"] if lower else ["NE", "EN", "WI", "LO"]
        if lower and group.track != Track.VMBO_GT:
            subjects += ["FA", "DU"]
        if (group.year_level or 1) >= 3:
            subjects.append("NA")
        if not lower and group.track == Track.VMBO_GT:
            subjects += ["EC", "BI"]
        needs += [(group.name, subject) for subject in subjects]
    needs += [(cluster.name, cluster.subject) for cluster in clusters]
    mentor, teacher = demo_email("mentor"), demo_email("docent")
    pinned = {("2havo", "WI"): teacher, ("2vwo", "WI"): teacher, ("3havo", "WI"): teacher}
    pinned.update({("2vwo", "NE"): mentor, ("3havo", "NE"): mentor, ("2havo", "NE"): mentor})
    # The teacher who is also a parent does not teach her own son's class (1havo).
    pinned[("1havo", "EN")] = demo_email("s.jacobs")
    _distribute_teaching(plan, needs, pinned)

    seats = dict(zip((c.name for c in classes), sizes, strict=True))
    build = _Builder(plan, rng, first_number=240001)

    def take(klass: str) -> str:
        seats[klass] -= 1
        return klass

    # Separated parents, both with the right to information; the daughter has an account.
    fleur = build.pupil("Fleur", ("van der", "Meer"), take("2havo"), login="leerling")
    mother = build.guardian("Ingrid", ("", "Bosman"), login="ouder.a")
    father = build.guardian("Thomas", ("van der", "Meer"), login="ouder.b")
    build.link(fleur, mother, build.household(("", "Bosman")))
    build.link(fleur, father, build.household(("van der", "Meer")))
    # One parent, two children in different classes (and years).
    yasmin = build.pupil("Yasmin", ("el", "Idrissi"), take("1vwo"))
    adam = build.pupil("Adam", ("el", "Idrissi"), take("3havo"))
    # Fixed birthdays: the involvement scan is shown for a child of 15 (and of 9, below)
    # throughout the demo school year.
    adam.born = datetime.date(2011, 6, 12)
    nadia = build.guardian("Nadia", ("el", "Idrissi"), login="ouder.twee")
    youssef = build.guardian("Youssef", ("el", "Idrissi"))
    home = build.household(("el", "Idrissi"))
    for child in (yasmin, adam):
        build.link(child, nadia, home)
        build.link(child, youssef, home)
    # A teacher of this school whose son is a student here: she switches roles.
    daan = build.pupil("Daan", ("", "Hoekstra"), take("1havo"))
    karin = build.guardian("Karin", ("", "Hoekstra"), login="docent.ouder")
    partner = build.guardian("Michiel", ("", "Hoekstra"))
    home = build.household(("", "Hoekstra"))
    build.link(daan, karin, home)
    build.link(daan, partner, home)
    # A father whose right to information a court has restricted.
    julia = build.pupil("Julia", ("", "Brouwer"), take("3vwo"))
    sandra = build.guardian("Sandra", ("de", "Haan"))
    erik = build.guardian("Erik", ("", "Brouwer"))
    build.link(julia, sandra, build.household(("de", "Haan")))
    build.link(
        julia,
        erik,
        build.household(("", "Brouwer")),
        restriction="Rechterlijke uitspraak van 14 februari 2025: geen informatie aan vader.",
    )
    # A student who changed class in October: the class history shows it.
    sem = build.pupil("Sem", ("", "Visser"), take("2vmbo-t"))
    sem.moved_from, sem.moved_on = "2havo", datetime.date(2026, 10, 12)
    parent = build.guardian("Wendy", ("", "Visser"))
    build.link(sem, parent, build.household(("", "Visser")))

    build.fill(seats, sibling_share=0.1)
    for pupil in plan.pupils:
        if pupil.klass in ("4havo", "4vwo"):
            pupil.lesson_groups.append(f"{pupil.klass}-{rng.choice(('ec', 'bi'))}")
    return plan


# --- Basisschool De Wilgenhoek: primary ---------------------------------------------


def plan_primary(rng: random.Random) -> SchoolPlan:
    levels = [(1, None), (2, None), (3, None), (4, None), (5, 6), (7, None), (8, None)]
    sizes = [7, 8, 9, 8, 10, 9, 9]  # 60 in all
    groups = [
        GroupPlan(
            f"Groep {low}/{high}" if high else f"Groep {low}",
            GroupKind.CLASS,
            low,
            Track.PRIMARY,
            year_level_to=high,
        )
        for low, high in levels
    ]
    A, M, T, C = (
        StaffRoleKind.ADMINISTRATOR,
        StaffRoleKind.MENTOR,
        StaffRoleKind.TEACHER,
        StaffRoleKind.CARE_COORDINATOR,
    )
    staff = [
        _staff("Annemiek", "", "Postma", A, login="beheer.basis"),
        _staff("Renate", "", "Kuipers", C),
        _staff("Chantal", "", "Meijer", M),  # groep 1 and 2, the kindergarten classes
        _staff("Hanneke", "de", "Jong", M),
        _staff("Rob", "", "Smit", M),
        _staff("Joost", "van", "Leeuwen", M, login="leerkracht"),
        _staff("Merel", "van den", "Broek", M),
        _staff("Paul", "", "Bakker", M),
        _staff("Edwin", "", "Mulder", T, subjects="GYM"),
    ]
    kindergarten, g3, g4, g56, g7, g8 = staff[2:8]
    mentor_of = [kindergarten, kindergarten, g3, g4, g56, g7, g8]
    plan = SchoolPlan(
        brin="13XF",
        name="Basisschool De Wilgenhoek",
        kind=SchoolKind.PRIMARY,
        city="Amersfoort",
        periods=[
            ("Rapportperiode 1", YEAR_START, datetime.date(2027, 1, 29)),
            ("Rapportperiode 2", datetime.date(2027, 2, 1), YEAR_END),
        ],
        subjects=[("GYM", "Gymnastiek")],
        groups=groups,
        staff=staff,
        mentors=[(m.email, g.name) for m, g in zip(mentor_of, groups, strict=True)],
        teaching=[],
    )
    _distribute_teaching(plan, [(g.name, "GYM") for g in groups if (g.year_level or 0) >= 3], {})
    seats = dict(zip((g.name for g in groups), sizes, strict=True))
    build = _Builder(plan, rng, first_number=1001)
    seats["Groep 5/6"] -= 1
    lina = build.pupil("Lina", ("", "Ramdin"), "Groep 5/6")
    lina.born = datetime.date(2017, 5, 3)  # 9 throughout the demo school year
    priya = build.guardian("Priya", ("", "Ramdin"), login="ouder.basis")
    ravi = build.guardian("Ravi", ("", "Ramdin"))
    home = build.household(("", "Ramdin"))
    build.link(lina, priya, home)
    build.link(lina, ravi, home)
    build.fill(seats, sibling_share=0.2)
    return plan


def plan_demo() -> list[SchoolPlan]:
    rng = random.Random(SEED)  # noqa: S311 (made-up names, not secrets)
    return [plan_secondary(rng), plan_primary(rng)]


DEMO_LOGINS = [
    DemoLogin(
        "School administrator",
        demo_email("beheer"),
        "school overview: 12 classes, 300 students, staff; /admin/",
        "Stedelijk College De Eem",
        True,
    ),
    DemoLogin(
        "Mentor + teacher",
        demo_email("mentor"),
        "mentor of 2havo (incl. Fleur); teaches Dutch in 2vwo, 3havo",
        "Stedelijk College De Eem",
        True,
    ),
    DemoLogin(
        "Subject teacher",
        demo_email("docent"),
        "maths classes; basic student pages only",
        "Stedelijk College De Eem",
        True,
    ),
    DemoLogin(
        "Care coordinator",
        demo_email("zorg"),
        "the open care cases (a bullying case about Fleur, 2havo)",
        "Stedelijk College De Eem",
        True,
    ),
    DemoLogin(
        "Teacher + parent",
        demo_email("docent.ouder"),
        "English classes; as parent: Daan (1havo) - switch roles",
        "Stedelijk College De Eem",
        True,
    ),
    DemoLogin(
        "Parent, household A",
        demo_email("ouder.a"),
        "Fleur van der Meer (2havo); separated parents",
        "Stedelijk College De Eem",
        False,
    ),
    DemoLogin(
        "Parent, household B",
        demo_email("ouder.b"),
        "Fleur van der Meer (2havo); the other household",
        "Stedelijk College De Eem",
        False,
    ),
    DemoLogin(
        "Parent of two",
        demo_email("ouder.twee"),
        "Yasmin (1vwo) and Adam (3havo) el Idrissi",
        "Stedelijk College De Eem",
        False,
    ),
    DemoLogin(
        "Student",
        demo_email("leerling"),
        "own page: Fleur van der Meer, 2havo",
        "Stedelijk College De Eem",
        False,
    ),
    DemoLogin(
        "School administrator",
        demo_email("beheer.basis"),
        "school overview: 7 groups, 60 pupils",
        "Basisschool De Wilgenhoek",
        True,
    ),
    DemoLogin(
        "Group teacher (mentor)",
        demo_email("leerkracht"),
        "Groep 5/6 (a combined group)",
        "Basisschool De Wilgenhoek",
        True,
    ),
    DemoLogin(
        "Parent",
        demo_email("ouder.basis"),
        "Lina Ramdin (Groep 5/6)",
        "Basisschool De Wilgenhoek",
        False,
    ),
]


# --- Writing the plan --------------------------------------------------------------


def seed_demo() -> list[School]:
    """Create the demo schools, or add what is missing. Returns the schools."""
    plans = plan_demo()
    with transaction.atomic():
        users = _seed_users(plans)
        return [_seed_school(plan, users) for plan in plans]


def _seed_users(plans: list[SchoolPlan]) -> dict[str, User]:
    names: dict[str, str] = {}
    admins: set[str] = set()
    staff: set[str] = set()
    for plan in plans:
        for pupil in plan.pupils:
            if pupil.login:
                names.setdefault(pupil.login, pupil.full_name)
        for guardian in plan.guardians:
            if guardian.login:
                names.setdefault(guardian.email, guardian.full_name)
        for member in plan.staff:
            if member.login:
                names[member.email] = member.full_name
                staff.add(member.email)
                if StaffRoleKind.ADMINISTRATOR in member.roles:
                    admins.add(member.email)
    users = {user.email: user for user in User.objects.filter(email__in=names)}
    missing = [email for email in names if email not in users]
    if missing:
        # One hash for every demo login: hashing is deliberately slow.
        password = make_password(DEMO_PASSWORD)
        created = User.objects.bulk_create(
            User(
                email=email, display_name=names[email], password=password, is_staff=email in admins
            )
            for email in missing
        )
        users.update((user.email, user) for user in created)
    # School administrators use the admin site, so they need Django's `is_staff` flag.
    User.objects.filter(email__in=admins, is_staff=False).update(is_staff=True)
    with_device = set(
        TOTPDevice.objects.filter(user__email__in=staff, name="Demo").values_list(
            "user__email", flat=True
        )
    )
    for email in sorted(staff - with_device):
        TOTPDevice.objects.create(
            user=users[email], name="Demo", key=demo_totp_key(email), confirmed=True
        )
    return users


def _seed_school(plan: SchoolPlan, users: dict[str, User]) -> School:
    school, _ = School.objects.get_or_create(
        brin=plan.brin, defaults={"name": plan.name, "kind": plan.kind, "city": plan.city}
    )
    year, _ = SchoolYear.objects.get_or_create(
        school=school, name=YEAR_NAME, defaults={"starts_on": YEAR_START, "ends_on": YEAR_END}
    )
    for name, starts_on, ends_on in plan.periods:
        Period.objects.get_or_create(
            school_year=year,
            name=name,
            defaults={"school": school, "starts_on": starts_on, "ends_on": ends_on},
        )

    subjects = {subject.code: subject for subject in school.subjects.all()}
    subjects |= _create_missing(
        subjects,
        {code: Subject(school=school, code=code, name=name) for code, name in plan.subjects},
    )

    groups = {group.name: group for group in Group.objects.filter(school_year=year)}
    groups |= _create_missing(
        groups,
        {
            g.name: Group(
                school=school,
                school_year=year,
                name=g.name,
                kind=g.kind,
                year_level=g.year_level,
                year_level_to=g.year_level_to,
                track=g.track,
                subject=subjects[g.subject] if g.subject else None,
            )
            for g in plan.groups
        },
    )

    staff = {member.email: member for member in school.staff.all()}
    staff |= _create_missing(
        staff,
        {
            m.email: StaffMember(
                school=school,
                first_name=m.first,
                infix=m.infix,
                last_name=m.last,
                email=m.email,
                abbreviation=m.abbreviation,
            )
            for m in plan.staff
        },
    )
    for member_plan in plan.staff:
        member = staff[member_plan.email]
        _attach_user(member, users.get(member_plan.email) if member_plan.login else None)
        services.give_staff_roles(staff_member=member, roles=list(member_plan.roles))
    for email, group_name in plan.mentors:
        services.assign_mentor(staff_member=staff[email], group=groups[group_name])
    for email, group_name, code in plan.teaching:
        services.assign_teacher(
            staff_member=staff[email], group=groups[group_name], subject=subjects[code]
        )

    students = {student.student_number: student for student in school.students.all()}
    students |= _create_missing(
        students,
        {
            p.number: Student(
                school=school,
                student_number=p.number,
                first_name=p.first,
                infix=p.infix,
                last_name=p.last,
                date_of_birth=p.born,
            )
            for p in plan.pupils
        },
    )
    for pupil in plan.pupils:
        student = students[pupil.number]
        _attach_user(student, users.get(pupil.login) if pupil.login else None)
        if student.group_id is not None or student.left_on is not None:
            continue  # placed before (or by the school since): leave it be
        if pupil.moved_from:
            services.place_student_in_class(
                student=student, group=groups[pupil.moved_from], on=YEAR_START
            )
        services.place_student_in_class(
            student=student, group=groups[pupil.klass], on=pupil.moved_on or YEAR_START
        )
        for name in pupil.lesson_groups:
            services.add_student_to_lesson_group(student=student, group=groups[name], on=YEAR_START)

    homes = {home.address: home for home in school.households.all()}
    homes |= _create_missing(
        homes,
        {
            h.address: Household(school=school, name=h.name, address=h.address)
            for h in plan.households
        },
    )
    guardians = {g.external_id: g for g in school.guardians.exclude(external_id="")}
    guardians |= _create_missing(
        guardians,
        {
            g.key: Guardian(
                school=school,
                first_name=g.first,
                infix=g.infix,
                last_name=g.last,
                email=g.email,
                phone=g.phone,
                external_id=g.key,
            )
            for g in plan.guardians
        },
    )
    for guardian_plan in plan.guardians:
        if guardian_plan.login:
            _attach_user(guardians[guardian_plan.key], users[guardian_plan.email])

    linked = set(
        StudentGuardian.objects.filter(school=school).values_list("student_id", "guardian_id")
    )
    new_links = []
    for link in plan.links:
        student, guardian = students[link.pupil], guardians[link.guardian]
        if (student.pk, guardian.pk) in linked:
            continue
        if link.restriction:
            made = services.link_guardian(
                student=student,
                guardian=guardian,
                relation=link.relation,
                household=homes[link.household],
            )
            services.restrict_right_to_information(link=made, reason=link.restriction)
            continue
        new_links.append(
            StudentGuardian(
                school=school,
                student=student,
                guardian=guardian,
                relation=link.relation,
                household=homes[link.household],
            )
        )
    StudentGuardian.objects.bulk_create(new_links)
    return school


def _create_missing(existing: dict[K, M], wanted: dict[K, M]) -> dict[K, M]:
    """Insert the wanted rows whose natural key is not there yet (one query)."""
    missing = [row for key, row in wanted.items() if key not in existing]
    if missing:
        type(missing[0]).objects.bulk_create(missing)
    return {key: row for key, row in wanted.items() if key not in existing}


def _attach_user(row: Student | Guardian | StaffMember, user: User | None) -> None:
    if user is not None and row.user_id is None:
        row.user = user
        row.save(update_fields=["user"])
