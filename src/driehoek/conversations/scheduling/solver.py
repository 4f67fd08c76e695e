"""The scheduler: evenings first, compact itineraries greedily, then large-neighbourhood search.

1. `plan_evenings` (CP-SAT) picks an evening for every request: the most requests by standing,
   then the fewest evenings per family; its optimum is also the lower bound on unmet requests.
2. Per evening, families in order of difficulty (needed conversations, number of requests,
   narrow windows) take the most compact free block of slots for all their requests on that
   evening, choosing among equally compact blocks the one that leaves teachers the fewest gaps.
   Requests that do not fit are tried elsewhere, one by one.
3. Large-neighbourhood search: repeatedly free a handful of families that share teachers
   (around a family that waits or misses a request, or a teacher with a gap) and re-plan them
   exactly with CP-SAT, warm-started from the current schedule; keep the result when it is
   not worse. Stops at the time limit, at an iteration budget, or when no family waits, no
   teacher has a gap and no more requests can be met than the bound allows.

Determinism: the same instance, seed and time limit give the same schedule as long as the
wall-clock limit is not what stops the search (every CP-SAT call runs on one worker with a
deterministic work limit, and the number of search steps follows from the time limit).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from .evaluate import UNASSIGNED, Quality, family_wait_minutes, idle_slots, quality
from .evenings import EveningPlan, plan_evenings
from .model import Instance
from .state import State, best_block, teacher_gap_delta
from .subproblem import solve_subproblem

# Search steps per second of time limit; calibrated well below what one core manages, so that
# the step budget, not the clock, normally ends the search (which keeps it deterministic).
STEPS_PER_SECOND = 12
SUB_DETERMINISTIC_LIMIT = 0.15


@dataclass(slots=True)
class SolveReport:
    quality: Quality
    bound_needed_unmet: int
    bound_unmet: int
    bound_proven: bool
    greedy_quality: Quality
    steps: int
    seconds: float
    stopped_because: str
    optimal: bool = False
    notes: list[str] = field(default_factory=list)


def _standing(inst: Instance, r: int) -> tuple[int, int, int]:
    request = inst.requests[r]
    return (0 if request.needed else 1, -request.weight, r)


def place_single(state: State, r: int) -> bool:
    """Put one request in its cheapest free slot (fewest new evenings, idle and gaps)."""
    inst = state.inst
    request = inst.requests[r]
    free = state.free_slots(r)
    if not free:
        return False
    busy = state.family_busy[request.family]
    before = family_wait_minutes(inst, busy)
    best: tuple[int, int, int] | None = None
    for evening in inst.evenings:
        g_mask = free & evening.mask
        while g_mask:
            low = g_mask & -g_mask
            g = low.bit_length() - 1
            g_mask ^= low
            wait = family_wait_minutes(inst, busy | low) - before
            gap = teacher_gap_delta(state, [r], [g], evening.mask)
            key = (wait, gap, g)
            if best is None or key < best:
                best = key
    assert best is not None
    state.place(r, best[2])
    return True


def greedy(inst: Instance, plan: EveningPlan, rng: random.Random) -> State:
    state = State(inst)
    tiebreak = [rng.random() for _ in inst.families]
    leftovers: list[int] = [r for r, e in enumerate(plan.evening) if e < 0]
    for e, evening in enumerate(inst.evenings):
        groups: dict[int, list[int]] = {}
        for r, planned in enumerate(plan.evening):
            if planned == e:
                groups.setdefault(inst.requests[r].family, []).append(r)

        def difficulty(f: int, groups: dict[int, list[int]] = groups, mask: int = evening.mask):
            own = groups[f]
            needed = sum(inst.requests[r].needed for r in own)
            window = min((inst.requests[r].allowed & mask).bit_count() for r in own)
            return (-needed, -len(own), window, tiebreak[f])

        for f in sorted(groups, key=difficulty):
            own = sorted(groups[f], key=lambda r: _standing(inst, r))
            while own:
                found = best_block(state, own, evening.mask, evening.offset, evening.slots)
                if found is not None:
                    for r, g in zip(own, found[2], strict=True):
                        state.place(r, g)
                    break
                leftovers.append(own.pop())  # the request of lowest standing waits
    for r in sorted(leftovers, key=lambda r: _standing(inst, r)):
        place_single(state, r)
    return state


class _Search:
    def __init__(self, inst: Instance, state: State, rng: random.Random, seed: int) -> None:
        self.inst = inst
        self.state = state
        self.rng = rng
        self.seed = seed
        self.size = 8
        # teacher → families meeting them, kept approximately (recomputed per step cheaply)
        self.families_of_teacher: list[list[int]] = [[] for _ in inst.teachers]
        for request in inst.requests:
            for t in request.teachers:
                self.families_of_teacher[t].append(request.family)
        for t, fams in enumerate(self.families_of_teacher):
            self.families_of_teacher[t] = sorted(set(fams))

    def troubled(self) -> tuple[list[int], list[tuple[int, int]]]:
        """Families that wait or miss a placeable request; teacher-evenings with gaps."""
        inst, state = self.inst, self.state
        families = []
        for family in inst.families:
            busy = state.family_busy[family.index]
            if family_wait_minutes(inst, busy) > 0:
                families.append(family.index)
                continue
            for r in family.requests:
                if state.slots[r] == UNASSIGNED and inst.requests[r].allowed:
                    families.append(family.index)
                    break
        teachers = []
        for t, busy in enumerate(state.teacher_busy):
            for e, evening in enumerate(inst.evenings):
                if idle_slots(busy, evening.mask):
                    teachers.append((t, e))
        return families, teachers

    def neighbourhood(self, families: list[int], teachers: list[tuple[int, int]]) -> list[int]:
        inst, state, rng = self.inst, self.state, self.rng
        chosen: list[int] = []
        if families and (not teachers or rng.random() < 0.7):
            chosen.append(rng.choice(families))
        else:
            t, e = rng.choice(teachers)
            mask = inst.evenings[e].mask
            chosen.extend(f for f in self.families_of_teacher[t] if state.family_busy[f] & mask)
            rng.shuffle(chosen)
            chosen = chosen[: self.size]
        seen = set(chosen)
        frontier = list(chosen)
        while frontier and len(chosen) < self.size:
            f = frontier.pop(0)
            teachers_f = sorted(
                {t for r in inst.families[f].requests for t in inst.requests[r].teachers}
            )
            rng.shuffle(teachers_f)
            for t in teachers_f:
                candidates = [g for g in self.families_of_teacher[t] if g not in seen]
                if not candidates:
                    continue
                # Prefer families meeting this teacher close in time to f.
                busy_f = state.family_busy[f]
                centre = busy_f.bit_length() - 1 if busy_f else 0
                candidates.sort(
                    key=lambda g: (
                        abs((state.family_busy[g].bit_length() - 1) - centre),
                        rng.random(),
                    )
                )
                for g in candidates[:2]:
                    if len(chosen) >= self.size:
                        break
                    seen.add(g)
                    chosen.append(g)
                    frontier.append(g)
                if len(chosen) >= self.size:
                    break
        return chosen

    def step(self, deadline: float, step_no: int) -> bool:
        families, teachers = self.troubled()
        if not families and not teachers:
            return False
        chosen = self.neighbourhood(families, teachers)
        if not chosen:
            return False
        remaining = deadline - time.monotonic()
        result = solve_subproblem(
            self.state,
            chosen,
            time_limit=min(1.0, max(0.01, remaining)),
            deterministic_limit=SUB_DETERMINISTIC_LIMIT,
            seed=self.seed + step_no,
        )
        if result is None:
            self.size = max(3, self.size - 2)
            return True
        if result.optimal:
            self.size = min(40, self.size + 1)
        else:
            self.size = max(3, self.size - 1)
        if not result.improved:
            return True
        before = quality(self.inst, self.state.slots)
        trial = self.state.copy()
        for r in result.slots:
            trial.remove(r)
        for r, g in result.slots.items():
            if g != UNASSIGNED:
                trial.place(r, g)
        if quality(self.inst, trial.slots) <= before:
            self.state = trial
        return True


def solve_instance(
    inst: Instance, *, time_limit: float = 10.0, seed: int = 0, plan_share: float = 0.25
) -> tuple[list[int], SolveReport]:
    started = time.monotonic()
    deadline = started + max(0.1, time_limit) * 0.95
    rng = random.Random(seed)  # noqa: S311 -- a reproducible search, not a secret
    plan = plan_evenings(inst, time_limit=max(0.05, time_limit * plan_share), seed=seed)
    state = greedy(inst, plan, rng)
    greedy_quality = quality(inst, state.slots)

    search = _Search(inst, state, rng, seed)
    budget = max(1, int(time_limit * STEPS_PER_SECOND))
    steps = 0
    stopped = "nothing left to improve"
    bound = (plan.bound_needed_unmet, plan.bound_unmet, 0, 0)
    while True:
        current = quality(inst, search.state.slots)
        if (
            current.needed_unmet,
            current.unmet,
            current.family_wait_minutes,
            current.teacher_gap_minutes,
        ) == bound:
            stopped = "reached the lower bound"
            break
        if steps >= budget:
            stopped = "step budget used"
            break
        if time.monotonic() >= deadline:
            stopped = "time limit"
            break
        if not search.step(deadline, steps):
            break
        steps += 1
    final = quality(inst, search.state.slots)
    report = SolveReport(
        quality=final,
        bound_needed_unmet=plan.bound_needed_unmet,
        bound_unmet=plan.bound_unmet,
        bound_proven=plan.proven,
        greedy_quality=greedy_quality,
        steps=steps,
        seconds=time.monotonic() - started,
        stopped_because=stopped,
        optimal=stopped == "reached the lower bound",
    )
    return search.state.slots, report
