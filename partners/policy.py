"""The access policy: the one place that answers "may this user do this, here, to this object".

Deny by default: an action without a rule is refused. Views, selectors and services all ask
`may` or `require`; later features add their rules to RULES.
"""

from django.core.exceptions import PermissionDenied

from .models import Partnerschap, Rol, RolToewijzing


class Geweigerd(PermissionDenied):
    """A policy denial. Carries what the audit row needs; `not_found` hides existence (404)."""

    def __init__(self, actie, target=None, not_found=False):
        super().__init__(actie)
        self.audit = {"actie": actie, "target": target}
        self.not_found = not_found


def rollen(user, zvh):
    """The roles `user` holds in `zvh` (cached on the user object for the request)."""
    if zvh is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cache = getattr(user, "_rollen_per_zvh", None)
    if cache is None:
        cache = {}
        for zvh_id, rol in RolToewijzing.objects.filter(
            medewerker=user, zvh__actief=True
        ).values_list("zvh_id", "rol"):
            cache.setdefault(zvh_id, set()).add(rol)
        cache = {k: frozenset(v) for k, v in cache.items()}
        user._rollen_per_zvh = cache
    return cache.get(zvh.pk, frozenset())


def forget_roles(user):
    """Drop the per-request role cache after a change of roles."""
    if hasattr(user, "_rollen_per_zvh"):
        del user._rollen_per_zvh


def _has(*required):
    def rule(user, zvh, obj):
        return bool(rollen(user, zvh) & set(required))

    return rule


def _beheer_organisatie(user, zvh, obj):
    if Rol.FUNCTIONEEL_BEHEERDER not in rollen(user, zvh):
        return False
    if obj is None:
        return True
    return Partnerschap.objects.filter(zvh=zvh, organisatie=obj).exists()


def _beheer_medewerker(user, zvh, obj):
    if Rol.FUNCTIONEEL_BEHEERDER not in rollen(user, zvh):
        return False
    if obj is None:
        return True
    # A beheerder manages the staff of organisations that take part in this house.
    return (
        obj.organisatie_id is not None
        and Partnerschap.objects.filter(zvh=zvh, organisatie_id=obj.organisatie_id).exists()
    )


def _beheer_rol(user, zvh, obj):
    if Rol.FUNCTIONEEL_BEHEERDER not in rollen(user, zvh):
        return False
    return obj is None or obj.zvh_id == zvh.pk


RULES = {
    "beheer.organisaties": _beheer_organisatie,
    "beheer.medewerkers": _beheer_medewerker,
    "beheer.rollen": _beheer_rol,
    "audit.review": _has(Rol.PRIVACY_OFFICER),
}


def may(user, actie, obj=None, *, zvh):
    """True when `user` may perform `actie` (on `obj`) in `zvh`; False for anything unknown."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if zvh is None or not zvh.actief:
        return False
    if not getattr(user, "is_verified", lambda: False)():
        return False
    rule = RULES.get(actie)
    if rule is None:
        return False
    return bool(rule(user, zvh, obj))


def require(request, actie, obj=None, *, not_found=False):
    """Raise Geweigerd (audited by the middleware) unless the request's user may do `actie`."""
    if not may(request.user, actie, obj, zvh=getattr(request, "zvh", None)):
        raise Geweigerd(actie, target=obj, not_found=not_found)
