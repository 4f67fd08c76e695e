"""A proven floor on extra evenings, by Lagrangian relaxation (no solver needed).

`family_wait_minutes` charges 60 minutes for every evening beyond the first that a family
must come. Some of these evenings no schedule can avoid: a family's teachers share no
evening it accepts, or a teacher who could have seen it on its main evening is full. This
module computes a lower bound on the extra evenings of *every* schedule that meets requests
at least as well (in `needed_unmet`, then `unmet`) as a given standing.

The model: every family picks a pattern (for each request an evening or "unmet"); teachers
have as many conversations per evening as free slots; the standing may not get worse.
Relaxing the teacher counts and the standing with non-negative prices (λ per teacher and
evening, μ per unit of unmet weight) splits the problem into one tiny problem per family:
pick a set of evenings S, pay |S| − 1, and put each request on its cheapest evening in S or
leave it unmet at μ × its weight. For *any* prices, the sum of these minima minus the priced
capacities is a lower bound (weak duality); a subgradient search raises it. Slot order and
the families' own slot counts are left out, which only makes the bound weaker, never wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import Instance

# Prices are accepted as proof only after this many rounds of the subgradient search.
DEFAULT_ROUNDS = 400


@dataclass(frozen=True, slots=True)
class WaitFloor:
    extra_evenings: int  # no schedule at this standing comes fewer extra evenings
    relaxation_value: float  # the best Lagrangian value found (extra_evenings is its ceiling)
    rounds: int


@dataclass(frozen=True, slots=True)
class _Request:
    evenings: tuple[int, ...]  # evenings this request can be held on
    teacher_evenings: tuple[tuple[int, ...], ...]  # per evening above: (teacher, evening) ids
    penalty: int  # standing units lost when it stays unmet
    must_meet: bool  # every schedule at this standing meets it


def extra_evenings_floor(
    inst: Instance,
    *,
    needed_unmet: int,
    unmet: int,
    target: float | None = None,
    rounds: int = DEFAULT_ROUNDS,
) -> WaitFloor:
    """The floor for schedules with (needed unmet, unmet) at least as good as given.

    `target` is the extra evenings of a known schedule (it steers the step size; the bound
    stays valid whatever it is)."""
    n_e = len(inst.evenings)
    te_index: dict[tuple[int, int], int] = {}
    capacity: list[int] = []
    for t in inst.teachers:
        for e, evening in enumerate(inst.evenings):
            te_index[t.index, e] = len(capacity)
            capacity.append((t.available & evening.mask).bit_count())

    forced_needed = sum(1 for r in inst.requests if r.needed and not r.allowed)
    forced_weight = sum(r.weight for r in inst.requests if not r.allowed)
    if needed_unmet < forced_needed:
        raise ValueError("needed_unmet below what availability alone forces")
    # When needed_unmet is already as low as it can be, every schedule at this standing meets
    # all placeable needed requests and has unmet <= the given value: a budget in weight.
    # Otherwise the budget is the lexicographic pair folded into one number.
    if needed_unmet == forced_needed:
        scale = 0
        budget = unmet - forced_weight
    else:
        scale = sum(r.weight for r in inst.requests) + 1
        budget = scale * (needed_unmet - forced_needed) + unmet - forced_weight

    families: list[list[_Request]] = []
    for family in inst.families:
        own = []
        for r in family.requests:
            request = inst.requests[r]
            if not request.allowed:
                continue
            evenings = tuple(e for e, ev in enumerate(inst.evenings) if request.allowed & ev.mask)
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
        if own:
            families.append(own)
    subsets = [
        (mask, mask.bit_count() - 1) for mask in range(1, 1 << n_e)
    ]  # every non-empty set of evenings, with its extra evenings

    prices = [0.0] * len(capacity)
    mu = 1.0
    best = 0.0
    step_scale = 1.0
    since_best = 0
    done = 0
    while done < rounds:
        done += 1
        value, load, lost = _evaluate(families, subsets, prices, mu)
        value -= sum(p * c for p, c in zip(prices, capacity, strict=True)) + mu * budget
        if value > best + 1e-9:
            best = value
            since_best = 0
            if target is not None and math.ceil(best - 1e-6) >= target:
                break  # a known schedule reaches the floor: nothing higher can be proven
        else:
            since_best += 1
            if since_best >= 20:
                step_scale /= 2
                since_best = 0
                if step_scale < 1e-4:
                    break
        gradient = [load[i] - capacity[i] for i in range(len(capacity))]
        gradient_mu = lost - budget
        # Only directions the projection onto prices >= 0 lets the search move in count.
        norm = sum(g * g for g, p in zip(gradient, prices, strict=True) if g > 0 or p > 0)
        norm += gradient_mu * gradient_mu if gradient_mu > 0 or mu > 0 else 0
        if norm == 0:
            break  # the relaxed solution is feasible: its value is optimal for the relaxation
        goal = target if target is not None and target > best else best + 1 + abs(best) * 0.1
        step = step_scale * (goal - value) / norm
        prices = [max(0.0, p + step * g) for p, g in zip(prices, gradient, strict=True)]
        mu = max(0.0, mu + step * gradient_mu)
    # Each family's cost is a whole number of evenings, so the bound rounds up (less a hair
    # for floating-point error in the prices).
    return WaitFloor(max(0, math.ceil(best - 1e-6)), best, done)


def _evaluate(
    families: list[list[_Request]],
    subsets: list[tuple[int, int]],
    prices: list[float],
    mu: float,
) -> tuple[float, list[int], int]:
    """Sum of the families' cheapest patterns at these prices, with the teacher loads and
    the standing lost by those patterns (the subgradient)."""
    total = 0.0
    load = [0] * len(prices)
    lost = 0
    for own in families:
        # Per request: the price on each of its evenings, and of leaving it unmet.
        options = []
        for request in own:
            costs = {
                e: sum(prices[i] for i in ids)
                for e, ids in zip(request.evenings, request.teacher_evenings, strict=True)
            }
            skip = math.inf if request.must_meet else mu * request.penalty
            options.append((costs, skip))
        best_cost = sum(skip for _, skip in options)  # staying home: everything unmet
        best_mask = 0
        for mask, extra in subsets:
            cost = float(extra)
            for costs, skip in options:
                cheapest = skip
                for e, c in costs.items():
                    if mask >> e & 1 and c < cheapest:
                        cheapest = c
                cost += cheapest
                if cost >= best_cost:
                    break
            if cost < best_cost:
                best_cost, best_mask = cost, mask
        total += best_cost
        for request, (costs, skip) in zip(own, options, strict=True):
            chosen, cheapest = -1, skip
            for e, c in costs.items():
                if best_mask >> e & 1 and c < cheapest:
                    chosen, cheapest = e, c
            if chosen < 0:
                lost += request.penalty
            else:
                for i in request.teacher_evenings[request.evenings.index(chosen)]:
                    load[i] += 1
    return total, load, lost
