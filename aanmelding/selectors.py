"""Reads of referrals, already narrowed to the current house and the asking organisation."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch

from casus.models import Casus, Persoon
from partners.models import Rol, RolToewijzing

from .models import (
    IN_TRIAGE,
    Aanmelding,
    AanmeldingPersoon,
    Afwijsreden,
    Informatieverzoek,
    RegionaalCriterium,
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


def triage_werkvoorraad(zvh):
    """Referrals waiting for triage in `zvh`: spoed first, then the oldest first."""
    return _met_personen(
        Aanmelding.objects.filter(zvh=zvh, status__in=IN_TRIAGE)
        .select_related("organisatie")
        .order_by("-spoed", "ingediend_op", "pk")
    )


def mijn_aanmeldingen(user, zvh):
    """The referrals of the user's own organisation in `zvh`, newest first."""
    if user.organisatie_id is None:
        return Aanmelding.objects.none()
    return _met_personen(
        Aanmelding.objects.filter(zvh=zvh, organisatie_id=user.organisatie_id)
        .select_related("aangemeld_door")
        .order_by("-aangemaakt_op", "-pk")
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


def eerdere_aanmeldingen(aanmelding):
    """Other referrals in this house that involve one of the same persons."""
    zelfde_persoon = AanmeldingPersoon.objects.filter(
        aanmelding=OuterRef("pk"),
        persoon__in=AanmeldingPersoon.objects.filter(aanmelding=aanmelding).values("persoon"),
    )
    return (
        Aanmelding.objects.filter(zvh_id=aanmelding.zvh_id)
        .exclude(pk=aanmelding.pk)
        .exclude(status="concept")
        .filter(Exists(zelfde_persoon))
        .select_related("organisatie")
        .order_by("-ingediend_op")
    )


def casussen_van_personen(aanmelding):
    """Casussen in this house of the persons in the referral."""
    personen = AanmeldingPersoon.objects.filter(aanmelding=aanmelding).values("persoon")
    return (
        Casus.objects.filter(zvh_id=aanmelding.zvh_id, personen__in=personen)
        .distinct()
        .order_by("-geopend_op")
    )


def procesregisseurs(zvh):
    rol = RolToewijzing.objects.filter(medewerker=OuterRef("pk"), zvh=zvh, rol=Rol.PROCESREGISSEUR)
    return User.objects.filter(Exists(rol), is_active=True).order_by("last_name", "first_name")


def regionale_criteria(zvh):
    return RegionaalCriterium.objects.filter(zvh=zvh, actief=True).order_by("volgorde", "pk")


def triage_instelling(zvh):
    """The house's triage settings (four-eyes), or None while it has not set them."""
    return TriageInstelling.objects.filter(zvh=zvh).first()


def afwijsredenen(zvh):
    return Afwijsreden.objects.filter(zvh=zvh, actief=True).order_by("volgorde", "pk")


def persoon_in_zvh(zvh, pk):
    return Persoon.objects.filter(zvh=zvh, pk=pk).first()


def aanmeldingen_van_persoon(persoon):
    return (
        Aanmelding.objects.filter(zvh_id=persoon.zvh_id, aanmeldingpersoon__persoon=persoon)
        .exclude(status="concept")
        .select_related("organisatie")
        .order_by("-ingediend_op")
    )
