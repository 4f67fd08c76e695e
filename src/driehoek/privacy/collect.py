"""Walking the models: every row that belongs to a person or a family.

Generic by construction: starting from the anchors (users, guardian records, households,
students) it follows every foreign key that points *at* a row already found, in every
installed model, until nothing new turns up. A model another app adds later is found
the same way, without a change here.

What a person may take home is narrowed by `driehoek.accounts.access`
(`privacy_export_students`, `privacy_export_rules`): a row about a child must be about
one of the requester's own children, a row tied to a household or guardian record must
be their own, and rows private to someone else (the other household's threads and
scans, another writer's drafts or unshared preparation) stay out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q

from driehoek.accounts.models import User
from driehoek.roster.models import Guardian, Household, Student, StudentGuardian

ModelType = type[models.Model]


@dataclass
class Anchors:
    users: set[int] = field(default_factory=set)
    guardians: set[int] = field(default_factory=set)
    households: set[int] = field(default_factory=set)
    students: set[int] = field(default_factory=set)

    def as_found(self) -> dict[ModelType, set[int]]:
        return {
            User: set(self.users),
            Guardian: set(self.guardians),
            Household: set(self.households),
            Student: set(self.students),
        }


def anchors_for_requester(user: User) -> Anchors:
    """A person's own anchors: their login, their guardian records (at every school),
    their households, and the children whose data they may take home (and themself)."""
    from driehoek.accounts import access

    links = StudentGuardian.objects.filter(guardian__user=user)
    return Anchors(
        users={user.pk},
        guardians=set(Guardian.objects.filter(user=user).values_list("pk", flat=True)),
        households=set(
            links.filter(household__isnull=False).values_list("household_id", flat=True)
        ),
        students=set(access.privacy_export_students(user).values_list("pk", flat=True)),
    )


def _foreign_keys(model: ModelType) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is not None
    ]


def walkable_models() -> list[ModelType]:
    """Every installed model except the anchors and Django's automatic many-to-many
    tables (those are written out on the row that owns the field)."""
    anchors = {User, Guardian, Household, Student}
    return [m for m in apps.get_models() if not m._meta.auto_created and m not in anchors]


def _scope(model: ModelType, anchors: Anchors) -> Q:
    """The generic narrowing: a foreign key to a student, guardian record or household
    must point into the requester's own family (or be empty)."""
    scope = Q()
    for fk in _foreign_keys(model):
        own = {
            Student: anchors.students,
            Guardian: anchors.guardians,
            Household: anchors.households,
        }.get(fk.related_model)  # type: ignore[call-overload]
        if own is not None:
            scope &= Q(**{f"{fk.name}__in": own}) | Q(**{f"{fk.name}__isnull": True})
    return scope


def walk(
    anchors: Anchors,
    *,
    narrow: bool,
    extra_rules: dict[str, Q] | None = None,
    models_to_walk: Iterable[ModelType] | None = None,
) -> dict[ModelType, set[int]]:
    """Primary keys of every row that points (directly or through other found rows) at
    the anchors. `narrow`: apply the family scope and `extra_rules` (an export);
    otherwise every reachable row (an erasure plan uses Django's own collector instead)."""
    rules = extra_rules or {}
    found = anchors.as_found()
    candidates = list(models_to_walk or walkable_models())
    changed = True
    while changed:
        changed = False
        for model in candidates:
            reach = Q(pk__in=[])
            reachable = False
            for fk in _foreign_keys(model):
                pks = found.get(fk.related_model)  # type: ignore[arg-type]
                if pks:
                    reach |= Q(**{f"{fk.name}__in": pks})
                    reachable = True
            if not reachable:
                continue
            rows = model._base_manager.filter(reach)
            if narrow:
                rows = rows.filter(_scope(model, anchors))
                rule = rules.get(model._meta.label)
                if rule is not None:
                    rows = rows.filter(rule)
            pks = set(rows.values_list("pk", flat=True))
            known = found.setdefault(model, set())
            if not pks <= known:
                known |= pks
                changed = True
    return {model: pks for model, pks in found.items() if pks}
