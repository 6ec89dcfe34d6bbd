"""Creating in-app notifications for the users responsible for something in a casus.

Called by the casus services inside their transaction (a notification exists only when what
it announces was committed) and by the overdue job. Creating is idempotent per (recipient,
`sleutel`). Who receives: the named owner of an action when there is one (and still active),
otherwise every active user of the organisation holding the ketenpartner role in the house.
What a recipient is shown, and whether it is shown at all, is decided when it is read
(casus.selectors_notificaties): only while the recipient may still see what it points at.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from core.roles import Rol
from partners.models import RolToewijzing

from .models import Notificatie, NotificatieSoort


def organisatie_ontvangers(*, zvh_id, organisatie_id) -> list[int]:
    """Active users of the organisation with the ketenpartner role in the house."""
    return list(
        RolToewijzing.objects.filter(
            zvh_id=zvh_id,
            rol=Rol.KETENPARTNER,
            medewerker__organisatie_id=organisatie_id,
            medewerker__is_active=True,
        )
        .order_by("medewerker_id")
        .values_list("medewerker_id", flat=True)
        .distinct()
    )


def actie_ontvangers(actie) -> list[int]:
    """The action's owner when it has an active one, else its organisation's users."""
    if actie.eigenaar_id is not None:
        actief = get_user_model().objects.filter(pk=actie.eigenaar_id, is_active=True).exists()
        if actief:
            return [actie.eigenaar_id]
    return organisatie_ontvangers(zvh_id=actie.zvh_id, organisatie_id=actie.organisatie_id)


def notificeren(
    *,
    soort: str,
    casus,
    ontvanger_ids: Iterable[int],
    sleutel: str,
    actie=None,
    uitvraag=None,
    casusoverleg=None,
) -> int:
    """Create one notification per recipient unless it already has one with `sleutel`;
    returns how many recipients were asked for (existing ones are skipped silently)."""
    rows = [
        Notificatie(
            zvh_id=casus.zvh_id,
            ontvanger_id=ontvanger_id,
            soort=soort,
            casus_id=casus.pk,
            actie=actie,
            uitvraag=uitvraag,
            casusoverleg=casusoverleg,
            sleutel=sleutel,
        )
        for ontvanger_id in dict.fromkeys(ontvanger_ids)
    ]
    Notificatie.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def actie_toegewezen(actie) -> None:
    """An action was assigned to an organisation (created, or moved to another one)."""
    notificeren(
        soort=NotificatieSoort.ACTIE_TOEGEWEZEN,
        casus=actie.casus,
        ontvanger_ids=actie_ontvangers(actie),
        sleutel=f"actie_toegewezen:{actie.pk}:{actie.organisatie_id}",
        actie=actie,
    )


def actie_verlopen(actie) -> None:
    """An action passed its due date (once per due date: a new date can be overdue again)."""
    notificeren(
        soort=NotificatieSoort.ACTIE_VERLOPEN,
        casus=actie.casus,
        ontvanger_ids=actie_ontvangers(actie),
        sleutel=f"actie_verlopen:{actie.pk}:{actie.deadline.isoformat()}",
        actie=actie,
    )
