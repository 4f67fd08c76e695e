"""The school administrator's retention periods."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.privacy import kinds
from driehoek.privacy.models import DataKind


class RetentionForm(forms.Form):
    """One number of days per kind that expires by age."""

    def __init__(self, *args: Any, periods: dict[str, int | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(DataKind.choices)
        for kind in kinds.expiring_kinds():
            self.fields[kind.key] = forms.IntegerField(
                label=labels[kind.key],
                min_value=kind.min_days,
                max_value=kind.max_days,
                initial=periods.get(kind.key),
                help_text=_("Default: %(days)s days") % {"days": kind.days},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
