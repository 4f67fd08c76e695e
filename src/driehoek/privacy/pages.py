"""How privacy plugs into the shared pages (see driehoek.front.registry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from driehoek.accounts import access
from driehoek.accounts.access import Relation, RoleKind
from driehoek.front.registry import NavItem, Panel

if TYPE_CHECKING:
    from django.http import HttpRequest

    from driehoek.accounts.access import Role
    from driehoek.roster.models import Student


def nav_items(request: HttpRequest, role: Role) -> list[NavItem]:
    if role.kind != RoleKind.ADMIN:
        return []
    url = reverse("privacy:school", kwargs={"school_id": role.school_id})
    return [NavItem(label=_("Privacy"), url=url, active_prefix="/privacy/schools/")]


def student_panels(request: HttpRequest, student: Student) -> list[Panel]:
    """On the child's page: for the guardians (and the student), their data and rights."""
    relations = access.relations_to_student(request.user, student)
    if not relations & {Relation.GUARDIAN, Relation.SELF}:
        return []
    return [Panel(template="privacy/panel.html", context={"student": student}, order=90)]
