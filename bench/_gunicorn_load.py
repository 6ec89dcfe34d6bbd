"""gunicorn configuration of the `load` benchmark's server (bench/load.py), nothing else.

With BENCH_LOAD_AUDIT=uit each worker, once the application is loaded, replaces the audit
writer by a stand-in that writes nothing, to measure throughput with auditing switched off.
The application code is not changed; only this benchmark's server process is patched.
"""

import os
import sys


def _no_audit_row(**kwargs):
    from audit.models import AccessLog

    return AccessLog()  # unsaved, as a caller that looks at the returned row expects one


def post_worker_init(worker):
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
