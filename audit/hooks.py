"""What the review workspace needs from higher apps, registered by them in `AppConfig.ready`.

The audit app sits below partners, casus and aanmelding and never imports them; they register
here instead:

* `organisaties`: the organisations of a house, for the search form;
* `medewerker_ids`: the ids of the house's staff, for a search by username;
* `relaties`: per way an organisation can know a person (deelnemer of a casus, referrer of an
  aanmelding), a function giving an `Exists()` over persons of the house matched to a row's
  organisation and pseudonym, for the "outside the viewer's cases" signal;
* the casus resolver: which audit casus ids a readable casusnummer (2026-0042) stands for;
* `persoon_naam`: the display name of the person an audit pseudonym stands for in a house, for
  the heading of "wie heeft deze persoon ingezien" (never the BSN);
* `functiescheiding`: the accounts of a house that hold functioneel beheerder together with a
  role that should not go with it (privacy officer, procesregisseur), for the signals page.
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


_functiescheiding: Callable[[int], list[dict[str, Any]]] | None = None


def register_functiescheiding(fn: Callable[[int], list[dict[str, Any]]]) -> None:
    """`fn(zvh_id)` -> [{user_id, user_display, organisatie_naam, rollen: [label, ...]}]."""
    global _functiescheiding
    _functiescheiding = fn


def functiescheiding(zvh_id: int) -> list[dict[str, Any]]:
    """Accounts of house `zvh_id` that combine beheer with privacy officer or procesregisseur."""
    return [] if _functiescheiding is None else list(_functiescheiding(zvh_id))


_persoon_naam: Callable[[int, str], str | None] | None = None


def register_persoon_naam(fn: Callable[[int, str], str | None]) -> None:
    """`fn(zvh_id, pseudoniem)` -> the decrypted display name, or None if none in that house."""
    global _persoon_naam
    _persoon_naam = fn


def persoon_naam(zvh_id: int, pseudoniem: str) -> str | None:
    """The name of the person of house `zvh_id` that `pseudoniem` stands for; None if none."""
    return None if _persoon_naam is None else _persoon_naam(zvh_id, pseudoniem)
