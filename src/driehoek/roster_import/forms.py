from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

#: A school's roster is a few megabytes; a very large school with every lesson group
#: stays well under this.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def _check(upload: UploadedFile, suffixes: tuple[str, ...]) -> UploadedFile:
    if Path(upload.name or "").suffix.lower() not in suffixes:
        raise forms.ValidationError(
            _("Choose a file ending in %(suffixes)s.") % {"suffixes": ", ".join(suffixes)}
        )
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("This file is too large (at most 200 MB)."))
    return upload


class UploadForm(forms.Form):
    roster = forms.FileField(
        label=_("Roster file"),
        help_text=_(
            "A OneRoster export (.zip), an EDEXML file (.xml) or a CSV export (.csv or .zip)."
        ),
    )
    guardians = forms.FileField(
        label=_("Parents file (optional)"),
        required=False,
        help_text=_("With EDEXML, which has no parents: a CSV file of parents (.csv)."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the correct rows and skip rows with errors"),
        required=False,
        help_text=_("Without this, one row with an error stops the whole import."),
    )

    def clean_roster(self) -> UploadedFile:
        return _check(self.cleaned_data["roster"], (".zip", ".xml", ".csv"))

    def clean_guardians(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("guardians")
        return _check(upload, (".csv",)) if upload else None
