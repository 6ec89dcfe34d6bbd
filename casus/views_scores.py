"""Leefgebied scores and the pitch: thin views, access checked, every page audited as one read."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from core.errors import ServiceError
from core.policy import Geweigerd

from . import selectors_scores
from .forms_scores import PitchForm, ScoreformulierForm
from .models import ACTUEEL_DAGEN
from .services_scores import (
    PitchConflict,
    pitch_gereed_melden,
    pitch_opslaan,
    scoreformulier_opslaan,
)


def _casus(request, pk):
    casus = selectors_scores.casus_voor_scores(request.actor, pk)
    if casus is None:
        raise Geweigerd("casus.scoren", not_found=True)
    return casus


def _persoon(casus, persoon_pk):
    persoon = selectors_scores.persoon_van_casus(casus, persoon_pk)
    if persoon is None:
        raise Geweigerd("scores.bekijken", target=casus, not_found=True)
    return persoon


def scores(request, pk, persoon_pk):
    """A person's score history within the casus: the trend per domain across the rounds."""
    casus = _casus(request, pk)
    persoon = _persoon(casus, persoon_pk)
    gebieden = selectors_scores.leefgebieden(casus.zvh_id)
    historie = selectors_scores.score_historie(
        request.actor, casus, persoon, gebieden, ronde_id=request.GET.get("ronde")
    )
    log.read(actor=request.actor, event=events.SCORES_BEKEKEN, target=casus, personen=[persoon])
    context = {
        "casus": casus,
        "persoon": persoon,
        "historie": historie,
        "trend": historie.trend(niet_gescoord=_("niet gescoord"), niet_actueel=_("niet actueel")),
        "details": historie.details(huis=_("Het huis zelf")),
        "trend_rondes": selectors_scores.TREND_RONDES,
        "detail_rondes": selectors_scores.DETAIL_RONDES,
        "actueel_dagen": ACTUEEL_DAGEN,
    }
    return render(request, "casus/scores/historie.html", context)


def _met_vorige(form, vorige):
    """Each domain's fields with its latest earlier score, and whether that score rests on
    information that is no longer current today."""
    grens = timezone.localdate() - datetime.timedelta(days=ACTUEEL_DAGEN)
    rijen = []
    for gebied, *velden in form.rijen():
        score = vorige.get(gebied.code)
        oud = score is not None and score.informatie_datum < grens
        rijen.append((gebied, *velden, score, oud))
    return rijen


def score_nieuw(request, pk, persoon_pk):
    """A new score round for a person, the latest earlier score beside each domain."""
    casus = _casus(request, pk)
    persoon = _persoon(casus, persoon_pk)
    gebieden = selectors_scores.leefgebieden(casus.zvh_id)
    form = ScoreformulierForm(
        request.POST if request.method == "POST" else None,
        gebieden=gebieden,
        schaal=selectors_scores.schaal(casus.zvh_id),
        deelnemers=list(casus.deelnemers.all()),
    )
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                scoreformulier_opslaan(
                    actor=request.actor,
                    casus=casus,
                    persoon=persoon,
                    datum=form.cleaned_data["datum"],
                    scores=form.scores(),
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Het scoreformulier is opgeslagen."))
                return redirect("casus:scores", pk=casus.pk, persoon_pk=persoon.pk)
    historie = selectors_scores.score_historie(request.actor, casus, persoon, gebieden, alle=True)
    log.read(
        actor=request.actor,
        event=events.SCORES_BEKEKEN,
        target=casus,
        personen=[persoon],
        detail="nieuw scoreformulier",
    )
    context = {
        "casus": casus,
        "persoon": persoon,
        "form": form,
        "rijen": _met_vorige(form, historie.laatste()),
        "actueel_dagen": ACTUEEL_DAGEN,
    }
    return render(request, "casus/scores/formulier.html", context, status=status)


def pitch(request, pk):
    """The pitch of the casus: the latest version to edit (a save makes a new version) and
    the history of versions with who saved them when."""
    casus = _casus(request, pk)
    gebieden = selectors_scores.leefgebieden(casus.zvh_id)
    laatste = selectors_scores.laatste_pitch(request.actor, casus)
    status = 200
    if request.method == "POST":
        form = PitchForm(request.POST, gebieden=gebieden)
        status = 400
        if form.is_valid():
            try:
                nieuw = pitch_opslaan(
                    actor=request.actor,
                    casus=casus,
                    basis_versie=form.cleaned_data["versie"],
                    aanleiding=form.cleaned_data["aanleiding"],
                    feiten=form.feiten(),
                    risicos=form.cleaned_data["risicos"],
                    kansen=form.cleaned_data["kansen"],
                    vraag=form.cleaned_data["vraag"],
                )
            except PitchConflict as exc:
                form.add_error(None, str(exc))
                status = 409
                laatste = selectors_scores.laatste_pitch(request.actor, casus)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Versie %(versie)s van de pitch is opgeslagen.") % {"versie": nieuw.versie},
                )
                return redirect("casus:pitch", pk=casus.pk)
    else:
        form = PitchForm(initial=PitchForm.initial_van(laatste), gebieden=gebieden)
    personen = list(casus.personen.all())
    log.read(actor=request.actor, event=events.PITCH_BEKEKEN, target=casus, personen=personen)
    context = {
        "casus": casus,
        "form": form,
        "laatste": laatste,
        "versies": selectors_scores.pitch_versies(request.actor, casus),
        "personen": personen,
        "conflict": status == 409,
    }
    return render(request, "casus/scores/pitch.html", context, status=status)


@require_POST
def pitch_gereed(request, pk):
    """Mark the latest version of the pitch gereed (ready for the MDO)."""
    casus = _casus(request, pk)
    try:
        versie = int(request.POST.get("versie", ""))
    except ValueError:
        versie = -1
    try:
        gereed = pitch_gereed_melden(actor=request.actor, casus=casus, versie=versie)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("casus:pitch", kwargs={"pk": casus.pk}))
    messages.success(
        request, _("Versie %(versie)s van de pitch is gereed gemeld.") % {"versie": gereed.versie}
    )
    return redirect("casus:casus", pk=casus.pk)
