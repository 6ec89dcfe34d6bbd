"""The immutable access log. `audit.record(...)` is the one way in."""


def record(**kwargs):
    """Write one audit row in the current transaction; see `audit.recorder.record`."""
    from .recorder import record as _record

    return _record(**kwargs)
