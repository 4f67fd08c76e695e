"""How the child profile plugs into the shared pages (see driehoek.front.registry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from driehoek.accounts import access
from driehoek.accounts.access import RoleKind
from driehoek.front.registry import NavItem, Panel
from driehoek.profiles.views import PROFILE_RELATIONS

if TYPE_CHECKING:
    from django.http import HttpRequest

    from driehoek.accounts.access import Role
    from driehoek.roster.models import Student

#: How many sections the student page shows before "open the profile".
PANEL_SECTIONS = 6


def nav_items(request: HttpRequest, role: Role) -> list[NavItem]:
    if role.kind not in (RoleKind.GUARDIAN, RoleKind.STUDENT, RoleKind.MENTOR):
        return []
    return [NavItem(label=_("Profile"), url=reverse("profiles:index"), active_prefix="/profiles/")]


def student_panels(request: HttpRequest, student: Student) -> list[Panel]:
    if not access.relations_to_student(request.user, student) & PROFILE_RELATIONS:
        return []
    sections = access.profile_sections_visible_to(request.user, student).order_by(
        "kind", "-updated_at"
    )
    context = {
        "student": student,
        "sections": list(sections[:PANEL_SECTIONS]),
        "may_write": access.can_write_profile(request.user, student),
    }
    return [Panel(template="profiles/panel.html", context=context, order=20)]
