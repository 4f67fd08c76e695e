"""Where feature apps plug into shared pages, without those pages knowing each app.

An app may provide, in `<app>/pages.py`:

    def nav_items(request, role) -> list[NavItem]
        links for the top navigation, for the role the user is acting in;
    def student_panels(request, student) -> list[Panel]
        sections on the student page (the student was obtained through
        `access.get_student_for_user`; each app still asks `access` what to show).

The shared pages call `nav_items_for` and `student_panels_for`; apps are asked in the
order of INSTALLED_APPS.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from django.http import HttpRequest

    from driehoek.accounts.access import Role
    from driehoek.roster.models import Student


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    # Marks the item as current when the request path starts with this prefix.
    active_prefix: str = ""


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def app_modules(module_name: str) -> list[ModuleType]:
    """`<app>.<module_name>` of every Driehoek app that has one, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("driehoek."):
            continue
        name = f"{config.name}.{module_name}"
        if importlib.util.find_spec(name) is not None:
            modules.append(importlib.import_module(name))
    return modules


@functools.cache
def app_stylesheets() -> tuple[str, ...]:
    """Each app's own stylesheet (`<app>/static/<label>/<label>.css`), for every page:
    an app's student-page panel or navigation must look right on pages it does not own."""
    from django.contrib.staticfiles import finders

    sheets = []
    for config in apps.get_app_configs():
        if config.name.startswith("driehoek.") and config.label != "front":
            path = f"{config.label}/{config.label}.css"
            if finders.find(path):
                sheets.append(path)
    return tuple(sheets)


def _page_modules() -> list[ModuleType]:
    return app_modules("pages")


def nav_items_for(request: HttpRequest, role: Role | None) -> list[NavItem]:
    if role is None:
        return []
    items: list[NavItem] = []
    for module in _page_modules():
        if hasattr(module, "nav_items"):
            items.extend(module.nav_items(request, role))
    return items


def current_nav_item(items: list[NavItem], path: str) -> NavItem | None:
    """The item the page belongs to: the longest prefix the path starts with (so
    /conversations/agreements/ is "Agreements", not also "Conversations")."""
    matching = [
        item for item in items if item.active_prefix and path.startswith(item.active_prefix)
    ]
    return max(matching, key=lambda item: len(item.active_prefix), default=None)


def student_panels_for(request: HttpRequest, student: Student) -> list[Panel]:
    panels: list[Panel] = []
    for module in _page_modules():
        if hasattr(module, "student_panels"):
            panels.extend(module.student_panels(request, student))
    return sorted(panels, key=lambda panel: panel.order)
