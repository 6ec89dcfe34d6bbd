"""The casus page as one overview: persons and relations, the AVE and life-domain trends,
the MDO history, the plan with its actions, and the latest pitch, each read narrowed by the
policy's list form and shaped by the mode (casus.weergave: what meeting mode and the print
version leave out is never handed to the template).

A fixed number of queries whatever the number of persons, relations, MDO's or actions: each
part is one query (two for the plan's summary, three for the scores), and long histories are
capped: the newest MDO_GETOOND MDO's; of the plan the first DOELEN_GETOOND goals, each with its
number of actions per status, and the ACTIES_GETOOND running actions due first. The plan page
and the MDO pages have the rest.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    Count,
    F,
    Func,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.actor import Actor
from core.fields import Sealed, opened

from . import selectors_scores
from .grafieken import (
    AveGrafiek,
    AvePunt,
    LeefgebiedGrafiek,
    ave_grafiek,
    datum_tekst,
    leefgebied_grafiek,
)
from .models import (
    LOPENDE_STATUSSEN,
    Actie,
    ActieStatus,
    Casus,
    Doel,
    OverlegStatus,
    OverlegType,
    Persoon,
    PersoonRelatie,
    Schaalwaarde,
    Score,
    Scoreformulier,
    Voortgang,
)
from .weergave import (
    NOTITIE_ANDERE_ORGANISATIE,
    PERSOON_VELDEN,
    Modus,
    namen_verborgen,
    schuilnaam,
    verborgen,
)

MDO_GETOOND = 50
ACTIES_GETOOND = 20
DOELEN_GETOOND = 50


@dataclass
class PersoonRegel:
    """A person as the page shows it: the name (or its stand-in), and the details the actor
    may see and the mode shows, as (field, label, value)."""

    persoon: Persoon
    naam: str
    gegevens: list[tuple[str, str, str]]
    details_zichtbaar: bool
    verborgen_velden: bool
    link: bool


@dataclass
class RelatieRegel:
    van: str
    type: str
    naar: str


@dataclass
class OverlegRegel:
    """An MDO as its row shows it: the labels and the local start written once per row, the
    table's name, and `url` (set by the view; None where the mode links nothing)."""

    pk: Any
    begint_op: datetime.datetime
    type_label: str
    status_label: str
    begint_iso: str
    begint_tekst: str
    tafel: str
    ave_niveau: int | None
    url: str | None = None


@dataclass
class Notitie:
    """The latest progress note on an action that the actor may read: its text (decrypted),
    the organisation that wrote it and when, ready to print."""

    tekst: str
    organisatie: str
    op: str


@dataclass
class ActieRegel:
    """A running action with its values ready to print (twenty rows render as plain values,
    not as a date filter, a display lookup and a name per cell)."""

    actie: Actie
    verlopen: bool
    notitie: Notitie | None
    doel_nummer: int | None  # its goal's place in the plan (None: past DOELEN_GETOOND)
    deadline: str = ""
    status: str = ""
    eigenaar: str = "—"


@dataclass
class DoelRegel:
    """A goal of the summary and the number of its actions in each status."""

    doel: Doel
    per_status: dict[str, int]
    leefgebieden: list[str] = field(default_factory=list)

    @property
    def tellingen(self):
        """(label, number) of every status, in the statuses' order."""
        return [(label, self.per_status.get(status, 0)) for status, label in ActieStatus.choices]

    @property
    def aantal(self):
        return sum(self.per_status.values())

    @property
    def lopend(self):
        return sum(self.per_status.get(status, 0) for status in LOPENDE_STATUSSEN)


@dataclass
class PersoonTrend:
    persoon: PersoonRegel
    datums: list[str]
    tabel: list[tuple[str, list[str]]]
    grafiek: LeefgebiedGrafiek


@dataclass
class Overzicht:
    modus: Modus
    vandaag_op_agenda: bool
    namen_verborgen: bool
    personen: list[PersoonRegel]
    relaties: list[RelatieRegel]
    ave: AveGrafiek
    overleggen: list[OverlegRegel]
    meer_overleggen: bool
    doelen: list[DoelRegel]
    lopende_acties: list[ActieRegel]
    meer_doelen: bool
    aantal_acties: int
    aantal_lopend: int
    leefgebieden: list[PersoonTrend] = field(default_factory=list)
    pitch: Any = None
    pitch_verborgen: bool = False

    @property
    def meer_lopend(self):
        """More running actions than the page shows (the plan page has them all)."""
        return self.aantal_lopend > len(self.lopende_acties)

    @property
    def getoonde_personen(self):
        return [regel.persoon for regel in self.personen]


def _vandaag():
    """Today as the start and end of the local day (the index on begint_op serves a range)."""
    vandaag = timezone.localdate()
    begin = timezone.make_aware(datetime.datetime.combine(vandaag, datetime.time.min))
    return begin, begin + datetime.timedelta(days=1)


def _personen(actor, casus, modus, *, namen_weg):
    personen = list(casus.personen.all())
    details = policy.permitted(actor, "persoon.details", personen)
    mag_openen = policy.may(actor, "persoon.bekijken") and modus == Modus.NORMAAL
    regels = []
    for i, persoon in enumerate(personen, start=1):
        zichtbaar = persoon.pk in details
        gegevens = []
        weggelaten = False
        if zichtbaar:
            for veld, label in PERSOON_VELDEN:
                if verborgen(modus, veld):
                    weggelaten = True
                    continue
                waarde = getattr(persoon, veld)
                if isinstance(waarde, datetime.date):
                    waarde = datum_tekst(waarde)
                gegevens.append((veld, str(label), waarde or "—"))
        regels.append(
            PersoonRegel(
                persoon=persoon,
                naam=schuilnaam(i) if namen_weg else persoon.naam,
                gegevens=gegevens,
                details_zichtbaar=zichtbaar,
                verborgen_velden=weggelaten or namen_weg,
                link=mag_openen,
            )
        )
    return regels


def _relaties(regels):
    """The relations between persons of this casus (a relation to someone outside it is on
    that person's own page, for those who may open it)."""
    namen = {r.persoon.pk: r.naam for r in regels}
    if len(namen) < 2:
        return []
    relaties = PersoonRelatie.objects.filter(van_id__in=namen, naar_id__in=namen).order_by(
        "van_id", "type", "naar_id"
    )
    return [
        RelatieRegel(van=namen[r.van_id], type=r.get_type_display(), naar=namen[r.naar_id])
        for r in relaties
    ]


def _overleggen(mdo, begin, einde):
    """The newest MDO_GETOOND + 1 visible MDO's as rows, and whether one of all the visible
    MDO's begins today: one query, the count of today's a window over every visible MDO (it
    is taken before the limit). Each row's type and status label by one lookup per value, and
    its local start as `begint_iso` and `begint_tekst` (the date filter's "c" and "j-n-Y H:i")."""
    rijen = list(
        mdo.order_by("-begint_op", "pk")
        .annotate(
            vandaag=Window(
                Count("pk", filter=Q(begint_op__gte=begin, begint_op__lt=einde)),
            )
        )
        .values_list(
            "pk", "type", "status", "begint_op", "ave_niveau", "sessie__tafel__naam", "vandaag"
        )[: MDO_GETOOND + 1]
    )
    vandaag_op_agenda = bool(rijen) and rijen[0][-1] > 0
    soorten = {waarde: str(label) for waarde, label in OverlegType.choices}
    statussen = {waarde: str(label) for waarde, label in OverlegStatus.choices}
    regels = []
    for pk, soort, status, begint_op, ave_niveau, tafel, _vandaag in rijen:
        begint = timezone.localtime(begint_op)
        regels.append(
            OverlegRegel(
                pk=pk,
                begint_op=begint_op,
                type_label=soorten.get(soort, soort),
                status_label=statussen.get(status, status),
                begint_iso=begint.isoformat(),
                begint_tekst=f"{datum_tekst(begint)} {begint:%H:%M}",
                tafel=tafel or "",
                ave_niveau=ave_niveau,
            )
        )
    return regels, vandaag_op_agenda


def _ave_punten(casus, overleggen):
    punten = []
    if casus.ave_niveau_bij_opening is not None:
        punten.append(
            AvePunt(
                datum=timezone.localdate(casus.geopend_op),
                niveau=casus.ave_niveau_bij_opening,
                bron=_("Opening (triage)"),
            )
        )
    for overleg in reversed(overleggen):
        if overleg.ave_niveau is not None:
            punten.append(
                AvePunt(
                    datum=timezone.localdate(overleg.begint_op),
                    niveau=overleg.ave_niveau,
                    bron=overleg.type_label,
                )
            )
    return punten


def _aantal_per_status(zichtbaar):
    """A Doel annotation: {status: number} of its actions in `zichtbaar` (None: none), one
    subquery, so the policy's list form is compiled and run once per goal."""
    return Subquery(
        zichtbaar.filter(doel_id=OuterRef("pk"))
        .order_by()
        .values("doel_id")
        .annotate(
            per_status=JSONObject(
                **{s: Count("pk", filter=Q(status=s)) for s in ActieStatus.values}
            )
        )
        .values("per_status"),
        output_field=JSONField(),
    )


def _leefgebied_namen():
    """A Doel annotation: the names of its life domains in their order (one subquery, where a
    prefetch was a query and a model per domain)."""
    return Subquery(
        Doel.leefgebieden.through.objects.filter(doel_id=OuterRef("pk"))
        .order_by()
        .values("doel_id")
        .annotate(
            namen=ArrayAgg(
                "leefgebied__naam", order_by=("leefgebied__volgorde", "leefgebied__code")
            )
        )
        .values("namen")
    )


# The latest note as one JSON value in the actions' query (no second query and no model per
# note): the ciphertext as hex, opened with its own row's associated data (core.fields).
_NOTITIE_VELDEN = JSONObject(
    id="pk",
    notitie=Func(F("notitie"), Value("hex"), function="encode", output_field=TextField()),
    op="op",
    organisatie="organisatie__naam",
)


def _notitie(waarden):
    """The Notitie of a `_NOTITIE_VELDEN` value (None: the action has none the actor reads)."""
    if waarden is None:
        return None
    sealed = waarden["notitie"]
    tekst = (
        opened(Voortgang, "notitie", uuid.UUID(waarden["id"]), Sealed(bytes.fromhex(sealed)))
        if sealed is not None
        else ""
    )
    op = datetime.datetime.fromisoformat(waarden["op"])
    return Notitie(
        tekst=tekst,
        organisatie=waarden["organisatie"],
        op=datum_tekst(timezone.localtime(op)),
    )


def _eigenaar(actie):
    """The owner's name as Medewerker.get_full_name writes it, else the username; "—"."""
    if actie.eigenaar_gebruikersnaam is None:
        return "—"
    naam = f"{actie.eigenaar_voornaam} {actie.eigenaar_achternaam}".strip()
    return naam or actie.eigenaar_gebruikersnaam


def _plan(actor, casus, modus):
    """The plan as a summary: per goal the number of its actions in each status, and the
    running actions (open, in uitvoering) with the earliest due dates first, so the overdue
    ones on top, at most ACTIES_GETOOND of them, each with the latest progress note the actor
    may read in this mode. The plan page has every action. Two queries."""
    zichtbaar = policy.visible(actor, "overzicht.acties", Actie.objects.filter(casus=casus))
    doelen = list(
        Doel.objects.filter(plan__casus=casus)
        .annotate(per_status=_aantal_per_status(zichtbaar), gebieden=_leefgebied_namen())
        .order_by("volgorde", "aangemaakt_op", "pk")[: DOELEN_GETOOND + 1]
    )
    meer_doelen = len(doelen) > DOELEN_GETOOND
    doelen = doelen[:DOELEN_GETOOND]
    notities = policy.visible(
        actor, "overzicht.voortgang", Voortgang.objects.filter(actie_id=OuterRef("pk"))
    )
    if verborgen(modus, NOTITIE_ANDERE_ORGANISATIE):
        notities = notities.filter(organisatie_id=actor.organisatie_id)
    acties = list(
        zichtbaar.filter(status__in=LOPENDE_STATUSSEN)
        .select_related("organisatie")
        .annotate(
            laatste_notitie=Subquery(
                notities.order_by("-op").values(json=_NOTITIE_VELDEN)[:1],
                output_field=JSONField(),
            ),
            eigenaar_voornaam=F("eigenaar__first_name"),
            eigenaar_achternaam=F("eigenaar__last_name"),
            eigenaar_gebruikersnaam=F("eigenaar__username"),
        )
        .order_by("deadline", "aangemaakt_op", "pk")[:ACTIES_GETOOND]
    )
    nummers = {d.pk: i for i, d in enumerate(doelen, start=1)}
    vandaag = timezone.localdate()
    statussen = {waarde: str(label) for waarde, label in ActieStatus.choices}
    lopend = []
    for actie in acties:
        lopend.append(
            ActieRegel(
                actie=actie,
                verlopen=actie.deadline < vandaag,
                notitie=_notitie(actie.laatste_notitie),
                doel_nummer=nummers.get(actie.doel_id),
                deadline=datum_tekst(actie.deadline),
                status=statussen.get(actie.status, actie.status),
                eigenaar=_eigenaar(actie),
            )
        )
    regels = [
        DoelRegel(
            doel=d,
            per_status={s: n for s, n in (d.per_status or {}).items() if n},
            leefgebieden=d.gebieden or [],
        )
        for d in doelen
    ]
    return regels, lopend, meer_doelen


def _leefgebieden(actor, casus, regels):
    """Per person its life-domain trend over its latest score rounds (house staff only, as
    the scores pages): three queries for every person together."""
    rondes = list(
        policy.visible(
            actor, "scores.bekijken", Scoreformulier.objects.filter(casus=casus)
        ).order_by("persoon_id", "datum", "ingevuld_op")
    )
    if not rondes:
        return []
    per_persoon: dict[Any, list[Scoreformulier]] = {}
    for ronde in rondes:
        per_persoon.setdefault(ronde.persoon_id, []).append(ronde)
    getoond = {pk: lijst[-selectors_scores.TREND_RONDES :] for pk, lijst in per_persoon.items()}
    ids = [r.pk for lijst in getoond.values() for r in lijst]
    scores: dict[Any, dict[int, int]] = {}
    for formulier_id, leefgebied_id, waarde in Score.objects.filter(
        formulier_id__in=ids
    ).values_list("formulier_id", "leefgebied_id", "waarde"):
        scores.setdefault(formulier_id, {})[leefgebied_id] = waarde
    gebieden = selectors_scores.leefgebieden(casus.zvh_id)
    schaal = list(Schaalwaarde.objects.filter(zvh_id=casus.zvh_id).values_list("waarde", flat=True))
    laagste, hoogste = (min(schaal), max(schaal)) if schaal else (1, 5)
    niet_gescoord = _("niet gescoord")
    trends = []
    for regel in regels:
        lijst = getoond.get(regel.persoon.pk)
        if not lijst:
            continue
        rijen = [(g.naam, [scores.get(r.pk, {}).get(g.pk) for r in lijst]) for g in gebieden]
        trends.append(
            PersoonTrend(
                persoon=regel,
                datums=[datum_tekst(r.datum) for r in lijst],
                tabel=[
                    (naam, [niet_gescoord if w is None else str(w) for w in waarden])
                    for naam, waarden in rijen
                ],
                grafiek=leefgebied_grafiek(rijen, laagste=laagste, hoogste=hoogste),
            )
        )
    return trends


def casus_overzicht(actor: Actor, casus: Casus, *, modus: Modus) -> Overzicht:
    """Everything the casus page shows of `casus` (which the actor may see) in `modus`."""
    begin, einde = _vandaag()
    mdo = policy.visible(actor, "overleg.bekijken", casus.overleggen.all())
    overleggen, vandaag_op_agenda = _overleggen(mdo, begin, einde)
    namen_weg = namen_verborgen(modus, vandaag_op_agenda=vandaag_op_agenda)
    personen = _personen(actor, casus, modus, namen_weg=namen_weg)
    meer_overleggen = len(overleggen) > MDO_GETOOND
    overleggen = overleggen[:MDO_GETOOND]
    doelen, lopende_acties, meer_doelen = _plan(actor, casus, modus)
    overzicht = Overzicht(
        modus=modus,
        vandaag_op_agenda=vandaag_op_agenda,
        namen_verborgen=namen_weg,
        personen=personen,
        relaties=_relaties(personen),
        ave=ave_grafiek(_ave_punten(casus, overleggen)),
        overleggen=overleggen,
        meer_overleggen=meer_overleggen,
        doelen=doelen,
        lopende_acties=lopende_acties,
        meer_doelen=meer_doelen,
        aantal_acties=sum(d.aantal for d in doelen),
        aantal_lopend=sum(d.lopend for d in doelen),
        leefgebieden=_leefgebieden(actor, casus, personen),
    )
    if namen_weg:
        overzicht.pitch_verborgen = True
    else:
        overzicht.pitch = selectors_scores.laatste_pitch(actor, casus)
    return overzicht
