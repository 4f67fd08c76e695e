"""Where involvement plugs into shared pages (see driehoek.front.registry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from driehoek.accounts import access
from driehoek.accounts.access import RoleKind
from driehoek.front.registry import NavItem, Panel

if TYPE_CHECKING:
    from django.http import HttpRequest

    from driehoek.accounts.access import Role
    from driehoek.roster.models import Student


def nav_items(request: HttpRequest, role: Role) -> list[NavItem]:
    if role.kind == RoleKind.GUARDIAN:
        return [NavItem(_("Involvement at home"), reverse("involvement:index"), "/involvement/")]
    if role.kind in (RoleKind.MENTOR, RoleKind.TEACHER, RoleKind.CARE):
        return [NavItem(_("Parents' guide"), reverse("involvement:guide"), "/involvement/")]
    return []


def student_panels(request: HttpRequest, student: Student) -> list[Panel]:
    """For a guardian: their own scans of this child. For the mentor: scans a parent shared."""
    user = request.user
    scans = access.involvement_scans_visible_to(user).filter(student=student)
    if access.can_fill_involvement_scan(user, student):
        own = scans.filter(guardian=user).order_by("-date")
        return [
            Panel(
                "involvement/_panel_guardian.html",
                {"student": student, "scans": list(own[:3])},
                order=60,
            )
        ]
    shared = list(
        scans.filter(shared_with_mentor=True).select_related("guardian").order_by("-date")
    )
    if not shared:
        return []
    return [Panel("involvement/_panel_mentor.html", {"student": student, "scans": shared}, 60)]
