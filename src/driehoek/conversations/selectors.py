"""Reads of the conversations app for other apps."""

from __future__ import annotations

import datetime

from django.db.models import Q

from driehoek.accounts.models import User
from driehoek.conversations.models import Preparation, Side
from driehoek.roster.models import School


def contributions_between(
    *, guardian_user: User, school: School
) -> list[tuple[datetime.datetime, str, str]]:
    """What conversations gave and asked between this parent and the school, oldest first.

    One entry per preparation that has a kind (the kinds of `messaging.models.MessageKind`)
    in the conversations at this school where `guardian_user` is one of the guardians:
    `(moment, kind, side)` with side "home" or "school" and the moment the conversation's
    start (when the contact takes place).

    What counts is what this parent may read: their own preparations (side "home") and the
    school's preparations once shared with the family (side "school"). A school
    preparation not yet shared stays out, so the balance never tells a parent that
    something is being prepared; a co-parent's own preparation and the student's are not
    this parent's contact with the school and stay out too.
    """
    preparations = (
        Preparation.objects.filter(
            conversation__school=school,
            conversation__guardians__user=guardian_user,
        )
        .filter(
            Q(author=guardian_user, side=Side.HOME) | Q(side=Side.SCHOOL, shared=True),
        )
        .exclude(kind="")
        .distinct()
        .order_by("conversation__starts_at", "pk")
        .values_list("conversation__starts_at", "kind", "side")
    )
    return [(moment, kind, side) for moment, kind, side in preparations]
