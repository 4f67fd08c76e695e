"""Forms of the conversations app: they validate; views assign fields explicitly."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.conversations.models import (
    AgreementStatus,
    ConversationKind,
    EveningMode,
    InterpreterLanguage,
)
from driehoek.messaging.models import MessageKind


class ConversationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of conversation"),
        choices=[c for c in ConversationKind.choices if c[0] != ConversationKind.EVENING],
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=5, max_value=240, initial=30
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    with_student = forms.BooleanField(label=_("The student takes part"), required=False)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class PreparationForm(forms.Form):
    appreciation = forms.CharField(
        label=_("What goes well, and what you appreciate"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    concerns = forms.CharField(
        label=_("Concerns and questions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    wishes = forms.CharField(
        label=_("Wishes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    # The writer chooses; a suggestion from the text is only shown, never filled in.
    kind = forms.ChoiceField(
        label=_("What does your preparation give or ask?"),
        choices=MessageKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what your preparation gives or asks.")},
    )
    shared = forms.BooleanField(label=_("Share with the other side"), required=False)


class PhaseNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000
    )
    advance = forms.BooleanField(required=False)


class RecordForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), max_length=8000
    )


class AgreementForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=300)
    owner_label = forms.CharField(label=_("Who"), max_length=100)
    due_on = forms.DateField(
        label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    follow_up = forms.CharField(
        label=_("Follow-up"),
        max_length=200,
        required=False,
        help_text=_("For example: a short e-mail from the mentor every Friday."),
    )


class AgreementStatusForm(forms.Form):
    status = forms.ChoiceField(choices=AgreementStatus.choices)


class EveningForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("First conversation at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    slot_minutes = forms.IntegerField(
        label=_("Minutes per conversation"), min_value=5, max_value=60, initial=10
    )
    slot_count = forms.IntegerField(
        label=_("Number of slots"), min_value=1, max_value=60, initial=18
    )
    break_slots = forms.CharField(
        label=_("Break in slots"),
        required=False,
        help_text=_("Slot numbers counted from 1, separated by commas, for example: 9, 10."),
    )
    mode = forms.ChoiceField(label=_("How families take part"), choices=EveningMode.choices)
    deadline = forms.DateTimeField(
        label=_("Families respond until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    series = forms.CharField(
        label=_("Series"),
        max_length=60,
        required=False,
        help_text=_(
            "Give evenings the same series name to plan them together: families say which "
            "of these evenings suit them. Leave empty for a single evening."
        ),
    )
    teachers = forms.ModelMultipleChoiceField(
        label=_("Teachers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    room = forms.CharField(
        label=_("Room"),
        required=False,
        max_length=100,
        help_text=_("One place for all teachers, for example the hall; leave empty to give none."),
    )

    def __init__(self, *args, staff_queryset, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = staff_queryset

    def clean_break_slots(self) -> list[int]:
        raw = self.cleaned_data.get("break_slots", "")
        found = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or int(part) < 1:
                raise forms.ValidationError(_("Use slot numbers such as 9, 10."))
            found.append(int(part) - 1)
        return found


class EveningDetailsForm(forms.Form):
    """What can change after an evening is made: its name, day and start, the deadline
    and the series. Slot length and number stay (bookings are tied to slots)."""

    name = EveningForm.base_fields["name"]
    date = EveningForm.base_fields["date"]
    start_time = EveningForm.base_fields["start_time"]
    deadline = EveningForm.base_fields["deadline"]
    series = EveningForm.base_fields["series"]


class EveningTeacherForm(forms.Form):
    """One teacher's part of an evening: from when until when, and where."""

    from_slot = forms.TypedChoiceField(label=_("From"), coerce=int)
    to_slot = forms.TypedChoiceField(label=_("Until"), coerce=int)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def __init__(self, *args, starts: list[str], ends: list[str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        """`starts[i]` is the time slot i begins, `ends[i]` the time slot i ends."""
        super().__init__(*args, **kwargs)
        self.fields["from_slot"].choices = list(enumerate(starts))
        self.fields["to_slot"].choices = [(i + 1, label) for i, label in enumerate(ends)]

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        start, end = data.get("from_slot"), data.get("to_slot")
        if start is not None and end is not None and end <= start:
            raise forms.ValidationError(_("The end must come after the start."))
        return data


class EveningInterpreterForm(EveningTeacherForm):
    """An interpreter's times on an evening, for one language."""

    language = forms.ChoiceField(label=_("Language"), choices=InterpreterLanguage.choices)
    room = None  # type: ignore[assignment]
    video_link = None  # type: ignore[assignment]

    field_order = ["language", "from_slot", "to_slot"]
