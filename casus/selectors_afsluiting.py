"""Reads for afschaling, afsluiting and heropening, and for the house's list of reasons."""

from django.db.models import Exists, OuterRef, Prefetch

from core import policy
from partners.models import Organisatie, OrganisatieType, Partnerschap, huidig_partnerschap

from .models import (
    LOPENDE_STATUSSEN,
    Actie,
    Afsluiting,
    AfsluitReden,
    Casus,
    CasusStatus,
    Deelnemer,
    Doel,
    DoelEvaluatie,
    Heropening,
)

# The local network a casus is handed back to at afschaling (domain brief, step 8).
LOKALE_TYPES = (OrganisatieType.GEMEENTE, OrganisatieType.WIJKTEAM)


def lokale_organisaties(zvh_id):
    """Active municipalities and wijkteams with a current convenant with the house, by name."""
    convenant = Partnerschap.objects.filter(
        huidig_partnerschap(), zvh_id=zvh_id, organisatie_id=OuterRef("pk")
    )
    return Organisatie.objects.filter(
        Exists(convenant), actief=True, type__in=LOKALE_TYPES
    ).order_by("naam")


def casus_voor_afsluiting(actor, pk):
    """One casus the actor may see, with its persons and deelnemers (what the closing and
    reopening pages show), or None."""
    return (
        policy.visible(actor, "casus.bekijken", Casus.objects.filter(pk=pk))
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


def doelen_van(casus):
    """The goals of the casus's plan, in the plan's order."""
    return list(Doel.objects.filter(plan__casus=casus).order_by("volgorde", "aangemaakt_op"))


def actieve_redenen(zvh_id):
    """The reasons the house offers, in its order."""
    return AfsluitReden.objects.filter(zvh_id=zvh_id, actief=True).order_by("volgorde", "naam")


def lopende_acties(casus) -> int:
    """How many actions of the casus are still open or in progress."""
    return Actie.objects.filter(casus=casus, status__in=LOPENDE_STATUSSEN).count()


def afsluiting_overzicht(actor, casus):
    """What `casus/_afsluiting.html` shows on the casus page: the current closing (when the
    casus is closed) with its evaluations, the last reopening, and which buttons the actor
    gets. The caller already checked that the actor may see the casus. At most three queries."""
    afgesloten = casus.status == CasusStatus.AFGESLOTEN
    afsluiting = None
    if afgesloten:
        afsluiting = (
            Afsluiting.objects.filter(casus=casus)
            .select_related("reden", "ontvangende_organisatie", "afgesloten_door")
            .prefetch_related(
                Prefetch(
                    "evaluaties",
                    queryset=DoelEvaluatie.objects.select_related("doel").order_by(
                        "doel__volgorde", "doel__aangemaakt_op"
                    ),
                )
            )
            .order_by("-afgesloten_op")
            .first()
        )
    heropening = (
        Heropening.objects.filter(casus=casus)
        .select_related("heropend_door")
        .order_by("-heropend_op")
        .first()
        if not afgesloten
        else None
    )
    return {
        "afgesloten": afgesloten,
        "afsluiting": afsluiting,
        "heropening": heropening,
        "mag_afsluiten": not afgesloten and policy.may(actor, "casus.afsluiten", casus),
        "mag_heropenen": afgesloten and policy.may(actor, "casus.heropenen", casus),
    }


def beheer_redenen(actor):
    """Every reason of the actor's house, active or not, in the house's order."""
    return policy.visible(actor, "beheer.afsluitredenen", AfsluitReden.objects.all()).order_by(
        "volgorde", "naam"
    )


def beheer_reden(actor, pk):
    return beheer_redenen(actor).filter(pk=pk).first()
