"""Reads across partners, staff and roles, already narrowed to the current house."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch

from core import policy

from .models import AuthenticatorDevice, Organisatie, Partnerschap, RolToewijzing

User = get_user_model()


def _met_partnerschap(queryset, zvh):
    return queryset.prefetch_related(
        Prefetch(
            "partnerschappen",
            queryset=Partnerschap.objects.filter(zvh=zvh),
            to_attr="partnerschap_hier",
        )
    ).order_by("naam")


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
            )
        )
        .order_by("last_name", "first_name", "username")
    )


def rol_in_zvh(zvh, pk):
    return RolToewijzing.objects.select_related("medewerker").filter(zvh=zvh, pk=pk).first()


def organisaties_van_zvh_id(zvh_id):
    """For the audit review's organisation filter (registered in `audit.hooks`)."""
    return Organisatie.objects.filter(partnerschappen__zvh_id=zvh_id).order_by("naam")


def has_second_factor(user):
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).exists()
