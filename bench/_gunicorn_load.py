"""gunicorn configuration of the `load` benchmark's server (bench/load.py), nothing else.

With BENCH_LOAD_AUDIT=uit each worker, once the application is loaded, replaces the audit
writer by a stand-in that writes nothing, to measure throughput with auditing switched off.
With BENCH_LOAD_LOCKLOG set, every worker appends how long each request held its audit chain
lock (milliseconds, one line each) to that file.
The application code is not changed; only this benchmark's server process is patched.
"""

import logging
import os
import sys


def _no_audit_row(**kwargs):
    from audit.models import AccessLog

    return AccessLog()  # unsaved, as a caller that looks at the returned row expects one


def post_worker_init(worker):
    lock_log = os.environ.get("BENCH_LOAD_LOCKLOG")
    if lock_log:
        # How long each request held its chain lock (audit.transaction logs it at DEBUG).
        handler = logging.FileHandler(lock_log)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger = logging.getLogger("audit.chainlock")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
    if os.environ.get("BENCH_LOAD_AUDIT") != "uit":
        return
    import audit.recorder

    original = audit.recorder.write
    patched = []
    # Every audit module that bound the writer by name (audit.log does: `from .recorder import
    # write`), so the switch holds wherever the write path calls it from.
    for name, module in list(sys.modules.items()):
        in_audit = name == "audit" or name.startswith("audit.")
        if in_audit and getattr(module, "write", None) is original:
            module.write = _no_audit_row
            patched.append(f"{name}.write")
    worker.log.warning("bench: audit writing switched off (%s)", ", ".join(sorted(patched)))
