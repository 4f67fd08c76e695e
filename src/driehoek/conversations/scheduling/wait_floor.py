"""A proven floor on extra evenings, by Lagrangian relaxation and column generation.

`family_wait_minutes` charges 60 minutes for every evening beyond the first that a family
must come. Some of these evenings no schedule can avoid: a family's teachers share no
evening it accepts, or a teacher who could have seen it on its main evening is full. This
module computes a lower bound on the extra evenings of *every* schedule that meets requests
at least as well (in `needed_unmet`, then `unmet`) as a given standing.

The model: every family picks a pattern (for each request an evening or "unmet"); teachers
have as many conversations per evening as free slots; the standing may not get worse.
Relaxing the teacher counts and the standing with non-negative prices (π per teacher and
evening, μ per unit of standing lost) splits the problem into one tiny problem per family:
pick a set of evenings S, pay |S| − 1, and put each request on its cheapest evening in S or
leave it unmet at μ × its standing. For *any* prices, the sum of these minima minus the
priced capacities is a lower bound (weak duality). The prices come from a linear programme
over the patterns found so far (column generation with GLOP): its duals are the best prices
for those patterns, and each round adds every family's cheapest new pattern. Slot order and
the families' own slot counts are left out, which only makes the bound weaker, never wrong.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from .model import Instance

MAX_ROUNDS = 80
# Cost of leaving a unit of the standing budget unused in the master programme's emergency
# column; it only caps μ, so it never makes the bound wrong.
BUDGET_SLACK_COST = 1000.0


@dataclass(frozen=True, slots=True)
class WaitFloor:
    extra_evenings: int  # no schedule at this standing comes fewer extra evenings
    relaxation_value: float  # the best Lagrangian value found (extra_evenings is its ceiling)
    rounds: int
    converged: bool  # the programme reached its optimum (no pattern prices below it)


@dataclass(frozen=True, slots=True)
class _Request:
    evenings: tuple[int, ...]  # evenings this request can be held on
    teacher_evenings: tuple[tuple[int, ...], ...]  # per evening above: (teacher, evening) ids
    penalty: int  # standing units lost when it stays unmet
    must_meet: bool  # every schedule at this standing meets it


@dataclass(frozen=True, slots=True)
class _Pattern:
    cost: float  # extra evenings + priced loads + priced standing
    extra: int
    loads: tuple[int, ...]  # (teacher, evening) ids, with repetition
    lost: int  # standing lost
    evenings: tuple[int, ...]  # per placeable request of the family: its evening, or -1


def extra_evenings_floor(
    inst: Instance,
    *,
    needed_unmet: int,
    unmet: int,
    target: int | None = None,
    rounds: int = MAX_ROUNDS,
    time_limit: float = 60.0,
) -> WaitFloor:
    """The floor for schedules with (needed unmet, unmet) at least as good as given.

    `target` is the extra evenings of a known schedule at this standing: once the floor
    reaches it, nothing higher can be proven and the search stops."""
    return PatternProgramme(inst, needed_unmet=needed_unmet, unmet=unmet).solve(
        target=target, rounds=rounds, time_limit=time_limit
    )


class PatternProgramme:
    """The master programme over family patterns, grown by column generation."""

    def __init__(self, inst: Instance, *, needed_unmet: int, unmet: int) -> None:
        self.inst = inst
        n_e = len(inst.evenings)
        te_index: dict[tuple[int, int], int] = {}
        self.capacity: list[int] = []
        for t in inst.teachers:
            for e, evening in enumerate(inst.evenings):
                te_index[t.index, e] = len(self.capacity)
                self.capacity.append((t.available & evening.mask).bit_count())

        forced_needed = sum(1 for r in inst.requests if r.needed and not r.allowed)
        forced_weight = sum(r.weight for r in inst.requests if not r.allowed)
        if needed_unmet < forced_needed:
            raise ValueError("needed_unmet below what availability alone forces")
        # When needed_unmet is already as low as it can be, every schedule at this standing
        # meets all placeable needed requests and has unmet <= the given value: a budget in
        # weight. Otherwise the budget is the lexicographic pair folded into one number.
        if needed_unmet == forced_needed:
            scale = 0
            self.budget = unmet - forced_weight
        else:
            scale = sum(r.weight for r in inst.requests) + 1
            self.budget = scale * (needed_unmet - forced_needed) + unmet - forced_weight
        if self.budget < 0:
            raise ValueError("unmet below what availability alone forces")

        self.families: list[list[_Request]] = []
        self.request_ids: list[list[int]] = []  # per family: its placeable requests
        for family in inst.families:
            own = []
            ids = []
            for r in family.requests:
                request = inst.requests[r]
                if not request.allowed:
                    continue
                evenings = tuple(
                    e for e, ev in enumerate(inst.evenings) if request.allowed & ev.mask
                )
                own.append(
                    _Request(
                        evenings=evenings,
                        teacher_evenings=tuple(
                            tuple(te_index[t, e] for t in request.teachers) for e in evenings
                        ),
                        penalty=scale * request.needed + request.weight,
                        must_meet=scale == 0 and request.needed,
                    )
                )
                ids.append(r)
            if own:
                self.families.append(own)
                self.request_ids.append(ids)
        self.subsets = [(mask, mask.bit_count() - 1) for mask in range(1, 1 << n_e)]
        self.columns: list[list[_Pattern]] = [[] for _ in self.families]

    def add_plan(self, evening: list[int]) -> None:
        """Add the patterns of a plan (an evening per request, -1 = unmet) as columns."""
        for f, (own, ids) in enumerate(zip(self.families, self.request_ids, strict=True)):
            loads: list[int] = []
            lost = 0
            used = set()
            for request, r in zip(own, ids, strict=True):
                e = evening[r]
                if e < 0:
                    lost += request.penalty
                else:
                    loads.extend(request.teacher_evenings[request.evenings.index(e)])
                    used.add(e)
            extra = max(0, len(used) - 1)
            self.columns[f].append(
                _Pattern(0.0, extra, tuple(loads), lost, tuple(evening[r] for r in ids))
            )

    def solve(
        self, *, target: int | None = None, rounds: int = MAX_ROUNDS, time_limit: float = 60.0
    ) -> WaitFloor:
        """Column generation: the best Lagrangian bound it finds (valid at every round)."""
        started = time.monotonic()
        families, capacity, budget = self.families, self.capacity, self.budget
        if not families:
            return WaitFloor(0, 0.0, 0, True)
        lp = pywraplp.Solver.CreateSolver("GLOP")
        convexity = [lp.Constraint(1, 1) for _ in families]
        capacity_rows = [lp.Constraint(-lp.infinity(), c) for c in capacity]
        budget_row = lp.Constraint(-lp.infinity(), budget)
        objective = lp.Objective()
        objective.SetMinimization()

        def add_column(f: int, pattern: _Pattern) -> None:
            self.columns[f].append(pattern)
            z = lp.NumVar(0, 1, "")
            objective.SetCoefficient(z, pattern.extra)
            convexity[f].SetCoefficient(z, 1)
            for i, k in _counts(pattern.loads).items():
                capacity_rows[i].SetCoefficient(z, k)
            if pattern.lost:
                budget_row.SetCoefficient(z, pattern.lost)

        # Start from the patterns given (a known plan), those that are cheapest with no
        # prices at all (all on one evening where possible), and an emergency column that
        # lets the standing budget be exceeded at a price, so the first programmes are
        # feasible.
        given, self.columns = self.columns, [[] for _ in families]
        zero = [0.0] * len(capacity)
        for f, own in enumerate(families):
            for pattern in given[f]:
                add_column(f, pattern)
            add_column(f, _cheapest_pattern(own, self.subsets, zero, 0.0))
            add_column(f, _cheapest_pattern(own, self.subsets, zero, BUDGET_SLACK_COST))
        slack = lp.NumVar(0, lp.infinity(), "")
        objective.SetCoefficient(slack, BUDGET_SLACK_COST)
        budget_row.SetCoefficient(slack, -1)

        best = 0.0
        converged = False
        done = 0
        while done < rounds and time.monotonic() - started < time_limit:
            done += 1
            if lp.Solve() != pywraplp.Solver.OPTIMAL:
                break
            prices = [max(0.0, -row.dual_value()) for row in capacity_rows]
            mu = max(0.0, -budget_row.dual_value())
            # Read every dual before the programme changes (a new column invalidates them).
            family_duals = [row.dual_value() for row in convexity]
            value = -sum(p * c for p, c in zip(prices, capacity, strict=True)) - mu * budget
            added = 0
            for f, own in enumerate(families):
                pattern = _cheapest_pattern(own, self.subsets, prices, mu)
                value += pattern.cost
                if pattern.cost < family_duals[f] - 1e-9:
                    add_column(f, pattern)
                    added += 1
            best = max(best, value)
            if not added:
                converged = True
                break
            if target is not None and math.ceil(best - 1e-6) >= target:
                break
        # Each family's cost is a whole number of evenings, so the bound rounds up (less a
        # hair for floating-point error in the prices).
        return WaitFloor(max(0, math.ceil(best - 1e-6)), best, done, converged)


def _counts(loads: tuple[int, ...]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for i in loads:
        counts[i] = counts.get(i, 0) + 1
    return counts


def _cheapest_pattern(
    own: list[_Request], subsets: list[tuple[int, int]], prices: list[float], mu: float
) -> _Pattern:
    """The family's cheapest pattern at these prices."""
    options = []
    for request in own:
        costs = [
            (sum(prices[i] for i in ids), e, ids)
            for e, ids in zip(request.evenings, request.teacher_evenings, strict=True)
        ]
        skip = math.inf if request.must_meet else mu * request.penalty
        options.append((costs, skip))
    best_cost = math.inf
    best_mask = 0
    if not any(request.must_meet for request in own):
        best_cost = sum(skip for _, skip in options)  # staying home: everything unmet
    for mask, extra in subsets:
        cost = float(extra)
        for costs, skip in options:
            cheapest = skip
            for c, e, _ in costs:
                if mask >> e & 1 and c < cheapest:
                    cheapest = c
            cost += cheapest
            if cost >= best_cost:
                break
        if cost < best_cost:
            best_cost, best_mask = cost, mask
    loads: list[int] = []
    lost = 0
    evenings_used = 0
    placed: list[int] = []
    for request, (costs, skip) in zip(own, options, strict=True):
        chosen: tuple[int, ...] | None = None
        cheapest = skip
        evening = -1
        for c, e, ids in costs:
            if best_mask >> e & 1 and c < cheapest:
                chosen, cheapest, evening = ids, c, e
        placed.append(evening)
        if chosen is None:
            lost += request.penalty
        else:
            loads.extend(chosen)
            evenings_used |= 1 << evening
    extra = max(0, evenings_used.bit_count() - 1)
    return _Pattern(best_cost, extra, tuple(loads), lost, tuple(placed))
