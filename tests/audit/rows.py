"""Write audit rows directly in tests, the way `audit.log` does, without a request or view."""

from audit.recorder import write
from core.actor import Actor, clean_ip


def actor_of(user=None, zvh=None, *, request_id="test-request-0001", rollen=(), ip=None):
    if user is None:
        return Actor(
            zvh_id=zvh.pk if zvh else None,
            request_id=request_id,
            rollen=frozenset(rollen),
            ip=clean_ip(ip),
        )
    organisatie = user.organisatie
    return Actor(
        user_id=user.pk,
        user_display=user.get_full_name() or user.get_username(),
        organisatie_id=organisatie.pk if organisatie else None,
        organisatie_naam=organisatie.naam if organisatie else "",
        zvh_id=zvh.pk if zvh else None,
        rollen=frozenset(rollen),
        verified=True,
        request_id=request_id,
        ip=clean_ip(ip),
    )


def record(
    *, event, zvh=None, actor=None, outcome="success", rollen=(), ip=None, doel="", **fields
):
    """One row (or one per person in `personen`) in the chain of `zvh`, by user `actor`."""
    return write(
        actor=actor_of(actor, zvh, rollen=rollen, ip=ip).met_doel(doel),
        event=event,
        outcome=outcome,
        zvh_id=zvh.pk if zvh else None,
        **fields,
    )
