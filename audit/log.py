"""The one way into the access log: a small typed function per event family.

Each takes the `Actor` (who, organisation, house, roles, request id, address, purpose) and
writes in the caller's transaction, so a change and its audit row commit or roll back
together. Nothing personal goes in: persons appear only by pseudonym (`audit_pseudoniem`),
`detail` is a short non-personal note.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from core.actor import Actor

from . import events
from .models import AccessLog, Outcome
from .recorder import write

Persons = Iterable[Any]


def read(
    *,
    actor: Actor,
    event: str,
    target: Any = None,
    personen: Persons = (),
    casus_id: Any = None,
    detail: str = "",
) -> AccessLog:
    """Personal data was shown: a detail page, a list, a search result."""
    return write(
        actor=actor,
        event=event,
        zvh_id=actor.zvh_id,
        target=target,
        personen=personen,
        casus_id=casus_id,
        detail=detail,
    )


def change(
    *,
    actor: Actor,
    event: str,
    target: Any = None,
    personen: Persons = (),
    casus_id: Any = None,
    detail: str = "",
    outcome: str = Outcome.SUCCESS,
    zvh_id: int | None = None,
) -> AccessLog:
    """Something was created, changed or removed (or a change was refused: `outcome`)."""
    return write(
        actor=actor,
        event=event,
        outcome=outcome,
        zvh_id=zvh_id if zvh_id is not None else actor.zvh_id,
        target=target,
        personen=personen,
        casus_id=casus_id,
        detail=detail,
    )


def denial(*, actor: Actor, actie: str, target: Any = None) -> AccessLog:
    """The access policy refused `actie` (written after the view's work rolled back)."""
    return write(
        actor=actor,
        event=events.TOEGANG_GEWEIGERD,
        outcome=Outcome.DENIED,
        zvh_id=actor.zvh_id,
        target=target,
        detail=actie,
    )


def account(
    *,
    actor: Actor,
    event: str,
    account: Any,
    zvh_ids: Sequence[int],
    outcome: str = Outcome.SUCCESS,
    detail: str = "",
) -> list[AccessLog]:
    """An authentication or account event of one account (login, failure, lockout, second
    factor, logout, reset), written to the chain of every house in `zvh_ids` (where the
    account holds a role), or to the system chain when there is none. The row names the
    account; `actor` says from where (and by whom, for a reset by a beheerder)."""
    targets: list[int | None] = list(dict.fromkeys(zvh_ids)) or [None]
    return [
        write(
            actor=actor,
            event=event,
            outcome=outcome,
            zvh_id=zvh_id,
            user=account,
            detail=detail,
        )
        for zvh_id in targets
    ]


def review(
    *,
    actor: Actor,
    event: str,
    persoon_pseudoniem: str = "",
    casus_id: Any = None,
    object_type: str = "",
    object_id: Any = "",
    detail: str = "",
) -> AccessLog:
    """The privacy officer used the review workspace (itself personal-data access)."""
    return write(
        actor=actor,
        event=event,
        zvh_id=actor.zvh_id,
        persoon_pseudoniem=persoon_pseudoniem,
        casus_id=casus_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )


def system(*, actor: Actor, event: str, object_type: str = "", detail: str = "") -> AccessLog:
    """A machine actor (task, command, peer node) did something, e.g. rotated the field keys."""
    return write(
        actor=actor,
        event=event,
        zvh_id=actor.zvh_id,
        object_type=object_type,
        detail=detail,
    )
