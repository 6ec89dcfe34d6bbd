"""What a new house gets from higher apps (partners never imports them).

A handler is `fn(*, actor, zvh) -> None`, called inside the transaction that creates the
house; `casus` registers the one that seeds the house's life domains and score scale.
"""

from collections.abc import Callable

_handlers: list[Callable] = []


def register(handler: Callable) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def bij_aanmaak(*, actor, zvh) -> None:
    for handler in _handlers:
        handler(actor=actor, zvh=zvh)
