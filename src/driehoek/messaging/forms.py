"""Forms of messaging. They validate (attachments by their bytes, not their name); the
views pass clean data to services."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from driehoek.messaging.models import EmailMode, MessageKind
from driehoek.messaging.rules import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    AttachmentRefused,
    check_attachment,
)
from driehoek.roster.models import Household

REFUSALS = {
    "empty": _("“%(name)s” is empty."),
    "too_large": _("“%(name)s” is larger than %(limit)s."),
    "type": _("“%(name)s” is not a PDF, JPEG or PNG file."),
    "extension_mismatch": _("The name of “%(name)s” does not match what the file contains."),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    # One tap, chosen by the writer: there is no default, a suggestion is only shown.
    kind = forms.ChoiceField(
        label=_("What does your message give or ask?"),
        choices=MessageKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what your message gives or asks.")},
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 5 MB each, at most 3 files."),
    )

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("Please attach at most 3 files."))
        errors = []
        for upload in files:
            head = upload.read(16)
            upload.seek(0)
            try:
                check_attachment(name=upload.name or "", size=upload.size or 0, head=head)
            except AttachmentRefused as refused:
                errors.append(
                    forms.ValidationError(
                        REFUSALS[refused.reason],
                        params={
                            "name": upload.name,
                            "limit": filesizeformat(MAX_ATTACHMENT_BYTES),
                        },
                    )
                )
        if errors:
            raise forms.ValidationError(errors)
        return files


class ThreadForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    household_only = forms.BooleanField(
        label=_("Only for my household"),
        required=False,
        help_text=_(
            "The other parent's household will not see this conversation. The mentor sees "
            "that it is for your household only."
        ),
    )
    # For the mentor: every household of the child, or one (separated parents).
    for_household = forms.TypedChoiceField(
        label=_("For whom at home"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Choose one household when the parents live apart and this is only for one "
            "of them. The other household will not see this conversation."
        ),
    )
    field_order = ["subject", "body", "kind", "attachments", "household_only", "for_household"]

    def __init__(
        self,
        *args: Any,
        may_choose_household: bool = False,
        households: Sequence[Household] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not may_choose_household:
            del self.fields["household_only"]
        if len(households) > 1:
            self.fields["for_household"].choices = [
                ("", _("Every household")),
                *[(household.pk, household.name) for household in households],
            ]
        else:
            del self.fields["for_household"]


class AddStaffForm(forms.Form):
    staff_member = forms.IntegerField(widget=forms.HiddenInput)


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("E-mail about new messages"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
    )


class QuietHoursForm(forms.Form):
    quiet_from = forms.TimeField(
        label=_("Staff are not e-mailed from"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_until = forms.TimeField(
        label=_("until the next morning at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_weekends = forms.BooleanField(label=_("Quiet at weekends too"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start: datetime.time | None = data.get("quiet_from")
        end: datetime.time | None = data.get("quiet_until")
        if start and end and start == end:
            raise forms.ValidationError(_("The start and the end must differ."))
        return data
