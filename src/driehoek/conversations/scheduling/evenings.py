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

import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .model import Instance
from .wait_floor import PatternProgramme, extra_evenings_floor

GATHER_STEPS_PER_SECOND = 40
GATHER_NEIGHBOURHOOD = 30


@dataclass(frozen=True, slots=True)
class EveningPlan:
    evening: list[int]  # per request: evening index, or -1 when left unmet
    bound_needed_unmet: int
    bound_unmet: int  # valid as a bound on `unmet` when needed_unmet equals the bound above
    proven: bool  # the bound is CP-SAT's proven optimum (not just its best bound)
    extra_evenings: int


def _hull(mask: int) -> tuple[int, int]:
    return (mask & -mask).bit_length() - 1, mask.bit_length() - 1


def _solver(
    time_limit: float, seed: int, workers: int, wall_slack: float = 1.0
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit * wall_slack)
    solver.parameters.max_deterministic_time = max(0.05, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # The LP relaxation at full strength proves these assignment models quickly on one worker.
    solver.parameters.linearization_level = 2
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
    for inside, room in _overfull_intervals([hull for hull, _ in items], capacity):
        model.Add(sum(items[i][1] for i in inside) <= room)


def _overfull_intervals(
    hulls: list[tuple[int, int]], capacity: int
) -> Iterator[tuple[list[int], int]]:
    """Intervals of slots, from the windows' own starts and ends, that hold more windows
    than `capacity` (a mask of slots) has slots there: (those windows' indices, slots)."""
    for a in sorted({lo for lo, _ in hulls}):
        for b in sorted({hi for _, hi in hulls}):
            if b < a:
                continue
            inside = [i for i, (lo, hi) in enumerate(hulls) if a <= lo and hi <= b]
            room = (capacity >> a & ((1 << (b - a + 1)) - 1)).bit_count()
            if len(inside) > room:
                yield inside, room


def _counting_model(
    inst: Instance,
) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar], list]:
    """The relaxation: x[request, evening] with at most one evening per request and the
    counting (Hall) constraints per teacher and family and evening. Returns the model, x,
    and per request the expression that is 1 when it is met."""
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
    return model, x, met


def extra_evenings_bound(
    inst: Instance,
    *,
    needed_unmet: int,
    unmet: int,
    time_limit: float,
    seed: int = 0,
    known: int | None = None,
) -> tuple[int, bool]:
    """A lower bound on the extra evenings (each one 60 minutes of `family_wait_minutes`)
    of every schedule that meets requests at least as well as (needed_unmet, unmet).

    Two relaxations, and the higher bound counts. First the Lagrangian one of
    `wait_floor` (fast at any size). Then the same relaxation as the evening assignment,
    now constrained to that standing and minimising, per family, the evenings it comes
    minus one: any such schedule is a solution of this model, so CP-SAT's best bound is a
    valid lower bound even when the time limit stops it. `known` is the extra evenings of
    a schedule at this standing, when there is one: a bound that reaches it is optimal.
    Returns (bound, proven optimal)."""
    floor = extra_evenings_floor(
        inst, needed_unmet=needed_unmet, unmet=unmet, target=known
    ).extra_evenings
    if known is not None and floor >= known:
        return floor, True
    if time_limit <= 0:
        return floor, False
    cpsat_bound, proven = _extra_evenings_cpsat(
        inst, needed_unmet=needed_unmet, unmet=unmet, time_limit=time_limit, seed=seed
    )
    bound = max(floor, cpsat_bound)
    return bound, proven or (known is not None and bound >= known)


def _extra_evenings_cpsat(
    inst: Instance, *, needed_unmet: int, unmet: int, time_limit: float, seed: int
) -> tuple[int, bool]:
    model, x, met = _counting_model(inst)
    requests = inst.requests
    total_weight = sum(r.weight for r in requests) + 1
    needed_expr = sum(1 - met[r.index] for r in requests if r.needed)
    unmet_expr = sum(r.weight * (1 - met[r.index]) for r in requests)
    model.Add(total_weight * needed_expr + unmet_expr <= total_weight * needed_unmet + unmet)
    extra = []
    for family in inst.families:
        comes = []
        for e in range(len(inst.evenings)):
            own = [x[r, e] for r in family.requests if (r, e) in x]
            if not own:
                continue
            y = model.NewBoolVar("")
            for var in own:
                model.AddImplication(var, y)
            comes.append(y)
        if len(comes) > 1:
            any_evening = model.NewBoolVar("")
            model.AddMaxEquality(any_evening, comes)
            extra.append(sum(comes) - any_evening)
    if not extra:
        return 0, True
    model.Minimize(sum(extra))
    solver = _solver(time_limit, seed, 1)
    status = solver.Solve(model)
    if status == cp_model.OPTIMAL:
        return round(solver.ObjectiveValue()), True
    if status in (cp_model.FEASIBLE, cp_model.UNKNOWN):
        return max(0, math.ceil(solver.BestObjectiveBound() - 1e-6)), False
    return 0, False


def plan_evenings(
    inst: Instance,
    *,
    time_limit: float,
    seed: int = 0,
    workers: int = 1,
    clock: Callable[[], float] = time.monotonic,
    wall_slack: float = 1.0,
) -> EveningPlan:
    """Evenings for requests, and the bound. `clock` measures the time limit (wall clock by
    default; the benchmark passes CPU time on a shared machine, with `wall_slack` the
    wall-clock seconds CP-SAT may take per second of the limit)."""
    started = clock()
    requests = inst.requests
    model, x, met = _counting_model(inst)

    # A first solution by counting, as a hint: each request on the first evening with room.
    room_t = {
        (t.index, e): (t.available & ev.mask).bit_count()
        for t in inst.teachers
        for e, ev in enumerate(inst.evenings)
    }
    room_f = {
        (f.index, e): (f.available & ev.mask).bit_count()
        for f in inst.families
        for e, ev in enumerate(inst.evenings)
    }
    first_guess = [-1] * len(requests)
    for r in sorted(requests, key=lambda r: (not r.needed, -r.weight, r.index)):
        chosen = -1
        for e in range(len(inst.evenings)):
            if (
                (r.index, e) in x
                and room_f[r.family, e] > 0
                and all(room_t[t, e] > 0 for t in r.teachers)
            ):
                chosen = e
                break
        for e in range(len(inst.evenings)):
            if (r.index, e) in x:
                model.AddHint(x[r.index, e], e == chosen)
        first_guess[r.index] = chosen
        if chosen >= 0:
            room_f[r.family, chosen] -= 1
            for t in r.teachers:
                room_t[t, chosen] -= 1

    # Phase 1: the most requests by standing (this optimum is the bound).
    total_weight = sum(r.weight for r in requests) + 1
    needed_unmet = sum(1 - met[r.index] for r in requests if r.needed)
    unmet = sum(r.weight * (1 - met[r.index]) for r in requests)
    model.Minimize(total_weight * needed_unmet + unmet)
    solver = _solver(time_limit * 0.6, seed, workers, wall_slack)
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No solution in time: the counting guess, and no bound worth the name.
        return EveningPlan(first_guess, 0, 0, False, _fewer_evenings(inst, first_guess))
    proven = status == cp_model.OPTIMAL
    # Any schedule's W·needed_unmet + unmet is at least the best bound; so its needed_unmet is
    # at least bound // W, and when it equals that, its unmet is at least the remainder.
    best_bound = math.ceil(solver.BestObjectiveBound() - 1e-6)
    if proven:
        best_bound = round(solver.ObjectiveValue())
    bound_needed, bound_unmet = divmod(max(0, best_bound), total_weight)

    evening = [-1] * len(requests)
    for (r, e), var in x.items():
        if solver.Value(var):
            evening[r] = e
    remaining = time_limit - (clock() - started)
    at_floor = False
    if remaining > 0.2:
        evening, at_floor = _plan_with_patterns(
            inst, evening, remaining * 0.6, seed, clock=clock, wall_slack=wall_slack
        )
    if at_floor:
        # No plan at this standing comes on fewer evenings: the time is better spent on
        # the slot-level search that follows.
        return EveningPlan(
            evening, bound_needed, bound_unmet, proven, _count_extra_evenings(inst, evening)
        )
    extra_total = _fewer_evenings(inst, evening)
    remaining = time_limit - (clock() - started)
    if extra_total and remaining > 0.2:
        extra_total = _gather_with_cpsat(
            inst, evening, remaining, seed, workers, clock=clock, wall_slack=wall_slack
        )
    return EveningPlan(evening, bound_needed, bound_unmet, proven, extra_total)


def _plan_with_patterns(
    inst: Instance,
    evening: list[int],
    time_limit: float,
    seed: int,
    *,
    clock: Callable[[], float],
    wall_slack: float,
) -> tuple[list[int], bool]:
    """Phase 2: the same standing on the fewest evenings, by price-and-branch.

    Column generation (`wait_floor.PatternProgramme`) finds, per family, the patterns worth
    considering — which request on which evening, which left unmet — given what teachers'
    time is worth; CP-SAT then picks one pattern per family so that every teacher's interval
    counts (as in the bound model) hold, the standing is no worse than `evening`'s, and the
    fewest families come twice. The plan in `evening` is one of the patterns and the hint,
    so the result is never worse. Returns a plan (`evening` itself when nothing better was
    found) and whether it reaches the programme's floor, so that no plan is better.
    """
    started = clock()
    needed_unmet = sum(1 for r in inst.requests if evening[r.index] < 0 and r.needed)
    unmet = sum(r.weight for r in inst.requests if evening[r.index] < 0)
    programme = PatternProgramme(inst, needed_unmet=needed_unmet, unmet=unmet)
    programme.add_plan(evening)
    floor = programme.solve(time_limit=time_limit / 2)
    model = cp_model.CpModel()
    per_teacher: dict[tuple[int, int], list[tuple[tuple[int, int], cp_model.IntVar]]] = {}
    lost = []
    extras = []
    choices: list[list[tuple[cp_model.IntVar, tuple[int, ...]]]] = []
    for f, columns in enumerate(programme.columns):
        ids = programme.request_ids[f]
        family = inst.families[inst.requests[ids[0]].family]
        options = []
        for pattern in {p.evenings: p for p in columns}.values():
            if not _family_fits(inst, family.available, ids, pattern.evenings):
                continue
            z = model.NewBoolVar("")
            options.append((z, pattern.evenings))
            current = all(evening[r] == e for r, e in zip(ids, pattern.evenings, strict=True))
            model.AddHint(z, current)
            for r, e in zip(ids, pattern.evenings, strict=True):
                if e >= 0:
                    hull = _hull(inst.requests[r].allowed & inst.evenings[e].mask)
                    for t in inst.requests[r].teachers:
                        per_teacher.setdefault((t, e), []).append((hull, z))
            if pattern.lost:
                lost.append(pattern.lost * z)
            if pattern.extra:
                extras.append(pattern.extra * z)
        model.AddExactlyOne(z for z, _ in options)
        choices.append(options)
    for (t, e), items in per_teacher.items():
        _add_hall(model, items, inst.teachers[t].available & inst.evenings[e].mask)
    model.Add(sum(lost) <= programme.budget)
    model.Minimize(sum(extras))
    remaining = max(0.05, time_limit - (clock() - started))
    solver = _solver(remaining, seed, 1, wall_slack)
    if solver.Solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return evening, False
    planned = list(evening)
    for f, options in enumerate(choices):
        for z, evenings in options:
            if solver.Value(z):
                for r, e in zip(programme.request_ids[f], evenings, strict=True):
                    planned[r] = e
    return planned, round(solver.ObjectiveValue()) <= floor.extra_evenings


def _count_extra_evenings(inst: Instance, evening: list[int]) -> int:
    return sum(
        max(0, len({evening[r] for r in family.requests if evening[r] >= 0}) - 1)
        for family in inst.families
    )


def _family_fits(inst: Instance, available: int, ids: list[int], evenings: tuple[int, ...]) -> bool:
    """Whether a family's requests on each evening fit its own slots (Hall's condition on
    intervals, as `_add_hall` states it for the solver)."""
    for e, ev in enumerate(inst.evenings):
        hulls = [
            _hull(inst.requests[r].allowed & ev.mask)
            for r, chosen in zip(ids, evenings, strict=True)
            if chosen == e
        ]
        if next(_overfull_intervals(hulls, available & ev.mask), None) is not None:
            return False
    return True


def _gather_with_cpsat(
    inst: Instance,
    evening: list[int],
    time_limit: float,
    seed: int,
    workers: int,
    *,
    clock: Callable[[], float],
    wall_slack: float,
) -> int:
    """Phase 2: the same requests met, on as few evenings per family as possible.

    A large-neighbourhood search on the counting model: free a family that comes more than
    once together with families meeting the same teachers, and let CP-SAT (one worker, small
    model, solved to optimality) re-choose their evenings within what the others leave free.
    Changes `evening` in place; returns the extra evenings of the result.
    """
    rng = random.Random(seed)  # noqa: S311 -- a reproducible search, not a secret
    n_e = len(inst.evenings)
    cap = [[(t.available & ev.mask).bit_count() for ev in inst.evenings] for t in inst.teachers]
    fam_cap = [[(f.available & ev.mask).bit_count() for ev in inst.evenings] for f in inst.families]
    load = [[0] * n_e for _ in inst.teachers]
    families_of_teacher: list[set[int]] = [set() for _ in inst.teachers]
    for r, e in enumerate(evening):
        if e >= 0:
            for t in inst.requests[r].teachers:
                load[t][e] += 1
                families_of_teacher[t].add(inst.requests[r].family)

    def days(f: int) -> set[int]:
        return {evening[r] for r in inst.families[f].requests if evening[r] >= 0}

    started = clock()
    iterations = max(1, int(time_limit * GATHER_STEPS_PER_SECOND))
    for _ in range(iterations):
        if clock() - started > time_limit:
            break
        split = [f.index for f in inst.families if len(days(f.index)) > 1]
        if not split:
            break
        seed_family = rng.choice(split)
        chosen = {seed_family}
        teachers = sorted(
            {t for r in inst.families[seed_family].requests for t in inst.requests[r].teachers}
        )
        pool = sorted({g for t in teachers for g in families_of_teacher[t]} - chosen)
        rng.shuffle(pool)
        # Split families first: they gain most from moving.
        pool.sort(key=lambda g: len(days(g)) < 2)
        chosen.update(pool[:GATHER_NEIGHBOURHOOD])
        freed = [r for f in sorted(chosen) for r in inst.families[f].requests if evening[r] >= 0]
        model = cp_model.CpModel()
        x: dict[tuple[int, int], cp_model.IntVar] = {}
        for r in freed:
            options = []
            for e, ev in enumerate(inst.evenings):
                if inst.requests[r].allowed & ev.mask:
                    var = model.NewBoolVar("")
                    x[r, e] = var
                    options.append(var)
                    model.AddHint(var, evening[r] == e)
            model.AddExactlyOne(options)
        per_teacher: dict[tuple[int, int], list] = {}
        per_family: dict[tuple[int, int], list] = {}
        for (r, e), var in x.items():
            for t in inst.requests[r].teachers:
                per_teacher.setdefault((t, e), []).append(var)
            per_family.setdefault((inst.requests[r].family, e), []).append(var)
        freed_load: dict[tuple[int, int], int] = {}
        for r in freed:
            for t in inst.requests[r].teachers:
                key = (t, evening[r])
                freed_load[key] = freed_load.get(key, 0) + 1
        for (t, e), vars_te in per_teacher.items():
            room = cap[t][e] - (load[t][e] - freed_load.get((t, e), 0))
            model.Add(sum(vars_te) <= room)
        for (f, e), vars_fe in per_family.items():
            model.Add(sum(vars_fe) <= fam_cap[f][e])
        extras = []
        for f in sorted(chosen):
            present = []
            for e in range(n_e):
                own = [x[r, e] for r in inst.families[f].requests if (r, e) in x]
                if own:
                    y = model.NewBoolVar("")
                    for var in own:
                        model.AddImplication(var, y)
                    present.append(y)
            if len(present) > 1:
                extra = model.NewIntVar(0, len(present) - 1, "")
                model.Add(extra >= sum(present) - 1)
                extras.append(extra)
        model.Minimize(sum(extras))
        solver = _solver(1.0, seed, workers, wall_slack)
        solver.parameters.linearization_level = 1
        if solver.Solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        for r in freed:
            for t in inst.requests[r].teachers:
                load[t][evening[r]] -= 1
            for e in range(n_e):
                if (r, e) in x and solver.Value(x[r, e]):
                    evening[r] = e
            for t in inst.requests[r].teachers:
                load[t][evening[r]] += 1
    return sum(max(0, len(days(f.index)) - 1) for f in inst.families)


def _fewer_evenings(inst: Instance, evening: list[int]) -> int:
    """Move met requests so that families come on fewer evenings; returns the extra evenings.

    Keeps the set of met requests (so the bound's optimum stays reached) and only moves
    requests where their teachers and family still have room by count on the new evening
    (the slot-level packing that follows deals with what counting misses). A family that
    cannot move for lack of a teacher's room may push one other family, which comes on a
    single evening, wholly to another evening it accepts.
    """
    return _EveningMover(inst, evening).run()


class _EveningMover:
    def __init__(self, inst: Instance, evening: list[int]) -> None:
        self.inst = inst
        self.evening = evening
        n_e = len(inst.evenings)
        self.n_e = n_e
        self.load = [[0] * n_e for _ in inst.teachers]
        self.cap = [
            [(t.available & ev.mask).bit_count() for ev in inst.evenings] for t in inst.teachers
        ]
        self.fam_cap = [
            [(f.available & ev.mask).bit_count() for ev in inst.evenings] for f in inst.families
        ]
        self.on: list[list[set[int]]] = [[set() for _ in range(n_e)] for _ in inst.teachers]
        for r, e in enumerate(evening):
            if e >= 0:
                for t in inst.requests[r].teachers:
                    self.load[t][e] += 1
                    self.on[t][e].add(inst.requests[r].family)

    def days(self, f: int) -> set[int]:
        return {self.evening[r] for r in self.inst.families[f].requests if self.evening[r] >= 0}

    def met(self, f: int) -> list[int]:
        return [r for r in self.inst.families[f].requests if self.evening[r] >= 0]

    def shortfall(self, f: int, target: int, ignore: int = -1) -> dict[int, int] | None:
        """Teachers lacking room on target if family f moved there wholly; None if impossible."""
        inst = self.inst
        movers = [r for r in self.met(f) if self.evening[r] != target]
        if any(not inst.requests[r].allowed & inst.evenings[target].mask for r in movers):
            return None
        if len(self.met(f)) > self.fam_cap[f][target]:
            return None
        need: dict[int, int] = {}
        for r in movers:
            for t in inst.requests[r].teachers:
                need[t] = need.get(t, 0) + 1
        short = {}
        for t, k in need.items():
            over = self.load[t][target] + k - self.cap[t][target]
            if over > 0:
                short[t] = over
        return short

    def move(self, f: int, target: int) -> None:
        inst = self.inst
        for r in self.met(f):
            old = self.evening[r]
            if old == target:
                continue
            for t in inst.requests[r].teachers:
                self.load[t][old] -= 1
                self.load[t][target] += 1
            self.evening[r] = target
        for r in self.met(f):
            for t in inst.requests[r].teachers:
                for e in range(self.n_e):
                    self.on[t][e].discard(f)
        for r in self.met(f):
            for t in inst.requests[r].teachers:
                self.on[t][target].add(f)

    def try_gather(self, f: int) -> bool:
        counts: dict[int, int] = {}
        for r in self.met(f):
            counts[self.evening[r]] = counts.get(self.evening[r], 0) + 1
        targets = sorted(range(self.n_e), key=lambda e: (-counts.get(e, 0), e))
        for target in targets:
            short = self.shortfall(f, target)
            if short is None:
                continue
            if not short:
                self.move(f, target)
                return True
        for target in targets:
            short = self.shortfall(f, target)
            if not short:
                continue
            # Push single-evening families meeting the short teachers on target elsewhere.
            pushed: list[int] = []
            for t, over in sorted(short.items()):
                for g in sorted(self.on[t][target]):
                    if over <= 0:
                        break
                    if g == f or self.days(g) != {target}:
                        continue
                    for other in range(self.n_e):
                        if other != target and self.shortfall(g, other) == {}:
                            self.move(g, other)
                            pushed.append(g)
                            over -= 1
                            break
            if self.shortfall(f, target) == {}:
                self.move(f, target)
                return True
            for g in pushed:
                self.move(g, target)  # undo
        return False

    def run(self) -> int:
        inst = self.inst
        for _ in range(4):
            moved = False
            for family in inst.families:
                if len(self.days(family.index)) > 1 and self.try_gather(family.index):
                    moved = True
            if not moved:
                break
        return sum(max(0, len(self.days(f.index)) - 1) for f in inst.families)
