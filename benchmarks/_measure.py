"""Timing and memory helpers shared by the benchmark scripts (one place for one idea)."""

from __future__ import annotations

import time
import tracemalloc

REPEATS = 3


def best(fn, *args, repeats: int = REPEATS, **kwargs) -> float:
    """Best wall time of ``repeats`` calls, in seconds (the least disturbed run on a noisy machine)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(*args, **kwargs)
        times.append(time.perf_counter() - t0)
    return min(times)


def peak_mib(fn, *args, **kwargs) -> float:
    """Peak memory traced by tracemalloc during one call, in MiB."""
    tracemalloc.start()
    try:
        fn(*args, **kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20
