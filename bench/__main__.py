"""Run the benchmarks: `make bench` (BENCH_ARGS selects some by name)."""

import importlib
import os
import pkgutil
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _discover():
    """Import every module in bench/ so that its @benchmark functions register themselves."""
    import bench

    for module in pkgutil.iter_modules(bench.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"bench.{module.name}")


def main(argv):
    import django

    django.setup()
    from bench import registry

    _discover()
    names = argv or list(registry.BENCHMARKS)
    unknown = [n for n in names if n not in registry.BENCHMARKS]
    if unknown:
        known = ", ".join(registry.BENCHMARKS)
        sys.exit(f"Onbekende benchmark(s): {', '.join(unknown)}. Kies uit: {known}")
    for name in names:
        print(f"== {name}")
        registry.BENCHMARKS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
