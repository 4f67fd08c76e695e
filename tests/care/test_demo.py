from __future__ import annotations

from driehoek.accounts import access
from driehoek.accounts.models import User
from driehoek.care.demo import seed_demo_data
from driehoek.care.models import CareCase
from driehoek.roster.demo import demo_email, seed_demo


def test_the_demo_care_coordinator_sees_one_open_bullying_case_and_seeding_twice_is_harmless(db):
    schools = seed_demo()
    seed_demo_data(schools=schools)
    seed_demo_data(schools=schools)
    case = CareCase.objects.get()
    assert case.situation == "being-bullied" and case.is_open
    coordinator = User.objects.get(email=demo_email("zorg"))
    assert list(access.care_cases_visible_to(coordinator)) == [case]
