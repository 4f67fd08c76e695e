"""A partial schedule with busy masks, and the greedy compact-itinerary builder."""

from __future__ import annotations

from itertools import permutations

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


def best_block(
    state: State, requests: list[int], evening_mask: int, evening_offset: int, evening_slots: int
) -> tuple[int, int, list[int]] | None:
    """The most compact placement of all these requests (one family) on one evening.

    Returns (family idle slots, teacher gap delta, slots) or None when they do not all fit.
    Tries spans from len(requests) upwards; within the smallest span that fits, the start and
    the order that add the fewest teacher idle slots win (the earliest start on ties).
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
    for span in range(k, evening_slots + 1):
        best: tuple[int, int, list[int]] | None = None
        for start in range(evening_slots - span + 1):
            window = ((1 << span) - 1) << (evening_offset + start)
            within = [c & window for c in candidates]
            if any(c == 0 for c in within):
                continue
            found = _matching(within)
            if found is None:
                continue
            options = [found]
            slots_in_window = bits(window & union)
            count = 1
            for n in range(len(slots_in_window), len(slots_in_window) - k, -1):
                count *= n
            if count <= MAX_PERMUTATIONS:
                options = [
                    list(p)
                    for p in permutations(slots_in_window, k)
                    if all(within[i] >> g & 1 for i, g in enumerate(p))
                ]
            for option in options:
                idle = max(option) - min(option) + 1 - k
                gap = teacher_gap_delta(state, requests, option, evening_mask)
                key = (idle, gap, option)
                if best is None or key[:2] < best[:2]:
                    best = key
        if best is not None:
            return best
    return None
