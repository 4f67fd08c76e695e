"""Where conversations plug into shared pages: the navigation and the student page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from driehoek.accounts import access
from driehoek.accounts.access import Relation, RoleKind
from driehoek.conversations.models import AgreementStatus
from driehoek.front.registry import NavItem, Panel

if TYPE_CHECKING:
    from django.http import HttpRequest

    from driehoek.accounts.access import Role
    from driehoek.roster.models import Student


def nav_items(request: HttpRequest, role: Role) -> list[NavItem]:
    prefix = reverse("conversations:list")
    if role.kind == RoleKind.GUARDIAN:
        return [NavItem(_("Conversations"), prefix, prefix)]
    if role.kind == RoleKind.MENTOR:
        agreements = reverse("conversations:agreements")
        return [
            NavItem(_("Conversations"), prefix, prefix),
            NavItem(_("Agreements"), agreements, agreements),
        ]
    if role.kind == RoleKind.TEACHER:
        evenings = reverse("conversations:evenings")
        return [NavItem(_("Parent evenings"), evenings, evenings)]
    if role.kind == RoleKind.ADMIN:
        evenings = reverse("conversations:evenings")
        return [NavItem(_("Parent evenings"), evenings, evenings)]
    return []


def student_panels(request: HttpRequest, student: Student) -> list[Panel]:
    """Open agreements (and conversations) for those who may read them: the guardians,
    the mentor and the student; nothing for other staff or the administrator."""
    agreements = access.agreements_visible_to(request.user).filter(student=student)
    relations = access.relations_to_student(request.user, student)
    if not relations & {Relation.GUARDIAN, Relation.MENTOR, Relation.SELF}:
        return []
    conversations = (
        access.conversations_visible_to(request.user)
        .filter(student=student)
        .select_related("student")
        .order_by("-starts_at")[:5]
    )
    mentor = Relation.MENTOR in relations
    context = {
        "student": student,
        "agreements": agreements.filter(status=AgreementStatus.OPEN).order_by("due_on", "pk"),
        "conversations": list(conversations),
        "can_manage": mentor,
        "can_plan": mentor,
    }
    return [Panel("conversations/panel.html", context, order=40)]
