"""Benchmarks by name. Each reports ratios and medians, never a single absolute time."""

BENCHMARKS = {}


def benchmark(func):
    BENCHMARKS[func.__name__] = func
    return func


def verdict(met):
    """How a benchmark line judges its target: the same two words everywhere."""
    return "OK" if met else "NIET GEHAALD"
