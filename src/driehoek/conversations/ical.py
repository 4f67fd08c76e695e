"""The calendar of a user's conversations and agreement follow-ups (RFC 5545).

Times are written in Europe/Amsterdam with a VTIMEZONE, so a calendar shows a parent
evening at 19:00 on both sides of the daylight-saving change. UIDs are derived from the
row's primary key and the site, so they are stable across downloads and unique.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from driehoek.accounts import access
from driehoek.conversations.models import AgreementStatus, ConversationStatus

if TYPE_CHECKING:
    from driehoek.accounts.models import User

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//Driehoek//Gesprekken//NL"


def _uid_domain() -> str:
    return urlparse(settings.SITE_URL).hostname or "driehoek.localhost"


def calendar_for_user(user: User) -> bytes:
    """Every planned or held conversation the user may see, and the follow-up dates of
    open agreements, in one calendar."""
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        return _calendar(user).to_ical()


def amsterdam_vtimezone() -> Timezone:
    """Europe/Amsterdam as the EU rule since 1996 (last Sunday of March and of October).

    Written out as two RRULEs, the form calendar apps publish themselves: icalendar's
    generated zone lists every change as an RDATE, which vobject misreads (it put a
    19:00 event of 22 October 2026 in winter time)."""
    zone = Timezone()
    zone.add("tzid", "Europe/Amsterdam")
    zone.add("x-lic-location", "Europe/Amsterdam")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    summer.add("dtstart", datetime.datetime(1981, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _calendar(user: User) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Driehoek conversations"))
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add_component(amsterdam_vtimezone())
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    domain = _uid_domain()
    conversations = (
        access.conversations_visible_to(user)
        .exclude(status=ConversationStatus.CANCELLED)
        .select_related("student")
        .prefetch_related("staff")
        .order_by("starts_at", "pk")
    )
    for conversation in conversations:
        event = Event()
        event.add("uid", f"conversation-{conversation.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", conversation.starts_at.astimezone(AMSTERDAM).replace(microsecond=0))
        event.add("dtend", conversation.ends_at.astimezone(AMSTERDAM).replace(microsecond=0))
        names = ", ".join(member.full_name for member in conversation.staff.all())
        summary = (
            f"{conversation.get_kind_display().capitalize()}: {conversation.student.full_name}"
        )
        event.add("summary", f"{summary} ({names})" if names else summary)
        if conversation.place:
            event.add("location", conversation.place)
        if conversation.video_link:
            event.add("url", conversation.video_link)
            event.add("description", conversation.video_link)
        event.add("status", "CONFIRMED")
        event.add("sequence", 0)
        calendar.add_component(event)
    agreements = (
        access.agreements_visible_to(user)
        .filter(status=AgreementStatus.OPEN, due_on__isnull=False)
        .select_related("student")
        .order_by("due_on", "pk")
    )
    for agreement in agreements:
        event = Event()
        event.add("uid", f"agreement-{agreement.pk}@{domain}")
        event.add("dtstamp", stamp)
        # An all-day event: DTEND is the (exclusive) next day.
        event.add("dtstart", agreement.due_on)
        event.add("dtend", agreement.due_on + datetime.timedelta(days=1))
        event.add(
            "summary",
            _("Agreement about %(name)s: %(what)s")
            % {"name": agreement.student.first_name, "what": agreement.what},
        )
        details = [_("Who: %(who)s") % {"who": agreement.owner_label}]
        if agreement.follow_up:
            details.append(_("Follow-up: %(how)s") % {"how": agreement.follow_up})
        event.add("description", "\n".join(details))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar
