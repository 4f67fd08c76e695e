"""Reads for the accounts pages and for token authentication.

Who may see which school is decided in `access`; these selectors only narrow down
within a school an administrator was already allowed to see.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from driehoek.accounts.access import schools_administered_by
from driehoek.accounts.models import ApiToken, Invitation, User, hash_token
from driehoek.roster.models import Guardian, School, StaffMember, Student

#: last_used_at is written at most this often, so a busy integration does not write per call.
API_TOKEN_TOUCH_INTERVAL = datetime.timedelta(minutes=1)


# --- Invitations -----------------------------------------------------------------------


def invitation_for_token(raw: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("user", "school")
        .filter(token_hash=hash_token(raw))
        .first()
    )


def open_invitations(*, school: School) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        school=school,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("user", "invited_by")


def get_invitation_for_admin(user: User, invitation_id: int) -> Invitation:
    try:
        return Invitation.objects.get(pk=invitation_id, school__in=schools_administered_by(user))
    except Invitation.DoesNotExist:
        raise Http404 from None


def _without_account() -> Q:
    # Invited but not accepted yet still counts as "without an account", so an expired
    # invitation can be sent again.
    return Q(user__isnull=True) | Q(user__is_active=False)


def guardians_without_account(*, school: School) -> QuerySet[Guardian]:
    return Guardian.objects.filter(_without_account(), school=school).select_related("user")


def staff_without_account(*, school: School) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(_without_account(), school=school).select_related("user")


def students_without_account(*, school: School) -> QuerySet[Student]:
    return Student.objects.filter(
        _without_account(), school=school, left_on__isnull=True
    ).select_related("user", "school")


# --- API tokens -----------------------------------------------------------------------


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("school")


def get_api_token_for_user(user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; anyone else's answers 404."""
    try:
        return api_tokens_of(user).get(pk=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None


def user_for_api_token(raw: str) -> User | None:
    """The active owner of a valid token, or None. Notes when the token was last used."""
    if not raw:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or token.last_used_at < now - API_TOKEN_TOUCH_INTERVAL:
        # A conditional update: two calls in the same minute write once.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - API_TOKEN_TOUCH_INTERVAL)
        ).update(last_used_at=now)
    return token.user
