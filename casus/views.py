"""Person and casus pages: access checked, every view audited as one read. On the casus page
the procesregisseur adds and removes deelnemers (casus.services)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from core import policy
from core.errors import ServiceError
from core.policy import Geweigerd
from core.urls import reverse_per_pk

from . import koppelingen, selectors, selectors_afsluiting, selectors_overzicht, services, weergave
from .forms import DeelnemerForm
from .models import ActieStatus, CasusStatus
from .weergave import Modus


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


def _plan_url(casus):
    """The plan page's address, once that page exists (it is built separately)."""
    try:
        return reverse("casus:plan", args=[casus.pk])
    except NoReverseMatch:
        return None


def _overleg_links(overzicht):
    """Each MDO's `url` in the normal mode (None in the others), its path reversed once for
    all rows (core.urls)."""
    url = reverse_per_pk("casus:overleg") if overzicht.modus == Modus.NORMAAL else None
    for overleg in overzicht.overleggen:
        overleg.url = url(overleg.pk) if url else None


def _audit_detail(overzicht):
    if overzicht.modus == Modus.NORMAAL:
        return ""
    detail = f"modus={overzicht.modus}"
    return detail + (", namen verborgen" if overzicht.namen_verborgen else "")


def _casus_page(request, obj, *, deelnemer_form=None, status=200, modus=Modus.NORMAAL):
    """The casus as one overview (casus.selectors_overzicht), in `modus`; the forms on it
    (deelnemers) only in the normal mode."""
    overzicht = selectors_overzicht.casus_overzicht(request.actor, obj, modus=modus)
    _overleg_links(overzicht)
    log.read(
        actor=request.actor,
        event=events.CASUS_GEOPEND,
        target=obj,
        personen=overzicht.getoonde_personen,
        detail=_audit_detail(overzicht),
    )
    normaal = modus == Modus.NORMAAL
    open_casus = obj.status != CasusStatus.AFGESLOTEN
    mag_deelnemers = normaal and open_casus and policy.may(request.actor, "casus.deelnemers", obj)
    if mag_deelnemers and deelnemer_form is None:
        deelnemer_form = DeelnemerForm(casus=obj)
    context = {
        "casus": obj,
        "overzicht": overzicht,
        # The long repeated rows, written once in Python (casus.weergave).
        "overleg_rijen": weergave.overleg_rijen(overzicht.overleggen),
        "ave_elementen": weergave.ave_elementen(overzicht.ave),
        "ave_tabelrijen": weergave.ave_tabelrijen(overzicht.ave),
        "actie_rijen": weergave.actie_rijen(overzicht.lopende_acties),
        "modus": modus,
        "modi": Modus,
        "gevoelig": [str(label) for label in weergave.GEVOELIGE_VELDEN.values()],
        "mag_deelnemers": mag_deelnemers,
        "deelnemer_form": deelnemer_form,
        "mag_plannen": normaal and open_casus and policy.may(request.actor, "overleg.plannen", obj),
        "pitch": overzicht.pitch,
        "mag_scoren": normaal and policy.may(request.actor, "casus.scoren", obj),
        "mag_verrijking": normaal and policy.may(request.actor, "verrijking.bekijken", obj),
        "plan_url": _plan_url(obj) if normaal else None,
        "actie_statussen": ActieStatus.labels,
        # The casus was read through casus.bekijken's list form (_casus_of_404).
        "mag_plan": normaal
        and policy.may_given(request.actor, "plan.bekijken", obj, given="casus.bekijken"),
        "mag_geschiedenis": normaal and policy.may(request.actor, "casus.geschiedenis", obj),
        "afsluiting_info": selectors_afsluiting.afsluiting_overzicht(request.actor, obj),
    }
    return render(request, "casus/casus.html", context, status=status)


def casus(request, pk):
    """The casus page; `?modus=overleg` is the meeting mode, `?modus=afdruk` the version to
    print (casus.weergave)."""
    obj = _casus_of_404(request, pk)
    modus = weergave.modus_uit(request.GET.get("modus"))
    if modus is None:
        return render(
            request,
            "400.html",
            {"melding": _("Deze weergave van de casus bestaat niet.")},
            status=400,
        )
    return _casus_page(request, obj, modus=modus)


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
