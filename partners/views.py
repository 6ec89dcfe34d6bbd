"""Login with a mandatory second factor and a forced change of a start password, the user's own
password change, logout and choosing the house."""

import base64
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from audit import events, log
from core.errors import ServiceError
from core.policy import Geweigerd

from . import credentials, selectors, services, vertraging
from .actors import actor_voor, zvh_ids_van
from .devices import BackupCodeDevice
from .forms import (
    EmailNotificatiesForm,
    LoginForm,
    NieuwWachtwoordForm,
    TokenForm,
    WachtwoordWijzigenForm,
)
from .middleware import LAST_SEEN, LOGIN_TIME, ZVH_KEY, sessie_seconden_over

MAX_SECOND_FACTOR_FAILURES = 5
_FAILURES = "_casus_otp_failures"
_BACKUP_CODES = "_casus_backup_codes"
_PASSWORD_FAILURES = "_casus_password_failures"  # noqa: S105  (a session key)


@method_decorator(sensitive_post_parameters(), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "partners/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = False

    def post(self, request, *args, **kwargs):
        """A username that failed too often (from any address) waits before the password is
        even checked; the refused attempt is audited and does not count as a failure."""
        username = request.POST.get("username", "")
        seconden = vertraging.wachttijd(username)
        if not seconden:
            return super().post(request, *args, **kwargs)
        vertraging.poging_geweigerd(actor=request.actor, username=username)
        form = self.get_form()
        form.errors.clear()
        form.add_error(
            None,
            ngettext(
                "Er is te vaak een onjuist wachtwoord ingevoerd voor deze gebruikersnaam. "
                "Probeer het over %(seconden)d seconde opnieuw.",
                "Er is te vaak een onjuist wachtwoord ingevoerd voor deze gebruikersnaam. "
                "Probeer het over %(seconden)d seconden opnieuw.",
                seconden,
            )
            % {"seconden": seconden},
        )
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 429
        response["Retry-After"] = str(seconden)
        return response

    def form_valid(self, form):
        user = form.get_user()
        if user.startwachtwoord_verlopen:
            credentials.startwachtwoord_geweigerd(actor=self.request.actor, user=user)
            form.add_error(None, credentials.startwachtwoord_verlopen_melding())
            return self.form_invalid(form)
        super().form_valid(form)
        now = time.time()
        self.request.session[LOGIN_TIME] = now
        self.request.session[LAST_SEEN] = now
        next_url = self.get_redirect_url()
        if next_url:
            self.request.session["_casus_next"] = next_url
        if user.wachtwoord_moet_wijzigen:
            return redirect("partners:startwachtwoord")
        return redirect("partners:verify")


def _finish_second_factor(request, device):
    """Mark the session verified, then cycle its key and the CSRF token."""
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)
    request.session.pop(_FAILURES, None)


def _account_event(request, event, **kwargs):
    log.account(
        actor=request.actor,
        event=event,
        account=request.user,
        zvh_ids=zvh_ids_van(request.user),
        **kwargs,
    )


def _failed_second_factor(request, detail):
    _account_event(request, events.TWEEDE_FACTOR_MISLUKT, outcome="denied", detail=detail)
    failures = request.session.get(_FAILURES, 0) + 1
    request.session[_FAILURES] = failures
    if failures >= MAX_SECOND_FACTOR_FAILURES:
        logout(request)
        messages.error(
            request,
            _(
                "Te veel onjuiste codes. U bent uitgelogd; log opnieuw in om het nog eens "
                "te proberen."
            ),
        )
        return True
    return False


@sensitive_post_parameters()
def startwachtwoord(request):
    """Right after the password step with a start password: choose your own, before anything
    else (the middleware sends every other page here). Then the second factor follows."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if not request.user.wachtwoord_moet_wijzigen:
        return redirect("partners:verify")
    form = NieuwWachtwoordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credentials.startwachtwoord_vervangen(
                actor=request.actor,
                user=request.user,
                nieuw_wachtwoord=form.cleaned_data["new_password1"],
            )
        except ServiceError as exc:
            logout(request)
            messages.error(request, str(exc))
            return redirect(settings.LOGIN_URL)
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Uw nieuwe wachtwoord is opgeslagen."))
        return redirect("partners:verify")
    return render(request, "partners/startwachtwoord.html", {"form": form}, status=_status(form))


@sensitive_post_parameters()
def wachtwoord_wijzigen(request):
    """The user's own password change: current password and a TOTP code, then the new one.
    Other sessions of the account end (their session hash no longer matches)."""
    form = WachtwoordWijzigenForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = credentials.wachtwoord_wijzigen(
            actor=request.actor,
            user=request.user,
            huidig_wachtwoord=form.cleaned_data["huidig_wachtwoord"],
            token=form.cleaned_data["token"],
            nieuw_wachtwoord=form.cleaned_data["new_password1"],
        )
        if changed:
            request.session.pop(_PASSWORD_FAILURES, None)
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Uw wachtwoord is gewijzigd."))
            return redirect("home")
        failures = request.session.get(_PASSWORD_FAILURES, 0) + 1
        request.session[_PASSWORD_FAILURES] = failures
        if failures >= MAX_SECOND_FACTOR_FAILURES:
            logout(request)
            messages.error(
                request, _("Te veel mislukte pogingen. U bent uitgelogd; log opnieuw in.")
            )
            return redirect(settings.LOGIN_URL)
        form.add_error(
            None,
            _(
                "Uw huidige wachtwoord of de code uit uw authenticator-app klopt niet. Uw "
                "wachtwoord is niet gewijzigd."
            ),
        )
    return render(request, "partners/wachtwoord.html", {"form": form}, status=_status(form))


def account_notificaties(request):
    """The user's own setting: notifications also by e-mail, or not."""
    user = request.user
    # Bound on every POST: unticking the one box posts no field at all.
    form = EmailNotificatiesForm(
        request.POST if request.method == "POST" else None,
        initial={"email_notificaties": user.email_notificaties},
    )
    if request.method == "POST" and form.is_valid():
        aan = form.cleaned_data["email_notificaties"]
        services.emailnotificaties_instellen(actor=request.actor, medewerker=user, aan=aan)
        if aan:
            messages.success(request, _("U krijgt voortaan een e-mail bij nieuwe notificaties."))
        else:
            messages.success(request, _("U krijgt geen e-mail meer bij nieuwe notificaties."))
        return redirect("partners:account_notificaties")
    context = {"form": form, "heeft_email": bool(user.email)}
    return render(request, "partners/account_notificaties.html", context, status=_status(form))


@sensitive_post_parameters()
def verify(request):
    """Second step of login: a TOTP code or a backup code."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if request.user.is_verified():
        return redirect("home")
    if not selectors.has_second_factor(request.user):
        return redirect("partners:enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            _finish_second_factor(request, device)
            detail = "back-upcode" if isinstance(device, BackupCodeDevice) else "totp"
            _account_event(request, events.TWEEDE_FACTOR_GEVERIFIEERD, detail=detail)
            return redirect(_next_url(request))
        if _failed_second_factor(request, "verificatie"):
            return redirect(settings.LOGIN_URL)
        form.add_error(
            "token",
            _("Deze code is onjuist, verlopen of al gebruikt. Wacht op een nieuwe code."),
        )
    return render(request, "partners/verify.html", {"form": form}, status=_status(form))


@sensitive_post_parameters()
def enrol(request):
    """First login: link an authenticator app by QR code and receive backup codes."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    if request.user.is_verified() or selectors.has_second_factor(request.user):
        return redirect("partners:verify")
    device = services.totp_device_voor_koppeling(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.tweede_factor_koppelen(
            actor=request.actor,
            user=request.user,
            device=device,
            token=form.cleaned_data["token"],
        )
        if result is not None:
            confirmed, codes = result
            _finish_second_factor(request, confirmed)
            request.session[_BACKUP_CODES] = codes
            return redirect("partners:backup_codes")
        if _failed_second_factor(request, "koppeling"):
            return redirect(settings.LOGIN_URL)
        form.add_error("token", _("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    qr = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    context = {
        "form": form,
        "qr_svg": qr.to_string(encoding="unicode"),
        "secret": _base32(device),
    }
    return render(request, "partners/enrol.html", context, status=_status(form))


def backup_codes(request):
    """Shows the backup codes once, right after enrolment."""
    codes = request.session.pop(_BACKUP_CODES, None)
    if not codes:
        return redirect("home")
    return render(request, "partners/backup_codes.html", {"codes": codes})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("U bent uitgelogd."))
    return redirect(settings.LOGIN_URL)


@require_POST
def sessie_verlengen(request):
    """The "Ingelogd blijven" button of the session warning. Reaching this view already
    extended the session: SessionLimitMiddleware set its last-seen time, as on any page. It
    answers with the seconds now left (the absolute limit still counts).

    Not audited: it reads and changes no data, only the session's own timestamp, exactly as
    every page request does; the login, the logout and the expiry of the session are the
    audited events. A POST with the CSRF token, so that another site cannot keep a session
    alive."""
    seconden = sessie_seconden_over(request.session)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"seconden": seconden})
    # Without JavaScript (the form posted as a page): back to where the user was.
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "home"
    return redirect(target)


@require_POST
def switch_zvh(request):
    try:
        zvh_id = int(request.POST.get("zvh", ""))
    except ValueError:
        zvh_id = None
    houses = {z.pk: z for z in request.zvhs}
    if zvh_id not in houses:
        raise Geweigerd("zvh.wisselen")
    request.session[ZVH_KEY] = zvh_id
    request.zvh = houses[zvh_id]
    # The change is logged in the new house, by the actor that now works there.
    request.actor = actor_voor(
        request.user,
        request.zvh,
        request_id=request.request_id,
        ip=request.META.get("REMOTE_ADDR"),
    )
    log.change(actor=request.actor, event=events.ZVH_GEWISSELD, detail=houses[zvh_id].code)
    return redirect("home")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def _base32(device):
    return base64.b32encode(device.bin_key).decode()


def _next_url(request):
    target = request.session.pop("_casus_next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "home"


def _status(form):
    return 400 if form.is_bound and not form.is_valid() else 200
