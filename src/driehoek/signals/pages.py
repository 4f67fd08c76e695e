"""How signals plug into the shared pages (see driehoek.front.registry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.accounts import access
from driehoek.accounts.access import RoleKind
from driehoek.front.registry import NavItem, Panel

if TYPE_CHECKING:
    from django.http import HttpRequest

    from driehoek.accounts.access import Role
    from driehoek.roster.models import Student


def nav_items(request: HttpRequest, role: Role) -> list[NavItem]:
    if role.kind == RoleKind.ADMIN:
        url = reverse("signals:school", kwargs={"school_id": role.school_id})
        return [NavItem(label=_("School data"), url=url, active_prefix="/signals/")]
    if role.kind in (RoleKind.MENTOR, RoleKind.TEACHER, RoleKind.CARE):
        return [
            NavItem(label=_("Signals"), url=reverse("signals:inbox"), active_prefix="/signals/")
        ]
    return []


def student_panels(request: HttpRequest, student: Student) -> list[Panel]:
    """On the student page: how many open signals there are, with a link (no details)."""
    if not access.can_view_signals_of(request.user, student):
        return []
    count = (
        access.signals_visible_to(request.user)
        .filter(student=student)
        .open_on(timezone.localdate())
        .count()
    )
    return [
        Panel(template="signals/panel.html", context={"count": count, "student": student}, order=60)
    ]
