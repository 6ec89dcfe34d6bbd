"""Referral and triage pages. Thin: check access, call one service or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from casus import selectors as casus_selectors
from core import policy
from core.errors import ServiceError
from core.pagination import capped_count, requested_page
from core.roles import TELEFONISCH_AANMELDEN_ROLLEN, Rol
from partners import services as partner_services

from . import rijen, selectors, services
from .forms import (
    AanmeldingForm,
    AanvullingForm,
    AfwijsredenForm,
    AntwoordForm,
    NietBevestigenForm,
    PersoonForm,
    RegionaalCriteriumForm,
    TriageForm,
    TriageInstellingForm,
)
from .models import Status


def _worklist(request, queryset, order, scope):
    """The keyset page asked for by `?na=<cursor>` and the capped count of the whole list.

    A cursor this list did not write (edited, cut off, from another list) shows the first page
    with a message; it is never an error page. Returns (page, count, audit detail)."""
    page, detail = requested_page(
        request, queryset, order=order, after=request.GET.get("na"), scope=scope
    )
    return page, capped_count(queryset), detail


def _aanmelding_or_404(request, pk, actie):
    """The referral, if the user may `actie` it. A referral the user may not see answers 404,
    in this house or another, so that existence never leaks; 403 only for one it may see."""
    aanmelding = selectors.aanmelding_in_zvh(request.zvh, pk)
    if aanmelding is None:
        raise policy.Geweigerd(actie, not_found=True)
    if not policy.may(request.actor, actie, aanmelding):
        zichtbaar = policy.may(request.actor, "aanmelding.bekijken", aanmelding)
        raise policy.Geweigerd(actie, target=aanmelding, not_found=not zichtbaar)
    return aanmelding


def _personen_rijen(actor, aanmelding):
    """The referral's persons as the referrer entered them. A referral from before the
    entries were stored shows its linked registration only to whom may see its details
    (policy "persoon.details"); a partner that linked another organisation's registration
    sees only that it is linked."""
    return [
        {
            "persoon": link,
            "volledig": link.ingevoerd or policy.may(actor, "persoon.details", link.persoon),
        }
        for link in aanmelding.personen_geordend
    ]


def _record_read(request, aanmelding, *, getoond=(), detail=""):
    """One read event for the page showing the referral: one row listing every person it
    shows (the referral's, and on the triage page the registrations that may be them)."""
    log.read(
        actor=request.actor,
        event=events.AANMELDING_BEKEKEN,
        target=aanmelding,
        personen=[*aanmelding.personen_geordend, *getoond],
        detail=detail,
    )


def mijn_aanmeldingen(request):
    policy.require(request.actor, "aanmelding.mijn")
    page, aantal, detail = _worklist(
        request,
        selectors.mijn_aanmeldingen_waarden(request.actor),
        selectors.MIJN_VOLGORDE,
        "aanmelding.mijn",
    )
    personen = selectors.getoonde_personen([a["id"] for a in page], actor=request.actor)
    # The list names only the persons whose details the actor may see.
    log.read(
        actor=request.actor,
        event=events.AANMELDINGEN_BEKEKEN,
        personen=[p.audit_pseudoniem for a in page for p in personen[a["id"]] if p.volledig],
        detail=detail,
    )
    return render(
        request,
        "aanmelding/mijn_aanmeldingen.html",
        {"page": page, "rijen": rijen.mijn_aanmeldingen(page, personen), "aantal": aantal},
    )


def nieuw(request):
    policy.require(request.actor, "aanmelding.aanmaken")
    user = request.user
    initial = {
        "melder_naam": user.get_full_name(),
        "melder_telefoon": user.telefoon,
        "melder_email": user.email,
    }
    form = AanmeldingForm(request.POST or None, initial=initial, zvh=request.zvh)
    if request.method == "POST" and form.is_valid():
        aanmelding = services.aanmelding_aanmaken(
            actor=request.actor,
            gegevens=form.gegevens(),
            telefonisch=request.POST.get("telefonisch") == "on" and _is_zvh_staf(request),
        )
        messages.success(request, _("De aanmelding is als concept opgeslagen."))
        return redirect("aanmelding:detail", pk=aanmelding.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "nieuw": True, "zvh_staf": _is_zvh_staf(request)}
    return render(request, "aanmelding/formulier.html", context, status=status)


def _is_zvh_staf(request):
    return request.actor.heeft(*TELEFONISCH_AANMELDEN_ROLLEN)


def wijzigen(request, pk):
    aanmelding = _aanmelding_or_404(request, pk, "aanmelding.wijzigen")
    form = AanmeldingForm(request.POST or None, aanmelding=aanmelding, zvh=request.zvh)
    if request.method == "POST" and form.is_valid():
        services.aanmelding_wijzigen(
            actor=request.actor, aanmelding=aanmelding, gegevens=form.gegevens()
        )
        messages.success(request, _("Het concept is opgeslagen."))
        return redirect("aanmelding:detail", pk=aanmelding.pk)
    if not form.is_bound:
        _record_read(request, aanmelding)
    status = 400 if form.is_bound else 200
    context = {"form": form, "aanmelding": aanmelding, "nieuw": False}
    return render(request, "aanmelding/formulier.html", context, status=status)


def _detail(request, aanmelding, *, status=200, **extra):
    """Render the referral page; records the one read event of this request."""
    actor = request.actor
    mag_wijzigen = policy.may(actor, "aanmelding.wijzigen", aanmelding)
    mag_triageren = policy.may(actor, "triage.besluiten", aanmelding)
    context = {
        "aanmelding": aanmelding,
        "personen": _personen_rijen(actor, aanmelding),
        "mag_wijzigen": mag_wijzigen,
        "mag_aanvullen": policy.may(actor, "aanmelding.aanvullen", aanmelding),
        "mag_beantwoorden": policy.may(actor, "aanmelding.beantwoorden", aanmelding),
        "mag_triageren": mag_triageren,
        "ontbrekend": services.ontbrekend_voor_indienen(aanmelding) if mag_wijzigen else [],
        "laatste_besluit": (list(aanmelding.triagebesluiten.all()) or [None])[-1],
        "open_vraag": next(
            (v for v in aanmelding.informatieverzoeken.all() if v.beantwoord_op is None), None
        ),
        "aanvulling_form": AanvullingForm(),
        "antwoord_form": AntwoordForm(),
    }
    if mag_wijzigen and "persoon_form" not in extra:
        context["persoon_form"] = PersoonForm(met_relatie=bool(context["personen"]))
    context.update(extra)
    _record_read(request, aanmelding)
    return render(request, "aanmelding/detail.html", context, status=status)


def detail(request, pk):
    aanmelding = _aanmelding_or_404(request, pk, "aanmelding.bekijken")
    return _detail(request, aanmelding)


@require_POST
def persoon_toevoegen(request, pk):
    """Add a person as the referrer typed it. Whether the house knows the person is never
    looked up here: the answer is the same for a known and an unknown person."""
    aanmelding = _aanmelding_or_404(request, pk, "aanmelding.wijzigen")
    met_relatie = aanmelding.aanmeldingpersoon_set.exists()
    form = PersoonForm(request.POST, met_relatie=met_relatie)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.persoon_toevoegen(
                actor=request.actor,
                aanmelding=aanmelding,
                gegevens=data,
                relatie=data.get("relatie", ""),
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De persoon is toegevoegd."))
            return redirect("aanmelding:detail", pk=aanmelding.pk)
    aanmelding = selectors.aanmelding_in_zvh(request.zvh, pk)
    return _detail(request, aanmelding, status=400, persoon_form=form)


def persoon_verwijderen(request, pk, persoon_pk):
    """Take a person out of a draft: a confirmation page (GET), then the removal (POST)."""
    aanmelding = _aanmelding_or_404(request, pk, "aanmelding.wijzigen")
    link = next((p for p in aanmelding.personen_geordend if p.pk == persoon_pk), None)
    if link is None:
        raise policy.Geweigerd("aanmelding.wijzigen", not_found=True)
    if request.method == "POST":
        try:
            services.persoon_verwijderen(
                actor=request.actor, aanmelding=aanmelding, persoon_pk=link.pk
            )
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(naam)s is uit de aanmelding verwijderd.") % {"naam": link.naam},
            )
        return redirect("aanmelding:detail", pk=aanmelding.pk)
    log.read(
        actor=request.actor,
        event=events.AANMELDING_BEKEKEN,
        target=aanmelding,
        personen=[link],
        detail="persoon verwijderen: bevestigen",
    )
    return render(
        request,
        "aanmelding/bevestig_verwijderen.html",
        {"aanmelding": aanmelding, "link": link},
    )


def verwijderen(request, pk):
    """Delete a whole draft: a confirmation page (GET), then the deletion (POST)."""
    aanmelding = _aanmelding_or_404(request, pk, "aanmelding.wijzigen")
    if request.method == "POST":
        services.aanmelding_verwijderen(actor=request.actor, aanmelding=aanmelding)
        messages.success(
            request, _("Het concept %(nummer)s is verwijderd.") % {"nummer": aanmelding.nummer}
        )
        return redirect("aanmelding:mijn")
    _record_read(request, aanmelding, detail="concept verwijderen: bevestigen")
    return render(
        request,
        "aanmelding/bevestig_verwijderen.html",
        {"aanmelding": aanmelding, "personen": aanmelding.personen_geordend},
    )


@require_POST
def indienen(request, pk):
    aanmelding = _aanmelding_or_404(request, pk, "aanmelding.bekijken")
    try:
        _aanmelding, changed = services.aanmelding_indienen(
            actor=request.actor, aanmelding=aanmelding
        )
    except ServiceError:
        return _detail(request, aanmelding, status=400, indienen_mislukt=True)
    if changed:
        messages.success(request, _("De aanmelding is ingediend. U ziet hier de voortgang."))
    else:
        messages.info(request, _("Deze aanmelding was al ingediend."))
    return redirect("aanmelding:detail", pk=aanmelding.pk)


@require_POST
def aanvullen(request, pk):
    aanmelding = _aanmelding_or_404(request, pk, "aanmelding.aanvullen")
    form = AanvullingForm(request.POST)
    if not form.is_valid():
        return _detail(request, aanmelding, status=400, aanvulling_form=form)
    services.aanmelding_aanvullen(
        actor=request.actor, aanmelding=aanmelding, tekst=form.cleaned_data["tekst"]
    )
    messages.success(request, _("De aanvulling is toegevoegd."))
    return redirect("aanmelding:detail", pk=aanmelding.pk)


@require_POST
def beantwoorden(request, pk):
    aanmelding = _aanmelding_or_404(request, pk, "aanmelding.beantwoorden")
    form = AntwoordForm(request.POST)
    if not form.is_valid():
        return _detail(request, aanmelding, status=400, antwoord_form=form)
    try:
        services.informatieverzoek_beantwoorden(
            actor=request.actor, aanmelding=aanmelding, antwoord=form.cleaned_data["antwoord"]
        )
    except ServiceError as exc:
        form.add_error(None, str(exc))
        return _detail(request, aanmelding, status=400, antwoord_form=form)
    messages.success(request, _("Uw antwoord is verstuurd; de aanmelding is terug in de triage."))
    return redirect("aanmelding:detail", pk=aanmelding.pk)


# Triage ----------------------------------------------------------------------------------


def werkvoorraad(request):
    """The triage queue; `?nummer=A-2026-0042` (or 2026-0042) finds one referral in it."""
    policy.require(request.actor, "triage.werkvoorraad")
    nummer = request.GET.get("nummer", "").strip().upper()[:20]
    if nummer:
        nummer = nummer if nummer.startswith("A-") else f"A-{nummer}"
    queryset = selectors.triage_werkvoorraad_waarden(request.actor, nummer=nummer)
    page, aantal, detail = _worklist(
        request, queryset, selectors.TRIAGE_VOLGORDE, "aanmelding.werkvoorraad"
    )
    if nummer:
        detail = f"{detail}; gezocht op nummer"
    personen = selectors.getoonde_personen([a["id"] for a in page])
    log.read(
        actor=request.actor,
        event=events.TRIAGE_WERKVOORRAAD_BEKEKEN,
        personen=[p.audit_pseudoniem for a in page for p in personen[a["id"]]],
        detail=detail,
    )
    return render(
        request,
        "aanmelding/werkvoorraad.html",
        {
            "page": page,
            "rijen": rijen.werkvoorraad(page, personen),
            "aantal": aantal,
            "nummer": nummer,
        },
    )


def _triage_page(
    request, aanmelding, form, mogelijk, status=200, niet_bevestigen_form=None, concept_op=None
):
    """The triage page: the referral, per person the registrations of the house that may be
    that person (read as such: they are listed in the page's audit row), and the decision."""
    getoond = list({m.persoon.pk: m.persoon for ms in mogelijk.values() for m in ms}.values())
    laatste_besluit = (list(aanmelding.triagebesluiten.all()) or [None])[-1]
    context = {
        "aanmelding": aanmelding,
        "personen": _personen_rijen(request.actor, aanmelding),
        "mogelijk": [(link, mogelijk[link.pk]) for link in aanmelding.personen_geordend],
        "form": form,
        "eerdere": selectors.eerdere_aanmeldingen(
            request.actor, aanmelding, [p.pk for p in getoond]
        )[:20],
        "casussen": casus_selectors.casussen_van_personen(request.actor, [p.pk for p in getoond])[
            :20
        ],
        "ter_bevestiging": aanmelding.status == Status.TER_BEVESTIGING,
        "laatste_besluit": laatste_besluit,
        "niet_bevestigen_form": niet_bevestigen_form or NietBevestigenForm(),
        # Four-eyes: who accepted does not confirm; they see the status, not the buttons.
        "eigen_acceptatie": laatste_besluit is not None
        and laatste_besluit.door_id == request.actor.user_id,
        # When the user's own draft of this triage was kept (shown in the form), else None.
        "concept_op": concept_op,
    }
    _record_read(
        request,
        aanmelding,
        getoond=getoond,
        detail=f"triage; mogelijke personen: {len(getoond)}" if getoond else "triage",
    )
    return render(request, "aanmelding/triage.html", context, status=status)


def _triage_form(request, aanmelding, mogelijk, data=None, initial=None):
    return TriageForm(
        data,
        initial=initial,
        zvh=request.zvh,
        aanmelding=aanmelding,
        mogelijk=mogelijk,
        standaard_regisseur=request.user if request.actor.heeft(Rol.PROCESREGISSEUR) else None,
    )


def triage(request, pk):
    """The triage form. Besides deciding ("Besluit vastleggen"), a POST may adopt the
    referrer's assessment of a criterion ("overnemen": shown again, nothing stored), keep a
    draft ("concept_bewaren") or throw it away ("concept_verwijderen"); without JavaScript."""
    aanmelding = _aanmelding_or_404(request, pk, "triage.besluiten")
    mogelijk = selectors.mogelijke_personen(aanmelding)
    sleutel = services.triage_concept_sleutel(aanmelding)
    if request.method != "POST":
        concept = partner_services.concept_ophalen(actor=request.actor, sleutel=sleutel)
        form = _triage_form(request, aanmelding, mogelijk)
        if concept is not None:
            form = _triage_form(request, aanmelding, mogelijk, initial=form.initial_uit(concept[0]))
        return _triage_page(
            request, aanmelding, form, mogelijk, concept_op=concept[1] if concept else None
        )

    form = _triage_form(request, aanmelding, mogelijk, data=request.POST)
    invoer = form.invoer(request.POST)
    if "overnemen" in request.POST:
        invoer = form.overnemen(invoer, request.POST["overnemen"])
        form = _triage_form(request, aanmelding, mogelijk, initial=form.initial_uit(invoer))
        return _triage_page(request, aanmelding, form, mogelijk)
    if "concept_bewaren" in request.POST:
        try:
            partner_services.concept_bewaren(actor=request.actor, sleutel=sleutel, data=invoer)
        except ServiceError as exc:
            form.add_error(None, str(exc))
            return _triage_page(request, aanmelding, form, mogelijk, status=400)
        messages.success(
            request, _("Uw concept is bewaard. U vindt het hier terug als u later verdergaat.")
        )
        return redirect("aanmelding:triage", pk=aanmelding.pk)
    if "concept_verwijderen" in request.POST:
        partner_services.concept_verwijderen(actor=request.actor, sleutel=sleutel)
        messages.success(request, _("Uw concept is verwijderd."))
        return redirect("aanmelding:triage", pk=aanmelding.pk)

    if form.is_valid():
        data = form.cleaned_data
        try:
            services.triage_besluiten(
                actor=request.actor,
                aanmelding=aanmelding,
                besluit=data["besluit"],
                oordelen=form.oordelen(),
                themas=list(data["themas"]),
                ave_niveau=data["ave_niveau"],
                afwijsreden=data["afwijsreden"],
                bericht=data["bericht"],
                procesregisseur=data["procesregisseur"],
                backup_procesregisseur=data["backup_procesregisseur"],
                koppelingen=form.koppelingen(),
                deelnemers=list(data["deelnemers"]),
            )
        except services.AlBesloten as exc:
            services.triage_besluit_geweigerd(actor=request.actor, aanmelding=aanmelding, reden=exc)
            messages.error(request, str(exc))
            return redirect("aanmelding:werkvoorraad")
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Het triagebesluit is vastgelegd."))
            return redirect("aanmelding:werkvoorraad")
    return _triage_page(request, aanmelding, form, mogelijk, status=400)


@require_POST
def bevestigen(request, pk):
    aanmelding = _aanmelding_or_404(request, pk, "triage.besluiten")
    try:
        services.triage_bevestigen(actor=request.actor, aanmelding=aanmelding)
    except services.AlBesloten as exc:
        services.triage_besluit_geweigerd(actor=request.actor, aanmelding=aanmelding, reden=exc)
        messages.error(request, str(exc))
        return redirect("aanmelding:werkvoorraad")
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("aanmelding:triage", pk=aanmelding.pk)
    messages.success(request, _("De acceptatie is bevestigd; de casus is geopend."))
    return redirect("aanmelding:werkvoorraad")


@require_POST
def niet_bevestigen(request, pk):
    aanmelding = _aanmelding_or_404(request, pk, "triage.besluiten")
    form = NietBevestigenForm(request.POST)
    if not form.is_valid():
        mogelijk = selectors.mogelijke_personen(aanmelding)
        triage_form = TriageForm(zvh=request.zvh, aanmelding=aanmelding, mogelijk=mogelijk)
        return _triage_page(
            request, aanmelding, triage_form, mogelijk, status=400, niet_bevestigen_form=form
        )
    try:
        services.triage_bevestiging_weigeren(
            actor=request.actor, aanmelding=aanmelding, reden=form.cleaned_data["reden"]
        )
    except services.AlBesloten as exc:
        services.triage_besluit_geweigerd(actor=request.actor, aanmelding=aanmelding, reden=exc)
        messages.error(request, str(exc))
        return redirect("aanmelding:werkvoorraad")
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("aanmelding:triage", pk=aanmelding.pk)
    messages.success(
        request, _("De acceptatie is niet bevestigd; de aanmelding staat weer in de triage.")
    )
    return redirect("aanmelding:werkvoorraad")


# Beheer ----------------------------------------------------------------------------------


def beheer(request):
    """Regional criteria, decline reasons and the four-eyes setting of the current house."""
    policy.require(request.actor, "beheer.triage")
    zvh = request.zvh
    instelling = selectors.triage_instelling(zvh.pk)
    forms_ = {
        "criterium": RegionaalCriteriumForm(prefix="criterium"),
        "afwijsreden": AfwijsredenForm(prefix="afwijsreden"),
        "instelling": TriageInstellingForm(
            prefix="instelling", initial={"vier_ogen": bool(instelling and instelling.vier_ogen)}
        ),
    }
    if request.method == "POST":
        soort = request.POST.get("soort")
        if soort not in forms_:
            return redirect("aanmelding:beheer")
        klass = type(forms_[soort])
        form = klass(request.POST, prefix=soort)
        forms_[soort] = form
        if form.is_valid():
            services.triage_beheer_opslaan(actor=request.actor, soort=soort, data=form.cleaned_data)
            messages.success(request, _("Opgeslagen."))
            return redirect("aanmelding:beheer")
    context = {
        "forms": forms_,
        "criteria": selectors.regionale_criteria(zvh.pk),
        "afwijsredenen": selectors.afwijsredenen(zvh.pk),
        "instelling": instelling,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "aanmelding/beheer.html", context, status=status)


@require_POST
def beheer_deactiveren(request, soort, pk):
    policy.require(request.actor, "beheer.triage")
    try:
        services.triage_beheer_deactiveren(actor=request.actor, soort=soort, pk=pk)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Uitgeschakeld."))
    return redirect("aanmelding:beheer")
