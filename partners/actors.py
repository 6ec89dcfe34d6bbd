"""Builds the `Actor` of a medewerker in a house: its roles there, its organisation."""

from core.actor import Actor, clean_ip, new_request_id

from .models import RolToewijzing


def rollen_per_zvh(user) -> dict[int, frozenset[str]]:
    """{zvh id: roles} of an active user in every active house where it holds a role."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    per_zvh: dict[int, set[str]] = {}
    for zvh_id, rol in RolToewijzing.objects.filter(medewerker=user, zvh__actief=True).values_list(
        "zvh_id", "rol"
    ):
        per_zvh.setdefault(zvh_id, set()).add(rol)
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
