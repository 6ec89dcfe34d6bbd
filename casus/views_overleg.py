"""Casusoverleg pages: tafels and sessions, the session agenda, planning a casus, the MDO page
and its calendar file. Thin: check access, call one service or selector, render; every page
that shows persons writes one read row naming them."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from core import policy
from core.errors import ServiceError
from partners.models import Organisatie

from . import kalender, selectors, selectors_scores
from . import selectors_overleg as overleg_selectors
from . import services_overleg as services
from .forms_overleg import (
    AanwezigheidForm,
    AfsprakenForm,
    BesluitForm,
    PlanForm,
    SessieForm,
    TafelForm,
    UitnodigingForm,
    VerklaringForm,
    VerslagForm,
)
from .models import Aanwezigheid, OverlegStatus

# Tafels and sessions ---------------------------------------------------------------------


def tafels(request):
    policy.require(request.actor, "overleg.tafels_beheren")
    form = TafelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                tafel = services.tafel_opslaan(actor=request.actor, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De overlegtafel is opgeslagen."))
                return redirect("casus:overleg_tafel", pk=tafel.pk)
    context = {"tafels": overleg_selectors.tafels_voor(request.actor), "form": form}
    return render(request, "casus/overleg/tafels.html", context, status=status)


def tafel(request, pk):
    obj = overleg_selectors.tafel_voor(request.actor, pk)
    if obj is None:
        raise policy.Geweigerd("overleg.tafels_beheren", not_found=True)
    wat = request.POST.get("formulier")
    initial = {
        "naam": obj.naam,
        "vaste_dag_tijd": obj.vaste_dag_tijd,
        "locatie": obj.locatie,
        "actief": obj.actief,
        "spoed": obj.spoed,
    }
    tafel_form = TafelForm(request.POST if wat == "tafel" else None, initial=initial)
    sessie_form = SessieForm(request.POST if wat == "sessie" else None)
    status = 200
    if request.method == "POST":
        status = 400
        form = tafel_form if wat == "tafel" else sessie_form
        if form.is_valid():
            try:
                if wat == "tafel":
                    services.tafel_opslaan(actor=request.actor, tafel=obj, **form.cleaned_data)
                    messages.success(request, _("De overlegtafel is opgeslagen."))
                else:
                    services.sessie_aanmaken(actor=request.actor, tafel=obj, **form.cleaned_data)
                    messages.success(request, _("De sessie is aangemaakt."))
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("casus:overleg_tafel", pk=obj.pk)
    context = {
        "tafel": obj,
        "sessies": overleg_selectors.komende_sessies(obj),
        "tafel_form": tafel_form,
        "sessie_form": sessie_form,
    }
    return render(request, "casus/overleg/tafel.html", context, status=status)


def sessie(request, pk):
    """The session agenda: the MDO's the actor may see, in time order."""
    obj = overleg_selectors.sessie_voor(request.actor, pk)
    if obj is None:
        raise policy.Geweigerd("overleg.sessie_bekijken", not_found=True)
    items = overleg_selectors.agenda(request.actor, obj)
    personen = [p for item in items for p in item.casus.personen.all()]
    log.read(
        actor=request.actor,
        event=events.OVERLEGSESSIE_AGENDA_BEKEKEN,
        target=obj,
        personen=personen,
        detail=f"{len(items)} overleggen",
    )
    context = {
        "sessie": obj,
        "items": items,
        "bezet": sum(1 for item in items if item.slot_id),
        "mag_beheren": policy.may(request.actor, "overleg.tafels_beheren", obj.tafel),
    }
    return render(request, "casus/overleg/sessie.html", context)


# Planning ------------------------------------------------------------------------------------


def plannen(request, pk):
    casus = selectors.casus_voor(request.actor, pk)
    if casus is None:
        raise policy.Geweigerd("overleg.plannen", not_found=True)
    policy.require(request.actor, "overleg.plannen", casus)
    sessies = list(overleg_selectors.planbare_sessies(request.actor, casus))
    form = PlanForm(request.POST or None, sessies=sessies)
    vrije_slots, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            gekozen = next(s for s in sessies if s.pk == form.cleaned_data["sessie"])
            try:
                overleg = services.casus_plannen(
                    actor=request.actor,
                    casus=casus,
                    sessie=gekozen,
                    type=form.cleaned_data["type"],
                    boven_capaciteit=form.cleaned_data["boven_capaciteit"],
                    reden=form.cleaned_data["reden"],
                )
            except services.SessieVol as exc:
                form.add_error(None, str(exc))
                vrije_slots = exc.vrije_slots
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Het casusoverleg is gepland."))
                return redirect("casus:overleg", pk=overleg.pk)
    log.read(actor=request.actor, event=events.CASUSOVERLEG_PLANNING_BEKEKEN, target=casus)
    context = {"casus": casus, "form": form, "vrije_slots": vrije_slots}
    return render(request, "casus/overleg/plannen.html", context, status=status)


# The MDO page --------------------------------------------------------------------------------


def _overleg_of_404(request, pk):
    obj = overleg_selectors.overleg_voor(request.actor, pk)
    if obj is None:
        raise policy.Geweigerd("overleg.bekijken", not_found=True)
    return obj


def _organisaties_voor_besluit(overleg):
    organisaties = {u.organisatie.pk: u.organisatie for u in overleg.uitnodigingen.all()}
    for deelnemer in overleg.casus.deelnemers.all():
        organisaties.setdefault(deelnemer.organisatie.pk, deelnemer.organisatie)
    return sorted(organisaties.values(), key=lambda o: o.naam)


def _forms(overleg, *, bound=None, data=None):
    """Every form of the MDO page; the one named `bound` carries the posted data."""
    uitnodigingen = list(overleg.uitnodigingen.all())

    def posted(name):
        return data if bound == name else None

    return {
        "uitnodigen": UitnodigingForm(posted("uitnodigen")),
        "verklaring": VerklaringForm(
            posted("verklaring"), uitnodigingen=[u for u in uitnodigingen if u.incidenteel]
        ),
        "verslag": VerslagForm(
            posted("verslag"), initial={"verslag": overleg.verslag, "versie": overleg.versie}
        ),
        "besluit": BesluitForm(posted("besluit"), organisaties=_organisaties_voor_besluit(overleg)),
        "afspraken": AfsprakenForm(
            posted("afspraken"),
            initial={
                "ave_niveau": overleg.ave_niveau or overleg.casus.ave_niveau,
                "volgend_mdo_op": overleg.volgend_mdo_op,
            },
        ),
    }


def _overleg_page(request, overleg, *, forms=None, status=200, conflict=None):
    personen = list(overleg.casus.personen.all())
    log.read(
        actor=request.actor, event=events.CASUSOVERLEG_BEKEKEN, target=overleg, personen=personen
    )
    mag_voeren = policy.may(request.actor, "overleg.voeren", overleg)
    uitnodigingen = list(overleg.uitnodigingen.all())
    context = {
        "overleg": overleg,
        "casus": overleg.casus,
        "personen": personen,
        "uitnodigingen": uitnodigingen,
        "ontbrekend": [u for u in uitnodigingen if u.incidenteel and not u.verklaard],
        "verklaringen": [
            *overleg_selectors.verklaringen_van_casus(overleg),
            *overleg.geheimhoudingsverklaringen.all(),
        ]
        if mag_voeren
        else [],
        "besluiten": list(overleg.besluiten.all()),
        "mag_voeren": mag_voeren and overleg.casus.status != "afgesloten",
        # Issue 12: the procesregisseur turns a decision into actions of the plan van aanpak.
        "mag_acties_maken": overleg.casus.status != "afgesloten"
        and policy.may(request.actor, "plan.bewerken", overleg.casus),
        "forms": forms or _forms(overleg),
        "aanwezigheid_keuzes": Aanwezigheid.choices,
        "conflict": conflict,
        "Status": OverlegStatus,
        # The pitch the MDO starts from: the latest version marked ready (issue 11, point 3).
        "pitch": selectors_scores.laatste_gereed_pitch(request.actor, overleg.casus),
    }
    return render(request, "casus/overleg/overleg.html", context, status=status)


def overleg(request, pk):
    return _overleg_page(request, _overleg_of_404(request, pk))


@require_POST
def overleg_wijzigen(request, pk, wat):
    """One change on the MDO page (`wat` names the form); errors show the page again (400)."""
    obj = _overleg_of_404(request, pk)
    policy.require(request.actor, "overleg.voeren", obj)
    actor, data = request.actor, request.POST
    forms = _forms(obj, bound=wat, data=data)
    conflict = None
    try:
        if wat == "status":
            services.status_wijzigen(actor=actor, overleg=obj, status=data.get("status", ""))
        elif wat == "aanwezigheid":
            form = AanwezigheidForm(data)
            if not form.is_valid():
                raise ServiceError(_("Kies aanwezig, afwezig of afgemeld."))
            uitnodiging = next(
                (u for u in obj.uitnodigingen.all() if u.pk == form.cleaned_data["uitnodiging"]),
                None,
            )
            if uitnodiging is None:
                raise ServiceError(_("Deze uitnodiging hoort niet bij dit overleg."))
            services.aanwezigheid_vastleggen(
                actor=actor, uitnodiging=uitnodiging, aanwezigheid=form.cleaned_data["aanwezigheid"]
            )
        elif wat in forms:
            form = forms[wat]
            if not form.is_valid():
                return _overleg_page(request, obj, forms=forms, status=400)
            _form_opslaan(actor, obj, wat, form.cleaned_data)
        else:
            raise policy.Geweigerd("overleg.voeren", target=obj, not_found=True)
    except services.VerslagConflict as exc:
        obj = _overleg_of_404(request, pk)
        form = forms["verslag"]
        form.add_error(None, str(exc))
        conflict = obj.verslag
        # The writer's text stays in the form, now based on the saved version.
        form.data = form.data.copy()
        form.data["versie"] = str(obj.versie)
        return _overleg_page(request, obj, forms=forms, status=409, conflict=conflict)
    except ServiceError as exc:
        form = forms.get(wat)
        if form is None:
            messages.error(request, str(exc))
            return redirect("casus:overleg", pk=obj.pk)
        form.add_error(None, str(exc))
        return _overleg_page(request, obj, forms=forms, status=400)
    messages.success(request, _("Opgeslagen."))
    return redirect("casus:overleg", pk=obj.pk)


def _form_opslaan(actor, overleg, wat, data):
    if wat == "uitnodigen":
        services.uitnodigen(
            actor=actor,
            overleg=overleg,
            organisatie=data["organisatie"],
            genodigden=data["genodigden"],
        )
    elif wat == "verklaring":
        uitnodiging = next(u for u in overleg.uitnodigingen.all() if u.pk == data["uitnodiging"])
        services.verklaring_vastleggen(
            actor=actor,
            uitnodiging=uitnodiging,
            naam_ondertekenaar=data["naam_ondertekenaar"],
            getekend_op=data["getekend_op"],
            hele_casus=data["hele_casus"],
        )
    elif wat == "verslag":
        services.verslag_opslaan(
            actor=actor, overleg=overleg, verslag=data["verslag"], versie=data["versie"]
        )
    elif wat == "besluit":
        services.besluit_vastleggen(
            actor=actor,
            overleg=overleg,
            tekst=data["tekst"],
            eigenaar=Organisatie.objects.get(pk=data["eigenaar"]),
        )
    elif wat == "afspraken":
        services.afspraken_vastleggen(
            actor=actor,
            overleg=overleg,
            ave_niveau=data["ave_niveau"],
            volgend_mdo_op=data["volgend_mdo_op"],
        )


def uitnodiging_ics(request, pk):
    """The invitation as a calendar file: tafel, time, the tafel's location and a link."""
    uitnodiging = overleg_selectors.uitnodiging_voor(request.actor, pk)
    if uitnodiging is None:
        raise policy.Geweigerd("overleg.agenda_downloaden", not_found=True)
    link = request.build_absolute_uri(reverse("casus:overleg", args=[uitnodiging.casusoverleg_id]))
    body = kalender.uitnodiging_ics(uitnodiging=uitnodiging, link=link, nu=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="casusoverleg.ics"'
    return response
