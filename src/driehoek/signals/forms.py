from __future__ import annotations

import datetime
from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from driehoek.signals.models import DataKind

#: A school year of lesson attendance for a large school stays well under this.
MAX_UPLOAD_BYTES = 300 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is in the file"), choices=DataKind.choices)
    data = forms.FileField(
        label=_("Export file"),
        help_text=_(
            "A CSV file in the layout described in the manual; for OneRoster a .zip with "
            "lineItems.csv, results.csv and categories.csv."
        ),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the correct rows and skip rows with errors"),
        required=False,
        help_text=_("Without this, one row with an error stops the whole import."),
    )

    def clean_data(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["data"]
        if Path(upload.name or "").suffix.lower() not in (".csv", ".zip"):
            raise forms.ValidationError(_("Choose a file ending in .csv or .zip."))
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is too large (at most 300 MB)."))
        return upload


class DismissForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        help_text=_("For yourself and colleagues: why this needs no conversation now."),
        widget=forms.TextInput,
    )


def _in_weeks(weeks: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(weeks=weeks)


class SnoozeForm(forms.Form):
    until = forms.DateField(
        label=_("Show again on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Until then the signal is out of sight; then it is open again."),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["until"].initial = _in_weeks(2)

    def clean_until(self) -> datetime.date:
        until: datetime.date = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if until > today + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose a day within a year."))
        return until


class ConversationForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
