"""Session limits, the mandatory second factor, and the current tenant of each request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from audit import events, log

from .actors import actor_voor, telt, toewijzingen_van, zvh_ids_van

LOGIN_TIME = "_casus_login_ts"
LAST_SEEN = "_casus_last_seen"
ZVH_KEY = "_casus_zvh"

# Paths an authenticated user without a verified second factor may still reach.
_UNVERIFIED_ALLOWED = (
    "partners:login",
    "partners:logout",
    "partners:startwachtwoord",
    "partners:verify",
    "partners:enrol",
)
# With a start password still to replace, nothing else (not even the second factor) comes first.
_START_PASSWORD_ALLOWED = ("partners:login", "partners:logout", "partners:startwachtwoord")


def _is_public(path):
    # Exact match for the health check: a prefix would also open any later "/healthz…" page.
    return path.startswith(settings.STATIC_URL) or path == reverse("healthz")


def sessie_seconden_over(session, now=None):
    """Seconds until this session ends: by inactivity or by the absolute limit, whichever
    comes first. The session warning in the browser counts down from this number."""
    now = time.time() if now is None else now
    started = session.get(LOGIN_TIME)
    if started is None:
        return 0
    last = session.get(LAST_SEEN, started)
    over = min(
        settings.SESSION_INACTIVITY_MINUTES * 60 - (now - last),
        settings.SESSION_ABSOLUTE_MINUTES * 60 - (now - started),
    )
    return max(0, round(over))


def _terug_na_inloggen(request):
    """The page to return to after logging in again, or None: only a page (GET, not an htmx
    fragment), only a local path, and not the start page (where login lands anyway)."""
    if request.method != "GET" or request.headers.get("HX-Request"):
        return None
    path = request.get_full_path()
    if path == resolve_url(settings.LOGIN_REDIRECT_URL) or not path.startswith("/"):
        return None
    if not url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return path


class SessionLimitMiddleware:
    """Ends a session after inactivity and after an absolute limit since login. After an
    expiry on a page, the login carries `next` so the user returns to that page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(LOGIN_TIME)
            last = request.session.get(LAST_SEEN, started)
            expired = (
                started is None
                or now - started > settings.SESSION_ABSOLUTE_MINUTES * 60
                or (last is not None and now - last > settings.SESSION_INACTIVITY_MINUTES * 60)
            )
            if expired:
                user = request.user
                terug = _terug_na_inloggen(request)
                logout(request)
                log.account(
                    actor=request.actor,
                    event=events.SESSIE_VERLOPEN,
                    account=user,
                    zvh_ids=zvh_ids_van(user),
                )
                messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
                if terug:
                    return redirect_to_login(terug)
                return redirect(settings.LOGIN_URL)
            request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Without a session: login. With a start password: its replacement first. Without a
    verified second factor: enrolment or verification."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if _is_public(path):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and user.wachtwoord_moet_wijzigen:
            if path in {reverse(name) for name in _START_PASSWORD_ALLOWED}:
                return self.get_response(request)
            return redirect("partners:startwachtwoord")
        allowed = {reverse(name) for name in _UNVERIFIED_ALLOWED}
        if path in allowed:
            return self.get_response(request)
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_verified():
            return redirect("partners:verify")
        return self.get_response(request)


class TenantMiddleware:
    """Sets request.zvh (the house the user works in now), request.rollen (roles there) and
    request.actor, the immutable actor every service and audit call of this request takes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.zvh = None
        request.rollen = frozenset()
        request.zvhs = []
        # The organisation no longer takes part in the current house: its roles there lapsed.
        request.deelname_beeindigd = False
        user = request.user
        if user.is_authenticated and user.is_verified():
            toewijzingen = toewijzingen_van(user).select_related("zvh").order_by("zvh__naam", "rol")
            per_zvh: dict[int, set[str]] = {}
            vervallen: set[int] = set()
            houses = {}
            for t in toewijzingen:
                rollen = per_zvh.setdefault(t.zvh_id, set())
                if telt(t):
                    rollen.add(t.rol)
                else:
                    vervallen.add(t.zvh_id)
                houses[t.zvh_id] = t.zvh
            request.zvhs = list(houses.values())
            chosen = request.session.get(ZVH_KEY)
            if chosen not in houses and houses:
                chosen = next(iter(houses))
                request.session[ZVH_KEY] = chosen
            if chosen in houses:
                request.zvh = houses[chosen]
                request.rollen = frozenset(per_zvh[chosen])
                request.deelname_beeindigd = chosen in vervallen
            request.actor = actor_voor(
                user,
                request.zvh,
                rollen=request.rollen,
                request_id=request.request_id,
                ip=request.META.get("REMOTE_ADDR"),
            )
        return self.get_response(request)
