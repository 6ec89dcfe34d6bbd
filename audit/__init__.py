"""The immutable access log. `audit.record(...)` is the one way in."""


def record(**kwargs):
    """Write one audit row in the current transaction; see `audit.recorder.record`."""
    from .recorder import record as _record

    return _record(**kwargs)


def record_account_event(*, actor, request=None, **kwargs):
    """An authentication event (login, failure, lockout, second factor, logout) of one account.

    It is written to the chain of every house in which the account holds a role, so that each
    house's privacy officer sees what happens to its users' accounts; an unknown account, or
    one without roles, goes to the system chain. Returns the rows written.
    """
    from partners.models import Zvh

    houses = []
    if actor is not None and actor.pk is not None:
        houses = list(Zvh.objects.filter(roltoewijzingen__medewerker=actor).distinct())
    if not houses:
        # Not the request's house either: at these moments it has none, or it is not this one's.
        from .recorder import record as _record

        return [_record(actor=actor, request=request, zvh=None, **kwargs)]
    return [record(actor=actor, request=request, zvh=zvh, **kwargs) for zvh in houses]
