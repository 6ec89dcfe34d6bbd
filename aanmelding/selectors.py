"""Reads of referrals, narrowed by the policy's list form to what the actor may see."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casus.selectors import persoon_pseudoniem_matches
from core import policy
from core.pagination import ordering
from core.roles import Rol
from partners.models import RolToewijzing

from .models import (
    IN_TRIAGE,
    Aanmelding,
    AanmeldingPersoon,
    Afwijsreden,
    Informatieverzoek,
    RegionaalCriterium,
    Status,
    Triagebesluit,
    TriageInstelling,
)

User = get_user_model()


def _met_personen(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "aanmeldingpersoon_set",
            queryset=AanmeldingPersoon.objects.select_related("persoon__aangemaakt_door").order_by(
                "volgorde"
            ),
        )
    )


# The worklists' orders, ending in the key; each has an index in the same order (see models).
TRIAGE_VOLGORDE = [("spoed", True), ("ingediend_op", False), ("id", False)]
MIJN_VOLGORDE = [("aangemaakt_op", True), ("id", True)]


def triage_werkvoorraad(actor):
    """Referrals waiting for triage in the actor's house: spoed first, then the oldest first."""
    wachtend = Aanmelding.objects.filter(status__in=IN_TRIAGE)
    return _met_personen(
        policy.visible(actor, "triage.werkvoorraad", wachtend)
        .select_related("organisatie")
        .order_by(*ordering(TRIAGE_VOLGORDE))
    )


def mijn_aanmeldingen(actor):
    """The referrals of the actor's own organisation in its house, newest first."""
    return _met_personen(
        policy.visible(actor, "aanmelding.mijn", Aanmelding.objects.all())
        .select_related("aangemeld_door")
        .order_by(*ordering(MIJN_VOLGORDE))
    )


def aanmelding_in_zvh(zvh, pk):
    """One referral of `zvh` with everything its detail page shows, or None."""
    return (
        _met_personen(Aanmelding.objects.filter(zvh=zvh, pk=pk))
        .select_related("organisatie", "aangemeld_door", "casus")
        .prefetch_related(
            "aanvullingen",
            "betrokken_organisaties",
            Prefetch(
                "informatieverzoeken",
                queryset=Informatieverzoek.objects.order_by("gesteld_op"),
            ),
            Prefetch(
                "triagebesluiten",
                queryset=Triagebesluit.objects.select_related("afwijsreden", "door")
                .prefetch_related("oordelen__regionaal_criterium", "themas")
                .order_by("op"),
            ),
        )
        .first()
    )


def eerdere_aanmeldingen(actor, aanmelding):
    """Other submitted referrals of the actor's house that involve one of the same persons."""
    zelfde_persoon = AanmeldingPersoon.objects.filter(
        aanmelding=OuterRef("pk"),
        persoon__in=AanmeldingPersoon.objects.filter(aanmelding=aanmelding).values("persoon"),
    )
    andere = Aanmelding.objects.exclude(pk=aanmelding.pk).filter(Exists(zelfde_persoon))
    return (
        policy.visible(actor, "triage.besluiten", andere)
        .select_related("organisatie")
        .order_by("-ingediend_op")
    )


def personen_van(aanmelding):
    """The pks of the referral's persons, as a subquery."""
    return AanmeldingPersoon.objects.filter(aanmelding=aanmelding).values("persoon")


def procesregisseurs(zvh_id):
    rol = RolToewijzing.objects.filter(
        medewerker=OuterRef("pk"), zvh_id=zvh_id, rol=Rol.PROCESREGISSEUR
    )
    return User.objects.filter(Exists(rol), is_active=True).order_by("last_name", "first_name")


def regionale_criteria(zvh_id):
    return RegionaalCriterium.objects.filter(zvh_id=zvh_id, actief=True).order_by("volgorde", "pk")


def triage_instelling(zvh_id):
    """The house's triage settings (four-eyes), or None while it has not set them."""
    return TriageInstelling.objects.filter(zvh_id=zvh_id).first()


def afwijsredenen(zvh_id):
    return Afwijsreden.objects.filter(zvh_id=zvh_id, actief=True).order_by("volgorde", "pk")


def aanmeldingen_van_persoon(actor, persoon):
    """The submitted referrals of a person that the actor may triage, newest first."""
    ingediend = Aanmelding.objects.filter(aanmeldingpersoon__persoon=persoon).exclude(
        status=Status.CONCEPT
    )
    return (
        policy.visible(actor, "triage.besluiten", ingediend)
        .select_related("organisatie")
        .order_by("-ingediend_op")
    )


def audit_relaties(zvh_id, organisatie, pseudoniem):
    """Exists() conditions for the audit signals: the row's organisation referred an
    aanmelding of this house with the row's person (see `casus.selectors.audit_relaties`)."""
    return [
        Exists(
            personen.filter(aanmeldingen__zvh_id=zvh_id, aanmeldingen__organisatie_id=organisatie)
        )
        for personen in persoon_pseudoniem_matches(zvh_id, pseudoniem)
    ]


def persoon_verwijzingen(actor, persoon):
    """Links to a person's referrals, for the person page (registered with casus)."""
    return [
        {
            "url": reverse("aanmelding:triage", args=[a.pk]),
            "tekst": _("Aanmelding van %(datum)s door %(org)s: %(status)s")
            % {
                "datum": date_format(timezone.localtime(a.ingediend_op), "j F Y")
                if a.ingediend_op
                else "—",
                "org": a.organisatie,
                "status": a.get_status_display(),
            },
        }
        for a in aanmeldingen_van_persoon(actor, persoon)[:50]
    ]
