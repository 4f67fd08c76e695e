"""Data in every app about Noor's family (Eva, household A; Mark, household B) and about
the classmate's family, made through the apps' own services where they exist.

Every text private to Mark or to the other family carries a marker word, so a test can
search a download for it: PRIVE-MARK, PRIVE-BAKKER.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.accounts.models import ApiToken, Invitation, hash_token
from driehoek.audit.models import AuditAction
from driehoek.audit.services import record_student_read
from driehoek.conversations import services as conversation_services
from driehoek.conversations.models import CalendarFeed, ConversationKind, Side
from driehoek.involvement import services as involvement_services
from driehoek.messaging import services as messaging_services
from driehoek.messaging.models import MessageKind
from driehoek.profiles import services as profile_services
from driehoek.profiles.models import AuthorKind, SectionKind
from driehoek.roster.models import Household, StudentGuardian
from driehoek.triangle import services as triangle_services
from driehoek.triangle.models import Answer
from tests.personas import Personas

SECRET_TOKEN_HASH = hash_token("eva-api-token-raw")
SECRET_INVITATION_HASH = hash_token("eva-invitation-raw")
MARK = "PRIVE-MARK"
BAKKER = "PRIVE-BAKKER"


@dataclass
class Family:
    home_a: Household
    home_b: Household
    feed_token: str
    totp_key: str


def household_of(personas: Personas, user: object) -> Household:
    link = StudentGuardian.objects.get(student=personas.student, guardian__user=user)
    return link.household  # type: ignore[return-value]


def make_family_data(p: Personas) -> Family:
    noor, eva, mark, mentor = p.student, p.guardian, p.other_household_guardian, p.mentor
    home_a, home_b = household_of(p, eva), household_of(p, mark)
    now = timezone.now()

    # Messaging: a thread for both households, one for Mark's household only, drafts.
    messaging_services.start_thread(
        student=noor,
        author=eva,
        subject="Rekenen",
        body="Dank voor de extra uitleg!",
        kind=MessageKind.APPRECIATION,
        notify=False,
    )
    messaging_services.start_thread(
        student=noor,
        author=mark,
        subject=f"{MARK} onderwerp",
        body=f"{MARK} bericht alleen voor huishouden B",
        kind=MessageKind.QUESTION,
        household=home_b,
        notify=False,
    )
    messaging_services.save_draft(user=eva, key=f"student:{noor.pk}", body="Eva concept")
    messaging_services.save_draft(user=mark, key=f"student:{noor.pk}", body=f"{MARK} concept")

    # The classmate's family writes too.
    messaging_services.start_thread(
        student=p.classmate,
        author=p.classmate_guardian,
        subject=f"{BAKKER} onderwerp",
        body=f"{BAKKER} bericht",
        kind=MessageKind.CONCERN,
        notify=False,
    )

    # Profile: Eva's section; Mark's unsaved draft.
    profile_services.write_section(
        student=noor,
        author=eva,
        author_kind=AuthorKind.GUARDIAN,
        household=home_a,
        kind=SectionKind.STRENGTHS,
        text="Noor tekent graag en houdt van paarden.",
        visibility="teachers",
        notify=False,
    )
    profile_services.save_draft(
        user=mark, student=noor, section=None, fields={"text": f"{MARK} profielconcept"}
    )

    # Involvement: each parent's own scan.
    involvement_services.start_scan(guardian=eva, student=noor)
    involvement_services.start_scan(guardian=mark, student=noor)

    # Triangle: a round with Eva's and Mark's answers.
    today = timezone.localdate()
    round_ = triangle_services.open_round(
        opened_by=mentor,
        school=p.school,
        group=p.klass,
        title="Najaar",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
        notify=False,
    )
    for user, value in ((eva, 4), (mark, 2)):
        response = triangle_services.start_response(round=round_, student=noor, user=user)
        Answer.objects.create(response=response, item="hs_1", value=value)

    # Conversations: a planned conversation, both parents prepare (unshared), an agreement.
    conversation = conversation_services.plan_conversation(
        student=noor,
        created_by=mentor,
        kind=ConversationKind.PROGRESS,
        starts_at=now + datetime.timedelta(days=3),
    )
    for author, text in ((eva, "Eva ziet dat het goed gaat"), (mark, f"{MARK} voorbereiding")):
        conversation_services.save_preparation(
            conversation=conversation,
            author=author,
            side=Side.HOME,
            appreciation=text,
            concerns="",
            wishes="",
            shared=False,
            kind="appreciation",
        )
    conversation_services.create_agreement(
        student=noor,
        created_by=mentor,
        what="Wekelijks een korte mail over huiswerk",
        owner_label="Mentor",
        due_on=None,
        follow_up="",
    )

    # Audit: the mentor read Noor's profile.
    record_student_read(actor=mentor, student=noor, action=AuditAction.VIEW_PROFILE, role="mentor")

    # Secrets of Eva's account.
    ApiToken.objects.create(
        school=p.school, user=eva, name="koppeling", token_hash=SECRET_TOKEN_HASH, prefix="abcd"
    )
    Invitation.objects.create(
        school=p.school,
        user=eva,
        token_hash=SECRET_INVITATION_HASH,
        expires_at=now + datetime.timedelta(days=7),
    )
    feed = CalendarFeed.objects.create(user=eva)
    device = TOTPDevice.objects.create(user=eva, name="telefoon", confirmed=True)
    return Family(home_a=home_a, home_b=home_b, feed_token=feed.token, totp_key=device.key)
