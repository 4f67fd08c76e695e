"""The demo scan histories: the promised cases, and safe to run again."""

from __future__ import annotations

from driehoek.accounts import access
from driehoek.accounts.models import User
from driehoek.involvement.demo import seed_demo_data
from driehoek.involvement.models import Scan
from driehoek.involvement.selectors import result_of
from driehoek.roster.demo import demo_email, seed_demo


def user(login: str) -> User:
    return User.objects.get(email=demo_email(login))


def test_the_demo_seeds_scan_histories_once_with_the_promised_stories(db):
    schools = seed_demo()
    seed_demo_data(schools=schools)
    seed_demo_data(schools=schools)  # again: nothing new
    assert Scan.objects.count() == 6

    lina = Scan.objects.filter(guardian=user("ouder.basis")).order_by("date")
    assert [scan.student.first_name for scan in lina] == ["Lina"] * 3
    last = result_of(lina.last())  # type: ignore[arg-type]
    assert last.complete and "direct_fits" in last.interpretation.keys

    adam = Scan.objects.filter(guardian=user("ouder.twee")).order_by("date")
    assert all("over_support" in result_of(scan).interpretation.keys for scan in adam)

    # Fleur's scan is shared: the demo mentor sees it, the other household does not.
    fleur = Scan.objects.get(guardian=user("ouder.a"))
    assert fleur.shared_with_mentor
    assert list(access.involvement_scans_visible_to(user("mentor"))) == [fleur]
    assert not access.involvement_scans_visible_to(user("ouder.b")).exists()
