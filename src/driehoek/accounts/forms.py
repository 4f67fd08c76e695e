from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from driehoek.accounts.language import in_language_of
from driehoek.accounts.models import User
from driehoek.front.languages import native_name
from driehoek.roster.models import Guardian, StaffMember, Student

# Django 5.2 changed this validator message's msgid ("%(min_length)d" became "%d") but its
# Dutch catalogue still has the old one, so parents saw it in English. Naming it here puts
# it in our catalogue, which comes first.
_DJANGO_TEXTS_MISSING_IN_DUTCH = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, labelled for e-mail login."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "That e-mail address and password do not match. Check both and try again."
        ),
        "inactive": _("This account is not active. Ask your school for a new invitation."),
    }


class LocalisedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail in the language the user chose, not the visitor's."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        with in_language_of(user):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class AccountForm(forms.Form):
    """Name, e-mail address and language. Changing the e-mail address needs the password:
    whoever controls the address controls the account (password reset)."""

    display_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Each language named in itself, so a reader finds their own whatever the page's language.
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[(code, native_name(code)) for code, _name in settings.LANGUAGES],
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Only needed when you change your e-mail address."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"display_name": user.display_name, "email": user.email, "language": user.language},
        )
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(
                _("This e-mail address is already used by another account.")
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("email")
        changed = bool(email) and email != self.user.email.lower()
        if changed and not self.user.check_password(cleaned.get("current_password") or ""):
            self.add_error(
                "current_password",
                _("Enter your current password to change your e-mail address."),
            )
        return cleaned


class TotpCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("Enter the 6 digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "autofocus": True,
                "class": "code-input",
            }
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Import from Magister”."),
    )
    expires_on = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token without an end date."),
    )

    def clean_expires_on(self) -> datetime.date | None:
        day = self.cleaned_data["expires_on"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return day

    def expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        # Valid through the whole chosen day, in the school's time zone.
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


class InviteForm(forms.Form):
    """Choose a person of the school without an account; values are "<kind>:<id>"."""

    person = forms.ChoiceField(label=_("Who do you want to invite?"))
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_(
            "Required for students. For parents and staff, leave empty to use the address "
            "the school has on file."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[(code, native_name(code)) for code, _name in settings.LANGUAGES],
        initial=settings.LANGUAGE_CODE,
    )

    def __init__(
        self,
        *args: Any,
        guardians: list[Guardian],
        students: list[Student],
        staff: list[StaffMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._people: dict[str, Guardian | Student | StaffMember] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for label, kind, people in (
            (_("Parents"), "guardian", guardians),
            (_("Students"), "student", students),
            (_("Staff"), "staff", staff),
        ):
            options = []
            for person in people:
                key = f"{kind}:{person.pk}"
                self._people[key] = person
                options.append((key, self._label(person)))
            if options:
                groups.append((str(label), options))
        self.fields["person"].choices = [("", "—"), *groups]

    @staticmethod
    def _label(person: Guardian | Student | StaffMember) -> str:
        address = getattr(person, "email", "")
        label = person.sort_name + (f" ({address})" if address else "")
        if person.user_id is not None:
            label += " · " + str(_("invited before"))
        return label

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        person = self._people.get(cleaned.get("person", ""))
        cleaned["person_object"] = person
        if isinstance(person, Student) and not cleaned.get("email"):
            self.add_error("email", _("Enter the student's e-mail address."))
        elif isinstance(person, Guardian) and not (cleaned.get("email") or person.email):
            self.add_error(
                "email", _("The school has no e-mail address for this parent. Enter one.")
            )
        return cleaned


class InvitationCodeForm(forms.Form):
    """The code from a printed letter, for families who cannot scan its QR code."""

    code = forms.CharField(
        label=_("Code from the letter"),
        max_length=20,
        help_text=_("10 letters and numbers, for example ABCDE-23456."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input letter-code",
                "dir": "ltr",
            }
        ),
    )


class LetterAcceptForm(SetPasswordForm):
    """Accepting a letter invitation: the family also gives the e-mail address they log
    in with (the school may not know one)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "You log in with this address. We send a link here if you forget your password."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    field_order = ["email", "new_password1", "new_password2"]

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(
                _("This e-mail address already has an account. Log in with it instead.")
            )
        return email
