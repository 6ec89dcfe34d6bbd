"""The plan van aanpak pages (goals and actions, their forms, an MDO decision turned into
actions) and the casus history. Thin: check access, call one service or selector, render.
Every page that shows the plan writes one read row naming the casus's persons; a form with an
error or a stale plan version shows the page again with the writer's input kept."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from core import policy
from core.errors import ServiceError
from core.pagination import requested_page

from . import selectors
from . import selectors_plan as plan_selectors
from . import services_plan as services
from .forms_plan import BESLUIT_RIJEN, MEER_RIJEN, ActieForm, BesluitActiesForm, DoelForm
from .models import CasusStatus
from .rijen_plan import PlanRijen, besluiten_html

CONFLICT = 409


def _casus_of_404(request, pk):
    casus = plan_selectors.plan_casus(request.actor, pk)
    if casus is None:
        raise policy.Geweigerd("plan.bekijken", not_found=True)
    return casus


def _mag_bewerken(request, casus):
    return (
        policy.may(request.actor, "plan.bewerken", casus) and casus.status != CasusStatus.AFGESLOTEN
    )


def _gelezen(request, casus, personen, detail=""):
    log.read(
        actor=request.actor,
        event=events.PLAN_BEKEKEN,
        target=casus,
        personen=personen,
        detail=detail,
    )


class _Keuzes:
    """What the plan's forms offer, each read once per request: goals, deelnemers, owners,
    decisions and the house's active life domains."""

    def __init__(self, request, casus):
        self._request, self._casus = request, casus
        self._cache: dict[str, list] = {}

    def _lees(self, naam, maak):
        if naam not in self._cache:
            self._cache[naam] = list(maak())
        return self._cache[naam]

    @property
    def doelen(self):
        return self._lees("doelen", lambda: plan_selectors.doelen(self._casus))

    @property
    def organisaties(self):
        return [d.organisatie for d in self._casus.deelnemers.all()]

    @property
    def eigenaren(self):
        return self._lees("eigenaren", lambda: plan_selectors.eigenaren(self._casus))

    @property
    def besluiten(self):
        return self._lees(
            "besluiten", lambda: plan_selectors.besluiten(self._request.actor, self._casus)
        )

    @property
    def leefgebieden(self):
        return self._lees("leefgebieden", lambda: plan_selectors.actieve_leefgebieden(self._casus))

    def doel_form(self, data=None, **kwargs):
        return DoelForm(data, leefgebieden=self.leefgebieden, **kwargs)

    def actie_form(self, data=None, *, nieuw=True, **kwargs):
        return ActieForm(
            data,
            doelen=self.doelen,
            organisaties=self.organisaties,
            eigenaren=self.eigenaren,
            besluiten=self.besluiten if nieuw else (),
            nieuw=nieuw,
            **kwargs,
        )


def _conflict(form, exc, casus):
    """A stale plan version: the message on the form, the writer's input kept and now based
    on the plan's current version, so that saving again (after reading it) goes through."""
    form.add_error(None, str(exc))
    form.data = form.data.copy()
    form.data["versie"] = str(plan_selectors.plan_versie(casus))


def _plan_page(request, casus, keuzes=None, *, doel_form=None, actie_form=None, status=200):
    actor = request.actor
    keuzes = keuzes or _Keuzes(request, casus)
    personen = list(casus.personen.all())
    acties = list(plan_selectors.actie_rijen(actor, casus))
    doelen = keuzes.doelen
    leesbaar = plan_selectors.zichtbare_besluiten(
        actor, {a["besluit_id"] for a in acties if a["besluit_id"]}
    )
    mag_bewerken = _mag_bewerken(request, casus)
    PlanRijen(casus, mag_bewerken=mag_bewerken).per_doel(doelen, acties, leesbaar)
    versie = plan_selectors.plan_versie(casus)
    if mag_bewerken:
        doel_form = doel_form or keuzes.doel_form(initial={"versie": versie})
        actie_form = actie_form or keuzes.actie_form(initial={"versie": versie})
    _gelezen(request, casus, personen)
    context = {
        "casus": casus,
        "personen": personen,
        "doelen": doelen,
        "aantal_acties": len(acties),
        "versie": versie,
        "mag_bewerken": mag_bewerken,
        "besluiten": keuzes.besluiten if mag_bewerken else [],
        "besluiten_html": besluiten_html(casus, keuzes.besluiten) if mag_bewerken else "",
        "doel_form": doel_form,
        "actie_form": actie_form,
        "afgesloten": casus.status == CasusStatus.AFGESLOTEN,
        "mag_casus": policy.may(actor, "casus.bekijken", casus),
        "mag_geschiedenis": policy.may(actor, "casus.geschiedenis", casus),
    }
    return render(request, "casus/plan/plan.html", context, status=status)


def plan(request, pk):
    """The plan van aanpak: goals with their life domains and actions, and for the
    procesregisseur the forms to add them."""
    return _plan_page(request, _casus_of_404(request, pk))


@require_POST
def doel_toevoegen(request, pk):
    casus = _casus_of_404(request, pk)
    policy.require(request.actor, "plan.bewerken", casus)
    keuzes = _Keuzes(request, casus)
    form = keuzes.doel_form(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.doel_toevoegen(
                actor=request.actor,
                casus=casus,
                omschrijving=data["omschrijving"],
                leefgebieden=data["leefgebieden"],
                verwacht=data["versie"],
            )
        except services.PlanConflict as exc:
            _conflict(form, exc, casus)
            status = CONFLICT
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Het doel is toegevoegd."))
            return redirect("casus:plan", pk=casus.pk)
    return _plan_page(request, casus, keuzes, doel_form=form, status=status)


@require_POST
def actie_toevoegen(request, pk):
    casus = _casus_of_404(request, pk)
    policy.require(request.actor, "plan.bewerken", casus)
    keuzes = _Keuzes(request, casus)
    form = keuzes.actie_form(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.actie_toevoegen(
                actor=request.actor,
                casus=casus,
                invoer=form.invoer(),
                besluit=form.gekozen_besluit(),
                verwacht=form.cleaned_data["versie"],
            )
        except services.PlanConflict as exc:
            _conflict(form, exc, casus)
            status = CONFLICT
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De actie is toegevoegd."))
            return redirect("casus:plan", pk=casus.pk)
    return _plan_page(request, casus, keuzes, actie_form=form, status=status)


def _bewerk_page(request, casus, *, template, form, status=200, **context):
    personen = list(casus.personen.all())
    _gelezen(request, casus, personen, detail=template.rsplit("/", 1)[-1].removesuffix(".html"))
    context.update({"casus": casus, "personen": personen, "form": form})
    return render(request, template, context, status=status)


def doel(request, pk, doel_pk):
    """Change a goal: its description and life domains."""
    casus = _casus_of_404(request, pk)
    obj = plan_selectors.doel_van(casus, doel_pk)
    if obj is None:
        raise policy.Geweigerd("plan.bekijken", not_found=True)
    policy.require(request.actor, "plan.bewerken", casus)
    keuzes = _Keuzes(request, casus)
    initial = {
        "omschrijving": obj.omschrijving,
        "leefgebieden": [g.pk for g in obj.leefgebieden.all()],
        "versie": plan_selectors.plan_versie(casus),
    }
    form = keuzes.doel_form(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.doel_wijzigen(
                    actor=request.actor,
                    doel=obj,
                    omschrijving=data["omschrijving"],
                    leefgebieden=data["leefgebieden"],
                    verwacht=data["versie"],
                )
            except services.PlanConflict as exc:
                _conflict(form, exc, casus)
                status = CONFLICT
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Het doel is gewijzigd."))
                return redirect("casus:plan", pk=casus.pk)
    return _bewerk_page(
        request,
        casus,
        template="casus/plan/doel.html",
        form=form,
        status=status,
        doel=obj,
        afgesloten=casus.status == CasusStatus.AFGESLOTEN,
        conflict=status == CONFLICT,
    )


def actie(request, pk, actie_pk):
    """Change an action: description, organisation, owner, due date, goal."""
    casus = _casus_of_404(request, pk)
    obj = plan_selectors.actie_van(request.actor, casus, actie_pk)
    if obj is None:
        raise policy.Geweigerd("plan.bekijken", not_found=True)
    policy.require(request.actor, "plan.bewerken", casus)
    keuzes = _Keuzes(request, casus)
    initial = {
        "omschrijving": obj.omschrijving,
        "doel": str(obj.doel_id),
        "organisatie": str(obj.organisatie_id),
        "eigenaar": str(obj.eigenaar_id or ""),
        "deadline": obj.deadline,
        "versie": plan_selectors.plan_versie(casus),
    }
    form = keuzes.actie_form(request.POST or None, nieuw=False, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.actie_wijzigen(
                    actor=request.actor,
                    actie=obj,
                    invoer=form.invoer(),
                    verwacht=form.cleaned_data["versie"],
                )
            except services.PlanConflict as exc:
                _conflict(form, exc, casus)
                status = CONFLICT
                obj = plan_selectors.actie_van(request.actor, casus, actie_pk)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De actie is gewijzigd."))
                return redirect("casus:plan", pk=casus.pk)
    return _bewerk_page(
        request,
        casus,
        template="casus/plan/actie.html",
        form=form,
        status=status,
        actie=obj,
        afgesloten=casus.status == CasusStatus.AFGESLOTEN,
        conflict=status == CONFLICT,
    )


def _meer_rijen(request, keuzes, aantal):
    """The rows form again with MEER_RIJEN more blank rows and what was typed kept (not
    validated yet: "Meer rijen" is not "Opslaan")."""
    ingevuld = {
        naam: waarde for naam, waarde in request.POST.items() if naam != "csrfmiddlewaretoken"
    }
    return BesluitActiesForm(
        initial=ingevuld,
        rijen=aantal + MEER_RIJEN,
        doelen=keuzes.doelen,
        organisaties=keuzes.organisaties,
        eigenaren=keuzes.eigenaren,
    )


def besluit(request, pk, besluit_pk):
    """ "Maak acties van dit besluit": one or more actions for one MDO decision, e.g. one per
    partner organisation, saved all together or not at all."""
    casus = _casus_of_404(request, pk)
    obj = plan_selectors.besluit_van(request.actor, casus, besluit_pk)
    if obj is None:
        raise policy.Geweigerd("plan.bekijken", not_found=True)
    policy.require(request.actor, "plan.bewerken", casus)
    keuzes = _Keuzes(request, casus)
    opties = {
        "doelen": keuzes.doelen,
        "organisaties": keuzes.organisaties,
        "eigenaren": keuzes.eigenaren,
    }
    status = 200
    if request.method == "POST" and "meer" in request.POST:
        bound = BesluitActiesForm(request.POST, **opties)
        form = _meer_rijen(request, keuzes, bound.aantal)
    elif request.method == "POST":
        status = 400
        form = BesluitActiesForm(request.POST, **opties)
        if form.is_valid():
            try:
                gemaakt = services.acties_uit_besluit(
                    actor=request.actor,
                    besluit=obj,
                    rijen=form.rij_invoer(),
                    verwacht=form.cleaned_data["versie"],
                )
            except services.RijFouten as exc:
                form.rij_fouten(exc.per_rij)
            except services.PlanConflict as exc:
                _conflict(form, exc, casus)
                status = CONFLICT
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Er zijn %(n)d acties gemaakt van het besluit.") % {"n": len(gemaakt)},
                )
                return redirect("casus:plan", pk=casus.pk)
    else:
        eigenaar = str(obj.eigenaar_id)
        begin = {"versie": plan_selectors.plan_versie(casus)}
        if any(str(o.pk) == eigenaar for o in keuzes.organisaties):
            begin["organisatie_1"] = eigenaar
        form = BesluitActiesForm(initial=begin, rijen=BESLUIT_RIJEN, **opties)
    return _bewerk_page(
        request,
        casus,
        template="casus/plan/besluit.html",
        form=form,
        status=status,
        besluit=obj,
        heeft_doelen=bool(keuzes.doelen),
        afgesloten=casus.status == CasusStatus.AFGESLOTEN,
    )


# The casus history ---------------------------------------------------------------------------


def geschiedenis(request, pk):
    """Every change to the casus in time order (newest first), from the audit log: when, who,
    which organisation, what. For house staff; a deelnemer that sees the casus is refused."""
    actor = request.actor
    casus = selectors.casus_voor(actor, pk)
    if casus is None:
        raise policy.Geweigerd("casus.geschiedenis", not_found=True)
    policy.require(actor, "casus.geschiedenis", casus)
    queryset = plan_selectors.geschiedenis(casus)
    volgorde, scope = plan_selectors.GESCHIEDENIS_VOLGORDE, f"casus.geschiedenis:{casus.pk}"
    page, detail = requested_page(
        request, queryset, order=volgorde, after=request.GET.get("na"), scope=scope
    )
    personen = list(casus.personen.all())
    log.read(
        actor=actor,
        event=events.CASUS_GESCHIEDENIS_BEKEKEN,
        target=casus,
        personen=personen,
        detail=detail,
    )
    context = {"casus": casus, "personen": personen, "page": page}
    return render(request, "casus/plan/geschiedenis.html", context)
