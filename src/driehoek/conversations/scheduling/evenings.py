"""Assign requests to evenings with CP-SAT; its optimum is a lower bound on unmet requests.

The model forgets the order of slots within an evening and keeps only counting constraints
that every schedule satisfies: one evening per met request, a teacher (or a family) meets at
most as many requests on an evening as it has available slots there, and — because
availability and teachers' late starts make windows narrower — for every interval of slots,
the requests whose window lies inside it fit in the interval (Hall's condition). So any
schedule gives a solution of this model, and the model's optimum of (needed unmet, unmet) is
a lexicographic lower bound for every schedule.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from .model import Instance


@dataclass(frozen=True, slots=True)
class EveningPlan:
    evening: list[int]  # per request: evening index, or -1 when left unmet
    bound_needed_unmet: int
    bound_unmet: int  # valid as a bound on `unmet` when needed_unmet equals the bound above
    proven: bool  # the bound is CP-SAT's proven optimum (not just its best bound)
    extra_evenings: int


def _hull(mask: int) -> tuple[int, int]:
    return (mask & -mask).bit_length() - 1, mask.bit_length() - 1


def _solver(time_limit: float, seed: int, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.max_deterministic_time = max(0.05, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def _add_hall(
    model: cp_model.CpModel, items: list[tuple[tuple[int, int], cp_model.IntVar]], capacity: int
) -> None:
    """Interval Hall constraints for one teacher or family on one evening."""
    if not items:
        return
    # Every item needs a slot of the capacity mask; capacity here is the mask of slots.
    starts = sorted({h[0] for h, _ in items})
    ends = sorted({h[1] for h, _ in items})
    total = capacity.bit_count()
    if len(items) <= total and len(starts) == 1 and len(ends) == 1:
        return
    model.Add(sum(v for _, v in items) <= total)
    if len(starts) == 1 and len(ends) == 1:
        return
    for a in starts:
        for b in ends:
            if b < a:
                continue
            inside = [v for (lo, hi), v in items if a <= lo and hi <= b]
            room = (capacity >> a & ((1 << (b - a + 1)) - 1)).bit_count()
            if len(inside) > room:
                model.Add(sum(inside) <= room)


def plan_evenings(
    inst: Instance, *, time_limit: float, seed: int = 0, workers: int = 1
) -> EveningPlan:
    requests = inst.requests
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for r in requests:
        for e, evening in enumerate(inst.evenings):
            if r.allowed & evening.mask:
                x[r.index, e] = model.NewBoolVar(f"x{r.index}_{e}")
    met: list[cp_model.LinearExpr | int] = []
    for r in requests:
        options = [x[r.index, e] for e in range(len(inst.evenings)) if (r.index, e) in x]
        if options:
            model.AddAtMostOne(options)
        met.append(sum(options) if options else 0)

    for e, evening in enumerate(inst.evenings):
        by_teacher: dict[int, list] = {}
        by_family: dict[int, list] = {}
        for r in requests:
            var = x.get((r.index, e))
            if var is None:
                continue
            hull = _hull(r.allowed & evening.mask)
            for t in r.teachers:
                by_teacher.setdefault(t, []).append((hull, var))
            by_family.setdefault(r.family, []).append((hull, var))
        for t, items in by_teacher.items():
            _add_hall(model, items, inst.teachers[t].available & evening.mask)
        for f, items in by_family.items():
            _add_hall(model, items, inst.families[f].available & evening.mask)

    total_weight = sum(r.weight for r in requests) + 1
    needed_unmet = sum(1 - met[r.index] for r in requests if r.needed)
    unmet = sum(r.weight * (1 - met[r.index]) for r in requests)
    phase1 = needed_unmet * total_weight + unmet
    model.Minimize(phase1)
    solver = _solver(time_limit * 0.6, seed, workers)
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No solution in time: plan nothing, bound nothing.
        return EveningPlan([-1] * len(requests), 0, 0, False, 0)
    proven = status == cp_model.OPTIMAL
    best_bound = int(round(solver.BestObjectiveBound() + 0.4999))
    found = int(round(solver.ObjectiveValue()))
    # Any schedule's W·needed_unmet + unmet is at least the best bound; so its needed_unmet is
    # at least bound // W, and when it equals that, its unmet is at least the remainder.
    bound_needed, bound_unmet = divmod(found if proven else best_bound, total_weight)
    hint = {key: solver.Value(var) for key, var in x.items()}

    # Phase 2: keep the optimum of phase 1, come on as few evenings as possible.
    model.Add(phase1 <= found)
    extras = []
    for fam in inst.families:
        present = []
        for e in range(len(inst.evenings)):
            own = [x[r, e] for r in fam.requests if (r, e) in x]
            if not own:
                continue
            y = model.NewBoolVar(f"y{fam.index}_{e}")
            for var in own:
                model.AddImplication(var, y)
            present.append(y)
        if len(present) > 1:
            extra = model.NewIntVar(0, len(present) - 1, f"extra{fam.index}")
            model.Add(extra >= sum(present) - 1)
            extras.append(extra)
    for key, var in x.items():
        model.AddHint(var, hint[key])
    model.Minimize(sum(extras))
    solver2 = _solver(time_limit * 0.4, seed, workers)
    status2 = solver2.Solve(model)
    chosen = solver2 if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE) else solver
    evening = [-1] * len(requests)
    for (r, e), var in x.items():
        if chosen.Value(var):
            evening[r] = e
    extra_total = sum(chosen.Value(v) for v in extras) if chosen is solver2 else 0
    return EveningPlan(evening, bound_needed, bound_unmet, proven, extra_total)
