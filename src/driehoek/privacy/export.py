"""A person's download: every row `collect.walk` finds, as JSON and as a readable page.

Secrets never leave: password hashes, token digests, calendar tokens and two-factor keys
are named in SECRET_FIELDS, and any field whose name says password, token or secret (or
is called "key") is left out as well, so a new secret in a later app is caught too.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.accounts import access
from driehoek.accounts.models import User
from driehoek.privacy import classification, collect, kinds

ModelType = type[models.Model]

FORMAT = "driehoek-export/1"

#: Secrets, by model: never in a download (tests/privacy/test_export.py names each).
SECRET_FIELDS: dict[str, frozenset[str]] = {
    "accounts.User": frozenset({"password"}),
    "accounts.Invitation": frozenset({"token_hash"}),
    "accounts.ApiToken": frozenset({"token_hash"}),
    "conversations.CalendarFeed": frozenset({"token"}),
    "otp_totp.TOTPDevice": frozenset({"key"}),
    "care.GuestInvitation": frozenset({"token_hash"}),
}
_SECRET_WORDS = ("password", "token", "secret")


def is_secret(model: ModelType, name: str) -> bool:
    if name in SECRET_FIELDS.get(model._meta.label, frozenset()):
        return True
    return name == "key" or any(word in name for word in _SECRET_WORDS)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def rows_for(user: User) -> dict[ModelType, list[models.Model]]:
    """The rows of a person's download, per model."""
    anchors = collect.anchors_for_requester(user)
    born = _years_before(timezone.localdate(), access.PRIVACY_OWN_RIGHTS_AGE)
    rules = access.privacy_export_rules(user, born_on_or_before=born)
    found = collect.walk(anchors, narrow=True, extra_rules=rules)
    return {
        model: list(model._base_manager.filter(pk__in=pks).order_by("pk"))
        for model, pks in found.items()
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return None
    return value


def fields_of(model: ModelType) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not is_secret(model, f.name)]


def m2m_of(model: ModelType) -> list[models.ManyToManyField]:
    return [f for f in model._meta.many_to_many if not is_secret(model, f.name)]


def row_as_json(row: models.Model) -> dict[str, Any]:
    model = type(row)
    data: dict[str, Any] = {}
    for f in fields_of(model):
        data[f.attname] = _plain(getattr(row, f.attname))
    for f in m2m_of(model):
        data[f.name] = sorted(getattr(row, f.name).values_list("pk", flat=True))
    return data


def kind_of(model: ModelType) -> str:
    rule = classification.rule_for(model)
    return rule.kind if rule else "other"


def as_json(user: User, rows: dict[ModelType, list[models.Model]]) -> dict[str, Any]:
    by_label = sorted(rows.items(), key=lambda item: item[0]._meta.label)
    return {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(),
        "requested_by": {"id": user.pk, "email": user.email},
        "left_out": {
            model._meta.label: sorted(
                f.name for f in model._meta.concrete_fields if is_secret(model, f.name)
            )
            for model, _rows in by_label
            if any(is_secret(model, f.name) for f in model._meta.concrete_fields)
        },
        "data": {
            model._meta.label: {
                "kind": kind_of(model),
                "rows": [{"id": row.pk, "fields": row_as_json(row)} for row in found],
            }
            for model, found in by_label
        },
    }


# --- The readable page ------------------------------------------------------------------


@dataclass
class Item:
    label: str
    value: str


@dataclass
class Entry:
    title: str
    items: list[Item]


#: From this many rows a block is printed as one table instead of a card per row.
TABLE_FROM = 12


@dataclass
class Block:
    title: str
    label: str
    entries: list[Entry]
    #: For long blocks: what every row shares (said once), and the rest as a table.
    shared: list[Item] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.entries)


def _as_table(block: Block) -> Block:
    """A long block as a table; columns whose value is the same in every row are said
    once above it (the school, the child), so the table stays narrow enough to read."""
    labels = [item.label for item in block.entries[0].items]
    values = [[item.value for item in entry.items] for entry in block.entries]
    same = [i for i in range(len(labels)) if len({row[i] for row in values}) == 1]
    varying = [i for i in range(len(labels)) if i not in same]
    block.shared = [Item(labels[i], values[0][i]) for i in same]
    block.columns = [labels[i] for i in varying]
    block.table = [[row[i] for i in varying] for row in values]
    return block


@dataclass
class Chapter:
    kind: str
    title: str
    blocks: list[Block] = field(default_factory=list)


#: Names of rows a foreign key points at, fetched once per download: (model, pk) → text.
Names = dict[tuple[type[models.Model], object], str]


def _display(row: models.Model, f: models.Field, names: Names) -> str:
    value = getattr(row, f.attname)
    if value is None or value == "":
        return "—"
    if f.choices:
        return str(getattr(row, f"get_{f.name}_display")())
    if isinstance(f, models.ForeignKey):
        key = (f.related_model, value)
        if key not in names:
            target = f.related_model._base_manager.filter(pk=value).first()  # type: ignore[union-attr]
            names[key] = str(target) if target is not None else f"#{value}"
        return names[key]
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, models.fields.files.FieldFile):
        return _("a file (download it in Driehoek)")
    if isinstance(value, dict | list):
        return (
            ", ".join(f"{k}: {v}" for k, v in value.items())
            if isinstance(value, dict)
            else (", ".join(str(v) for v in value))
        )
    return str(value)


def _entry(row: models.Model, names: Names) -> Entry:
    model = type(row)
    items = [
        Item(str(f.verbose_name).capitalize(), _display(row, f, names))
        for f in fields_of(model)
        if not f.primary_key
    ]
    for f in m2m_of(model):
        names = ", ".join(str(other) for other in getattr(row, f.name).all())
        items.append(Item(str(f.verbose_name).capitalize(), names or "—"))
    return Entry(title=str(row), items=items)


def chapters(rows: dict[ModelType, list[models.Model]]) -> list[Chapter]:
    from driehoek.privacy.models import DataKind

    titles = dict(DataKind.choices)
    order = [*kinds.KEYS, "other"]
    found: dict[str, Chapter] = {}
    names: Names = {}
    for model, model_rows in sorted(rows.items(), key=lambda item: item[0]._meta.label):
        kind = kind_of(model)
        chapter = found.setdefault(kind, Chapter(kind, str(titles.get(kind, _("Other data")))))
        block = Block(
            title=str(model._meta.verbose_name_plural).capitalize(),
            label=model._meta.label,
            entries=[_entry(row, names) for row in model_rows],
        )
        chapter.blocks.append(_as_table(block) if len(model_rows) >= TABLE_FROM else block)
    return sorted(found.values(), key=lambda chapter: order.index(chapter.kind))
