"""Parent-evening scheduling benchmark: seeded instances, booking baselines, bounds, the scheduler.

Run on its own:
    .venv/bin/python -m benchmarks.parent_evening --classes small,medium --seeds 3
    .venv/bin/python -m benchmarks.parent_evening --write-instances DIR   # the JSON files

No public benchmark exists for this problem, so the instances come from a generator that
follows issue 7: 3 evenings × 18 ten-minute slots; 1/2/3 children per family (0.70/0.25/0.05);
classes of about 27 with a mentor and about 12 teachers; the mentor requested with probability
0.85 plus 0–3 subject teachers; 25% of teachers miss an evening, 10% of teacher-evenings start
late or end early; families accept 1/2/3 evenings (0.15/0.35/0.50). Two additions the issue
asks the scheduler to handle but does not give rates for: 8% of requests are marked as needed
by the teacher, and 5% of children with a mentor and a subject request ask for both at once (a
joint conversation). Siblings' requests for the same teacher are one request (the teacher meets
the family once).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from driehoek.conversations.scheduling import parse_instance, quality
from driehoek.conversations.scheduling.evaluate import (
    UNASSIGNED,
    busy_masks,
    family_wait_minutes,
    teacher_gap_minutes,
)
from driehoek.conversations.scheduling.evenings import extra_evenings_bound
from driehoek.conversations.scheduling.model import Instance
from driehoek.conversations.scheduling.solver import SolveReport, book_family, solve_instance
from driehoek.conversations.scheduling.state import State
from driehoek.conversations.scheduling.subproblem import solve_subproblem

EVENINGS = 3
SLOTS = 18
CLASS_SIZE = 27
TEACHERS_PER_CLASS = 12
NEEDED_RATE = 0.08
JOINT_RATE = 0.05
# Up to this many requests the benchmark also tries CP-SAT's bound on extra evenings.
CPSAT_FLOOR_MAX = 2500


@dataclass(frozen=True)
class SizeClass:
    name: str
    families: int
    teachers: int
    trim: float | None  # trim each teacher's requests to this share of its capacity
    time_limit: float


SIZE_CLASSES = {
    "small": SizeClass("small", 300, 25, None, 10.0),
    "medium": SizeClass("medium", 800, 60, None, 20.0),
    "large": SizeClass("large", 1500, 110, None, 45.0),
    "tight": SizeClass("tight", 1500, 80, 0.9, 45.0),
    "overloaded": SizeClass("overloaded", 1500, 80, None, 45.0),
}


def _pick(rng: random.Random, weights: list[float]) -> int:
    """1, 2 or 3 with the given probabilities."""
    return rng.choices(range(1, len(weights) + 1), weights=weights)[0]


def generate(size: SizeClass, seed: int) -> tuple[dict[str, Any], dict[str, int]]:
    """An instance in the exchange format, and the number of children per family id."""
    rng = random.Random(f"{size.name}:{seed}")  # noqa: S311
    evenings = [
        {"id": f"e{n + 1}", "date": f"2026-11-{10 + n:02d}", "start": "18:30", "slots": SLOTS}
        for n in range(EVENINGS)
    ]
    children_of = [_pick(rng, [0.70, 0.25, 0.05]) for _ in range(size.families)]
    children = [f for f, n in enumerate(children_of) for _ in range(n)]
    rng.shuffle(children)
    n_classes = max(1, round(len(children) / CLASS_SIZE))
    class_of_child = [n % n_classes for n in range(len(children))]

    teachers = list(range(size.teachers))
    order = teachers[:]
    rng.shuffle(order)
    load = [0] * size.teachers
    mentors = []
    staff = []
    for c in range(n_classes):
        mentor = order[c % size.teachers]
        load[mentor] += 1
        others = sorted((t for t in teachers if t != mentor), key=lambda t: (load[t], rng.random()))
        subjects = others[: TEACHERS_PER_CLASS - 1]
        for t in subjects:
            load[t] += 1
        mentors.append(mentor)
        staff.append(subjects)

    # Teacher availability.
    available: list[list[tuple[int, int, int]]] = []
    for _ in teachers:
        days = list(range(EVENINGS))
        if rng.random() < 0.25:
            days.remove(rng.randrange(EVENINGS))
        windows = []
        for e in days:
            start, end = 0, SLOTS
            if rng.random() < 0.10:
                if rng.random() < 0.5:
                    start = rng.randint(2, 6)
                else:
                    end = SLOTS - rng.randint(2, 6)
            windows.append((e, start, end))
        available.append(windows)

    # Requests per family: (teachers, priority, needed).
    wanted: list[dict[tuple[int, ...], tuple[int, bool]]] = [{} for _ in range(size.families)]
    for child, f in enumerate(children):
        c = class_of_child[child]
        own: list[tuple[tuple[int, ...], int, bool]] = []
        mentor_wanted = rng.random() < 0.85
        subjects = rng.sample(staff[c], rng.randint(0, 3))
        if mentor_wanted and subjects and rng.random() < JOINT_RATE:
            own.append(((mentors[c], subjects.pop(0)), 1, rng.random() < NEEDED_RATE))
        elif mentor_wanted:
            own.append(((mentors[c],), 1, rng.random() < NEEDED_RATE))
        for t in subjects:
            own.append(((t,), rng.choice((2, 3)), rng.random() < NEEDED_RATE))
        for key, priority, needed in own:
            key = tuple(sorted(key))
            if key in wanted[f]:  # a sibling asked for the same teacher: one conversation
                p, n = wanted[f][key]
                wanted[f][key] = (min(p, priority), n or needed)
            else:
                wanted[f][key] = (priority, needed)

    if size.trim is not None:
        capacity = [sum(end - start for _, start, end in available[t]) for t in teachers]
        holders: list[list[tuple[int, tuple[int, ...]]]] = [[] for _ in teachers]
        for f, requests in enumerate(wanted):
            for key in requests:
                for t in key:
                    holders[t].append((f, key))
        for t in teachers:
            limit = int(size.trim * capacity[t])
            present = [(f, key) for f, key in holders[t] if key in wanted[f]]
            rng.shuffle(present)
            present.sort(key=lambda item: wanted[item[0]][item[1]][1])  # keep needed ones
            while len(present) > limit:
                f, key = present.pop(0)
                del wanted[f][key]

    family_days = []
    for _ in range(size.families):
        family_days.append(sorted(rng.sample(range(EVENINGS), _pick(rng, [0.15, 0.35, 0.50]))))

    instance: dict[str, Any] = {
        "slot_minutes": 10,
        "evenings": evenings,
        "teachers": [
            {
                "id": f"t{t + 1}",
                "available": [
                    {"evening": f"e{e + 1}", "from_slot": s, "to_slot": u}
                    for e, s, u in available[t]
                ],
            }
            for t in teachers
        ],
        "families": [],
    }
    counter = 0
    for f in range(size.families):
        requests = []
        for key, (priority, needed) in wanted[f].items():
            counter += 1
            requests.append(
                {
                    "id": f"r{counter}",
                    "teachers": [f"t{t + 1}" for t in key],
                    "priority": priority,
                    "needed_by_teacher": needed,
                }
            )
        instance["families"].append(
            {
                "id": f"f{f + 1}",
                "available": [
                    {"evening": f"e{e + 1}", "from_slot": 0, "to_slot": SLOTS}
                    for e in family_days[f]
                ],
                "requests": requests,
            }
        )
    return instance, {f"f{f + 1}": children_of[f] for f in range(size.families)}


# --- booking baselines ---------------------------------------------------------------------


def naive_fcfs(inst: Instance, order: list[int]) -> list[int]:
    """Each arriving family books each request in the earliest free slot (grid booking).

    A family that already booked on an evening takes the earliest free slot on that evening
    when there is one, and only otherwise the earliest free slot on another evening.
    """
    state = State(inst)
    for f in order:
        for r in inst.families[f].requests:
            free = state.free_slots(r)
            if not free:
                continue
            booked = state.family_busy[f]
            same = 0
            for evening in inst.evenings:
                if booked & evening.mask:
                    same |= free & evening.mask
            pick = same or free
            state.place(r, (pick & -pick).bit_length() - 1)
    return state.slots


def smart_fcfs(inst: Instance, order: list[int]) -> list[int]:
    state = State(inst)
    for f in order:
        book_family(state, f)
    return state.slots


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Measured:
    met: int
    unmet: int
    weighted_unmet: int
    needed_unmet: int
    waits: list[int]  # per family with at least one request, minutes
    extra_evenings: int  # evenings beyond the first, summed over families
    teacher_idle: int
    unmet_per_family: list[int]
    seconds: float


def measure(inst: Instance, slots: list[int], seconds: float) -> Measured:
    q = quality(inst, slots)
    family_busy, teacher_busy = busy_masks(inst, slots)
    waits = [family_wait_minutes(inst, family_busy[f.index]) for f in inst.families if f.requests]
    unmet_per_family = [
        sum(slots[r] == UNASSIGNED for r in f.requests) for f in inst.families if f.requests
    ]
    unmet = sum(g == UNASSIGNED for g in slots)
    extra = sum(
        max(0, sum(1 for e in inst.evenings if family_busy[f.index] & e.mask) - 1)
        for f in inst.families
    )
    return Measured(
        extra_evenings=extra,
        met=len(slots) - unmet,
        unmet=unmet,
        weighted_unmet=q.unmet,
        needed_unmet=q.needed_unmet,
        waits=waits,
        teacher_idle=sum(teacher_gap_minutes(inst, b) for b in teacher_busy),
        unmet_per_family=unmet_per_family,
        seconds=seconds,
    )


def _p95(values: list[int]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0


@dataclass
class Row:
    met: float = 0
    unmet: float = 0
    weighted_unmet: float = 0
    needed_unmet: float = 0
    wait_total: float = 0
    wait_mean: float = 0
    wait_p95: float = 0
    wait_max: float = 0
    waiting_30: float = 0
    idle: float = 0
    twice: float = 0
    teacher_idle: float = 0
    families_missing: float = 0
    max_unmet_family: float = 0
    seconds: float = 0


def summarise(runs: list[Measured]) -> Row:
    def mean(values: list[float]) -> float:
        return statistics.fmean(values) if values else 0.0

    return Row(
        met=mean([m.met for m in runs]),
        unmet=mean([m.unmet for m in runs]),
        weighted_unmet=mean([m.weighted_unmet for m in runs]),
        needed_unmet=mean([m.needed_unmet for m in runs]),
        wait_total=mean([sum(m.waits) for m in runs]),
        wait_mean=mean([mean(m.waits) for m in runs]),
        wait_p95=mean([_p95(m.waits) for m in runs]),
        wait_max=mean([max(m.waits, default=0) for m in runs]),
        waiting_30=mean([sum(w > 30 for w in m.waits) for m in runs]),
        idle=mean([sum(m.waits) - 60 * m.extra_evenings for m in runs]),
        twice=mean([m.extra_evenings for m in runs]),
        teacher_idle=mean([m.teacher_idle for m in runs]),
        families_missing=mean([sum(u > 0 for u in m.unmet_per_family) for m in runs]),
        max_unmet_family=mean([max(m.unmet_per_family, default=0) for m in runs]),
        seconds=mean([m.seconds for m in runs]),
    )


HEADER = (
    f"  {'method':<22}{'met':>7}{'unmet':>7}{'w.unmet':>8}{'need':>6}{'wait tot':>10}"
    f"{'mean':>7}{'p95':>6}{'max':>6}{'>30m':>6}{'idle':>7}{'+ev':>6}{'t.idle':>8}{'fam.miss':>9}"
    f"{'max/fam':>8}{'sec':>7}"
)


LEGEND = (
    "  (w.unmet and need: the `unmet` and `needed_unmet` measures; wait tot: family_wait_minutes,"
    " of which idle\n   between conversations and +ev extra evenings at 60 min; t.idle:"
    " teacher_gap_minutes;\n   fam.miss: families with an unmet request; max/fam: most unmet"
    " requests of one family)"
)


def forced_extra_evenings(inst: Instance) -> int:
    """Extra evenings families need if all their placeable requests are met (capacity aside)."""
    total = 0
    evenings = range(len(inst.evenings))
    for family in inst.families:
        masks = [inst.requests[r].allowed for r in family.requests if inst.requests[r].allowed]
        for k in evenings:
            if any(
                all(any(m & inst.evenings[e].mask for e in combo) for m in masks)
                for combo in itertools.combinations(evenings, k + 1)
            ):
                total += k
                break
    return total


def print_row(label: str, row: Row) -> None:
    print(
        f"  {label:<22}{row.met:>7.0f}{row.unmet:>7.1f}{row.weighted_unmet:>8.1f}"
        f"{row.needed_unmet:>6.1f}{row.wait_total:>10.0f}{row.wait_mean:>7.2f}"
        f"{row.wait_p95:>6.0f}{row.wait_max:>6.0f}{row.waiting_30:>6.1f}"
        f"{row.idle:>7.0f}{row.twice:>6.1f}"
        f"{row.teacher_idle:>8.0f}{row.families_missing:>9.1f}{row.max_unmet_family:>8.1f}"
        f"{row.seconds:>7.2f}"
    )


def _timed(
    method: Callable[[Instance, list[int]], list[int]], inst: Instance, order: list[int]
) -> tuple[list[int], float]:
    started = time.perf_counter()
    slots = method(inst, order)
    return slots, time.perf_counter() - started


def exact_optimum(inst: Instance, time_limit: float) -> tuple[bool, Any]:
    """Try to prove the optimum with the monolithic CP-SAT model (all families free)."""
    state = State(inst)
    result = solve_subproblem(
        state,
        [f.index for f in inst.families],
        time_limit=time_limit,
        deterministic_limit=time_limit * 4,
        seed=0,
        workers=2,
    )
    if result is None:
        return False, None
    slots = [result.slots.get(r, UNASSIGNED) for r in range(len(inst.requests))]
    return result.optimal, quality(inst, slots)


def run_class(
    size: SizeClass,
    seeds: int,
    orders: int,
    time_limit: float | None,
    exact: float,
    cpu_time: bool = True,
) -> dict[str, float]:
    limit = time_limit if time_limit is not None else size.time_limit
    runs: dict[str, list[Measured]] = {
        "naive FCFS": [],
        "smart FCFS": [],
        "siblings book first": [],
        "scheduler": [],
    }
    bounds = []
    proven_bounds = 0
    reports: list[SolveReport] = []
    cpu_seconds: list[float] = []
    optima = []
    requests = families = forced = 0
    wait_bounds: list[tuple[int, bool]] = []
    for seed in range(seeds):
        data, children = generate(size, seed)
        inst = parse_instance(data)
        requests += len(inst.requests)
        forced += forced_extra_evenings(inst)
        families += sum(1 for f in inst.families if f.requests)
        rng = random.Random(seed)  # noqa: S311
        for _ in range(orders):
            order = [f.index for f in inst.families]
            rng.shuffle(order)
            slots, seconds = _timed(naive_fcfs, inst, order)
            runs["naive FCFS"].append(measure(inst, slots, seconds))
            slots, seconds = _timed(smart_fcfs, inst, order)
            runs["smart FCFS"].append(measure(inst, slots, seconds))
            first = sorted(order, key=lambda f: children[inst.families[f].id] < 2)
            slots, seconds = _timed(smart_fcfs, inst, first)
            runs["siblings book first"].append(measure(inst, slots, seconds))
        started = time.perf_counter()
        cpu_started = time.process_time()
        slots, report = solve_instance(inst, time_limit=limit, seed=seed, cpu_time=cpu_time)
        runs["scheduler"].append(measure(inst, slots, time.perf_counter() - started))
        cpu_seconds.append(time.process_time() - cpu_started)
        bounds.append((report.bound_needed_unmet, report.bound_unmet))
        # Which part of the scheduler's waiting no schedule can avoid: the extra evenings
        # that every schedule meeting requests as well as this one needs (a proven bound).
        scheduled = runs["scheduler"][-1]
        wait_bounds.append(
            extra_evenings_bound(
                inst,
                needed_unmet=scheduled.needed_unmet,
                unmet=scheduled.weighted_unmet,
                # CP-SAT's bound model only proves something on the smaller classes; the
                # Lagrangian floor inside extra_evenings_bound serves every size.
                time_limit=max(10.0, limit / 2) if len(inst.requests) <= CPSAT_FLOOR_MAX else 0,
                seed=seed,
                known=scheduled.extra_evenings,
            )
        )
        proven_bounds += report.bound_proven
        reports.append(report)
        if exact > 0:
            optima.append(exact_optimum(inst, exact))
    n = seeds
    print(
        f"\n{size.name}: {size.families} families, {size.teachers} teachers, "
        f"{requests / n:.0f} requests and {families / n:.0f} families with requests per "
        f"instance; {seeds} seeds, {orders} arrival orders each; scheduler limit {limit:.0f} s"
    )
    print(LEGEND)
    print(HEADER)
    rows = {label: summarise(measured) for label, measured in runs.items()}
    for label, row in rows.items():
        print_row(label, row)
    bound_unmet = statistics.fmean(b[1] for b in bounds)
    bound_needed = statistics.fmean(b[0] for b in bounds)
    print(
        f"  lower bound (evening-assignment model): needed unmet {bound_needed:.1f}, "
        f"weighted unmet {bound_unmet:.1f}; proven optimal in {proven_bounds}/{seeds}"
    )
    print(
        f"  availability alone forces {forced / n:.1f} extra evenings per instance "
        f"({60 * forced / n:.0f} min) if every placeable request is met"
    )
    sched = rows["scheduler"]
    floor = statistics.fmean(60 * b for b, _ in wait_bounds)
    avoidable = [
        sum(m.waits) - 60 * b for m, (b, _) in zip(runs["scheduler"], wait_bounds, strict=True)
    ]
    proven_floors = sum(p for _, p in wait_bounds)
    if floor == 0 and proven_floors < seeds:
        print(
            "  floor on family waiting (unavoidable extra evenings): no bound above 0 found "
            f"within the time limit ({proven_floors}/{seeds} proven)"
        )
    else:
        print(
            f"  proven floor on family waiting for any schedule meeting requests as well as "
            f"the scheduler's: {floor:.0f} min per instance = {floor * n / families:.2f} min "
            f"per family (extra evenings; bound proven optimal in {proven_floors}/{seeds}); "
            f"the scheduler waits {statistics.fmean(avoidable):.0f} min above it "
            f"({statistics.fmean(avoidable) * n / families:.2f} per family)"
        )
    smart = rows["smart FCFS"]
    naive = rows["naive FCFS"]
    per_seed_gap = [
        (m.weighted_unmet - b[1]) for m, b in zip(runs["scheduler"], bounds, strict=True)
    ]
    within = sum(
        1
        for m, b in zip(runs["scheduler"], bounds, strict=True)
        if m.needed_unmet == b[0] and m.weighted_unmet <= b[1] + 0.01 * max(1, b[1])
    )
    ratio = smart.wait_total / sched.wait_total if sched.wait_total else float("inf")
    if floor > 0:
        # What the proven floor leaves possible: no schedule meeting requests as well as the
        # scheduler's waits less, so no schedule beats smart FCFS by more than this.
        print(
            f"  so no such schedule waits under {floor * n / families:.2f} min per family on "
            f"average, and none beats smart FCFS's total waiting by more than "
            f"{smart.wait_total / floor:.1f}×"
        )
    idle_ratio = smart.idle / sched.idle if sched.idle else float("inf")
    print(
        f"  targets: weighted unmet above bound {statistics.fmean(per_seed_gap):.1f} on average, "
        f"within 1% of the bound on {within}/{seeds} seeds; mean family wait "
        f"{sched.wait_mean:.2f} min (naive FCFS {naive.wait_mean:.2f}); smart FCFS waits "
        f"{'∞' if ratio == float('inf') else f'{ratio:.1f}'}× the scheduler's total "
        f"({'∞' if idle_ratio == float('inf') else f'{idle_ratio:.1f}'}× its idle part); "
        f"scheduler {statistics.fmean(cpu_seconds):.1f} s CPU (max {max(cpu_seconds):.1f}) and "
        f"{sched.seconds:.1f} s wall (max {max(m.seconds for m in runs['scheduler']):.1f}) per "
        f"instance, limit measured in {'CPU' if cpu_time else 'wall'} seconds"
    )
    if optima:
        proven = [q for ok, q in optima if ok]
        print(
            f"  monolithic CP-SAT ({exact:.0f} s, 2 workers): "
            f"optimum proven on {len(proven)}/{seeds}"
        )
        for (ok, q), m in zip(optima, runs["scheduler"], strict=True):
            if ok and q is not None:
                print(
                    f"    optimum {q.as_dict()} vs scheduler "
                    f"needed {m.needed_unmet} unmet {m.weighted_unmet} wait {sum(m.waits)} "
                    f"gaps {m.teacher_idle}"
                )
    return {"wait_ratio": ratio}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", default=",".join(SIZE_CLASSES))
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--orders", type=int, default=10, help="arrival orders per instance")
    parser.add_argument("--time-limit", type=float, default=None, help="scheduler seconds")
    parser.add_argument(
        "--exact", type=float, default=0.0, help="seconds for the monolithic CP-SAT model"
    )
    parser.add_argument(
        "--wall-clock",
        action="store_true",
        help="limit the scheduler by wall-clock time (default: CPU time, fair on a shared machine)",
    )
    parser.add_argument("--write-instances", type=Path, default=None)
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.classes.split(",") if n.strip()]
    unknown = [n for n in names if n not in SIZE_CLASSES]
    if unknown:
        parser.error(f"unknown class {unknown[0]!r}; choose from {', '.join(SIZE_CLASSES)}")
    if args.write_instances is not None:
        args.write_instances.mkdir(parents=True, exist_ok=True)
        for name in names:
            for seed in range(args.seeds):
                data, _ = generate(SIZE_CLASSES[name], seed)
                path = args.write_instances / f"{name}-{seed}.json"
                path.write_text(json.dumps(data, indent=1))
        print(f"wrote {len(names) * args.seeds} instances to {args.write_instances}")
        return 0
    print("Parent-evening scheduling (minutes; means over seeds and arrival orders)")
    for name in names:
        run_class(
            SIZE_CLASSES[name],
            args.seeds,
            args.orders,
            args.time_limit,
            args.exact,
            cpu_time=not args.wall_clock,
        )
    return 0


def run() -> None:
    """Entry for `python -m benchmarks` (make bench)."""
    main([])


if __name__ == "__main__":
    sys.exit(main())
