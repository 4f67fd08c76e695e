"""How the roster import plugs into the shared pages (see driehoek.front.registry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from driehoek.accounts.access import RoleKind
from driehoek.front.registry import NavItem

if TYPE_CHECKING:
    from django.http import HttpRequest

    from driehoek.accounts.access import Role


def nav_items(request: HttpRequest, role: Role) -> list[NavItem]:
    if role.kind != RoleKind.ADMIN:
        return []
    url = reverse("roster_import:upload", kwargs={"school_id": role.school_id})
    return [NavItem(label=_("Import"), url=url, active_prefix="/import/")]
