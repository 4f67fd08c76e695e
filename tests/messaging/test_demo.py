"""The demo seed for messages and the profile: both separated parents wrote, a thread
opens with appreciation, and a second run adds nothing."""

from __future__ import annotations

from driehoek.messaging.demo import seed_demo_data as seed_messages
from driehoek.messaging.models import Message, PendingNotification, Thread
from driehoek.profiles.demo import seed_demo_data as seed_profiles
from driehoek.profiles.models import FollowUpProposal, ProfileSection
from driehoek.roster.demo import demo_email, seed_demo


def test_the_demo_seeds_profile_and_messages_once(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    schools = seed_demo()
    for _ in range(2):
        seed_profiles(schools=schools)
        seed_messages(schools=schools)
    sections = ProfileSection.objects.select_related("household", "created_by")
    assert sections.count() == 4
    assert {s.created_by.email for s in sections} == {demo_email("ouder.a"), demo_email("ouder.b")}
    assert len({s.household_id for s in sections}) == 2  # two households
    assert FollowUpProposal.objects.count() == 1  # the move
    assert Thread.objects.count() == 2
    first = Message.objects.filter(thread__subject="Fijne start in 2havo").first()
    assert first.kind == "appreciation" and first.author.email == demo_email("ouder.a")
    private = Thread.objects.get(subject="Verhuizing")
    assert private.household is not None
    assert not PendingNotification.objects.exists()  # history, not news
