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


# Roles that may refer a case: partners, and ZVH staff entering a referral received by phone.
AANMELDER_ROLLEN = (Rol.KETENPARTNER, Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR)


def _in_zvh(obj, zvh):
    return obj is None or obj.zvh_id == zvh.pk


def _eigen_organisatie(user, obj):
    return user.organisatie_id is not None and obj.organisatie_id == user.organisatie_id


def _aanmelder(user, zvh, obj):
    """Refers in this house; for an object: a referral of the user's own organisation here."""
    if not rollen(user, zvh) & set(AANMELDER_ROLLEN) or user.organisatie_id is None:
        return False
    return obj is None or (_in_zvh(obj, zvh) and _eigen_organisatie(user, obj))


def _aanmelding_bekijken(user, zvh, obj):
    from aanmelding.models import Status

    if obj is not None and not _in_zvh(obj, zvh):
        return False
    if Rol.PROCESREGISSEUR in rollen(user, zvh) and (
        obj is None or obj.status != Status.CONCEPT or _eigen_organisatie(user, obj)
    ):
        return True
    return _aanmelder(user, zvh, obj)


def _aanmelding_in_status(*statussen):
    def rule(user, zvh, obj):
        return _aanmelder(user, zvh, obj) and (obj is None or obj.status in statussen)

    return rule


def _triage(user, zvh, obj):
    return Rol.PROCESREGISSEUR in rollen(user, zvh) and (obj is None or _in_zvh(obj, zvh))


def _triage_besluiten(user, zvh, obj):
    """A procesregisseur of the house, on a referral that has been submitted (not a draft)."""
    from aanmelding.models import Status

    return _triage(user, zvh, obj) and (obj is None or obj.status != Status.CONCEPT)


def _casus_bekijken(user, zvh, obj):
    """Procesregisseurs of the house; a partner organisation only where its group holds a grant."""
    if obj is not None and not _in_zvh(obj, zvh):
        return False
    if Rol.PROCESREGISSEUR in rollen(user, zvh):
        return True
    # Through the organisation's grant only in a role that works on cases: a manager or a
    # privacy officer of a deelnemer organisation does not see the casus this way.
    if obj is None or user.organisatie_id is None:
        return False
    if not rollen(user, zvh) & {Rol.KETENPARTNER, Rol.INFORMATIECOORDINATOR}:
        return False
    from casus.models import CasusGroupObjectPermission

    return CasusGroupObjectPermission.objects.filter(
        content_object=obj,
        group__organisatie__id=user.organisatie_id,
        permission__codename="view_casus",
    ).exists()


def _aanmelding_rules():
    from aanmelding.models import Status

    return {
        "aanmelding.aanmaken": _aanmelder,
        "aanmelding.mijn": _aanmelder,
        "aanmelding.bekijken": _aanmelding_bekijken,
        "aanmelding.wijzigen": _aanmelding_in_status(Status.CONCEPT),
        "aanmelding.aanvullen": _aanmelding_in_status(
            Status.INGEDIEND, Status.MEER_INFORMATIE, Status.TER_BEVESTIGING
        ),
        "aanmelding.beantwoorden": _aanmelding_in_status(Status.MEER_INFORMATIE),
    }


RULES = {
    "beheer.organisaties": _beheer_organisatie,
    "beheer.medewerkers": _beheer_medewerker,
    "beheer.rollen": _beheer_rol,
    "audit.review": _has(Rol.PRIVACY_OFFICER),
    "triage.werkvoorraad": _triage,
    "triage.besluiten": _triage_besluiten,
    "persoon.bekijken": _triage,
    "casus.bekijken": _casus_bekijken,
    "beheer.triage": _has(Rol.FUNCTIONEEL_BEHEERDER),
}
RULES.update(_aanmelding_rules())


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
