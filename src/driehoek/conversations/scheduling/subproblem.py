"""The exact CP-SAT model for a set of families, everyone else's conversations fixed.

With every family free this is the exact model of the whole instance (used for proven optima
on small instances); with a few families free it is one step of the large-neighbourhood
search. The four quality measures are combined with weights large enough to keep their
lexicographic order within the subproblem.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from .evaluate import UNASSIGNED
from .model import Instance, bits
from .state import State


@dataclass(frozen=True, slots=True)
class SubResult:
    slots: dict[int, int]  # request → global slot or UNASSIGNED, for the freed requests
    optimal: bool
    improved: bool


def solve_subproblem(
    state: State,
    families: list[int],
    *,
    time_limit: float,
    deterministic_limit: float,
    seed: int,
    workers: int = 1,
) -> SubResult | None:
    """Re-plan every request of these families; None when CP-SAT finds nothing in time."""
    inst: Instance = state.inst
    freed = [r for f in families for r in inst.families[f].requests]
    freed_set = set(freed)
    # Fixed conversations of the teachers involved (the freed ones taken out).
    fixed_teacher: dict[int, int] = {}
    for r in freed:
        for t in inst.requests[r].teachers:
            fixed_teacher[t] = state.teacher_busy[t]
    for r in freed:
        g = state.slots[r]
        if g != UNASSIGNED:
            for t in inst.requests[r].teachers:
                fixed_teacher[t] &= ~(1 << g)

    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_request: dict[int, list[tuple[int, cp_model.IntVar]]] = {r: [] for r in freed}
    family_slot: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    teacher_slot: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    for r in freed:
        request = inst.requests[r]
        candidates = request.allowed
        for t in request.teachers:
            candidates &= ~fixed_teacher[t]
        for g in bits(candidates):
            var = model.NewBoolVar(f"x{r}_{g}")
            x[r, g] = var
            by_request[r].append((g, var))
            family_slot.setdefault((request.family, g), []).append(var)
            for t in request.teachers:
                teacher_slot.setdefault((t, g), []).append(var)
    assigned: dict[int, cp_model.LinearExpr | int] = {}
    for r in freed:
        vars_r = [v for _, v in by_request[r]]
        if vars_r:
            model.AddAtMostOne(vars_r)
        assigned[r] = sum(vars_r) if vars_r else 0
    for vars_g in family_slot.values():
        if len(vars_g) > 1:
            model.AddAtMostOne(vars_g)
    for vars_g in teacher_slot.values():
        if len(vars_g) > 1:
            model.AddAtMostOne(vars_g)

    slot_minutes = inst.slot_minutes
    family_terms = []
    family_max = 0
    for f in families:
        present_vars = []
        for evening in inst.evenings:
            lo, hi = evening.offset, evening.offset + evening.slots - 1
            own = [
                (g, v) for r in inst.families[f].requests for g, v in by_request[r] if lo <= g <= hi
            ]
            if not own:
                continue
            present = model.NewBoolVar("")
            first = model.NewIntVar(lo, hi, "")
            last = model.NewIntVar(lo, hi, "")
            for g, v in own:
                model.AddImplication(v, present)
                model.Add(first <= g).OnlyEnforceIf(v)
                model.Add(last >= g).OnlyEnforceIf(v)
            idle = model.NewIntVar(0, evening.slots, "")
            model.Add(idle >= last - first + 1 - sum(v for _, v in own)).OnlyEnforceIf(present)
            family_terms.append(slot_minutes * idle)
            family_max += slot_minutes * evening.slots
            present_vars.append(present)
        if len(present_vars) > 1:
            extra = model.NewIntVar(0, len(present_vars) - 1, "")
            model.Add(extra >= sum(present_vars) - 1)
            family_terms.append(60 * extra)
            family_max += 60 * (len(present_vars) - 1)

    teacher_terms = []
    teacher_max = 0
    per_teacher: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    for (tt, g), vs in teacher_slot.items():
        per_teacher.setdefault(tt, []).extend((g, v) for v in vs)
    for t, fixed in fixed_teacher.items():
        for evening in inst.evenings:
            lo, hi = evening.offset, evening.offset + evening.slots - 1
            own = [(g, v) for g, v in per_teacher.get(t, []) if lo <= g <= hi]
            if not own:
                continue
            fixed_here = fixed & evening.mask
            first = model.NewIntVar(lo, hi, "")
            last = model.NewIntVar(lo, hi, "")
            if fixed_here:
                model.Add(first <= (fixed_here & -fixed_here).bit_length() - 1)
                model.Add(last >= fixed_here.bit_length() - 1)
                present: cp_model.IntVar | int = 1
            else:
                present = model.NewBoolVar("")
            for g, v in own:
                if not fixed_here:
                    model.AddImplication(v, present)
                model.Add(first <= g).OnlyEnforceIf(v)
                model.Add(last >= g).OnlyEnforceIf(v)
            gap = model.NewIntVar(0, evening.slots, "")
            count = fixed_here.bit_count() + sum(v for _, v in own)
            constraint = model.Add(gap >= last - first + 1 - count)
            if not isinstance(present, int):
                constraint.OnlyEnforceIf(present)
            teacher_terms.append(gap)
            teacher_max += evening.slots

    needed_unmet = sum(1 - assigned[r] for r in freed if inst.requests[r].needed)
    unmet = sum(inst.requests[r].weight * (1 - assigned[r]) for r in freed)
    w_family = teacher_max + 1
    w_unmet = (family_max + 1) * w_family
    w_needed = (sum(inst.requests[r].weight for r in freed) + 1) * w_unmet
    model.Minimize(
        w_needed * needed_unmet
        + w_unmet * unmet
        + w_family * sum(family_terms)
        + sum(teacher_terms)
    )
    for r in freed:
        g = state.slots[r]
        for gg, v in by_request[r]:
            model.AddHint(v, gg == g)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.max_deterministic_time = max(0.01, deterministic_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    result: dict[int, int] = {}
    for r in freed:
        result[r] = UNASSIGNED
        for g, v in by_request[r]:
            if solver.Value(v):
                result[r] = g
    changed = any(result[r] != state.slots[r] for r in freed_set)
    return SubResult(result, status == cp_model.OPTIMAL, changed)
