"""Forms for care. They validate; views assign fields explicitly through services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.care.models import InformedHow, RecipientKind

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class EscalateForm(forms.Form):
    situation = forms.ChoiceField(label=_("What is it about?"), required=False)
    reason = forms.CharField(
        label=_("What worries you?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    tried = forms.CharField(
        label=_("What has been tried already?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    links = forms.MultipleChoiceField(
        label=_("Conversations, agreements and signals about this"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    parents_know = forms.CharField(
        label=_("What do the parents know?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(
        self,
        *args: object,
        situations: list[tuple[str, str]],
        links: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["situation"].choices = [("", _("Something else")), *situations]
        self.fields["links"].choices = links


class InformedForm(forms.Form):
    on = forms.DateField(label=_("When were the parents told?"), widget=DATE)
    how = forms.ChoiceField(label=_("How?"), choices=InformedHow.choices)


class SafetyForm(forms.Form):
    withheld = forms.BooleanField(
        label=_("Do not inform the parents for now (child-safety protocol)"), required=False
    )
    reason = forms.CharField(
        label=_("Documented reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class TeamForm(forms.Form):
    staff_member = forms.ModelChoiceField(label=_("Staff member"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: object, staff: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["staff_member"].queryset = staff  # type: ignore[attr-defined]


class ConsentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of expert"), choices=RecipientKind.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=150, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    information = forms.CharField(
        label=_("Which information"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    ends_on = forms.DateField(label=_("Consent until"), widget=DATE)


class GuestForm(forms.Form):
    recipient = forms.ModelChoiceField(label=_("Expert"), queryset=None)  # type: ignore[arg-type]
    email = forms.EmailField(label=_("E-mail address"))
    access_ends_on = forms.DateField(label=_("Access until"), widget=DATE)

    def __init__(self, *args: object, recipients: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]


class ShareForm(forms.Form):
    what = forms.CharField(label=_("What did you share?"), max_length=300)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    with_parents = forms.BooleanField(label=_("With the parents"), required=False, initial=True)
    with_student = forms.BooleanField(label=_("With the student"), required=False)


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class PlanForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the plan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    shared_with_student = forms.BooleanField(
        label=_("The student can read the plan"), required=False
    )


class PlanItemForm(forms.Form):
    goal = forms.CharField(label=_("Goal"), max_length=300)
    action = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Who"), max_length=100)
    review_on = forms.DateField(label=_("Review on"), widget=DATE)


class CloseForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
