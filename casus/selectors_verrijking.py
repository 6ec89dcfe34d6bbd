"""Reads of the informatieverrijking, narrowed by the policy's list forms.

The worklists are keyset-paged in the order of their index (casus/models/verrijking.py):
an organisation's "uitvragen" open first, then by due date (so the overdue ones lead), and the
house's open requests by due date.
"""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.pagination import COUNT_CAP, CappedCount, capped_count
from partners.models import Organisatie

from .models import Casus, CasusStatus, Deelnemer, Uitvraag

WERKVOORRAAD_VOLGORDE = [("beantwoord", False), ("uiterlijk_op", False), ("id", False)]
OPENSTAAND_VOLGORDE = [("uiterlijk_op", False), ("id", False)]


def verrijking_casus(actor, pk):
    """The casus whose verrijking page the actor may open, with its persons and deelnemers."""
    return (
        policy.visible(actor, "verrijking.bekijken", Casus.objects.filter(pk=pk))
        .prefetch_related(
            "personen",
            Prefetch(
                "deelnemers",
                queryset=Deelnemer.objects.select_related("organisatie").order_by(
                    "organisatie__naam"
                ),
            ),
        )
        .first()
    )


def deelnemer_organisaties(casus):
    """The organisations taking part in the casus: the ones that can be asked."""
    return Organisatie.objects.filter(deelnames__casus=casus).order_by("naam")


def uitvragen_van_casus(actor, casus):
    """Every request of the casus the actor may see, oldest first, with who asked and answered."""
    return (
        policy.visible(actor, "uitvraag.bekijken", Uitvraag.objects.filter(casus=casus))
        .select_related("organisatie", "gesteld_door", "beantwoord_door")
        .order_by("gesteld_op", "id")
    )


def uitvraag_voor(actor, pk):
    """One request, if the actor may see it, with its casus and the casus's persons."""
    return (
        policy.visible(actor, "uitvraag.bekijken", Uitvraag.objects.filter(pk=pk))
        .select_related("casus", "organisatie", "gesteld_door", "beantwoord_door")
        .prefetch_related("casus__personen")
        .first()
    )


def uitvragen_werkvoorraad(actor):
    """The requests to the actor's own organisation in this house (page it by
    WERKVOORRAAD_VOLGORDE)."""
    return (
        policy.visible(
            actor,
            "uitvraag.bekijken",
            Uitvraag.objects.filter(zvh_id=actor.zvh_id, organisatie_id=actor.organisatie_id),
        )
        .select_related("casus")
        .prefetch_related("casus__personen")
    )


def openstaande_uitvragen(actor):
    """The house's unanswered requests of open casussen (page it by OPENSTAAND_VOLGORDE); a
    closed casus waits for nothing."""
    return (
        policy.visible(
            actor,
            "uitvraag.bekijken",
            Uitvraag.objects.filter(beantwoord=False).exclude(
                casus_id__in=_gesloten_casussen(actor.zvh_id)
            ),
        )
        .select_related("casus", "organisatie")
        .prefetch_related("casus__personen")
    )


def _gesloten_casussen(zvh_id):
    """The house's closed casussen, for "not in this (hashed) set": the open requests are then
    still read from their own index rather than joined with every casus."""
    return Casus.objects.filter(zvh_id=zvh_id, status=CasusStatus.AFGESLOTEN).values("pk")


def open_en_verlopen(queryset, zvh_id):
    """(open, of which overdue): the unanswered requests of open casussen in `queryset` and
    those past their due date, each capped at COUNT_CAP, in one query. The open requests are
    read in due-date order, so the overdue ones come first and are all counted while there
    are no more of them than the cap."""
    eerste = (
        queryset.filter(beantwoord=False)
        .exclude(casus_id__in=_gesloten_casussen(zvh_id))
        .order_by("uiterlijk_op", "id")
        .values("uiterlijk_op")[: COUNT_CAP + 1]
    )
    totals = eerste.aggregate(
        open=Count("uiterlijk_op"),
        verlopen=Count("uiterlijk_op", filter=Q(uiterlijk_op__lt=timezone.localdate())),
    )
    return (
        CappedCount(value=totals["open"], cap=COUNT_CAP),
        CappedCount(value=totals["verlopen"], cap=COUNT_CAP),
    )


def te_laat(queryset):
    """The requests of `queryset` past their due date."""
    return queryset.filter(uiterlijk_op__lt=timezone.localdate())


def te_laat_voor(actor):
    """For the home page: "3 verlopen" when the house has unanswered requests past their due
    date (counted up to the cap), else ""."""
    aantal = capped_count(te_laat(openstaande_uitvragen(actor)))
    if not aantal.value:
        return ""
    return _("%(aantal)s verlopen") % {"aantal": aantal}
