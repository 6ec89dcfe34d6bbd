"""Run the benchmarks: `make bench` (BENCH_ARGS selects some by name)."""

import importlib
import os
import pkgutil
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(argv):
    import django

    django.setup()
    import bench
    from bench import registry

    # Every module in bench/ registers its benchmarks on import.
    for module in pkgutil.iter_modules(bench.__path__):
        if module.name not in {"registry", "__main__"}:
            importlib.import_module(f"bench.{module.name}")

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
