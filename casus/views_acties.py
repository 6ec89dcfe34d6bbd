""" "Mijn acties" (the open actions of the user's organisation, with a status update per row)
and an action's page with its progress history. Each page is one audited read listing every
person it shows; a status update is audited by its service.

A status update works with and without JavaScript: with htmx the row is swapped (the
response is the row alone), without it the form posts and the browser is redirected back
(post/redirect/get) with a message. Refused input shows the error summary, with a 4xx
status, and nothing is saved.
"""

from urllib.parse import urlencode

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
from core.pagination import requested_page

from . import selectors_acties as selectors
from . import services_acties as services
from .forms_acties import (
    ACTIE,
    LIJST,
    ActieBijwerkenForm,
    EigenaarForm,
    MijnActiesFilterForm,
    TerugForm,
)
from .models import ActieStatus, CasusStatus
from .rijen_acties import RijOpmaak
from .services_plan import ActieConflict

SCOPE = "casus.mijn_acties"


def _actie_of_404(request, pk):
    actie = selectors.actie_voor(request.actor, pk)
    if actie is None:
        raise policy.Geweigerd("actie.bekijken", not_found=True)
    return actie


def _mag_bijwerken(actor, actie):
    return actie.casus.status != CasusStatus.AFGESLOTEN and policy.may(
        actor, "actie.bijwerken", actie
    )


def _lijst_url(eigenaar, na=""):
    query = {key: value for key, value in (("eigenaar", eigenaar), ("na", na)) if value}
    if query.get("eigenaar") == selectors.ORGANISATIE:
        query.pop("eigenaar")
    url = reverse("casus:mijn_acties")
    return f"{url}?{urlencode(query)}" if query else url


# "Mijn acties" --------------------------------------------------------------------------------


def mijn_acties(request):
    policy.require(request.actor, "actie.werkvoorraad")
    if "eigenaar" in request.GET:
        filter_form = MijnActiesFilterForm(request.GET)
    else:
        filter_form = MijnActiesFilterForm(initial={"eigenaar": selectors.ORGANISATIE})
    return _mijn_acties_pagina(
        request, eigenaar=filter_form.keuze(), na=request.GET.get("na"), filter_form=filter_form
    )


def _mijn_acties_pagina(request, *, eigenaar, na, filter_form=None, fout=None, status=200):
    """The worklist page. `fout` is (action, bound form) of a refused update without
    JavaScript: that row shows the form with its errors, and the summary leads the page."""
    actor = request.actor
    queryset = selectors.mijn_acties(actor, eigenaar=eigenaar)
    order = selectors.MIJN_ACTIES_VOLGORDE
    page, detail = requested_page(request, queryset, order=order, after=na, scope=SCOPE)
    open_, verlopen = selectors.mijn_acties_tellingen(actor, eigenaar=eigenaar)
    fout_id, fout_form = fout if fout is not None else (None, None)
    opmaak = RijOpmaak(request, eigenaar=eigenaar, na=page.after)
    # The worklist holds the organisation's own open actions: each may be updated.
    rijen = [opmaak.html(actie, form=fout_form if actie.pk == fout_id else None) for actie in page]
    log.read(
        actor=actor,
        event=events.MIJN_ACTIES_BEKEKEN,
        personen=[p for actie in page for p in actie.casus.lijst_personen],
        detail=f"{detail}; eigenaar: {eigenaar}",
    )
    context = {
        "page": page,
        "rijen": rijen,
        "open": open_,
        "verlopen": verlopen,
        "eigenaar": eigenaar,
        "filter_form": filter_form or MijnActiesFilterForm(initial={"eigenaar": eigenaar}),
        "filters": urlencode({"eigenaar": eigenaar}),
        "fout_form": fout_form,
        # A refused update of an action no longer on this page: its errors lead the page.
        "fout_elders": fout_form is not None and all(a.pk != fout_id for a in page),
    }
    return render(request, "casus/acties/mijn_acties.html", context, status=status)


# A status update ------------------------------------------------------------------------------


def _status_label(status):
    return str(ActieStatus(status).label).lower()


@require_POST
def actie_bijwerken(request, pk):
    actor = request.actor
    actie = _actie_of_404(request, pk)
    policy.require(actor, "actie.bijwerken", actie)
    terug, eigenaar, na = TerugForm(request.POST).waarden()
    form = ActieBijwerkenForm(request.POST, actie=actie)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.actie_bijwerken(
                actor=actor,
                actie=actie,
                status=data["status"],
                notitie=data["notitie"],
                versie=data["versie"],
                reden_niet_haalbaar=data["reden_niet_haalbaar"],
            )
        except ActieConflict as exc:
            # Show the current state, and let the next submit go against it.
            actie = _actie_of_404(request, pk)
            posted = request.POST.copy()
            posted[form.add_prefix("versie")] = str(actie.versie)
            form = ActieBijwerkenForm(posted, actie=actie)
            form.is_valid()
            form.add_error(None, str(exc))
            status = 409
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            actie = _actie_of_404(request, pk)
            bericht = _("De actie is bijgewerkt: %(status)s.") % {
                "status": _status_label(actie.status)
            }
            if request.htmx:
                return _rij(request, actie, bericht=bericht, eigenaar=eigenaar, na=na)
            messages.success(request, bericht)
            if terug == ACTIE:
                return redirect("casus:actie", pk=actie.pk)
            return redirect(_lijst_url(eigenaar, na))
    if request.htmx:
        return _rij(request, actie, form=form, eigenaar=eigenaar, na=na, status=status)
    if terug == ACTIE:
        return _actie_pagina(request, actie, bijwerken_form=form, status=status)
    return _mijn_acties_pagina(
        request, eigenaar=eigenaar, na=na, fout=(actie.pk, form), status=status
    )


def _rij(request, actie, *, form=None, bericht="", eigenaar, na, status=200):
    """One row of the worklist (the htmx response): the updated action, or the refused form.
    An action that left the worklist (gereed, niet haalbaar) shows as such."""
    if status != 200:
        # The refused update changed nothing: the row it shows again is a read.
        log.read(
            actor=request.actor,
            event=events.MIJN_ACTIES_BEKEKEN,
            personen=list(actie.casus.lijst_personen),
            detail="rij na geweigerde wijziging",
        )
    opmaak = RijOpmaak(request, eigenaar=eigenaar, na=na)
    rij = opmaak.html(actie, form=form, mag_bijwerken=actie.lopend, bericht=bericht, swap=True)
    return HttpResponse(rij, status=status)


# The action's page ----------------------------------------------------------------------------


def actie(request, pk):
    return _actie_pagina(request, _actie_of_404(request, pk))


def _actie_pagina(request, actie, *, bijwerken_form=None, eigenaar_form=None, status=200):
    actor = request.actor
    personen = list(actie.casus.lijst_personen)
    notities_zichtbaar = policy.may(actor, "actie.voortgang_bekijken", actie)
    open_casus = actie.casus.status != CasusStatus.AFGESLOTEN
    mag_bijwerken = _mag_bijwerken(actor, actie)
    if mag_bijwerken and bijwerken_form is None:
        bijwerken_form = ActieBijwerkenForm(actie=actie)
    mag_eigenaar = open_casus and policy.may(actor, "actie.eigenaar_kiezen", actie)
    if mag_eigenaar and eigenaar_form is None:
        eigenaar_form = EigenaarForm(actie=actie, kandidaten=_kandidaten(actie))
    log.read(
        actor=actor,
        event=events.ACTIE_BEKEKEN,
        target=actie,
        casus_id=actie.casus_id,
        personen=personen,
    )
    context = {
        "actie": actie,
        "personen": personen,
        "notities_zichtbaar": notities_zichtbaar,
        "voortgang": list(selectors.voortgang_van(actie)) if notities_zichtbaar else [],
        "bijwerken_form": bijwerken_form if mag_bijwerken or bijwerken_form else None,
        "eigenaar_form": eigenaar_form if mag_eigenaar or eigenaar_form else None,
        "afgesloten": not open_casus,
        "mag_casus": policy.may(actor, "casus.bekijken", actie.casus),
        "terug": ACTIE,
        "eigen": policy.may(actor, "actie.werkvoorraad", actie),
        "vandaag": timezone.localdate(),
    }
    return render(request, "casus/acties/actie.html", context, status=status)


def _kandidaten(actie):
    return services.eigenaar_kandidaten(zvh_id=actie.zvh_id, organisatie_id=actie.organisatie_id)


@require_POST
def actie_eigenaar(request, pk):
    """The organisation's user names the owner: itself ("Ik pak dit op") or a colleague."""
    actor = request.actor
    actie = _actie_of_404(request, pk)
    policy.require(actor, "actie.eigenaar_kiezen", actie)
    terug, eigenaar_filter, na = TerugForm(request.POST).waarden()
    form = EigenaarForm(request.POST, actie=actie, kandidaten=_kandidaten(actie))
    status = 400
    if form.is_valid():
        try:
            services.eigenaar_kiezen(
                actor=actor,
                actie=actie,
                eigenaar=form.cleaned_data["eigenaar"],
                versie=form.cleaned_data["versie"],
            )
        except ActieConflict as exc:
            actie = _actie_of_404(request, pk)
            posted = request.POST.copy()
            posted["versie"] = str(actie.versie)
            form = EigenaarForm(posted, actie=actie, kandidaten=_kandidaten(actie))
            form.is_valid()
            form.add_error(None, str(exc))
            status = 409
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De eigenaar van de actie is vastgelegd."))
            if terug == LIJST:
                return redirect(_lijst_url(eigenaar_filter, na))
            return redirect("casus:actie", pk=actie.pk)
    return _actie_pagina(request, actie, eigenaar_form=form, status=status)
