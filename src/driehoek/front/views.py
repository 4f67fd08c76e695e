"""The landing page and each role's home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from driehoek.accounts.access import RoleKind
from driehoek.accounts.roles import active_role


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "front/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to the home page of the role they are acting in."""
    role = active_role(request)
    if role is None:
        return render(request, "front/no_role.html")
    if role.kind == RoleKind.ADMIN:
        return redirect("roster:school", school_id=role.school_id)
    if role.kind == RoleKind.GUARDIAN:
        return redirect("front:my_children")
    if role.kind == RoleKind.STUDENT:
        return redirect("front:me")
    return redirect("front:my_groups")
