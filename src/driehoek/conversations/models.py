"""Conversations between home and school, parent evenings and their bookings, agreements.

Invariants live in the database: a teacher's slot is held by at most one booking
(`BookingSlot.slot` is one-to-one), a family is in one place per slot of an evening
(unique family × evening × slot index), and a slot exists once per teacher and index.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from driehoek.messaging.models import MessageKind
from driehoek.roster.models import Guardian, School, StaffMember, Student


class ConversationKind(models.TextChoices):
    START = "start", _("start-of-year conversation")
    PROGRESS = "progress", _("progress conversation")
    EVENING = "evening", _("parent-evening conversation")
    CONCERN = "concern", _("conversation about a concern")
    THREE_WAY = "three_way", _("three-way conversation")


class ConversationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class StartPhase(models.TextChoices):
    """The start-of-year conversation, in the order it is held."""

    INTRODUCTIONS = "introductions", _("Getting to know each other")
    CHILD = "child", _("Who is the child?")
    EXPECTATIONS = "expectations", _("What we expect of each other")
    CONTACT = "contact", _("How we keep in touch")
    RECORD = "record", _("The written record")


START_PHASES = list(StartPhase)


class InterpreterLanguage(models.TextChoices):
    """Languages a family may ask an interpreter for: the ones Dutch schools most often
    need, by ISO 639 code. A school marks interpreter times per language."""

    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    POLISH = "pl", _("Polish")
    UKRAINIAN = "uk", _("Ukrainian")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    PERSIAN = "fa", _("Persian (Farsi, Dari)")
    TAMAZIGHT = "ber", _("Tamazight (Berber)")
    ROMANIAN = "ro", _("Romanian")
    BULGARIAN = "bg", _("Bulgarian")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")


class Conversation(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="conversations")
    kind = models.CharField(_("kind"), max_length=12, choices=ConversationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationStatus.choices,
        default=ConversationStatus.PLANNED,
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=30)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    staff = models.ManyToManyField(StaffMember, related_name="conversations", blank=True)
    guardians = models.ManyToManyField(Guardian, related_name="conversations", blank=True)
    with_student = models.BooleanField(_("the student takes part"), default=False)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    # The family asked for an interpreter in this language (empty: none).
    interpreter_language = models.CharField(
        _("interpreter"), max_length=3, choices=InterpreterLanguage.choices, blank=True
    )
    # The start-of-year conversation moves through its phases; others stay empty.
    phase = models.CharField(_("phase"), max_length=14, choices=StartPhase.choices, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    record_confirmed_at = models.DateTimeField(null=True, blank=True)
    record_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=240),
                name="conversation_duration_sane",
            ),
            models.CheckConstraint(
                condition=Q(kind=ConversationKind.START) | Q(phase=""),
                name="conversation_phase_only_for_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.student}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_start(self) -> bool:
        return self.kind == ConversationKind.START


class PhaseNote(models.Model):
    """What was said in one phase of a start-of-year conversation (written by the mentor)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="phase_notes"
    )
    phase = models.CharField(_("phase"), max_length=14, choices=StartPhase.choices)
    text = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["conversation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "phase"], name="phase_note_unique")
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.phase}"


class Side(models.TextChoices):
    HOME = "home", _("home")
    SCHOOL = "school", _("school")
    STUDENT = "student", _("student")


class Preparation(models.Model):
    """One party's preparation: appreciation first, then concerns, then wishes."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="preparations"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    appreciation = models.TextField(_("what goes well"), blank=True)
    concerns = models.TextField(_("concerns and questions"), blank=True)
    wishes = models.TextField(_("wishes"), blank=True)
    # What this preparation gives or asks, in the same kinds as messages, so the balance
    # of giving and asking can count conversations too. The writer taps it; blank only for
    # preparations saved before the choice existed.
    kind = models.CharField(
        _("this preparation gives or asks"), max_length=15, choices=MessageKind, blank=True
    )
    shared = models.BooleanField(_("share with the other side"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["conversation", "side", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "author"], name="preparation_one_per_author"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.side}"


class AgreementStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class Agreement(models.Model):
    """What was agreed: what, who, by when, and how we follow it up."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="agreements")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    what = models.CharField(_("what"), max_length=300)
    owner_label = models.CharField(_("who"), max_length=100)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=200, blank=True)
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=AgreementStatus.choices, default=AgreementStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="agreement_has_what"),
        ]

    def __str__(self) -> str:
        return self.what


# --- Parent evenings -----------------------------------------------------------------


class EveningMode(models.TextChoices):
    REQUEST = "request", _("families ask, then the school schedules")
    LIVE = "live", _("families book free slots themselves")


class EveningStatus(models.TextChoices):
    DRAFT = "draft", _("in preparation")
    OPEN = "open", _("open to families")
    SCHEDULED = "scheduled", _("schedule published")


class ParentEvening(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("first conversation at"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per conversation"), default=10)
    slot_count = models.PositiveSmallIntegerField(_("number of slots"), default=18)
    # Slot numbers (from 0) in which nobody is booked: the break.
    break_slots = models.JSONField(_("break slots"), default=list, blank=True)
    mode = models.CharField(_("mode"), max_length=8, choices=EveningMode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=EveningStatus.choices, default=EveningStatus.DRAFT
    )
    deadline = models.DateTimeField(_("families respond until"), null=True, blank=True)
    # Evenings of one school with the same series name are scheduled in one run: a family
    # says which of them suit it, and the scheduler spreads the conversations over them.
    series = models.CharField(_("series"), max_length=60, blank=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("parent evening")
        verbose_name_plural = _("parent evenings")
        constraints = [
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=60),
                name="evening_slot_minutes_sane",
            ),
            models.CheckConstraint(
                condition=Q(slot_count__gte=1, slot_count__lte=60),
                name="evening_slot_count_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def slot_start(self, index: int) -> datetime.datetime:
        start = datetime.datetime.combine(self.date, self.start_time)
        naive = start + datetime.timedelta(minutes=self.slot_minutes * index)
        return timezone.make_aware(naive, timezone.get_default_timezone())

    @property
    def usable_slots(self) -> list[int]:
        breaks = set(self.break_slots or [])
        return [index for index in range(self.slot_count) if index not in breaks]


class EveningTeacher(models.Model):
    """A teacher who takes part in an evening: where, and from which slot to which."""

    evening = models.ForeignKey(ParentEvening, on_delete=models.CASCADE, related_name="teachers")
    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    room = models.CharField(_("room"), max_length=100, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    from_slot = models.PositiveSmallIntegerField(_("from slot"), default=0)
    to_slot = models.PositiveSmallIntegerField(_("until slot"))

    class Meta:
        ordering = ["evening", "staff_member__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evening", "staff_member"], name="evening_teacher_once"
            ),
            models.CheckConstraint(
                condition=Q(to_slot__gt=F("from_slot")), name="evening_teacher_window"
            ),
        ]

    def __str__(self) -> str:
        return str(self.staff_member)


class Slot(models.Model):
    """One teacher's slot on one evening."""

    evening = models.ForeignKey(ParentEvening, on_delete=models.CASCADE, related_name="slots")
    teacher = models.ForeignKey(EveningTeacher, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["evening", "index", "teacher"]
        constraints = [
            models.UniqueConstraint(fields=["teacher", "index"], name="slot_once_per_teacher")
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} #{self.index}"


class EveningRequest(models.Model):
    """A family asks to see one teacher, or several together (one joint conversation)."""

    evening = models.ForeignKey(ParentEvening, on_delete=models.CASCADE, related_name="requests")
    family = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evening_requests"
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    teachers = models.ManyToManyField(EveningTeacher, related_name="requests")
    priority = models.PositiveSmallIntegerField(_("priority"), default=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evening", "priority", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=3), name="request_priority_1_to_3"
            )
        ]

    def __str__(self) -> str:
        return f"r{self.pk}"


class FamilyWindow(models.Model):
    """When a family can come on an evening (slots from, until), and whether it needs an
    interpreter there (then its conversations go in that language's interpreter times)."""

    evening = models.ForeignKey(ParentEvening, on_delete=models.CASCADE, related_name="windows")
    family = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    from_slot = models.PositiveSmallIntegerField(default=0)
    to_slot = models.PositiveSmallIntegerField()
    interpreter_language = models.CharField(
        _("interpreter"), max_length=3, choices=InterpreterLanguage.choices, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evening", "family"], name="family_window_once"),
            models.CheckConstraint(
                condition=Q(to_slot__gt=F("from_slot")), name="family_window_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_id}: {self.from_slot}–{self.to_slot}"


class EveningInterpreter(models.Model):
    """An interpreter present on an evening from one slot until another. Conversations of
    families who asked for this language go in these slots, one at a time per interpreter."""

    evening = models.ForeignKey(
        ParentEvening, on_delete=models.CASCADE, related_name="interpreters"
    )
    language = models.CharField(_("language"), max_length=3, choices=InterpreterLanguage.choices)
    from_slot = models.PositiveSmallIntegerField(_("from slot"), default=0)
    to_slot = models.PositiveSmallIntegerField(_("until slot"))

    class Meta:
        ordering = ["evening", "language", "from_slot", "pk"]
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_slot__gt=F("from_slot")), name="evening_interpreter_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} {self.from_slot}–{self.to_slot}"

    def covers(self, index: int) -> bool:
        return self.from_slot <= index < self.to_slot


class NeededMark(models.Model):
    """A teacher needs to see this student's family: such requests are met first."""

    evening = models.ForeignKey(ParentEvening, on_delete=models.CASCADE, related_name="needed")
    teacher = models.ForeignKey(EveningTeacher, on_delete=models.CASCADE, related_name="needed")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["teacher", "student"], name="needed_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} → {self.student_id}"


class Booking(models.Model):
    """A family's conversation at one slot index of an evening, with one or more teachers."""

    evening = models.ForeignKey(ParentEvening, on_delete=models.CASCADE, related_name="bookings")
    family = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    slot_index = models.PositiveSmallIntegerField()
    request = models.OneToOneField(
        EveningRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="booking"
    )
    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="booking"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evening", "slot_index"]
        constraints = [
            # A family is in one place at a time.
            models.UniqueConstraint(
                fields=["evening", "family", "slot_index"], name="booking_family_once_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evening_id} #{self.slot_index}"


class BookingSlot(models.Model):
    """A teacher's slot held by a booking. One-to-one: a slot is never booked twice."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="booked_slots")
    slot = models.OneToOneField(Slot, on_delete=models.CASCADE, related_name="booked")

    def __str__(self) -> str:
        return f"{self.booking_id} → {self.slot_id}"


# --- Calendar -------------------------------------------------------------------------


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private calendar address per user; the token is the credential."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
