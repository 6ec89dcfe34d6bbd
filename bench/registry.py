"""Benchmarks by name. Each reports ratios and medians, never a single absolute time."""

BENCHMARKS = {}


def benchmark(func):
    BENCHMARKS[func.__name__] = func
    return func
