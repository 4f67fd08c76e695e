"""E-mails about new messages: never the text, in the recipient's language, a link;
staff are not e-mailed in the quiet hours; a daily digest for those who choose it."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command

from driehoek.messaging import services
from driehoek.messaging.models import EmailMode, MessageKind, PendingNotification
from tests.messaging.conftest import start

SECRET = "Noor wordt gepest in de pauze"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _next_wednesday() -> datetime.date:
    # In the future, so the e-mail task (which runs at the real "now") finds the held
    # e-mail not yet due.
    today = datetime.date.today()
    return today + datetime.timedelta(days=(2 - today.weekday()) % 7 + 7)


#: A Wednesday evening, 21:30 in Amsterdam: in the quiet hours; and the next morning.
WEDNESDAY_EVENING = datetime.datetime.combine(
    _next_wednesday(), datetime.time(21, 30), tzinfo=AMSTERDAM
)
THURSDAY_0730 = datetime.datetime.combine(
    _next_wednesday() + datetime.timedelta(days=1), datetime.time(7, 30), tzinfo=AMSTERDAM
)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_email_has_a_link_and_no_message_text_or_subject(personas, on_commit):
    with on_commit():
        thread = start(personas, body=SECRET, kind=MessageKind.CONCERN)
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([personas.other_household_guardian.email, personas.mentor.email])
    for message in mail.outbox:
        assert SECRET not in message.body and SECRET not in message.subject
        assert thread.subject not in message.body and thread.subject not in message.subject
        assert f"/messages/threads/{thread.pk}/" in message.body
        assert "Noor" in message.subject


def test_the_email_is_in_the_recipients_language(personas, on_commit):
    personas.mentor.language = "en"
    personas.mentor.save(update_fields=["language"])
    with on_commit():
        start(personas)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[personas.mentor.email].subject == "New message about Noor"
    assert by_address[personas.other_household_guardian.email].subject.startswith("Nieuw bericht")


def test_the_writer_is_not_emailed_about_their_own_message(personas, on_commit):
    with on_commit():
        start(personas)
    assert personas.guardian.email not in [m.to[0] for m in mail.outbox]


def test_a_private_household_thread_emails_only_that_household_and_the_mentor(personas, on_commit):
    with on_commit():
        start(personas, household_only=True)
    assert [m.to[0] for m in mail.outbox] == [personas.mentor.email]


def test_staff_are_emailed_after_the_quiet_hours(personas):
    start(personas, now=WEDNESDAY_EVENING)
    # The other parent hears at once; the mentor's e-mail waits.
    assert services.send_due_notifications(now=WEDNESDAY_EVENING) == 1
    assert [m.to[0] for m in mail.outbox] == [personas.other_household_guardian.email]
    held = PendingNotification.objects.get(user=personas.mentor)
    assert held.due_at == THURSDAY_0730 and held.sent_at is None
    assert services.send_due_notifications(now=THURSDAY_0730 - datetime.timedelta(minutes=1)) == 0
    assert services.send_due_notifications(now=THURSDAY_0730) == 1
    assert mail.outbox[-1].to == [personas.mentor.email]


def test_a_school_sets_its_own_quiet_hours(personas, on_commit):
    services.update_quiet_hours(
        school=personas.school,
        quiet_from=datetime.time(22, 0),
        quiet_until=datetime.time(7, 0),
        weekends=False,
    )
    start(personas, now=WEDNESDAY_EVENING)  # 21:30: before 22:00
    assert services.send_due_notifications(now=WEDNESDAY_EVENING) == 2
    assert personas.mentor.email in [m.to[0] for m in mail.outbox]


def test_a_staff_member_who_read_the_thread_is_not_emailed_later(personas, on_commit):
    thread = start(personas, now=WEDNESDAY_EVENING)
    services.send_due_notifications(now=WEDNESDAY_EVENING)  # the other parent's
    services.mark_thread_read(thread=thread, user=personas.mentor)
    assert services.send_due_notifications(now=THURSDAY_0730) == 0


def test_the_digest_collects_messages_into_one_email(personas, on_commit):
    services.set_email_mode(user=personas.other_household_guardian, mode=EmailMode.DIGEST)
    with on_commit():
        thread = start(personas, body=SECRET)
        services.post_message(
            thread=thread, author=personas.mentor, body="Dank!", kind=MessageKind.APPRECIATION
        )
    assert personas.other_household_guardian.email not in [m.to[0] for m in mail.outbox]
    mail.outbox.clear()
    call_command("send_message_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [personas.other_household_guardian.email]
    assert "2 berichten over Noor" in digest.body and SECRET not in digest.body
    call_command("send_message_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1  # nothing twice


def test_no_email_for_those_who_turned_it_off(personas, on_commit):
    services.set_email_mode(user=personas.other_household_guardian, mode=EmailMode.OFF)
    with on_commit():
        start(personas)
    assert personas.other_household_guardian.email not in [m.to[0] for m in mail.outbox]
    assert not PendingNotification.objects.filter(sent_at__isnull=True).exists()


def test_the_notification_command_sends_what_is_due(personas, capsys):
    start(personas)  # last Wednesday morning; no on-commit run, so nothing sent yet
    call_command("send_message_notifications")
    assert "2 e-mail(s) sent." in capsys.readouterr().out
    assert len(mail.outbox) == 2
