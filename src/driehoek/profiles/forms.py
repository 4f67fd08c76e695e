"""Forms of the child profile. They validate; the views pass clean data to services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from driehoek.profiles.models import LifeEvent, ProposalStatus, SectionKind, Visibility


class SectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Topic"), choices=SectionKind.choices)
    text = forms.CharField(
        label=_("What would you like the school to know?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    visibility = forms.ChoiceField(
        label=_("Who at school may read this?"),
        choices=Visibility.choices,
        initial=Visibility.TEACHERS,
        widget=forms.RadioSelect,
    )
    life_event = forms.ChoiceField(
        label=_("What changed?"),
        choices=[("", "–"), *LifeEvent.choices],
        required=False,
        help_text=_("Only for a change at home."),
    )
    happened_on = forms.DateField(
        label=_("Since when?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed for a change at home, so the school knows how recent it is."),
    )
    adults_only = forms.BooleanField(
        label=_("Do not show this to my child"),
        required=False,
        help_text=_(
            "Your child can read what is shared about them. Tick this only when there is a "
            "good reason, and write that reason below."
        ),
    )
    adults_only_reason = forms.CharField(
        label=_("Why should your child not read this?"), max_length=300, required=False
    )

    def __init__(self, *args: Any, for_student: bool = False, fixed_kind: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        self.for_student = for_student
        if for_student:
            # Students write about themselves; hiding something from them is for parents.
            del self.fields["adults_only"]
            del self.fields["adults_only_reason"]
            self.fields["text"].label = _("What would you like your teachers to know?")
        if fixed_kind:
            del self.fields["kind"]

    def clean_happened_on(self) -> Any:
        day = self.cleaned_data.get("happened_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind", self.initial.get("kind"))
        if kind == SectionKind.HOME_CHANGE:
            if not data.get("happened_on") and "happened_on" not in self.errors:
                self.add_error("happened_on", _("Please give the date of the change."))
            if not data.get("life_event"):
                self.add_error("life_event", _("Please choose what changed."))
        if data.get("adults_only") and not data.get("adults_only_reason", "").strip():
            self.add_error(
                "adults_only_reason",
                _("Please give a reason: the school needs it to respect your choice."),
            )
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (ProposalStatus.ACCEPTED, _("Accept")),
            (ProposalStatus.ADAPTED, _("Adapt")),
            (ProposalStatus.DISMISSED, _("Dismiss")),
        ]
    )
    what = forms.CharField(label=_("Follow-up"), max_length=300, required=False)
    due_on = forms.DateField(
        label=_("Check by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == ProposalStatus.ADAPTED and not data.get("what", "").strip():
            self.add_error("what", _("Write the follow-up as you want to do it."))
        return data
