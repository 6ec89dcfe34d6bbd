"""Person and casus pages: access checked, every view audited as one read. On the casus page
the procesregisseur adds and removes deelnemers (casus.services)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from core import policy
from core.errors import ServiceError
from core.policy import Geweigerd

from . import koppelingen, selectors, selectors_afsluiting, selectors_scores, services
from .forms import DeelnemerForm
from .models import CasusStatus


def persoon(request, pk):
    obj = selectors.persoon_voor(request.actor, pk)
    if obj is None:
        raise Geweigerd("persoon.bekijken", not_found=True)
    gerelateerd = [r.naar for r in obj.relaties_van.all()] + [
        r.van for r in obj.relaties_naar.all()
    ]
    log.read(
        actor=request.actor,
        event=events.PERSOON_BEKEKEN,
        target=obj,
        personen=[obj, *gerelateerd],
    )
    context = {
        "persoon": obj,
        "verwijzingen": koppelingen.persoon_verwijzingen(request.actor, obj)[:50],
        "casussen": selectors.casussen_van_persoon(request.actor, obj)[:50],
    }
    return render(request, "casus/persoon.html", context)


def _casus_of_404(request, pk):
    obj = selectors.casus_voor(request.actor, pk)
    if obj is None:
        raise Geweigerd("casus.bekijken", not_found=True)
    return obj


def _casus_page(request, obj, *, deelnemer_form=None, status=200):
    personen = list(obj.personen.all())
    log.read(actor=request.actor, event=events.CASUS_GEOPEND, target=obj, personen=personen)
    mag_deelnemers = (
        policy.may(request.actor, "casus.deelnemers", obj) and obj.status != CasusStatus.AFGESLOTEN
    )
    if mag_deelnemers and deelnemer_form is None:
        deelnemer_form = DeelnemerForm(casus=obj)
    context = {
        "casus": obj,
        "personen": personen,
        "mag_deelnemers": mag_deelnemers,
        "deelnemer_form": deelnemer_form,
        "mag_plannen": obj.status != CasusStatus.AFGESLOTEN
        and policy.may(request.actor, "overleg.plannen", obj),
        "pitch": selectors_scores.laatste_pitch(request.actor, obj),
        "mag_scoren": policy.may(request.actor, "casus.scoren", obj),
        "mag_verrijking": policy.may(request.actor, "verrijking.bekijken", obj),
        "afsluiting_info": selectors_afsluiting.afsluiting_overzicht(request.actor, obj),
    }
    return render(request, "casus/casus.html", context, status=status)


def casus(request, pk):
    return _casus_page(request, _casus_of_404(request, pk))


@require_POST
def deelnemer_toevoegen(request, pk):
    obj = _casus_of_404(request, pk)
    policy.require(request.actor, "casus.deelnemers", obj)
    form = DeelnemerForm(request.POST, casus=obj)
    if form.is_valid():
        try:
            services.deelnemer_toevoegen(
                actor=request.actor,
                casus=obj,
                organisatie=form.cleaned_data["organisatie"],
                rol=form.cleaned_data["rol"],
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(organisatie)s neemt nu deel aan de casus.")
                % {"organisatie": form.cleaned_data["organisatie"].naam},
            )
            return redirect("casus:casus", pk=obj.pk)
    return _casus_page(request, obj, deelnemer_form=form, status=400)


@require_POST
def deelnemer_verwijderen(request, pk, deelnemer_pk):
    obj = _casus_of_404(request, pk)
    policy.require(request.actor, "casus.deelnemers", obj)
    deelnemer = get_object_or_404(obj.deelnemers.select_related("organisatie"), pk=deelnemer_pk)
    try:
        services.deelnemer_verwijderen(actor=request.actor, deelnemer=deelnemer)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("casus:casus", pk=obj.pk)
    messages.success(
        request,
        _("%(organisatie)s neemt niet meer deel aan de casus.")
        % {"organisatie": deelnemer.organisatie.naam},
    )
    return redirect("casus:casus", pk=obj.pk)
