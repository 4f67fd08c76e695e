from __future__ import annotations

from django.http import HttpRequest

from driehoek.accounts.roles import active_role, role_label, user_roles
from driehoek.front.registry import app_stylesheets, current_nav_item, nav_items_for


def roles(request: HttpRequest) -> dict[str, object]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {
            "roles": [],
            "active_role": None,
            "nav_items": [],
            "app_stylesheets": app_stylesheets(),
        }
    labelled = [_LabelledRole(role) for role in user_roles(request)]
    current = active_role(request)
    items = nav_items_for(request, current)
    return {
        "roles": labelled,
        "active_role": _LabelledRole(current) if current else None,
        "nav_items": items,
        "current_nav_item": current_nav_item(items, request.path),
        "app_stylesheets": app_stylesheets(),
    }


class _LabelledRole:
    def __init__(self, role):  # type: ignore[no-untyped-def]
        self.role = role
        self.key = role.key
        self.kind = str(role.kind)
        self.school_id = role.school_id
        self.label = role_label(role)
