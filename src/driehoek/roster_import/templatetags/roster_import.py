"""Report rows in the reader's language: reasons are stored as English message ids."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from driehoek.roster_import.records import Kind

register = template.Library()


@register.filter
def reason(problem: dict[str, Any]) -> str:
    message_id = problem.get("message_id") or problem.get("reason", "")
    params = problem.get("params") or {}
    translated = gettext(message_id)
    try:
        return translated % params if params else translated
    except (KeyError, TypeError, ValueError):
        return str(problem.get("reason", ""))


@register.simple_tag
def count_rows(report: dict[str, Any] | None) -> list[tuple[str, dict[str, int]]]:
    """(label, counts) for each kind, in the order of the report table."""
    from driehoek.roster_import.labels import KIND_LABELS

    counts = (report or {}).get("counts") or {}
    return [(str(KIND_LABELS[kind]), counts[kind.value]) for kind in Kind if kind.value in counts]
