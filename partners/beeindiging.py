"""What ends with a partnership, registered by higher apps (partners never imports them).

A handler is `fn(*, actor, partnerschap) -> None`, called inside the transaction that ends the
partnership; `casus` registers the one that revokes the organisation's casus grants in the
house, audited per casus.
"""

from collections.abc import Callable

_handlers: list[Callable] = []


def register(handler: Callable) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def bij_beeindiging(*, actor, partnerschap) -> None:
    for handler in _handlers:
        handler(actor=actor, partnerschap=partnerschap)
