"""Reads across partners, staff and roles, already narrowed to the current house."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch

from .models import Organisatie, Partnerschap, RolToewijzing

User = get_user_model()


def organisaties_in_zvh(zvh):
    """Organisations taking part in `zvh`, each with its partnerschap for that house."""
    return (
        Organisatie.objects.filter(partnerschappen__zvh=zvh)
        .prefetch_related(
            Prefetch(
                "partnerschappen",
                queryset=Partnerschap.objects.filter(zvh=zvh),
                to_attr="partnerschap_hier",
            )
        )
        .order_by("naam")
    )


def organisatie_in_zvh(zvh, pk):
    return organisaties_in_zvh(zvh).filter(pk=pk).first()


def medewerkers_in_zvh(zvh):
    """Staff of organisations taking part in `zvh`, with their roles in that house only."""
    in_zvh = Partnerschap.objects.filter(zvh=zvh, organisatie=OuterRef("organisatie"))
    return (
        User.objects.filter(Exists(in_zvh))
        .select_related("organisatie")
        .prefetch_related(
            Prefetch(
                "rollen",
                queryset=RolToewijzing.objects.filter(zvh=zvh).order_by("rol"),
                to_attr="rollen_hier",
            )
        )
        .order_by("last_name", "first_name", "username")
    )


def medewerker_in_zvh(zvh, pk):
    return medewerkers_in_zvh(zvh).filter(pk=pk).first()


def rol_in_zvh(zvh, pk):
    return RolToewijzing.objects.select_related("medewerker").filter(zvh=zvh, pk=pk).first()


def has_second_factor(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
