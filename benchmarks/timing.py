"""Tiny timing helpers: the median of repeated runs, reported against a floor."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(action: Callable[[], object], repeat: int = 30) -> float:
    action()  # warm caches and query plans
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def report(title: str, floor_label: str, floor: float, cases: dict[str, float]) -> None:
    print(f"\n{title}")
    print(f"  floor ({floor_label}): {floor * 1000:.2f} ms")
    for label, seconds in cases.items():
        print(f"  {label:<44} {seconds * 1000:8.2f} ms   {seconds / floor:6.1f}× floor")
