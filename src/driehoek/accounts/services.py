"""One door for change to logins: invitations, API tokens and two-factor devices.

Every function is keyword-only, runs in a transaction and sends its e-mail only after
the transaction commits, so a rolled-back invitation never reaches anyone's inbox.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.accounts import codes
from driehoek.accounts.access import schools_administered_by
from driehoek.accounts.language import in_language_of
from driehoek.accounts.models import (
    ApiToken,
    CodeAttempt,
    Invitation,
    User,
    hash_token,
    new_raw_token,
)
from driehoek.accounts.selectors import user_for_api_token
from driehoek.roster.models import Guardian, School, StaffMember, Student

# The API authenticates with `from driehoek.accounts.services import user_for_api_token`.
__all__ = [
    "InvitationNotUsable",
    "accept_invitation",
    "confirm_totp_device",
    "create_api_token",
    "create_invitation_letters",
    "invite_guardian",
    "invite_staff_member",
    "invite_student",
    "invite_user",
    "remove_two_factor",
    "set_language",
    "revoke_api_token",
    "note_wrong_code",
    "revoke_invitation",
    "update_account",
    "start_totp_setup",
    "student_is_old_enough",
    "user_for_api_token",
]


class InvitationNotUsable(Exception):
    """The invitation expired, was used, or was revoked in the meantime."""


# --- E-mail -------------------------------------------------------------------------


def _send_mail(
    *, user: User, template: str, context: dict[str, object], to: str | None = None
) -> None:
    """Render `accounts/email/<template>.{txt,html}` and its subject in the user's language."""
    with in_language_of(user):
        context = {"user": user, "site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
        html = render_to_string(f"accounts/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, to=[to or user.email]
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _send_after_commit(
    *, user: User, template: str, context: dict[str, object], to: str | None = None
) -> None:
    transaction.on_commit(lambda: _send_mail(user=user, template=template, context=context, to=to))


# --- Invitations ------------------------------------------------------------------------


def _has_account(user: User) -> bool:
    """An account is in use once it is active and has a password."""
    return user.is_active and user.has_usable_password()


def _existing_user(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def invite_user(
    *,
    email: str,
    school: School,
    invited_by: User | None,
    display_name: str = "",
    language: str = settings.LANGUAGE_CODE,
) -> Invitation:
    """Create (or reuse) a login that is not in use yet, and e-mail it an invitation.

    A new invitation replaces the user's earlier open ones. The raw token exists only in
    the e-mail; the database keeps its digest.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if not email:
        raise ValidationError(_("An e-mail address is needed to send an invitation."))
    with transaction.atomic():
        user = _existing_user(email)
        if user is None:
            user = User.objects.create_user(
                email=email, display_name=display_name, language=language, is_active=False
            )
        elif _has_account(user):
            raise ValidationError(
                _("%(email)s already has an account. They can log in with it.") % {"email": email}
            )
        now = timezone.now()
        Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        raw = new_raw_token()
        invitation = Invitation.objects.create(
            school=school,
            user=user,
            invited_by=invited_by,
            token_hash=hash_token(raw),
            created_at=now,
            expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        link = settings.SITE_URL + reverse("accounts:invite_accept", args=[raw])
        _send_after_commit(
            user=user,
            template="invitation",
            context={
                "school": school,
                "invited_by": invited_by,
                "link": link,
                "expires_at": invitation.expires_at,
            },
        )
    return invitation


def _link_or_invite(
    *,
    email: str,
    school: School,
    invited_by: User | None,
    display_name: str,
    language: str,
    link: Callable[[User], None],
) -> Invitation | None:
    """Link a roster row to the login for `email`.

    A person who already has an account (a teacher who is also a parent) keeps it: the
    row is linked and they get a short notice instead of an invitation. Returns the
    invitation, or None when none was needed.
    """
    with transaction.atomic():
        user = _existing_user(email) if email else None
        if user is not None and _has_account(user):
            link(user)
            _send_after_commit(user=user, template="access_added", context={"school": school})
            return None
        invitation = invite_user(
            email=email,
            school=school,
            invited_by=invited_by,
            display_name=display_name,
            language=language,
        )
        link(invitation.user)
        return invitation


def invite_guardian(
    *,
    guardian: Guardian,
    invited_by: User | None,
    email: str = "",
    language: str = settings.LANGUAGE_CODE,
) -> Invitation | None:
    email = email or guardian.email
    if not email:
        raise ValidationError(_("There is no e-mail address for %(name)s.") % {"name": guardian})

    def link(user: User) -> None:
        other = Guardian.objects.filter(school=guardian.school_id, user=user).exclude(
            pk=guardian.pk
        )
        if other.exists():
            raise ValidationError(
                _("This e-mail address already belongs to another parent at this school.")
            )
        guardian.user = user
        guardian.save(update_fields=["user"])

    return _link_or_invite(
        email=email,
        school=guardian.school,
        invited_by=invited_by,
        display_name=guardian.full_name,
        language=language,
        link=link,
    )


def invite_staff_member(
    *,
    staff_member: StaffMember,
    invited_by: User | None,
    email: str = "",
    language: str = settings.LANGUAGE_CODE,
) -> Invitation | None:
    email = email or staff_member.email

    def link(user: User) -> None:
        other = StaffMember.objects.filter(school=staff_member.school_id, user=user).exclude(
            pk=staff_member.pk
        )
        if other.exists():
            raise ValidationError(
                _("This e-mail address already belongs to another staff member at this school.")
            )
        staff_member.user = user
        staff_member.save(update_fields=["user"])

    return _link_or_invite(
        email=email,
        school=staff_member.school,
        invited_by=invited_by,
        display_name=staff_member.full_name,
        language=language,
        link=link,
    )


def student_is_old_enough(*, student: Student, on: datetime.date | None = None) -> bool:
    """False when the date of birth is unknown: the age rule cannot be checked then."""
    age = student.age_on(on or timezone.localdate())
    return age is not None and age >= student.school.student_account_age


def invite_student(
    *,
    student: Student,
    email: str,
    invited_by: User | None,
    language: str = settings.LANGUAGE_CODE,
) -> Invitation | None:
    if student.date_of_birth is None:
        raise ValidationError(
            _(
                "The school has not recorded %(name)s's date of birth, so Driehoek cannot "
                "check whether %(name)s is old enough for an own account. The school must "
                "record the date of birth first."
            )
            % {"name": student.full_name}
        )
    if not student_is_old_enough(student=student):
        raise ValidationError(
            _(
                "%(name)s is younger than %(age)s. At this school, students get their own "
                "account from the age of %(age)s."
            )
            % {"name": student.full_name, "age": student.school.student_account_age}
        )
    if not email:
        raise ValidationError(_("Enter the student's e-mail address."))

    def link(user: User) -> None:
        if Student.objects.filter(user=user).exclude(pk=student.pk).exists():
            raise ValidationError(_("This e-mail address already belongs to another student."))
        student.user = user
        student.save(update_fields=["user"])

    return _link_or_invite(
        email=email,
        school=student.school,
        invited_by=invited_by,
        display_name=student.full_name,
        language=language,
        link=link,
    )


def accept_invitation(*, token_hash: str, password: str, email: str = "") -> User:
    """Set the password and activate the login. Single use, even with two tabs open.

    A letter invitation may come without a known e-mail address: then the family gives
    theirs here (`email`), and it becomes their login.
    """
    email = User.objects.normalize_email(email.strip()).lower() if email else ""
    with transaction.atomic():
        now = timezone.now()
        # The conditional update is the lock: only one request can turn used_at from
        # empty to set, whatever the database's isolation level.
        claimed = Invitation.objects.filter(
            token_hash=token_hash,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).update(used_at=now)
        if claimed != 1:
            raise InvitationNotUsable
        invitation = Invitation.objects.select_related("user").get(token_hash=token_hash)
        user = invitation.user
        fields = ["password", "is_active"]
        if email and email != user.email:
            if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
                raise ValidationError(
                    _("This e-mail address already has an account. Log in with it instead.")
                )
            user.email = email
            fields.append("email")
        elif is_letter_placeholder(user.email):
            raise ValidationError(_("Enter your e-mail address."))
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=fields)
        Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
    return user


# --- Letters and one-time codes ----------------------------------------------------------

# Families without a known e-mail address get a login with an address that can never
# receive mail (RFC 2606 reserves .invalid); they choose their real address on accepting.
LETTER_EMAIL_DOMAIN = "letter.invalid"


def is_letter_placeholder(email: str) -> bool:
    return email.lower().endswith("@" + LETTER_EMAIL_DOMAIN)


@dataclass(frozen=True)
class Letter:
    """What one printed invitation needs; the raw link and code exist only here."""

    guardian: Guardian
    students: list[Student]
    language: str
    link: str
    code: str
    expires_at: datetime.datetime


def _code_digest(code: str) -> str:
    return codes.digest(code, key=settings.SECRET_KEY)


def _children_of(guardian: Guardian) -> list[Student]:
    return [
        link.student
        for link in guardian.child_links.select_related("student").order_by("student__first_name")
        if link.student.left_on is None
    ]


def create_invitation_letters(
    *, school: School, families: Sequence[tuple[Guardian, str]], invited_by: User
) -> list[Letter]:
    """An invitation with a QR link and a one-time code for each (guardian, language).

    Guardians who already use an account are skipped. A guardian's earlier open
    invitations are withdrawn, so only the newest letter works.
    """
    letters = []
    with transaction.atomic():
        for guardian, language in families:
            if guardian.school_id != school.pk:
                raise ValidationError(_("This guardian is not at this school."))
            user = guardian.user
            if user is not None and _has_account(user):
                continue
            if user is None and guardian.email:
                user = _existing_user(guardian.email)
                if user is not None and _has_account(user):
                    continue
            if user is None:
                user = User.objects.create_user(
                    email=guardian.email or f"{secrets.token_hex(8)}@{LETTER_EMAIL_DOMAIN}",
                    display_name=guardian.full_name,
                    language=language,
                    is_active=False,
                )
            else:
                user.language = language
                user.save(update_fields=["language"])
            if guardian.user_id != user.pk:
                guardian.user = user
                guardian.save(update_fields=["user"])
            now = timezone.now()
            Invitation.objects.filter(
                user=user, used_at__isnull=True, revoked_at__isnull=True
            ).update(revoked_at=now)
            raw, code = new_raw_token(), codes.new_code()
            invitation = Invitation.objects.create(
                school=school,
                user=user,
                invited_by=invited_by,
                token_hash=hash_token(raw),
                code_hash=_code_digest(code),
                by_letter=True,
                created_at=now,
                expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
            )
            letters.append(
                Letter(
                    guardian=guardian,
                    students=_children_of(guardian),
                    language=language,
                    link=settings.SITE_URL + reverse("accounts:invite_accept", args=[raw]),
                    code=codes.display(code),
                    expires_at=invitation.expires_at,
                )
            )
    return letters


def invitation_for_code(typed: str) -> Invitation | None:
    """The usable invitation a typed code belongs to, or None."""
    code = codes.normalise(typed)
    if not codes.looks_valid(code):
        return None
    invitation = (
        Invitation.objects.filter(code_hash=_code_digest(code)).select_related("user").first()
    )
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


def code_entry_locked(*, ip_address: str) -> bool:
    """Locked out like the login: too many wrong codes from this address lately."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = CodeAttempt.objects.filter(ip_address=ip_address, at__gte=since).count()
    return recent >= settings.AXES_FAILURE_LIMIT


def note_wrong_code(*, ip_address: str) -> None:
    with transaction.atomic():
        CodeAttempt.objects.create(ip_address=ip_address)
        # Old attempts tell nothing any more.
        CodeAttempt.objects.filter(at__lt=timezone.now() - 2 * settings.AXES_COOLOFF_TIME).delete()


def revoke_invitation(*, invitation: Invitation, by: User) -> None:
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


# --- API tokens ----------------------------------------------------------------------


def create_api_token(
    *, user: User, school: School, name: str, expires_at: datetime.datetime | None
) -> tuple[ApiToken, str]:
    """A new token for an administrator of `school`. The raw token is returned only here."""
    if not schools_administered_by(user).filter(pk=school.pk).exists():
        raise ValidationError(_("Only school administrators can create API tokens."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(_("The expiry date must be in the future."))
    raw = new_raw_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            school=school,
            user=user,
            name=name.strip(),
            token_hash=hash_token(raw),
            prefix=raw[:8],
            created_by=user,
            expires_at=expires_at,
        )
    return token, raw


def revoke_api_token(*, token: ApiToken, by: User) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


# --- Two-factor authentication ------------------------------------------------------------


def start_totp_setup(*, user: User) -> TOTPDevice:
    """The unconfirmed device being set up; reused so a page reload keeps the same secret."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def confirm_totp_device(*, device: TOTPDevice) -> None:
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user_id, confirmed=False).delete()


def remove_two_factor(*, user: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()


# --- The account itself ----------------------------------------------------------------


def set_language(*, user: User, language: str) -> None:
    """The language picker: the choice is kept with the account (pages and e-mails)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the offered languages."))
    with transaction.atomic():
        user.language = language
        user.save(update_fields=["language"])


def update_account(*, user: User, display_name: str, email: str, language: str) -> None:
    """Save the user's own details. A changed e-mail address is announced to the old one,
    so a stolen session cannot quietly take over the account."""
    old_email = user.email
    with transaction.atomic():
        user.display_name = display_name.strip()
        user.email = User.objects.normalize_email(email).lower()
        user.language = language
        user.save(update_fields=["display_name", "email", "language"])
        if user.email != old_email:
            _send_after_commit(
                user=user,
                template="email_changed",
                context={"old_email": old_email, "new_email": user.email},
                to=old_email,
            )
