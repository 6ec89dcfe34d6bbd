"""What the audit app needs to know from the apps above it, registered by them at start-up.

The audit app sits below casus and may not import it; the casus app registers here how a
readable casusnummer (2026-0042) maps to the ids its audit rows carry.
"""

_casus_resolver = None


def register_casus_resolver(fn):
    """`fn(zvh_id, nummer) -> list[str]`: the audit casus ids a number stands for in a house."""
    global _casus_resolver
    _casus_resolver = fn


def resolve_casus(zvh_id, nummer):
    """The casus ids (text, as in AccessLog.casus_id) of `nummer` in house `zvh_id`; [] if none."""
    if _casus_resolver is None:
        return []
    return list(_casus_resolver(zvh_id, nummer))
