"""Where the triangle plugs into shared pages: a navigation item and a student panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from driehoek.accounts import access
from driehoek.accounts.access import RoleKind
from driehoek.front.registry import NavItem, Panel
from driehoek.triangle.selectors import latest_complete_result

if TYPE_CHECKING:
    from django.http import HttpRequest

    from driehoek.accounts.access import Role
    from driehoek.roster.models import Student

NAV_ROLES = {RoleKind.GUARDIAN, RoleKind.STUDENT, RoleKind.MENTOR, RoleKind.ADMIN}


def nav_items(request: HttpRequest, role: Role) -> list[NavItem]:
    if role.kind not in NAV_ROLES:
        return []
    url = reverse("triangle:index")
    return [NavItem(label=_("Triangle"), url=url, active_prefix=url)]


def student_panels(request: HttpRequest, student: Student) -> list[Panel]:
    if not access.can_view_triangle(request.user, student):
        return []
    from driehoek.triangle.views import triangle_context

    result = latest_complete_result(student=student)
    context = triangle_context(request.user, student, result, width=160)
    context["student"] = student
    return [Panel(template="triangle/panel.html", context=context, order=20)]
