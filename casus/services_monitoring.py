"""The monitoring setting of a house: after how many weeks without activity an open casus
counts as stalled. Policy-checked ("monitoring.instellen"), audited, one transaction."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.errors import ServiceError
from partners.models import Zvh

# The longest a house may wait before an open casus counts as stalled: a year.
STILSTAND_MAX_WEKEN = 52


@transaction.atomic
def stilstand_instellen(*, actor, weken: int) -> Zvh:
    """Set the actor's house's `stilstand_weken` (1 to STILSTAND_MAX_WEKEN)."""
    policy.require(actor, "monitoring.instellen")
    if not 1 <= weken <= STILSTAND_MAX_WEKEN:
        raise ServiceError(
            _("Vul een aantal weken in van 1 tot en met %(max)s.") % {"max": STILSTAND_MAX_WEKEN}
        )
    zvh = Zvh.objects.select_for_update().get(pk=actor.zvh_id)
    vorige = zvh.stilstand_weken
    zvh.stilstand_weken = weken
    zvh.save(update_fields=["stilstand_weken"])
    log.change(
        actor=actor,
        event=events.MONITORING_INGESTELD,
        target=zvh,
        detail=f"stilstand na {vorige} -> {weken} weken",
    )
    return zvh
