"""Template context for the base layout: house, roles, organisation and navigation."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from casus import selectors_notificaties
from core.roles import Rol
from partners.middleware import sessie_seconden_over

from . import navigation


def current(request):
    user = getattr(request, "user", None)
    rollen = getattr(request, "rollen", frozenset())
    context = {"demo_mode": settings.DEMO}
    if user is not None and user.is_authenticated and getattr(request, "zvh", None):
        context.update(
            {
                "current_zvh": request.zvh,
                "current_zvhs": request.zvhs,
                "current_rollen": [r.label for r in Rol if r in rollen],
                "nav_items": navigation.navigation(request.actor),
                "deelname_beeindigd": getattr(request, "deelname_beeindigd", False),
            }
        )
        actor = getattr(request, "actor", None)
        if actor is not None and actor.verified and actor.user_id is not None:
            # The bell: one count query, run only when a template shows it.
            context["notificaties_ongelezen"] = SimpleLazyObject(
                lambda: selectors_notificaties.ongelezen_aantal(actor)
            )
    if user is not None and user.is_authenticated and getattr(user, "is_verified", bool)():
        # The session warning (static/js/casus.js) counts down from this server-side number.
        context["sessie_seconden"] = sessie_seconden_over(request.session)
    return context
