"""Functioneel beheer: organisations, staff, roles and second factors of the current house."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from core import policy
from core.errors import ServiceError
from core.pagination import PAGE_SIZE, capped_count, requested_page

from . import selectors, services
from .forms import (
    MedewerkerAanmakenForm,
    MedewerkerWijzigenForm,
    OrganisatieForm,
    OrganisatieWijzigenForm,
    PartnerschapBeeindigenForm,
    RolAanvraagWeigerenForm,
    RolForm,
)
from .models import Rol, RolAanvraag

# Rows per page of each beheer list.
PAGINA = PAGE_SIZE


def _page(request, queryset, order, scope):
    """The keyset page of `?na=` (`core.pagination.requested_page`) and the capped count of
    the whole list: (page, count, audit detail)."""
    page, detail = requested_page(
        request, queryset, order=order, after=request.GET.get("na"), size=PAGINA, scope=scope
    )
    return page, capped_count(queryset, order=order), detail


def _apply(form, call):
    """Run a service for a valid form; a refusal becomes a form error and changes nothing."""
    try:
        return call()
    except ServiceError as exc:
        form.add_error(None, str(exc))
        return None


def organisaties(request):
    policy.require(request.actor, "beheer.organisaties")
    form = OrganisatieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisatie = _apply(
            form, lambda: services.organisatie_aanmaken(actor=request.actor, **form.cleaned_data)
        )
        if organisatie is not None:
            messages.success(request, _("Organisatie %(naam)s is toegevoegd.") % form.cleaned_data)
            return redirect("partners:beheer_organisaties")
    page, aantal, detail = _page(
        request,
        selectors.organisaties_voor_beheer(request.actor, request.zvh),
        selectors.ORGANISATIES_VOLGORDE,
        "partners.beheer.organisaties",
    )
    log.read(actor=request.actor, event=events.ORGANISATIES_BEKEKEN, detail=detail)
    status = 400 if form.is_bound else 200
    context = {"page": page, "aantal": aantal, "form": form}
    return render(request, "partners/beheer/organisaties.html", context, status=status)


def organisatie(request, pk):
    policy.require(request.actor, "beheer.organisaties")
    org = selectors.organisatie_voor_beheer(request.actor, request.zvh, pk)
    if org is None:
        raise policy.Geweigerd("beheer.organisaties", not_found=True)
    partnerschap = org.partnerschap_hier[0]
    initial = {
        "naam": org.naam,
        "type": org.type,
        "actief": org.actief,
        "convenant_getekend_op": partnerschap.convenant_getekend_op,
        "privacyprotocol_getekend_op": partnerschap.privacyprotocol_getekend_op,
        "huisrollen_toegestaan": partnerschap.huisrollen_toegestaan,
        "huisrollen_reden": partnerschap.huisrollen_reden,
    }
    gedeeld = not policy.may(request.actor, "beheer.organisatie_stamgegevens", org)
    form = OrganisatieWijzigenForm(
        request.POST or None, initial=initial, stamgegevens_wijzigbaar=not gedeeld
    )
    if request.method == "POST" and form.is_valid():
        changed = _apply(
            form,
            lambda: services.organisatie_wijzigen(
                actor=request.actor, organisatie=org, **form.cleaned_data
            ),
        )
        if changed is not None:
            messages.success(request, _("De organisatie is bijgewerkt."))
            return redirect("partners:beheer_organisatie", pk=org.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "partners/beheer/organisatie.html",
        {"organisatie": org, "partnerschap": partnerschap, "form": form, "gedeeld": gedeeld},
        status=status,
    )


def partnerschap_beeindigen(request, pk):
    """Confirm (GET) and end (POST) an organisation's partnership with the current house."""
    policy.require(request.actor, "partnerschap.beeindigen")
    org = selectors.organisatie_voor_beheer(request.actor, request.zvh, pk)
    if org is None:
        raise policy.Geweigerd("partnerschap.beeindigen", not_found=True)
    partnerschap = org.partnerschap_hier[0]
    form = PartnerschapBeeindigenForm(request.POST or None, initial={"datum": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        ended = _apply(
            form,
            lambda: services.partnerschap_beeindigen(
                actor=request.actor, partnerschap=partnerschap, datum=form.cleaned_data["datum"]
            ),
        )
        if ended is not None:
            messages.success(
                request, _("Het partnerschap met %(naam)s is beëindigd.") % {"naam": org.naam}
            )
            return redirect("partners:beheer_organisatie", pk=org.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "partners/beheer/partnerschap_beeindigen.html",
        {"organisatie": org, "partnerschap": partnerschap, "form": form},
        status=status,
    )


def medewerkers(request):
    policy.require(request.actor, "beheer.medewerkers")
    organisaties = selectors.organisaties_voor_beheer(request.actor, request.zvh).filter(
        actief=True
    )
    form = MedewerkerAanmakenForm(request.POST or None, organisaties=organisaties)
    if request.method == "POST" and form.is_valid():
        result = _apply(
            form, lambda: services.medewerker_aanmaken(actor=request.actor, **form.cleaned_data)
        )
        if result is not None:
            medewerker, password = result
            return render(
                request,
                "partners/beheer/startwachtwoord.html",
                {"medewerker": medewerker, "password": password},
            )
    page, aantal, detail = _page(
        request,
        selectors.medewerkers_voor_beheer(request.actor, request.zvh),
        selectors.MEDEWERKERS_VOLGORDE,
        "partners.beheer.medewerkers",
    )
    log.read(actor=request.actor, event=events.MEDEWERKERS_BEKEKEN, detail=detail)
    status = 400 if form.is_bound else 200
    context = {"page": page, "aantal": aantal, "form": form}
    return render(request, "partners/beheer/medewerkers.html", context, status=status)


def _medewerker_or_404(request, pk):
    medewerker = selectors.medewerker_voor_beheer(request.actor, request.zvh, pk)
    if medewerker is None:
        raise policy.Geweigerd("beheer.medewerkers", not_found=True)
    return medewerker


def medewerker(request, pk):
    policy.require(request.actor, "beheer.medewerkers")
    mw = _medewerker_or_404(request, pk)
    initial = {
        "first_name": mw.first_name,
        "last_name": mw.last_name,
        "email": mw.email,
        "functie": mw.functie,
        "telefoon": mw.telefoon,
        "is_active": mw.is_active,
    }
    alleen_lezen = services.niet_beheerbaar_reden(actor=request.actor, medewerker=mw)
    form = MedewerkerWijzigenForm(
        request.POST or None, initial=initial, alleen_lezen=bool(alleen_lezen)
    )
    if request.method == "POST" and form.is_valid():
        changed = _apply(
            form,
            lambda: services.medewerker_wijzigen(
                actor=request.actor, medewerker=mw, **form.cleaned_data
            ),
        )
        if changed is not None:
            messages.success(request, _("De gegevens zijn bijgewerkt."))
            return redirect("partners:beheer_medewerker", pk=mw.pk)
    if not form.is_bound:
        log.read(actor=request.actor, event=events.MEDEWERKER_BEKEKEN, target=mw)
    status = 400 if form.is_bound else 200
    context = {
        "medewerker": mw,
        "form": form,
        "rol_form": RolForm(),
        "heeft_tweede_factor": selectors.has_second_factor(mw),
        "rollen": Rol,
        "alleen_lezen": alleen_lezen,
    }
    return render(request, "partners/beheer/medewerker.html", context, status=status)


def _run(request, call, success):
    """Run a POST-only service; a refusal becomes an error message, the page shows it."""
    try:
        result = call()
    except ServiceError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


def _toegekend(result):
    if isinstance(result, RolAanvraag):
        return _(
            "De rol is aangevraagd. Een andere functioneel beheerder van dit huis bevestigt de "
            "toekenning; tot dan geeft de rol geen toegang."
        )
    return _("De rol is toegekend.")


@require_POST
def rol_toekennen(request, pk):
    policy.require(request.actor, "beheer.rollen")
    mw = _medewerker_or_404(request, pk)
    form = RolForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige rol."))
        return redirect("partners:beheer_medewerker", pk=mw.pk)
    _run(
        request,
        lambda: services.rol_toekennen(
            actor=request.actor, medewerker=mw, rol=form.cleaned_data["rol"]
        ),
        _toegekend,
    )
    return redirect("partners:beheer_medewerker", pk=mw.pk)


@require_POST
def rol_intrekken(request, pk, rol_pk):
    policy.require(request.actor, "beheer.rollen")
    mw = _medewerker_or_404(request, pk)
    toewijzing = selectors.rol_in_zvh(request.zvh, rol_pk)
    if toewijzing is None or toewijzing.medewerker_id != mw.pk:
        raise policy.Geweigerd("beheer.rollen", not_found=True)
    _run(
        request,
        lambda: services.rol_intrekken(actor=request.actor, toewijzing=toewijzing),
        _("De rol is ingetrokken."),
    )
    return redirect("partners:beheer_medewerker", pk=mw.pk)


@require_POST
def tweede_factor_resetten(request, pk):
    policy.require(request.actor, "beheer.medewerkers")
    mw = _medewerker_or_404(request, pk)
    _run(
        request,
        lambda: services.tweede_factor_resetten(actor=request.actor, medewerker=mw),
        _("De tweede factor is verwijderd. Bij de volgende login koppelt de medewerker opnieuw."),
    )
    return redirect("partners:beheer_medewerker", pk=mw.pk)


@require_POST
def wachtwoord_resetten(request, pk):
    policy.require(request.actor, "beheer.medewerkers")
    mw = _medewerker_or_404(request, pk)
    try:
        password = services.wachtwoord_resetten(actor=request.actor, medewerker=mw)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("partners:beheer_medewerker", pk=mw.pk)
    return render(
        request,
        "partners/beheer/startwachtwoord.html",
        {"medewerker": mw, "password": password},
    )


def rolaanvragen(request):
    """The open four-eyes role requests of this house, to confirm or refuse."""
    policy.require(request.actor, "beheer.rolaanvragen")
    page, aantal, detail = _page(
        request,
        selectors.rolaanvragen_voor_beheer(request.actor),
        selectors.ROLAANVRAGEN_VOLGORDE,
        "partners.beheer.rolaanvragen",
    )
    log.read(actor=request.actor, event=events.ROLAANVRAGEN_BEKEKEN, detail=detail)
    return render(request, "partners/beheer/rolaanvragen.html", {"page": page, "aantal": aantal})


def _aanvraag_or_404(request, pk):
    policy.require(request.actor, "beheer.rolaanvragen")
    aanvraag = selectors.rolaanvraag_voor_beheer(request.actor, pk)
    if aanvraag is None:
        raise policy.Geweigerd("beheer.rolaanvragen", not_found=True)
    return aanvraag


@require_POST
def rolaanvraag_bevestigen(request, pk):
    aanvraag = _aanvraag_or_404(request, pk)
    _run(
        request,
        lambda: services.rolaanvraag_bevestigen(actor=request.actor, aanvraag=aanvraag),
        _("De rol is bevestigd en toegekend."),
    )
    return redirect("partners:beheer_rolaanvragen")


@require_POST
def rolaanvraag_weigeren(request, pk):
    aanvraag = _aanvraag_or_404(request, pk)
    form = RolAanvraagWeigerenForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reden"][0])  # missing or too long: say which
        return redirect("partners:beheer_rolaanvragen")
    _run(
        request,
        lambda: services.rolaanvraag_weigeren(
            actor=request.actor, aanvraag=aanvraag, reden=form.cleaned_data["reden"]
        ),
        _("De aanvraag is niet bevestigd; de rol is niet toegekend."),
    )
    return redirect("partners:beheer_rolaanvragen")
