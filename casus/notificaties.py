"""Creating in-app notifications for the users responsible for something in a casus.

Called by the casus services inside their transaction (a notification exists only when what
it announces was committed) and by the overdue job. Creating is idempotent per (recipient,
`sleutel`). Who receives: the named owner of an action when there is one (and still active),
otherwise every active user of the organisation holding the ketenpartner role in the house.
What a recipient is shown, and whether it is shown at all, is decided when it is read
(casus.selectors_notificaties): only while the recipient may still see what it points at.
"""

import json
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

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


def uitvraag_gesteld(uitvraag) -> None:
    """An information request arrived at an organisation: its ketenpartner users are told."""
    notificeren(
        soort=NotificatieSoort.UITVRAAG,
        casus=uitvraag.casus,
        ontvanger_ids=organisatie_ontvangers(
            zvh_id=uitvraag.zvh_id, organisatie_id=uitvraag.organisatie_id
        ),
        sleutel=f"uitvraag:{uitvraag.pk}",
        uitvraag=uitvraag,
    )


def mdo_uitgenodigd(uitnodiging) -> None:
    """An organisation was invited to an MDO: its ketenpartner users are told (an incidentele
    partner's see it once its geheimhoudingsverklaring gives them the MDO)."""
    overleg = uitnodiging.casusoverleg
    notificeren(
        soort=NotificatieSoort.MDO_UITNODIGING,
        casus=overleg.casus,
        ontvanger_ids=organisatie_ontvangers(
            zvh_id=overleg.zvh_id, organisatie_id=uitnodiging.organisatie_id
        ),
        sleutel=f"mdo_uitnodiging:{overleg.pk}:{uitnodiging.organisatie_id}",
        casusoverleg=overleg,
    )


def ontvangers_per_actie(acties) -> dict:
    """`actie_ontvangers` for many actions at once, in two queries whatever their number:
    {action pk: [user ids]}. `acties` are rows with pk, zvh_id, organisatie_id, eigenaar_id."""
    acties = list(acties)
    eigenaar_ids = {a.eigenaar_id for a in acties if a.eigenaar_id is not None}
    actieve_eigenaars = set(
        get_user_model()
        .objects.filter(pk__in=eigenaar_ids, is_active=True)
        .values_list("pk", flat=True)
    )
    zonder_eigenaar = [a for a in acties if a.eigenaar_id not in actieve_eigenaars]
    per_organisatie: dict[tuple[int, int], list[int]] = defaultdict(list)
    if zonder_eigenaar:
        rollen = (
            RolToewijzing.objects.filter(
                rol=Rol.KETENPARTNER,
                zvh_id__in={a.zvh_id for a in zonder_eigenaar},
                medewerker__organisatie_id__in={a.organisatie_id for a in zonder_eigenaar},
                medewerker__is_active=True,
            )
            .order_by("medewerker_id")
            .values_list("zvh_id", "medewerker__organisatie_id", "medewerker_id")
            .distinct()
        )
        for zvh_id, organisatie_id, medewerker_id in rollen:
            per_organisatie[(zvh_id, organisatie_id)].append(medewerker_id)
    return {
        a.pk: (
            [a.eigenaar_id]
            if a.eigenaar_id in actieve_eigenaars
            else per_organisatie.get((a.zvh_id, a.organisatie_id), [])
        )
        for a in acties
    }


def acties_verlopen(acties) -> int:
    """`actie_verlopen` for many actions at once (the overdue job), idempotent like every
    notification. `acties` carry pk, zvh_id, casus_id, organisatie_id, eigenaar_id and
    deadline. Returns how many notifications were asked for."""
    acties = list(acties)
    ontvangers = ontvangers_per_actie(acties)
    rows = []
    for actie in acties:
        # Each key as text once per action, not once per recipient and use.
        actie_id, casus_id = str(actie.pk), str(actie.casus_id)
        sleutel = f"actie_verlopen:{actie_id}:{actie.deadline.isoformat()}"
        rows += [
            (actie.zvh_id, ontvanger_id, casus_id, actie_id, sleutel)
            for ontvanger_id in ontvangers[actie.pk]
        ]
    _invoegen(NotificatieSoort.ACTIE_VERLOPEN, rows)
    return len(rows)


def _invoegen(soort: str, rows: list[tuple]) -> None:
    """Insert (zvh, recipient, casus, action, key) rows of one kind, skipping a key a
    recipient already has. On PostgreSQL one INSERT ... SELECT FROM jsonb_to_recordset(...)
    ON CONFLICT DO NOTHING per call (the overdue job's thousands of rows without building a
    model object, or a bound value, each); elsewhere (the SQLite demo) bulk_create does the
    same."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Notificatie.objects.bulk_create(
            [
                Notificatie(
                    zvh_id=zvh_id,
                    ontvanger_id=ontvanger_id,
                    soort=soort,
                    casus_id=casus_id,
                    actie_id=actie_id,
                    sleutel=sleutel,
                )
                for zvh_id, ontvanger_id, casus_id, actie_id, sleutel in rows
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
        return
    # One parameter, however many rows: the rows as JSON, unpacked by the database.
    nieuw = json.dumps(
        [
            {"z": zvh_id, "o": ontvanger_id, "c": str(casus_id), "a": str(actie_id), "s": sleutel}
            for zvh_id, ontvanger_id, casus_id, actie_id, sleutel in rows
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL, [soort, timezone.now(), nieuw])


# Constant text: table and column names from the model, values only as parameters.
_INSERT_SQL = f"""
    INSERT INTO {Notificatie._meta.db_table}
        (id, soort, aangemaakt_op, zvh_id, ontvanger_id, casus_id, actie_id, sleutel)
    SELECT gen_random_uuid(), %s, %s, nieuw.z, nieuw.o, nieuw.c, nieuw.a, nieuw.s
    FROM jsonb_to_recordset(%s::jsonb) AS nieuw (z bigint, o bigint, c uuid, a uuid, s text)
    ON CONFLICT (ontvanger_id, sleutel) DO NOTHING
"""  # noqa: S608
