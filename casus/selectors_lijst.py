"""The casus list: every casus of the house for its staff, a partner's own casussen, with
filters and exact searches (casusnummer, BSN and surname through their blind indexes).

Narrowed by the policy's list form ("casus.bekijken"); filters and searches are conditions on
indexed columns or `Exists` subqueries, so the keyset page reads the list index in its order.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from core import policy
from core.roles import Rol
from partners.models import (
    Medewerker,
    Organisatie,
    Partnerschap,
    RolToewijzing,
    partner_met_protocol,
)

from .models import Casus, Deelnemer, Persoon

# Newest first; the key makes the order total (index casus_lijst).
LIJST_VOLGORDE = [("geopend_op", True), ("id", True)]
# What the list reads of a person: its name and its audit pseudonym (the encrypted BSN,
# address and contact are neither read nor decrypted).
PERSOON_KOLOMMEN = ("id", "zvh_id", "voornamen", "achternaam", "bsn_index", "aangemaakt_op")


@dataclass(frozen=True)
class Zoekopdracht:
    """What the list is narrowed to. `zoeken` is (kind, value): ("nummer", "2026-0042"),
    ("bsn", <blind index>) or ("naam", <surname blind index>); never the clear BSN or name."""

    status: str = ""
    thema_id: int | None = None
    ave_niveau: int | None = None
    procesregisseur_id: int | None = None
    spoed: bool | None = None
    zoeken: tuple[str, str] | None = None

    @property
    def beschrijving(self) -> str:
        """For the audit detail: which filters and which kind of search, no values searched."""
        delen = [
            naam
            for naam, actief in (
                ("status", self.status),
                ("thema", self.thema_id),
                ("AVE", self.ave_niveau),
                ("procesregisseur", self.procesregisseur_id),
                ("spoed", self.spoed is not None),
            )
            if actief
        ]
        tekst = f"filters: {', '.join(delen)}" if delen else ""
        if self.zoeken is not None:
            gezocht = f"gezocht op {self.zoeken[0]}"
            tekst = f"{tekst}; {gezocht}" if tekst else gezocht
        return tekst


def _persoon_match(**condition):
    return Exists(
        Persoon.objects.filter(casussen=OuterRef("pk"), zvh_id=OuterRef("zvh_id"), **condition)
    )


def casussen_lijst(actor, opdracht: Zoekopdracht, *, alleen_eigen=False) -> QuerySet:
    """The casussen the actor may see (`alleen_eigen`: those its organisation takes part in),
    narrowed by `opdracht`, with what a list row shows loaded in a fixed number of queries.
    `spoed_aanmelding` tells whether the referral the casus came from was spoed; the casus's
    themes and persons are lists in `lijst_themas` and `lijst_personen`."""
    queryset = policy.visible(actor, "casus.bekijken", Casus.objects.all())
    if alleen_eigen:
        queryset = queryset.filter(
            Exists(
                Deelnemer.objects.filter(casus=OuterRef("pk"), organisatie_id=actor.organisatie_id)
            )
        )
    condities = Q()
    if opdracht.status:
        condities &= Q(status=opdracht.status)
    if opdracht.thema_id is not None:
        condities &= Q(
            Exists(
                Casus.themas.through.objects.filter(
                    casus=OuterRef("pk"), thema_id=opdracht.thema_id
                )
            )
        )
    if opdracht.ave_niveau is not None:
        condities &= Q(ave_niveau=opdracht.ave_niveau)
    if opdracht.procesregisseur_id is not None:
        condities &= Q(procesregisseur_id=opdracht.procesregisseur_id) | Q(
            backup_procesregisseur_id=opdracht.procesregisseur_id
        )
    if opdracht.spoed is not None:
        condities &= Q(aanmelding__spoed=True) if opdracht.spoed else ~Q(aanmelding__spoed=True)
    if opdracht.zoeken is not None:
        soort, waarde = opdracht.zoeken
        if soort == "nummer":
            condities &= Q(nummer=waarde)
        elif soort == "bsn":
            condities &= Q(_persoon_match(bsn_index=waarde))
        elif soort == "naam":
            condities &= Q(_persoon_match(achternaam_index=waarde))
        else:
            raise ValueError(f"unknown search {soort!r}")
    return (
        queryset.filter(condities)
        .annotate(
            spoed_aanmelding=Coalesce(
                "aanmelding__spoed", Value(False), output_field=BooleanField()
            )
        )
        .select_related("procesregisseur")
        .prefetch_related(
            Prefetch("themas", to_attr="lijst_themas"),
            Prefetch(
                "personen",
                queryset=Persoon.objects.order_by("aangemaakt_op", "pk").only(*PERSOON_KOLOMMEN),
                to_attr="lijst_personen",
            ),
        )
    )


def procesregisseurs(zvh_id):
    """The active procesregisseurs of the house, for the list's filter."""
    rol = RolToewijzing.objects.filter(
        medewerker=OuterRef("pk"), zvh_id=zvh_id, rol=Rol.PROCESREGISSEUR
    )
    return Medewerker.objects.filter(Exists(rol), is_active=True).order_by(
        "last_name", "first_name"
    )


def organisaties_om_toe_te_voegen(casus):
    """The active organisations not yet taking part in the casus, partners of the house
    marked as such (`is_partner`), by name."""
    volwaardig = Partnerschap.objects.filter(
        partner_met_protocol(), zvh_id=casus.zvh_id, organisatie=OuterRef("pk")
    )
    return (
        Organisatie.objects.filter(actief=True)
        .exclude(deelnames__casus=casus)
        .annotate(is_partner=Exists(volwaardig))
        .order_by("naam")
    )
