"""The Dutch words the review workspace shows for the codes an audit row stores.

Rows keep their codes (event, action, outcome, roles): they are part of the hash chain. Pages
and the CSV export show these labels instead (events from `events.EVENT_LABELS`, roles from
`core.roles.Rol`, action and outcome from their TextChoices).
"""

from django.apps import apps
from django.utils.text import capfirst

from core.roles import Rol

from .events import event_label
from .models import Action, Outcome

_ROLE_LABELS = dict(Rol.choices)
_ACTION_LABELS = dict(Action.choices)
_OUTCOME_LABELS = dict(Outcome.choices)


def rol_labels(rol: str) -> str:
    """A row's comma-separated role codes as labels: "procesregisseur,manager" ->
    "Procesregisseur, Manager"; a code no longer in use stays as it is."""
    codes = [code.strip() for code in (rol or "").split(",") if code.strip()]
    return ", ".join(str(_ROLE_LABELS.get(code, code)) for code in codes)


def action_label(code: str) -> str:
    return str(_ACTION_LABELS.get(code, code))


def outcome_label(code: str) -> str:
    return str(_OUTCOME_LABELS.get(code, code))


def summary(row) -> str:
    """What happened, in one phrase: "Persoon geregistreerd – geslaagd"."""
    return f"{event_label(row.event_type)} – {outcome_label(row.outcome)}"


def object_label(object_type: str) -> str:
    """A row's object type ("casus.persoon") as the model's name ("Persoon")."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(capfirst(model._meta.verbose_name))
