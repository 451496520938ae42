"""Timing shared by the benchmarks: the median of several runs after one warm-up run."""

import statistics
import time


def median_seconds(action, rounds: int) -> float:
    action()  # warm per-process caches
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
