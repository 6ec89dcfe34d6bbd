"""Builds the `Actor` of a medewerker in a house: its roles there, its organisation.

A role counts only while the organisation takes part: a user of an inactive organisation holds
no role at all, and a partner role (ketenpartner, ZSM) needs the organisation's current
partnership with that house. House roles do not depend on any partnership.
"""

from django.db.models import Exists, F, OuterRef

from core.actor import Actor, clean_ip, new_request_id
from core.roles import PARTNER_ROLLEN

from .models import Partnerschap, RolToewijzing, huidig_partnerschap


def toewijzingen_van(user):
    """The user's role assignments in active houses, each annotated with whether it counts
    now (`geldig`): see the module docstring."""
    huidig = Partnerschap.objects.filter(
        huidig_partnerschap(),
        zvh_id=OuterRef("zvh_id"),
        organisatie_id=OuterRef("medewerker__organisatie_id"),
    )
    return RolToewijzing.objects.filter(medewerker=user, zvh__actief=True).annotate(
        partner_huidig=Exists(huidig), organisatie_actief=F("medewerker__organisatie__actief")
    )


def telt(toewijzing) -> bool:
    """Whether an assignment from `toewijzingen_van` gives its role now."""
    if toewijzing.organisatie_actief is False:
        return False
    return toewijzing.rol not in PARTNER_ROLLEN or toewijzing.partner_huidig


def rollen_per_zvh(user) -> dict[int, frozenset[str]]:
    """{zvh id: roles} of an active user in every active house where it holds a role that
    counts now."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    per_zvh: dict[int, set[str]] = {}
    for toewijzing in toewijzingen_van(user).only("zvh_id", "rol"):
        if telt(toewijzing):
            per_zvh.setdefault(toewijzing.zvh_id, set()).add(toewijzing.rol)
    return {k: frozenset(v) for k, v in per_zvh.items()}


def actor_voor(
    user,
    zvh,
    *,
    rollen=None,
    verified=True,
    request_id=None,
    ip=None,
    doel="",
) -> Actor:
    """The actor of `user` in `zvh` (None: no house); `rollen` when already known."""
    if rollen is None:
        rollen = rollen_per_zvh(user).get(zvh.pk, frozenset()) if zvh is not None else frozenset()
    organisatie = user.organisatie
    return Actor(
        user_id=user.pk,
        user_display=user.get_full_name() or user.get_username(),
        organisatie_id=organisatie.pk if organisatie is not None else None,
        organisatie_naam=organisatie.naam if organisatie is not None else "",
        zvh_id=zvh.pk if zvh is not None and zvh.actief else None,
        rollen=frozenset(rollen) if zvh is not None and zvh.actief else frozenset(),
        verified=verified and user.is_active,
        request_id=request_id or new_request_id(),
        ip=clean_ip(ip),
        doel=doel,
    )


def zvh_ids_van(user) -> list[int]:
    """The houses where `user` holds a role: its account events go to each of their chains."""
    if user is None or user.pk is None:
        return []
    return sorted(
        set(RolToewijzing.objects.filter(medewerker=user).values_list("zvh_id", flat=True))
    )
