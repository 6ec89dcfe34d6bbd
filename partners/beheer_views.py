"""Functioneel beheer: organisations, staff, roles and second factors of the current house."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from core import policy
from core.errors import ServiceError
from core.pagination import page_of

from . import selectors, services
from .forms import (
    MedewerkerAanmakenForm,
    MedewerkerWijzigenForm,
    OrganisatieForm,
    OrganisatieWijzigenForm,
    PartnerschapBeeindigenForm,
    RolForm,
)
from .models import Rol


def _page(request, queryset):
    return page_of(queryset, request.GET.get("pagina"))


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
    page = _page(request, selectors.organisaties_voor_beheer(request.actor, request.zvh))
    log.read(actor=request.actor, event=events.ORGANISATIES_BEKEKEN, detail=f"pagina {page.number}")
    status = 400 if form.is_bound else 200
    return render(
        request, "partners/beheer/organisaties.html", {"page": page, "form": form}, status=status
    )


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
    }
    form = OrganisatieWijzigenForm(request.POST or None, initial=initial)
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
        {"organisatie": org, "partnerschap": partnerschap, "form": form},
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
    page = _page(request, selectors.medewerkers_voor_beheer(request.actor, request.zvh))
    log.read(actor=request.actor, event=events.MEDEWERKERS_BEKEKEN, detail=f"pagina {page.number}")
    status = 400 if form.is_bound else 200
    return render(
        request, "partners/beheer/medewerkers.html", {"page": page, "form": form}, status=status
    )


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
    form = MedewerkerWijzigenForm(request.POST or None, initial=initial)
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
    }
    return render(request, "partners/beheer/medewerker.html", context, status=status)


@require_POST
def rol_toekennen(request, pk):
    policy.require(request.actor, "beheer.rollen")
    mw = _medewerker_or_404(request, pk)
    form = RolForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige rol."))
        return redirect("partners:beheer_medewerker", pk=mw.pk)
    try:
        services.rol_toekennen(actor=request.actor, medewerker=mw, rol=form.cleaned_data["rol"])
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De rol is toegekend."))
    return redirect("partners:beheer_medewerker", pk=mw.pk)


@require_POST
def rol_intrekken(request, pk, rol_pk):
    policy.require(request.actor, "beheer.rollen")
    mw = _medewerker_or_404(request, pk)
    toewijzing = selectors.rol_in_zvh(request.zvh, rol_pk)
    if toewijzing is None or toewijzing.medewerker_id != mw.pk:
        raise policy.Geweigerd("beheer.rollen", not_found=True)
    try:
        services.rol_intrekken(actor=request.actor, toewijzing=toewijzing)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De rol is ingetrokken."))
    return redirect("partners:beheer_medewerker", pk=mw.pk)


@require_POST
def tweede_factor_resetten(request, pk):
    policy.require(request.actor, "beheer.medewerkers")
    mw = _medewerker_or_404(request, pk)
    services.tweede_factor_resetten(actor=request.actor, medewerker=mw)
    messages.success(
        request,
        _("De tweede factor is verwijderd. Bij de volgende login koppelt de medewerker opnieuw."),
    )
    return redirect("partners:beheer_medewerker", pk=mw.pk)


@require_POST
def wachtwoord_resetten(request, pk):
    policy.require(request.actor, "beheer.medewerkers")
    mw = _medewerker_or_404(request, pk)
    password = services.wachtwoord_resetten(actor=request.actor, medewerker=mw)
    return render(
        request,
        "partners/beheer/startwachtwoord.html",
        {"medewerker": mw, "password": password},
    )
