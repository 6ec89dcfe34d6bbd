"""Informatieverrijking pages: the coordinator's page of a casus, a request with its answer,
the organisation's "uitvragen" and the house's open requests. Each page is one audited read
listing every person it shows."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.errors import ServiceError
from core.pagination import requested_page

from . import selectors_verrijking as selectors
from . import services_verrijking as services
from .forms_verrijking import AntwoordForm, UitvraagForm
from .models import CasusStatus


def _worklist(request, queryset, order, scope):
    """The keyset page of `?na=` (the first page, with a message, for a cursor this list did
    not write) and the capped counts of its open and overdue requests. Returns (page,
    (open, overdue), audit detail)."""
    page, detail = requested_page(
        request, queryset, order=order, after=request.GET.get("na"), scope=scope
    )
    return page, selectors.open_en_verlopen(queryset, request.actor.zvh_id), detail


def verrijking(request, pk):
    """The coordinator's page: every request of the casus with its answer, overdue ones marked,
    and the form to ask the deelnemers."""
    actor = request.actor
    casus = selectors.verrijking_casus(actor, pk)
    if casus is None:
        raise policy.Geweigerd("verrijking.bekijken", not_found=True)
    mag_vragen = policy.may(actor, "verrijking.uitvragen", casus)
    deelnemers = selectors.deelnemer_organisaties(casus)
    form = UitvraagForm(request.POST or None, deelnemers=deelnemers)
    if request.method == "POST":
        policy.require(actor, "verrijking.uitvragen", casus)
        if form.is_valid():
            data = form.cleaned_data
            try:
                gesteld = services.uitvragen_stellen(
                    actor=actor,
                    casus=casus,
                    organisaties=data["organisaties"],
                    vraag=data["vraag"],
                    uiterlijk_op=data["uiterlijk_op"],
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("De vraag is uitgezet bij %(n)d organisatie(s).") % {"n": len(gesteld)},
                )
                return redirect("casus:verrijking", pk=casus.pk)
    personen = list(casus.personen.all())
    uitvragen = list(selectors.uitvragen_van_casus(actor, casus))
    log.read(actor=actor, event=events.VERRIJKING_BEKEKEN, target=casus, personen=personen)
    afgesloten = casus.status == CasusStatus.AFGESLOTEN
    context = {
        "casus": casus,
        "personen": personen,
        "uitvragen": uitvragen,
        "te_laat": sum(1 for u in uitvragen if u.te_laat),
        # A refused request on a closed casus still shows its message with the form.
        "form": form if mag_vragen and (not afgesloten or form.is_bound) else None,
        "afgesloten": afgesloten,
        "mag_casus": policy.may(actor, "casus.bekijken", casus),
    }
    return render(
        request, "casus/verrijking/verrijking.html", context, status=400 if form.is_bound else 200
    )


def uitvraag(request, pk):
    """One request: the question, and for the organisation asked the answer form."""
    actor = request.actor
    obj = selectors.uitvraag_voor(actor, pk)
    if obj is None:
        raise policy.Geweigerd("uitvraag.bekijken", not_found=True)
    mag_antwoorden = policy.may(actor, "uitvraag.beantwoorden", obj)
    form = AntwoordForm(request.POST or None, uitvraag=obj)
    if request.method == "POST":
        policy.require(actor, "uitvraag.beantwoorden", obj)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.uitvraag_beantwoorden(
                    actor=actor,
                    uitvraag=obj,
                    niets_bekend=data["niets_bekend"],
                    algemeen=data["algemeen"],
                    per_leefgebied=form.per_leefgebied(),
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Uw antwoord is opgeslagen."))
                return redirect("casus:uitvraag", pk=obj.pk)
    personen = list(obj.casus.personen.all())
    log.read(actor=actor, event=events.UITVRAAG_BEKEKEN, target=obj, personen=personen)
    afgesloten = obj.casus.status == CasusStatus.AFGESLOTEN
    kan_antwoorden = mag_antwoorden and obj.antwoord_wijzigbaar and not afgesloten
    context = {
        "uitvraag": obj,
        "personen": personen,
        # A refused answer still shows its message with the form.
        "form": form if kan_antwoorden or (mag_antwoorden and form.is_bound) else None,
        "eigen": mag_antwoorden,
        "afgesloten": afgesloten,
    }
    return render(
        request, "casus/verrijking/uitvraag.html", context, status=400 if form.is_bound else 200
    )


def uitvragen(request):
    """The organisation's worklist: its requests, open first, overdue leading."""
    actor = request.actor
    policy.require(actor, "uitvraag.werkvoorraad")
    queryset = selectors.uitvragen_werkvoorraad(actor)
    page, (open_, te_laat), detail = _worklist(
        request, queryset, selectors.WERKVOORRAAD_VOLGORDE, "casus.uitvragen"
    )
    log.read(
        actor=actor,
        event=events.UITVRAGEN_BEKEKEN,
        personen=[p for u in page for p in u.casus.personen.all()],
        detail=detail,
    )
    context = {"page": page, "open": open_, "te_laat": te_laat}
    return render(request, "casus/verrijking/uitvragen.html", context)


def openstaand(request):
    """The informatiecoördinator's worklist: the house's unanswered requests by due date."""
    actor = request.actor
    policy.require(actor, "uitvraag.openstaand")
    queryset = selectors.openstaande_uitvragen(actor)
    page, (aantal, te_laat), detail = _worklist(
        request, queryset, selectors.OPENSTAAND_VOLGORDE, "casus.uitvragen_openstaand"
    )
    log.read(
        actor=actor,
        event=events.OPENSTAANDE_UITVRAGEN_BEKEKEN,
        personen=[p for u in page for p in u.casus.personen.all()],
        detail=detail,
    )
    context = {"page": page, "aantal": aantal, "te_laat": te_laat}
    return render(request, "casus/verrijking/openstaand.html", context)
