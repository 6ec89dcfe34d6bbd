"""Reads of the notifications: the user's own in the current house, newest first, narrowed by
the policy's list form (casus.rules.notificatie_zichtbaar), so that a notification whose target
the user may no longer see is neither listed, counted, marked nor mailed.

The text of a notification is written here, when it is read: its kind and the casus number,
never a person's name or anything else of the casus.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import policy
from core.pagination import CappedCount, capped_count

from .models import Notificatie, NotificatieSoort

LIJST_VOLGORDE = [("aangemaakt_op", True), ("id", True)]
# The bell counts up to this many ("99+" beyond).
BEL_MAXIMUM = 99

_TEKSTEN = {
    NotificatieSoort.ACTIE_VERLOPEN: gettext_noop("Actie over de termijn in casus %(nummer)s"),
    NotificatieSoort.ACTIE_TOEGEWEZEN: gettext_noop(
        "Actie toegewezen aan uw organisatie in casus %(nummer)s"
    ),
    NotificatieSoort.UITVRAAG: gettext_noop("Informatieverzoek ontvangen in casus %(nummer)s"),
    NotificatieSoort.MDO_UITNODIGING: gettext_noop("Uitnodiging voor een MDO in casus %(nummer)s"),
}


def zichtbare_notificaties(actor):
    """The actor's notifications it may still see, in this house."""
    return policy.visible(
        actor,
        "notificatie.bekijken",
        Notificatie.objects.filter(ontvanger_id=actor.user_id, zvh_id=actor.zvh_id),
    )


def notificatie_lijst(actor):
    """The list page's rows (page it by LIJST_VOLGORDE), each with its casus and the casus's
    persons (for the audit row: who the casus numbers shown are about)."""
    return (
        zichtbare_notificaties(actor)
        .select_related("casus")
        .prefetch_related("casus__personen")
        .only(
            "id",
            "zvh_id",
            "soort",
            "casus_id",
            "actie_id",
            "uitvraag_id",
            "casusoverleg_id",
            "aangemaakt_op",
            "gelezen_op",
            "casus__id",
            "casus__nummer",
        )
    )


def ongelezen(actor):
    """The actor's unread notifications it may still see."""
    return zichtbare_notificaties(actor).filter(gelezen_op__isnull=True)


def ongelezen_aantal(actor) -> CappedCount:
    """How many unread notifications the bell shows, capped at BEL_MAXIMUM.

    The bell is on every page, and most page views are by someone with nothing unread: one
    probe of the unread index answers those, without building the visibility query (three
    targets' list forms). Only when something is unread is it counted through that query,
    which leaves out what the user may no longer see."""
    if not Notificatie.objects.filter(
        ontvanger_id=actor.user_id, zvh_id=actor.zvh_id, gelezen_op__isnull=True
    ).exists():
        return CappedCount(0, BEL_MAXIMUM)
    return capped_count(ongelezen(actor), cap=BEL_MAXIMUM)


def tekst(notificatie) -> str:
    """What a notification says: its kind and the casus number, nothing about a person."""
    return _(_TEKSTEN[notificatie.soort]) % {"nummer": notificatie.casus.nummer}


def doel_url(notificatie) -> str:
    """Where a notification leads: the request, the MDO, or the action (its page, where its
    organisation updates it)."""
    if notificatie.soort == NotificatieSoort.UITVRAAG:
        return reverse("casus:uitvraag", args=[notificatie.uitvraag_id])
    if notificatie.soort == NotificatieSoort.MDO_UITNODIGING:
        return reverse("casus:overleg", args=[notificatie.casusoverleg_id])
    if notificatie.actie_id is not None:
        return reverse("casus:actie", args=[notificatie.actie_id])
    return reverse("casus:casus", args=[notificatie.casus_id])
