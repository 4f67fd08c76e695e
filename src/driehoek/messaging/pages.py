"""How messaging plugs into the shared pages (see driehoek.front.registry)."""

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

#: How many open threads the student page lists.
PANEL_THREADS = 5


def nav_items(request: HttpRequest, role: Role) -> list[NavItem]:
    if role.kind not in (RoleKind.GUARDIAN, RoleKind.MENTOR, RoleKind.TEACHER, RoleKind.CARE):
        return []
    return [
        NavItem(label=_("Messages"), url=reverse("messaging:inbox"), active_prefix="/messages/")
    ]


def student_panels(request: HttpRequest, student: Student) -> list[Panel]:
    threads = access.threads_visible_to(request.user).filter(student=student)
    may_start = access.can_start_thread(request.user, student)
    if not may_start and not threads.exists():
        return []
    context = {
        "student": student,
        "threads": list(threads.select_related("household")[:PANEL_THREADS]),
        "may_start": may_start,
    }
    return [Panel(template="messaging/panel.html", context=context, order=30)]
