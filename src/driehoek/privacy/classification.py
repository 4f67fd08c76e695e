"""Which model holds which kind of data: read from every app's `retention.py`.

An app's module holds a dict `RETENTION` from model name to a kind, or to (kind, date
field) for rows removed by age. `driehoek.privacy.retention` classifies models of Django
and third-party packages by "app_label.Model". A test (tests/privacy/test_classification.py)
fails when a model holding personal data is not classified, so a new app cannot forget.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.apps import apps
from django.db import models

from driehoek.front.registry import app_modules
from driehoek.privacy import kinds


@dataclass(frozen=True)
class Rule:
    model: type[models.Model]
    kind: str
    #: The field whose age decides removal; None: the row goes with what it belongs to.
    date_field: str | None = None


class ClassificationError(Exception):
    pass


def _rule(model: type[models.Model], value: object) -> Rule:
    if isinstance(value, str):
        kind, date_field = value, None
    elif isinstance(value, tuple) and len(value) == 2:
        kind, date_field = value
    else:
        raise ClassificationError(f"{model._meta.label}: expected a kind or (kind, field)")
    if kind not in kinds.BY_KEY:
        raise ClassificationError(f"{model._meta.label}: unknown data kind {kind!r}")
    if date_field is not None:
        model._meta.get_field(date_field)  # raises FieldDoesNotExist on a typo
    return Rule(model, kind, date_field)


@functools.cache
def rules() -> dict[type[models.Model], Rule]:
    """Every classified model and its rule."""
    found: dict[type[models.Model], Rule] = {}
    for module in app_modules("retention"):
        declared = getattr(module, "RETENTION", {})
        app_label = module.__name__.split(".")[1]
        for name, value in declared.items():
            label = name if "." in name else f"{app_label}.{name}"
            try:
                model = apps.get_model(label)
            except LookupError:
                raise ClassificationError(f"{module.__name__}: no model {label}") from None
            found[model] = _rule(model, value)
    return found


def rule_for(model: type[models.Model]) -> Rule | None:
    return rules().get(model)


def anchor_models() -> tuple[type[models.Model], ...]:
    """The models that are people or families: every personal row leads to one of them."""
    from driehoek.accounts.models import User
    from driehoek.roster.models import Guardian, Household, Student

    return (User, Guardian, Household, Student)


def _forward_fks(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is not None
    ]


def holds_personal_data(model: type[models.Model]) -> bool:
    """A model is personal when it is an anchor or reaches one through foreign keys."""
    anchors = set(anchor_models())
    seen: set[type[models.Model]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in anchors:
            return True
        if current in seen:
            continue
        seen.add(current)
        todo.extend(field.related_model for field in _forward_fks(current))  # type: ignore[misc]
    return False


def personal_models() -> list[type[models.Model]]:
    """Every installed model holding personal data, except Django's automatic many-to-many
    tables (they go with the rows they join)."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.auto_created and holds_personal_data(model)
    ]


def unclassified_personal_models() -> list[str]:
    known = rules()
    return sorted(model._meta.label for model in personal_models() if model not in known)


def school_path(model: type[models.Model]) -> str | None:
    """The shortest foreign-key path from the model to its school ("school",
    "evening__school", …); None when it has none (such rows get the default period)."""
    from driehoek.roster.models import School

    queue: list[tuple[type[models.Model], str]] = [(model, "")]
    seen = {model}
    while queue:
        current, path = queue.pop(0)
        for field in _forward_fks(current):
            target = field.related_model
            step = f"{path}__{field.name}" if path else field.name
            if target is School:
                return step
            if target not in seen and target is not None and path.count("__") < 3:
                seen.add(target)  # type: ignore[arg-type]
                queue.append((target, step))  # type: ignore[arg-type]
    return None
