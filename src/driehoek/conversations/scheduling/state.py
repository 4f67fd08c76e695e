"""A partial schedule with busy masks, and the greedy compact-itinerary builder."""

from __future__ import annotations

from .evaluate import UNASSIGNED, idle_slots
from .model import Instance, bits

# Enumerate every assignment of a family's requests to a window only below this many
# permutations; above it the first perfect matching found is taken.
MAX_PERMUTATIONS = 720


class State:
    """Slots per request plus busy masks of families and teachers, kept in step."""

    def __init__(self, inst: Instance, slots: list[int] | None = None) -> None:
        self.inst = inst
        self.slots = [UNASSIGNED] * len(inst.requests)
        self.family_busy = [0] * len(inst.families)
        self.teacher_busy = [0] * len(inst.teachers)
        if slots is not None:
            for r, g in enumerate(slots):
                if g != UNASSIGNED:
                    self.place(r, g)

    def copy(self) -> State:
        other = State.__new__(State)
        other.inst = self.inst
        other.slots = list(self.slots)
        other.family_busy = list(self.family_busy)
        other.teacher_busy = list(self.teacher_busy)
        return other

    def place(self, r: int, g: int) -> None:
        request = self.inst.requests[r]
        assert self.slots[r] == UNASSIGNED
        bit = 1 << g
        self.slots[r] = g
        self.family_busy[request.family] |= bit
        for t in request.teachers:
            self.teacher_busy[t] |= bit

    def remove(self, r: int) -> None:
        g = self.slots[r]
        if g == UNASSIGNED:
            return
        request = self.inst.requests[r]
        bit = ~(1 << g)
        self.slots[r] = UNASSIGNED
        self.family_busy[request.family] &= bit
        for t in request.teachers:
            self.teacher_busy[t] &= bit

    def free_slots(self, r: int) -> int:
        """Slots where request r could go now, given everyone else's conversations."""
        request = self.inst.requests[r]
        mask = request.allowed & ~self.family_busy[request.family]
        for t in request.teachers:
            mask &= ~self.teacher_busy[t]
        return mask


def _matching(candidates: list[int]) -> list[int] | None:
    """A slot per request, all different, each within its candidate mask (Kuhn's algorithm)."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for g in bits(candidates[i]):
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = i
                return True
        return False

    for i in range(len(candidates)):
        if not augment(i, set()):
            return None
    result = [0] * len(candidates)
    for g, i in owner.items():
        result[i] = g
    return result


def teacher_gap_delta(
    state: State, requests: list[int], slots: list[int], evening_mask: int
) -> int:
    """How many idle teacher slots placing these requests at these slots adds (may be < 0)."""
    inst = state.inst
    busy: dict[int, int] = {}
    delta = 0
    for r, g in zip(requests, slots, strict=True):
        for t in inst.requests[r].teachers:
            before = busy.get(t, state.teacher_busy[t])
            after = before | (1 << g)
            delta += idle_slots(after, evening_mask) - idle_slots(before, evening_mask)
            busy[t] = after
    return delta


def _slot_costs(state: State, r: int, candidates: int, evening_mask: int) -> dict[int, int]:
    """Teacher idle slots added by putting request r alone at each candidate slot."""
    inst = state.inst
    costs = {}
    busy_of = [state.teacher_busy[t] for t in inst.requests[r].teachers]
    idle_before = sum(idle_slots(b, evening_mask) for b in busy_of)
    for g in bits(candidates):
        bit = 1 << g
        costs[g] = sum(idle_slots(b | bit, evening_mask) for b in busy_of) - idle_before
    return costs


def best_block(
    state: State, requests: list[int], evening_mask: int, evening_offset: int, evening_slots: int
) -> tuple[int, int, list[int]] | None:
    """The most compact placement of all these requests (one family) on one evening.

    Returns (family idle slots, teacher idle slots added, slots) or None when they do not
    all fit. Tries spans from len(requests) upwards; within the smallest span that fits, the
    start and the order that add the fewest teacher idle slots win (the earliest on ties).
    The teachers' cost of each request is counted as if it were placed alone, which is exact
    unless two requests of the family share a teacher.
    """
    k = len(requests)
    if k == 0:
        return None
    candidates = [state.free_slots(r) & evening_mask for r in requests]
    if any(c == 0 for c in candidates):
        return None
    union = 0
    for c in candidates:
        union |= c
    if union.bit_count() < k:
        return None
    costs = [
        _slot_costs(state, r, c, evening_mask) for r, c in zip(requests, candidates, strict=True)
    ]
    # Requests with the fewest options first: the search below fails fast.
    order = sorted(range(k), key=lambda i: candidates[i].bit_count())
    for span in range(k, evening_slots + 1):
        best_cost: int | None = None
        best_slots: list[int] | None = None
        for start in range(evening_slots - span + 1):
            window = ((1 << span) - 1) << (evening_offset + start)
            within = [candidates[i] & window for i in order]
            if any(c == 0 for c in within):
                continue
            union_w = 0
            for c in within:
                union_w |= c
            if union_w.bit_count() < k or _matching(within) is None:
                continue
            found = _cheapest(within, [costs[i] for i in order], best_cost)
            if found is not None:
                best_cost, chosen = found
                best_slots = [0] * k
                for position, i in enumerate(order):
                    best_slots[i] = chosen[position]
        if best_slots is not None:
            assert best_cost is not None
            return span - k, best_cost, best_slots
    return None


def _cheapest(
    masks: list[int], costs: list[dict[int, int]], bound: int | None
) -> tuple[int, list[int]] | None:
    """Distinct slots, one per mask, of least total cost below `bound` (depth-first search)."""
    k = len(masks)
    floor = [min(c[g] for g in bits(m)) for m, c in zip(masks, costs, strict=True)]
    rest = [0] * (k + 1)
    for i in range(k - 1, -1, -1):
        rest[i] = rest[i + 1] + floor[i]
    best: list[int | None] = [bound]
    best_slots: list[list[int]] = []
    chosen = [0] * k
    nodes = [0]

    def search(i: int, used: int, cost: int) -> None:
        if best[0] is not None and cost + rest[i] >= best[0]:
            return
        if i == k:
            best[0] = cost
            best_slots[:] = [list(chosen)]
            return
        nodes[0] += 1
        if nodes[0] > MAX_PERMUTATIONS and best_slots:
            return
        options = bits(masks[i] & ~used)
        options.sort(key=lambda g: costs[i][g])
        for g in options:
            chosen[i] = g
            search(i + 1, used | (1 << g), cost + costs[i][g])

    search(0, 0, 0)
    if not best_slots:
        return None
    assert best[0] is not None
    return best[0], best_slots[0]
