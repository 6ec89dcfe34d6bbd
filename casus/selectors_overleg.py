"""Reads of tafels, sessions, agendas and MDO's, narrowed by the policy's list forms.

Every page reads a fixed number of queries whatever the number of agenda items: relations are
joined or prefetched, free-slot counts are annotations.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from core import policy

from .models import (
    Besluit,
    Casusoverleg,
    Deelnemer,
    Geheimhoudingsverklaring,
    Overlegtafel,
    Persoon,
    Sessie,
    Slot,
    Uitnodiging,
)
from .rules import verklaring_getekend

VRIJE_SLOTS_GETOOND = 5
SESSIES_GETOOND = 50


def tafels_voor(actor):
    return policy.visible(
        actor, "overleg.tafels_beheren", Overlegtafel.objects.filter(zvh_id=actor.zvh_id)
    ).annotate(aantal_komend=Count("sessies", filter=Q(sessies__datum__gte=timezone.localdate())))


def tafel_voor(actor, pk):
    return policy.visible(
        actor, "overleg.tafels_beheren", Overlegtafel.objects.filter(pk=pk)
    ).first()


def _met_vrije_plekken(sessies):
    return sessies.annotate(
        vrij=Count("slots", filter=Q(slots__overleg__isnull=True), distinct=True),
    )


def komende_sessies(tafel):
    """The tafel's sessions from today, with their free slots counted."""
    return _met_vrije_plekken(
        tafel.sessies.filter(datum__gte=timezone.localdate()).order_by("datum", "begin")
    )[:SESSIES_GETOOND]


def planbare_sessies(actor, casus):
    """Upcoming sessions of the house's active tafels, with free slots counted and whether
    the casus is already on them."""
    sessies = policy.visible(
        actor,
        "overleg.sessie_bekijken",
        Sessie.objects.filter(
            zvh_id=casus.zvh_id, tafel__actief=True, datum__gte=timezone.localdate()
        ),
    )
    return (
        _met_vrije_plekken(sessies)
        .annotate(
            al_gepland=Exists(Casusoverleg.objects.filter(sessie=OuterRef("pk"), casus=casus))
        )
        .select_related("tafel")
        .order_by("datum", "begin", "pk")[:SESSIES_GETOOND]
    )


def volgende_vrije_slots(*, sessie, aantal=VRIJE_SLOTS_GETOOND):
    """The first free slots of the tafel's sessions after `sessie` (what a full session
    offers instead)."""
    return list(
        Slot.objects.filter(
            sessie__tafel_id=sessie.tafel_id,
            overleg__isnull=True,
            sessie__datum__gte=timezone.localdate(),
        )
        .filter(
            Q(sessie__datum__gt=sessie.datum)
            | Q(sessie__datum=sessie.datum, sessie__begin__gt=sessie.begin)
        )
        .select_related("sessie__tafel")
        .order_by("sessie__datum", "sessie__begin", "volgorde")[:aantal]
    )


def sessie_voor(actor, pk):
    return (
        policy.visible(actor, "overleg.sessie_bekijken", Sessie.objects.filter(pk=pk))
        .select_related("tafel")
        .first()
    )


def agenda(actor, sessie):
    """The session's MDO's the actor may see, in time order, each with its casus and persons."""
    return list(
        policy.visible(actor, "overleg.bekijken", sessie.overleggen.all())
        .select_related("casus", "slot")
        .prefetch_related(Prefetch("casus__personen", queryset=Persoon.objects.order_by("pk")))
        .order_by("begint_op", "pk")
    )


def overleg_voor(actor, pk):
    """One MDO with everything its page shows, if the actor may see it."""
    uitnodigingen = (
        Uitnodiging.objects.select_related("organisatie")
        .annotate(verklaard=verklaring_getekend())
        .order_by("organisatie__naam")
    )
    return (
        policy.visible(actor, "overleg.bekijken", Casusoverleg.objects.filter(pk=pk))
        .select_related("casus", "sessie__tafel", "slot")
        .prefetch_related(
            Prefetch("casus__personen", queryset=Persoon.objects.order_by("pk")),
            Prefetch(
                "casus__deelnemers",
                queryset=Deelnemer.objects.select_related("organisatie").order_by(
                    "organisatie__naam"
                ),
            ),
            Prefetch("uitnodigingen", queryset=uitnodigingen),
            Prefetch(
                "geheimhoudingsverklaringen",
                queryset=Geheimhoudingsverklaring.objects.order_by("vastgelegd_op"),
            ),
            Prefetch("besluiten", queryset=Besluit.objects.select_related("eigenaar")),
        )
        .first()
    )


def verklaringen_van_casus(overleg):
    """The declarations for the whole casus (those for this MDO are prefetched)."""
    return Geheimhoudingsverklaring.objects.filter(
        casus_id=overleg.casus_id, casusoverleg__isnull=True
    ).order_by("vastgelegd_op")


def ontbrekende_verklaringen(overleg):
    """The MDO's invitations of incidentele partners without a declaration (the gate)."""
    return list(
        Uitnodiging.objects.filter(casusoverleg=overleg, incidenteel=True)
        .annotate(verklaard=verklaring_getekend())
        .filter(verklaard=False)
        .select_related("organisatie")
        .order_by("organisatie__naam")
    )


def uitnodiging_voor(actor, pk):
    return (
        policy.visible(actor, "overleg.agenda_downloaden", Uitnodiging.objects.filter(pk=pk))
        .select_related("organisatie", "casusoverleg__sessie__tafel")
        .first()
    )


def overleggen_van_casus(actor, casus):
    """The casus's MDO's the actor may see, newest first (for the casus page)."""
    return (
        policy.visible(actor, "overleg.bekijken", casus.overleggen.all())
        .select_related("sessie__tafel")
        .order_by("-begint_op")[:50]
    )
