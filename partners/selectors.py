"""Reads across partners, staff and roles, already narrowed to the current house."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch

from core import policy
from core.pagination import ordering
from core.roles import NIET_MET_BEHEER_ROLLEN, Rol

from .models import (
    AanvraagStatus,
    AuthenticatorDevice,
    Organisatie,
    Partnerschap,
    RolAanvraag,
    RolToewijzing,
    Zvh,
)

User = get_user_model()

# The orders of the beheer lists, paged by keyset: each ends in the primary key, so that it is a
# total order and no row is shown twice or skipped across pages.
ORGANISATIES_VOLGORDE = [("naam", False), ("id", False)]
MEDEWERKERS_VOLGORDE = [
    ("last_name", False),
    ("first_name", False),
    ("username", False),
    ("id", False),
]
ROLAANVRAGEN_VOLGORDE = [("aangevraagd_op", False), ("id", False)]


def _met_partnerschap(queryset, zvh):
    return queryset.prefetch_related(
        Prefetch(
            "partnerschappen",
            queryset=Partnerschap.objects.filter(zvh=zvh),
            to_attr="partnerschap_hier",
        )
    ).order_by(*ordering(ORGANISATIES_VOLGORDE))


def organisaties_in_zvh(zvh):
    """Organisations taking part in `zvh`, each with its partnerschap for that house."""
    return _met_partnerschap(Organisatie.objects.filter(partnerschappen__zvh=zvh), zvh)


def organisaties_voor_beheer(actor, zvh):
    """The organisations the actor may manage (the policy's list form), with partnerschap."""
    return _met_partnerschap(
        policy.visible(actor, "beheer.organisaties", Organisatie.objects.all()), zvh
    )


def organisatie_voor_beheer(actor, zvh, pk):
    return organisaties_voor_beheer(actor, zvh).filter(pk=pk).first()


def medewerker_ids_in_zvh(zvh_id):
    in_zvh = Partnerschap.objects.filter(zvh_id=zvh_id, organisatie=OuterRef("organisatie"))
    return User.objects.filter(Exists(in_zvh)).values("pk")


def medewerkers_voor_beheer(actor, zvh):
    """The staff the actor may manage (the policy's list form), with roles in this house."""
    return _met_rollen(policy.visible(actor, "beheer.medewerkers", User.objects.all()), zvh)


def medewerker_voor_beheer(actor, zvh, pk):
    return medewerkers_voor_beheer(actor, zvh).filter(pk=pk).first()


def _met_rollen(queryset, zvh):
    return (
        queryset.select_related("organisatie")
        .prefetch_related(
            Prefetch(
                "rollen",
                queryset=RolToewijzing.objects.filter(zvh=zvh).order_by("rol"),
                to_attr="rollen_hier",
            ),
            Prefetch(
                "rolaanvragen",
                queryset=RolAanvraag.objects.filter(zvh=zvh, status=AanvraagStatus.OPEN).order_by(
                    "rol"
                ),
                to_attr="aanvragen_hier",
            ),
        )
        .order_by(*ordering(MEDEWERKERS_VOLGORDE))
    )


def andere_huizen(medewerker, zvh_id):
    """The names of the other houses where `medewerker` holds a role (they manage it too)."""
    return list(
        Zvh.objects.filter(roltoewijzingen__medewerker=medewerker)
        .exclude(pk=zvh_id)
        .distinct()
        .order_by("naam")
        .values_list("naam", flat=True)
    )


def rolaanvragen_voor_beheer(actor):
    """The open four-eyes role requests of the actor's house (the policy's list form)."""
    return (
        policy.visible(actor, "beheer.rolaanvragen", RolAanvraag.objects.all())
        .filter(status=AanvraagStatus.OPEN)
        .select_related("medewerker__organisatie", "aangevraagd_door")
        .order_by(*ordering(ROLAANVRAGEN_VOLGORDE))
    )


def rolaanvraag_voor_beheer(actor, pk):
    return rolaanvragen_voor_beheer(actor).filter(pk=pk).first()


def beheer_met_andere_taken(zvh_id):
    """Separation of duties, for the privacy officer's signals (registered in `audit.hooks`):
    accounts holding functioneel beheerder together with privacy officer or procesregisseur
    in house `zvh_id`, each with those roles. One query, whatever the number of accounts."""
    in_huis = RolToewijzing.objects.filter(zvh_id=zvh_id, medewerker=OuterRef("medewerker"))
    toewijzingen = (
        RolToewijzing.objects.filter(
            Exists(in_huis.filter(rol=Rol.FUNCTIONEEL_BEHEERDER)),
            Exists(in_huis.filter(rol__in=NIET_MET_BEHEER_ROLLEN)),
            zvh_id=zvh_id,
            rol__in={Rol.FUNCTIONEEL_BEHEERDER, *NIET_MET_BEHEER_ROLLEN},
        )
        .select_related("medewerker__organisatie")
        .order_by("medewerker__last_name", "medewerker__first_name", "medewerker_id", "rol")
    )
    per_account: dict[int, dict] = {}
    for t in toewijzingen:
        account = t.medewerker
        row = per_account.setdefault(
            account.pk,
            {
                "user_id": account.pk,
                "user_display": account.get_full_name() or account.username,
                "organisatie_naam": account.organisatie.naam if account.organisatie else "",
                "rollen": [],
            },
        )
        row["rollen"].append(str(t.get_rol_display()))
    return list(per_account.values())


def rol_in_zvh(zvh, pk):
    return RolToewijzing.objects.select_related("medewerker").filter(zvh=zvh, pk=pk).first()


def organisaties_van_zvh_id(zvh_id):
    """For the audit review's organisation filter (registered in `audit.hooks`)."""
    return Organisatie.objects.filter(partnerschappen__zvh_id=zvh_id).order_by("naam")


def has_second_factor(user):
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).exists()


def partnerschappen_zonder_deelname(user):
    """The partnerships of the user's own organisation, in active houses, that give no partner
    role (a document unsigned, or ended): why a partner's user without any role has none."""
    if user.organisatie_id is None:
        return []
    return [
        partnerschap
        for partnerschap in Partnerschap.objects.filter(
            organisatie_id=user.organisatie_id, zvh__actief=True
        )
        .select_related("zvh")
        .order_by("zvh__naam")
        if not partnerschap.is_partner
    ]
