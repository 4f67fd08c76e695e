"""The role a user is acting in now (a teacher who is also a parent switches)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from driehoek.accounts.access import Role, RoleKind, roles_of

SESSION_KEY = "driehoek_active_role"

ROLE_LABELS = {
    RoleKind.ADMIN: _("School administrator"),
    RoleKind.MENTOR: _("Mentor"),
    RoleKind.TEACHER: _("Teacher"),
    RoleKind.CARE: _("Care coordinator"),
    RoleKind.GUARDIAN: _("Parent"),
    RoleKind.STUDENT: _("Student"),
}


def role_label(role: Role) -> str:
    return f"{ROLE_LABELS[role.kind]} · {role.school_name}"


def user_roles(request: HttpRequest) -> list[Role]:
    # Cached on the request: the header, the home page and the view all ask.
    cached: list[Role] | None = getattr(request, "_driehoek_roles", None)
    if cached is None:
        cached = roles_of(request.user)
        request._driehoek_roles = cached  # type: ignore[attr-defined]
    return cached


def active_role(request: HttpRequest) -> Role | None:
    roles = user_roles(request)
    if not roles:
        return None
    wanted = request.session.get(SESSION_KEY)
    for role in roles:
        if role.key == wanted:
            return role
    return roles[0]


def set_active_role(request: HttpRequest, key: str) -> Role | None:
    """Switch to one of the user's own roles; an unknown key changes nothing."""
    for role in user_roles(request):
        if role.key == key:
            request.session[SESSION_KEY] = key
            return role
    return None


def require_role(request: HttpRequest, *kinds: RoleKind) -> Role:
    """The role (of these kinds) the user acts in on this page, or 404.

    Prefers the active role; a user who opens another role's page (a bookmark) acts in
    their first role of that kind, so the page shows what the URL promises.
    """
    current = active_role(request)
    if current is not None and current.kind in kinds:
        return current
    for role in user_roles(request):
        if role.kind in kinds:
            return role
    raise Http404
