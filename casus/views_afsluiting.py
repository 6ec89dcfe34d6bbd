"""Afschaling / afsluiting and heropening pages of a casus, and the beheer page of the house's
reasons. Thin: check access, call one service or selector, render; the closing and reopening
pages write one read row naming the casus's persons."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from core import policy
from core.errors import ServiceError

from . import selectors_afsluiting as selectors
from . import services_afsluiting as services
from .forms_afsluiting import AfsluitForm, AfsluitRedenForm, HeropenForm
from .models import AfsluitSoort, CasusStatus


def _casus_of_404(request, pk):
    casus = selectors.casus_voor_afsluiting(request.actor, pk)
    if casus is None:
        raise policy.Geweigerd("casus.bekijken", not_found=True)
    return casus


def afsluiten(request, pk):
    """Step 1: the form. Step 2 (`stap=controleren`, valid input): the confirmation, saying
    that the deelnemers lose their access. Step 3 (`stap=bevestigen`): the closing itself;
    `stap=wijzigen` goes back from the confirmation to the form with what was entered."""
    actor = request.actor
    casus = _casus_of_404(request, pk)
    policy.require(actor, "casus.afsluiten", casus)
    doelen = selectors.doelen_van(casus)
    form = AfsluitForm(
        request.POST or None,
        doelen=doelen,
        redenen=selectors.actieve_redenen(casus.zvh_id),
        ontvangers=selectors.lokale_organisaties(casus.zvh_id),
    )
    stap = request.POST.get("stap")
    afgesloten = casus.status == CasusStatus.AFGESLOTEN
    template, status = "casus/afsluiting/afsluiten.html", 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        # A closed casus gets no confirmation step: the service says why it refuses.
        elif stap == "bevestigen" or afgesloten:
            data = form.cleaned_data
            try:
                afsluiting = services.casus_afsluiten(
                    actor=actor,
                    casus=casus,
                    soort=data["soort"],
                    reden=data["reden"],
                    toelichting=data["toelichting"],
                    ontvangende_organisatie=data["ontvangende_organisatie"],
                    ave_niveau=data["ave_niveau"],
                    evaluaties=form.evaluaties(),
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                if afsluiting.soort == AfsluitSoort.AFSCHALING:
                    melding = _(
                        "De casus is afgeschaald naar %(org)s. De deelnemers hebben geen "
                        "toegang meer."
                    ) % {"org": afsluiting.ontvangende_organisatie.naam}
                else:
                    melding = _("De casus is afgesloten. De deelnemers hebben geen toegang meer.")
                messages.success(request, melding)
                return redirect("casus:casus", pk=casus.pk)
        elif stap != "wijzigen":
            template = "casus/afsluiting/bevestigen.html"
    personen = list(casus.personen.all())
    log.read(actor=actor, event=events.CASUS_AFSLUITEN_BEKEKEN, target=casus, personen=personen)
    context = {
        "casus": casus,
        "personen": personen,
        "deelnemers": list(casus.deelnemers.all()),
        "lopende_acties": selectors.lopende_acties(casus),
        "afgesloten": afgesloten,
        # A refused closing of a closed casus still shows its message with the form.
        "form": form if not afgesloten or form.is_bound else None,
    }
    return render(request, template, context, status=status)


def heropenen(request, pk):
    actor = request.actor
    casus = _casus_of_404(request, pk)
    policy.require(actor, "casus.heropenen", casus)
    form = HeropenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.casus_heropenen(actor=actor, casus=casus, reden=form.cleaned_data["reden"])
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "De casus is heropend. Voeg de organisaties die weer deelnemen opnieuw "
                        "toe als deelnemer."
                    ),
                )
                return redirect("casus:casus", pk=casus.pk)
    personen = list(casus.personen.all())
    log.read(actor=actor, event=events.CASUS_HEROPENEN_BEKEKEN, target=casus, personen=personen)
    afgesloten = casus.status == CasusStatus.AFGESLOTEN
    context = {
        "casus": casus,
        "personen": personen,
        "afgesloten": afgesloten,
        "form": form if afgesloten or form.is_bound else None,
    }
    return render(request, "casus/afsluiting/heropenen.html", context, status=status)


# Beheer: the house's list of reasons ---------------------------------------------------------


def afsluitredenen(request):
    """Every reason of the house in its order, to move, and the form to add one."""
    actor = request.actor
    policy.require(actor, "beheer.afsluitredenen")
    form = AfsluitRedenForm(request.POST or None, initial={"actief": True})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                reden = services.afsluitreden_toevoegen(
                    actor=actor, naam=form.cleaned_data["naam"], soort=form.cleaned_data["soort"]
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("De reden “%(naam)s” is toegevoegd.") % {"naam": reden.naam}
                )
                return redirect("casus:afsluitredenen")
    context = {"redenen": list(selectors.beheer_redenen(actor)), "form": form}
    return render(request, "casus/afsluiting/redenen.html", context, status=status)


def _reden_of_404(request, pk):
    reden = selectors.beheer_reden(request.actor, pk)
    if reden is None:
        raise policy.Geweigerd("beheer.afsluitredenen", not_found=True)
    return reden


def afsluitreden(request, pk):
    """Rename a reason, change what it is for, switch it off or on."""
    actor = request.actor
    policy.require(actor, "beheer.afsluitredenen")
    reden = _reden_of_404(request, pk)
    initial = {"naam": reden.naam, "soort": reden.soort, "actief": reden.actief}
    form = AfsluitRedenForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.afsluitreden_wijzigen(actor=actor, reden=reden, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De reden is opgeslagen."))
                return redirect("casus:afsluitredenen")
    return render(
        request, "casus/afsluiting/reden.html", {"reden": reden, "form": form}, status=status
    )


@require_POST
def afsluitreden_verplaatsen(request, pk):
    actor = request.actor
    policy.require(actor, "beheer.afsluitredenen")
    reden = _reden_of_404(request, pk)
    try:
        services.afsluitreden_verplaatsen(
            actor=actor, reden=reden, richting=request.POST.get("richting", "")
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De volgorde is opgeslagen."))
    return redirect("casus:afsluitredenen")
