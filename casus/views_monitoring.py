"""Monitoring pages of the procesregisseur (issue 12, point 3): an overview with the six
counts, each worklist keyset-paged, and the house's stalling setting for the beheerder.

A worklist shows casus numbers, themes, AVE, procesregisseur, dates and counts, no persons;
each page is still one audited read (which list, which page), as the casus list is.
"""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.errors import ServiceError
from core.pagination import requested_page

from . import selectors_monitoring as selectors
from . import services_monitoring as services
from .forms_monitoring import MdoFilterForm, StilstandForm
from .rijen import CasusRijen, achterstand_html, mdo_html


def overzicht(request):
    """The six worklists with their counts (counts only: no casus or person is shown)."""
    policy.require(request.actor, "monitoring.bekijken")
    context = {
        "tellers": selectors.tellers(request.actor),
        "mag_instellen": policy.may(request.actor, "monitoring.instellen"),
    }
    return render(request, "casus/monitoring/overzicht.html", context)


def _casus_rijen(page):
    """The rows of a worklist of casussen."""
    maker = CasusRijen()
    return [maker.rij(casus, themas=casus.lijst_themas) for casus in page]


def _achterstand_rijen(page):
    """The rows of "acties over de termijn": per casus its oldest overdue action."""
    maker = CasusRijen(_plan_url_name())
    return achterstand_html(
        maker.rij(
            rij.casus,
            themas=rij.casus.lijst_themas,
            achterstallig=rij.achterstallig,
            deadline=maker.datum(rij.deadline),
        )
        for rij in page
    )


def _werklijst(request, naam, template, *, opties=None, extra=None, rijen=None, status=200):
    """Render one worklist page (`?na=`: the keyset cursor) and write its one read row.
    `opties()` gives the list's selector its options, once the actor may open the list;
    `rijen(page)` makes the rows the template prints."""
    actor = request.actor
    lijst = selectors.WERKLIJST[naam]
    policy.require(actor, lijst.actie)
    queryset = lijst.rijen(actor, **(opties() if opties else {}))
    scope = f"casus.monitoring.{naam}"
    page, detail = requested_page(
        request, queryset, order=lijst.volgorde, after=request.GET.get("na"), scope=scope
    )
    log.read(actor=actor, event=events.MONITORING_BEKEKEN, detail=f"{naam}: {detail}")
    querystring = request.GET.copy()
    querystring.pop("na", None)
    context = {
        "lijst": lijst,
        "page": page,
        "rijen": rijen(page) if rijen else None,
        "aantal": selectors.aantal(lijst, queryset),
        "filters": querystring.urlencode(),
        **(extra or {}),
    }
    return render(request, f"casus/monitoring/{template}.html", context, status=status)


def mijn(request):
    return _werklijst(request, "mijn", "casussen", rijen=_casus_rijen)


def mdo(request):
    """Upcoming MDO's: all of the house, or (`?wie=mijn`) those of the actor's casussen."""
    form = MdoFilterForm(request.GET or None)
    return _werklijst(
        request,
        "mdo",
        "mdo",
        opties=lambda: {"alleen_mijn": form.alleen_mijn},
        extra={"form": form},
        rijen=mdo_html,
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _plan_url_name():
    """The plan page of a casus where this deployment has one, else the casus page."""
    try:
        reverse("casus:plan", args=[uuid.UUID(int=0)])
    except NoReverseMatch:
        return "casus:casus"
    return "casus:plan"


def achterstand(request):
    return _werklijst(request, "achterstand", "achterstand", rijen=_achterstand_rijen)


def stilstand(request):
    """Stalled casussen, with the house's setting (and for the beheerder a link to it)."""
    weken = request.zvh.stilstand_weken if request.zvh is not None else None
    return _werklijst(
        request,
        "stilstand",
        "casussen",
        opties=lambda: {"weken": weken},
        extra={"weken": weken},
        rijen=_casus_rijen,
    )


def spoed(request):
    return _werklijst(request, "spoed", "casussen", rijen=_casus_rijen)


def zonder_mdo(request):
    return _werklijst(request, "zonder_mdo", "casussen", rijen=_casus_rijen)


def instellingen(request):
    """The functioneel beheerder sets after how many weeks an open casus stalls."""
    actor = request.actor
    policy.require(actor, "monitoring.instellen")
    form = StilstandForm(
        request.POST or None, initial={"stilstand_weken": request.zvh.stilstand_weken}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stilstand_instellen(actor=actor, weken=form.cleaned_data["stilstand_weken"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De monitoring-instelling is opgeslagen."))
            return redirect("casus:monitoring_instellingen")
    status = 400 if form.is_bound else 200
    return render(request, "casus/monitoring/instellingen.html", {"form": form}, status=status)
