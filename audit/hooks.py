"""What the review workspace needs from higher apps, registered by them in `AppConfig.ready`.

The audit app sits below partners, casus and aanmelding and never imports them; they register
here instead:

* `organisaties`: the organisations of a house, for the search form;
* `medewerker_ids`: the ids of the house's staff, for a search by username;
* `relaties`: per way an organisation can know a person (deelnemer of a casus, referrer of an
  aanmelding), a function giving an `Exists()` over persons of the house matched to a row's
  organisation and pseudonym, for the "outside the viewer's cases" signal.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, QuerySet

organisaties: Callable[[int], QuerySet] | None = None
medewerker_ids: Callable[[int], QuerySet] | None = None
_relaties: dict[str, Callable[[int, Any, Any], list[Exists]]] = {}


def register_directory(*, organisaties_in_zvh, medewerker_ids_in_zvh) -> None:
    global organisaties, medewerker_ids
    organisaties = organisaties_in_zvh
    medewerker_ids = medewerker_ids_in_zvh


def register_relatie(name: str, exists_for: Callable[[int, Any, Any], list[Exists]]) -> None:
    """`exists_for(zvh_id, organisatie_ref, pseudoniem_ref)` -> Exists() conditions."""
    _relaties[name] = exists_for


def relaties() -> dict[str, Callable[[int, Any, Any], list[Exists]]]:
    return dict(_relaties)
