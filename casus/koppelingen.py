"""What higher apps show on a person's page, registered by them (casus never imports them).

A source is `fn(actor, persoon) -> [{"url": ..., "tekst": ...}]`, e.g. the referrals of the
person that the actor may open; `aanmelding` registers one from its `AppConfig.ready`.
"""

from collections.abc import Callable

_bronnen: list[Callable] = []


def register_persoon_verwijzingen(bron: Callable) -> None:
    if bron not in _bronnen:
        _bronnen.append(bron)


def persoon_verwijzingen(actor, persoon) -> list[dict]:
    return [item for bron in _bronnen for item in bron(actor, persoon)]
