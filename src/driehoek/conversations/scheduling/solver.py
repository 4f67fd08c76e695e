"""The scheduler: evenings first, compact itineraries greedily, then large-neighbourhood search.

1. `plan_evenings` (CP-SAT) picks an evening for every request: the most requests by standing
   (its optimum is also the lower bound on unmet requests), then the fewest evenings per
   family, by price-and-branch over family patterns (`wait_floor.PatternProgramme`).
2. Per evening, families in order of difficulty (needed conversations, joint conversations,
   number of requests, narrow windows) take the most compact free block of slots for all their
   requests on that evening, choosing among equally compact blocks the one that leaves
   teachers the fewest gaps.
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
from dataclasses import astuple, dataclass, field

from .evaluate import UNASSIGNED, Quality, family_wait_minutes, idle_slots, quality
from .evenings import EveningPlan, plan_evenings
from .model import Instance
from .state import State, best_block, teacher_gap_delta
from .subproblem import solve_subproblem

# Search steps per second of time limit; calibrated well below what one core manages, so that
# the step budget, not the clock, normally ends the search (which keeps it deterministic).
STEPS_PER_SECOND = 400
WALL_SLACK = 4.0
REFRESH_EVERY = 50
EXACT_EVERY = 40
# Instances up to this many requests first get the exact model of the whole instance.
EXACT_MAX_REQUESTS = 120
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
            # A joint conversation needs a slot free for all its teachers at once: such
            # slots are gone first once teachers fill up, so these families book first.
            joint = sum(len(inst.requests[r].teachers) > 1 for r in own)
            window = min((inst.requests[r].allowed & mask).bit_count() for r in own)
            return (-needed, -joint, -len(own), window, tiebreak[f])

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


def book_family(state: State, f: int, order: list[int] | None = None) -> None:
    """Place a family's unplaced requests as one compact itinerary on the best evening.

    This is what the best booking tools offer an arriving family: every evening is tried with
    as many of its requests as fit in one compact block (lowest standing dropped first); the
    evening that loses the least, then waits the least, then leaves teachers the fewest gaps
    wins. What is left is placed one by one wherever it costs least.
    """
    inst = state.inst
    pending = [r for r in inst.families[f].requests if state.slots[r] == UNASSIGNED]
    pending.sort(key=lambda r: _standing(inst, r))
    if order is not None:
        pending = [r for r in order if r in pending]
    busy = state.family_busy[f]
    best: tuple[tuple[int, int, int, int, int], list[int], list[int]] | None = None
    for evening in inst.evenings:
        own = [r for r in pending if state.free_slots(r) & evening.mask]
        while own:
            found = best_block(state, own, evening.mask, evening.offset, evening.slots)
            if found is not None:
                left = [inst.requests[r] for r in pending if r not in own]
                lost_needed = sum(request.needed for request in left)
                lost = sum(request.weight for request in left)
                new_evening = int(bool(busy) and not busy & evening.mask)
                key = (lost_needed, lost, new_evening, found[0], found[1])
                if best is None or key < best[0]:
                    best = (key, own, found[2])
                break
            own = own[:-1]
    if best is not None:
        for r, g in zip(best[1], best[2], strict=True):
            state.place(r, g)
    for r in pending:
        if state.slots[r] == UNASSIGNED:
            place_single(state, r)


def _local(state: State, families: list[int], teachers: set[int]) -> tuple[int, int, int, int]:
    """The quality measures restricted to some families and teachers (in minutes)."""
    inst = state.inst
    needed = unmet = wait = 0
    for f in families:
        for r in inst.families[f].requests:
            if state.slots[r] == UNASSIGNED:
                needed += inst.requests[r].needed
                unmet += inst.requests[r].weight
        wait += family_wait_minutes(inst, state.family_busy[f])
    gaps = 0
    for t in teachers:
        busy = state.teacher_busy[t]
        gaps += sum(idle_slots(busy, e.mask) for e in inst.evenings)
    return needed, unmet, wait, gaps * inst.slot_minutes


class _Search:
    """Destroy-and-repair search over families, with CP-SAT as an exact repair now and then."""

    def __init__(self, inst: Instance, state: State, rng: random.Random, seed: int) -> None:
        self.inst = inst
        self.state = state
        self.rng = rng
        self.seed = seed
        self.unmet_bound_reached = False
        self.families_of_teacher: list[list[int]] = [[] for _ in inst.teachers]
        for request in inst.requests:
            for t in request.teachers:
                self.families_of_teacher[t].append(request.family)
        for t, fams in enumerate(self.families_of_teacher):
            self.families_of_teacher[t] = sorted(set(fams))
        self.teachers_of_family = [
            sorted({t for r in fam.requests for t in inst.requests[r].teachers})
            for fam in inst.families
        ]
        self.hot_families: list[int] = []
        self.needed_of = [
            sum(inst.requests[r].needed for r in fam.requests) for fam in inst.families
        ]
        self.hot_teachers: list[int] = []

    def refresh(self) -> None:
        """Families that wait or miss a placeable request; teachers with gaps."""
        inst, state = self.inst, self.state
        self.hot_families = []
        for family in inst.families:
            if (
                family_wait_minutes(inst, state.family_busy[family.index]) > 0
                or not self.unmet_bound_reached
                and any(
                    state.slots[r] == UNASSIGNED and inst.requests[r].allowed
                    for r in family.requests
                )
            ):
                self.hot_families.append(family.index)
        self.hot_teachers = [
            t
            for t, busy in enumerate(state.teacher_busy)
            if any(idle_slots(busy, e.mask) for e in inst.evenings)
        ]

    def gathering(self, f: int, size: int) -> list[int] | None:
        """A family that comes twice, and families that block it on its main evening.

        They meet, on the evening where f has most conversations, the teachers f sees on its
        other evenings; re-booked after f, they may move to another evening they accept.
        """
        inst, state, rng = self.inst, self.state, self.rng
        busy = state.family_busy[f]
        present = [e for e in inst.evenings if busy & e.mask]
        if len(present) < 2:
            return None
        main = max(present, key=lambda e: ((busy & e.mask).bit_count(), -e.offset))
        off = [r for r in inst.families[f].requests if state.slots[r] != UNASSIGNED]
        off = [r for r in off if not (1 << state.slots[r]) & main.mask]
        blockers = sorted(
            {
                g
                for r in off
                for t in inst.requests[r].teachers
                for g in self.families_of_teacher[t]
                if g != f and state.family_busy[g] & main.mask
            }
        )
        rng.shuffle(blockers)
        return [f, *blockers[: size - 1]]

    def neighbourhood(self, size: int) -> list[int]:
        state, rng = self.state, self.rng
        if self.hot_families and rng.random() < 0.3:
            chosen_gather = self.gathering(rng.choice(self.hot_families), size)
            if chosen_gather is not None:
                return chosen_gather
        if self.hot_families and (not self.hot_teachers or rng.random() < 0.75):
            seed_family = rng.choice(self.hot_families)
            chosen = [seed_family]
        else:
            t = rng.choice(self.hot_teachers)
            fams = list(self.families_of_teacher[t])
            rng.shuffle(fams)
            chosen = fams[: max(2, size // 2)]
        seen = set(chosen)
        frontier = list(chosen)
        while frontier and len(chosen) < size:
            f = frontier.pop(0)
            busy_f = state.family_busy[f]
            teachers = list(self.teachers_of_family[f])
            rng.shuffle(teachers)
            for t in teachers:
                # Families meeting this teacher close in time to f's conversations.
                near = []
                for g in self.families_of_teacher[t]:
                    if g in seen:
                        continue
                    busy_g = state.family_busy[g]
                    distance = _distance(busy_f, busy_g)
                    near.append((distance, rng.random(), g))
                near.sort()
                for _, _, g in near[:2]:
                    if len(chosen) >= size:
                        break
                    seen.add(g)
                    chosen.append(g)
                    frontier.append(g)
                if len(chosen) >= size:
                    break
        return chosen

    def step(self, step_no: int, budget: float) -> None:
        """One destroy-and-repair step; `budget` caps an exact repair's wall seconds."""
        inst, rng = self.inst, self.rng
        exact = EXACT_EVERY > 0 and step_no % EXACT_EVERY == EXACT_EVERY - 1
        size = rng.randint(3, 8) if exact else rng.randint(2, 14)
        chosen = self.neighbourhood(size)
        teachers = {t for f in chosen for t in self.teachers_of_family[f]}
        before = _local(self.state, chosen, teachers)
        saved = {r: self.state.slots[r] for f in chosen for r in inst.families[f].requests}
        if exact:
            result = solve_subproblem(
                self.state,
                chosen,
                time_limit=budget,
                deterministic_limit=SUB_DETERMINISTIC_LIMIT,
                seed=self.seed + step_no,
            )
            if result is None or not result.improved:
                return
            for r in saved:
                self.state.remove(r)
            for r, g in result.slots.items():
                if g != UNASSIGNED:
                    self.state.place(r, g)
        else:
            for r in saved:
                self.state.remove(r)
            order = list(chosen)
            rng.shuffle(order)
            choice = rng.random()
            if choice < 0.3:
                order = list(chosen)  # as chosen: a family to gather goes first
            elif choice < 0.65:
                order.sort(key=lambda f: (-self.needed_of[f], -len(inst.families[f].requests)))
            else:
                order.sort(key=lambda f: -self.needed_of[f])
            for f in order:
                book_family(self.state, f)
        after = _local(self.state, chosen, teachers)
        if after > before:
            for r in saved:
                self.state.remove(r)
            for r, g in saved.items():
                if g != UNASSIGNED:
                    self.state.place(r, g)


def _distance(a: int, b: int) -> int:
    """How far apart two busy masks are (0 when they touch or overlap in time)."""
    if not a or not b:
        return 1 << 20
    a_lo, a_hi = (a & -a).bit_length() - 1, a.bit_length() - 1
    b_lo, b_hi = (b & -b).bit_length() - 1, b.bit_length() - 1
    return max(0, b_lo - a_hi, a_lo - b_hi)


def solve_instance(
    inst: Instance,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    plan_share: float = 0.4,
    cpu_time: bool = False,
) -> tuple[list[int], SolveReport]:
    """Solve; `cpu_time` measures the limit in this process's CPU seconds instead of wall
    seconds (for benchmarks on a shared machine; CP-SAT may then take up to WALL_SLACK wall
    seconds per second)."""
    clock = time.process_time if cpu_time else time.monotonic
    wall_slack = WALL_SLACK if cpu_time else 1.0
    started = clock()
    deadline = started + max(0.1, time_limit) * 0.95
    rng = random.Random(seed)  # noqa: S311 -- a reproducible search, not a secret
    plan = plan_evenings(
        inst,
        time_limit=max(0.05, time_limit * plan_share),
        seed=seed,
        clock=clock,
        wall_slack=wall_slack,
    )
    state = greedy(inst, plan, rng)
    greedy_quality = quality(inst, state.slots)

    bound = (plan.bound_needed_unmet, plan.bound_unmet, 0, 0)
    proven = False
    if len(inst.requests) <= EXACT_MAX_REQUESTS and astuple(greedy_quality) != bound:
        # Small enough for the exact model of the whole instance, warm-started from greedy.
        result = solve_subproblem(
            state,
            [f.index for f in inst.families],
            time_limit=max(0.01, (deadline - clock()) * 0.5 * wall_slack),
            deterministic_limit=max(0.05, time_limit * 0.5),
            seed=seed,
        )
        if result is not None:
            trial = State(
                inst, [result.slots.get(r, UNASSIGNED) for r in range(len(inst.requests))]
            )
            if quality(inst, trial.slots) <= greedy_quality:
                state = trial
            proven = result.optimal

    search = _Search(inst, state, rng, seed)
    budget = 0 if proven else max(1, int(time_limit * STEPS_PER_SECOND))
    steps = 0
    stopped = "proven optimal by CP-SAT" if proven else "step budget used"
    while steps < budget:
        if steps % REFRESH_EVERY == 0:
            current = quality(inst, search.state.slots)
            if astuple(current) == bound:
                stopped = "reached the lower bound"
                break
            search.unmet_bound_reached = (current.needed_unmet, current.unmet) == bound[:2]
            search.refresh()
            if not search.hot_families and not search.hot_teachers:
                stopped = "nothing left to improve"
                break
        if clock() >= deadline:
            stopped = "time limit"
            break
        search.step(steps, min(1.0, max(0.01, deadline - clock())) * wall_slack)
        steps += 1
    final = quality(inst, search.state.slots)
    report = SolveReport(
        quality=final,
        bound_needed_unmet=plan.bound_needed_unmet,
        bound_unmet=plan.bound_unmet,
        bound_proven=plan.proven,
        greedy_quality=greedy_quality,
        steps=steps,
        seconds=clock() - started,
        stopped_because=stopped,
        optimal=proven or stopped == "reached the lower bound",
    )
    return search.state.slots, report
