"""Every state change of casusoverleggen: tafels and sessions, planning a casus in a slot, the
MDO record (invitations, attendance, declarations, status, minutes, decisions, AVE, next date).

Each function is keyword-only, takes the `actor`, runs in one transaction, asks the policy and
writes its audit row. Planning locks the session row, so two procesregisseurs taking the last
slot at the same moment are served one after the other: exactly one gets it. Minutes are
guarded by a version number (optimistic locking): a save from an older version is refused.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.actor import Actor
from core.errors import ServiceError
from partners.models import Organisatie, Partnerschap

from . import notificaties
from .models import (
    Aanwezigheid,
    AveNiveau,
    Besluit,
    Casus,
    Casusoverleg,
    CasusStatus,
    Geheimhoudingsverklaring,
    OverlegStatus,
    Overlegtafel,
    OverlegType,
    Sessie,
    Slot,
    Uitnodiging,
)
from .selectors_overleg import ontbrekende_verklaringen, volgende_vrije_slots

MAX_CAPACITEIT = 40
MIN_SLOTDUUR = 5  # minutes
MAX_VERSLAG = 20_000
MAX_BESLUIT = 2_000
MAX_REDEN = 1_000
MAX_GENODIGDEN = 1_000
MAX_KORT = 200


class SessieVol(ServiceError):
    """The session has no free slot; `vrije_slots` are the next free ones of its tafel."""

    def __init__(self, vrije_slots):
        super().__init__(
            _(
                "Deze sessie is vol. Kies een van de volgende vrije plekken, of plan een "
                "spoedoverleg boven de capaciteit met een reden."
            )
        )
        self.vrije_slots = vrije_slots


class VerslagConflict(ServiceError):
    """Someone saved the minutes since this writer opened them; nothing was overwritten."""

    def __init__(self, overleg):
        super().__init__(
            _(
                "Het verslag is intussen door iemand anders gewijzigd. Uw tekst is niet "
                "opgeslagen en staat hieronder; neem de wijzigingen over in de nieuwe versie "
                "en sla opnieuw op."
            )
        )
        self.overleg = overleg


def _lokaal(datum, tijd):
    return timezone.make_aware(datetime.datetime.combine(datum, tijd))


def _tekst(value, *, veld, maximum, verplicht=False):
    value = (value or "").strip()
    if verplicht and not value:
        raise ServiceError(_("Vul %(veld)s in.") % {"veld": veld})
    if len(value) > maximum:
        raise ServiceError(
            _("%(veld)s is te lang (ten hoogste %(max)s tekens).") % {"veld": veld, "max": maximum}
        )
    return value


def _casus_open(casus):
    if casus.status == CasusStatus.AFGESLOTEN:
        raise ServiceError(_("Deze casus is afgesloten: er kan niets meer worden gewijzigd."))


def _overleg_vergrendeld(actor, overleg):
    """The MDO locked for a change, after the policy and the closed-casus check."""
    overleg = (
        Casusoverleg.objects.select_for_update(of=("self",))
        .select_related("casus", "sessie__tafel")
        .get(pk=overleg.pk)
    )
    policy.require(actor, "overleg.voeren", overleg, not_found=True)
    _casus_open(overleg.casus)
    return overleg


# Tafels and sessions -------------------------------------------------------------------------


@transaction.atomic
def tafel_opslaan(
    *, actor: Actor, tafel=None, naam, vaste_dag_tijd="", locatie="", actief=True, spoed=False
) -> Overlegtafel:
    """Create a tafel in the actor's house, or change `tafel`."""
    naam = _tekst(naam, veld=_("de naam"), maximum=MAX_KORT, verplicht=True)
    vaste_dag_tijd = _tekst(vaste_dag_tijd, veld=_("de vaste dag en tijd"), maximum=MAX_KORT)
    locatie = _tekst(locatie, veld=_("de locatie"), maximum=MAX_KORT)
    if tafel is None:
        policy.require(actor, "overleg.tafels_beheren")
        tafel = Overlegtafel(zvh_id=actor.zvh_id)
        event = events.OVERLEGTAFEL_AANGEMAAKT
    else:
        tafel = Overlegtafel.objects.select_for_update().get(pk=tafel.pk)
        policy.require(actor, "overleg.tafels_beheren", tafel, not_found=True)
        event = events.OVERLEGTAFEL_GEWIJZIGD
    dubbel = Overlegtafel.objects.filter(zvh_id=actor.zvh_id, naam__iexact=naam)
    if dubbel.exclude(pk=tafel.pk).exists():
        raise ServiceError(_("Er is al een overlegtafel met deze naam."))
    tafel.naam, tafel.vaste_dag_tijd, tafel.locatie = naam, vaste_dag_tijd, locatie
    tafel.actief, tafel.spoed = bool(actief), bool(spoed)
    tafel.save()
    log.change(actor=actor, event=event, target=tafel)
    return tafel


@transaction.atomic
def sessie_aanmaken(
    *, actor: Actor, tafel, datum, begin, eind, capaciteit, plaats="", spoed=False
) -> Sessie:
    """A session of `tafel` with `capaciteit` slots of equal length between `begin` and
    `eind`."""
    tafel = Overlegtafel.objects.select_for_update().get(pk=tafel.pk)
    policy.require(actor, "overleg.tafels_beheren", tafel, not_found=True)
    if not tafel.actief:
        raise ServiceError(_("Deze overlegtafel is niet actief."))
    plaats = _tekst(plaats, veld=_("de plaats"), maximum=300)
    if datum < timezone.localdate():
        raise ServiceError(_("De datum van de sessie ligt in het verleden."))
    if eind <= begin:
        raise ServiceError(_("Het einde van de sessie moet na het begin liggen."))
    if not 1 <= capaciteit <= MAX_CAPACITEIT:
        raise ServiceError(
            _("Het aantal plekken moet tussen 1 en %(max)s liggen.") % {"max": MAX_CAPACITEIT}
        )
    minuten = (
        datetime.datetime.combine(datum, eind) - datetime.datetime.combine(datum, begin)
    ).seconds // 60
    duur = minuten // capaciteit
    if duur < MIN_SLOTDUUR:
        raise ServiceError(
            _("Zoveel plekken passen niet in deze tijd (minstens %(min)s minuten per plek).")
            % {"min": MIN_SLOTDUUR}
        )
    sessie = Sessie.objects.create(
        zvh_id=tafel.zvh_id,
        tafel=tafel,
        datum=datum,
        begin=begin,
        eind=eind,
        plaats=plaats,
        capaciteit=capaciteit,
        spoed=bool(spoed) or tafel.spoed,
    )
    start = datetime.datetime.combine(datum, begin)
    Slot.objects.bulk_create(
        Slot(
            sessie=sessie,
            volgorde=i + 1,
            begintijd=(start + datetime.timedelta(minutes=i * duur)).time(),
            duur_minuten=duur,
        )
        for i in range(capaciteit)
    )
    log.change(
        actor=actor,
        event=events.OVERLEGSESSIE_AANGEMAAKT,
        target=sessie,
        detail=f"{capaciteit} plekken",
    )
    return sessie


# Planning ------------------------------------------------------------------------------------


@transaction.atomic
def casus_plannen(
    *, actor: Actor, casus, sessie, type, boven_capaciteit=False, reden=""
) -> Casusoverleg:
    """Plan an MDO of `casus` in the first free slot of `sessie`.

    A full session refuses with the next free slots of its tafel (SessieVol). A spoed MDO may
    go over capacity with a reason (recorded encrypted, audited as such). A spoed session takes
    only spoed MDO's. A casus gets one MDO per session.
    """
    if type not in OverlegType.values:
        raise ServiceError(_("Kies een soort overleg."))
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    policy.require(actor, "overleg.plannen", casus, not_found=True)
    _casus_open(casus)
    # The lock on the session row serialises everyone planning on this session.
    sessie = (
        Sessie.objects.select_for_update(of=("self",)).select_related("tafel").get(pk=sessie.pk)
    )
    if sessie.zvh_id != casus.zvh_id:
        raise policy.Geweigerd("overleg.plannen", target=casus, not_found=True)
    if sessie.datum < timezone.localdate():
        raise ServiceError(_("Deze sessie ligt in het verleden."))
    if sessie.spoed and type != OverlegType.SPOED:
        raise ServiceError(_("Op een spoedsessie worden alleen spoedoverleggen gepland."))
    if Casusoverleg.objects.filter(sessie=sessie, casus=casus).exists():
        raise ServiceError(_("Deze casus staat al op deze sessie."))
    slot = sessie.slots.filter(overleg__isnull=True).order_by("volgorde").first()
    overleg = Casusoverleg(
        zvh_id=casus.zvh_id, casus=casus, sessie=sessie, type=type, gepland_door_id=actor.user_id
    )
    if slot is not None:
        overleg.slot = slot
        overleg.begint_op = _lokaal(sessie.datum, slot.begintijd)
        overleg.eindigt_op = overleg.begint_op + datetime.timedelta(minutes=slot.duur_minuten)
        event, detail = events.CASUSOVERLEG_GEPLAND, f"plek {slot.volgorde}"
    elif boven_capaciteit:
        if type != OverlegType.SPOED:
            raise ServiceError(_("Alleen een spoedoverleg kan boven de capaciteit worden gepland."))
        overleg.reden_boven_capaciteit = _tekst(
            reden, veld=_("de reden"), maximum=MAX_REDEN, verplicht=True
        )
        overleg.boven_capaciteit = True
        duur = sessie.slots.order_by("volgorde").values_list("duur_minuten", flat=True).first()
        extra = sessie.overleggen.filter(boven_capaciteit=True).count()
        overleg.begint_op = _lokaal(sessie.datum, sessie.eind) + datetime.timedelta(
            minutes=extra * (duur or 30)
        )
        overleg.eindigt_op = overleg.begint_op + datetime.timedelta(minutes=duur or 30)
        event, detail = events.CASUSOVERLEG_BOVEN_CAPACITEIT, "boven de capaciteit"
    else:
        raise SessieVol(volgende_vrije_slots(sessie=sessie))
    overleg.save()
    log.change(actor=actor, event=event, target=overleg, detail=f"{type}, {detail}")
    return overleg


# The MDO record ------------------------------------------------------------------------------


def is_incidentele_partner(*, zvh_id, organisatie) -> bool:
    """No current partnership with a signed privacy protocol in this house."""
    partnerschap = Partnerschap.objects.filter(zvh_id=zvh_id, organisatie=organisatie).first()
    return partnerschap is None or not partnerschap.is_partner or not organisatie.actief


@transaction.atomic
def uitnodigen(*, actor: Actor, overleg, organisatie, genodigden="") -> Uitnodiging:
    """Invite an organisation (with the professionals it sends, name and function) to a
    planned MDO; an organisation without a signed privacy protocol is marked incidenteel."""
    overleg = _overleg_vergrendeld(actor, overleg)
    if overleg.status != OverlegStatus.GEPLAND:
        raise ServiceError(_("Uitnodigen kan alleen zolang het overleg gepland is."))
    organisatie = Organisatie.objects.get(pk=organisatie.pk)
    if not organisatie.actief:
        raise ServiceError(_("Deze organisatie is niet actief."))
    genodigden = _tekst(genodigden, veld=_("de genodigden"), maximum=MAX_GENODIGDEN)
    if overleg.uitnodigingen.filter(organisatie=organisatie).exists():
        raise ServiceError(_("Deze organisatie is al uitgenodigd."))
    uitnodiging = Uitnodiging.objects.create(
        casusoverleg=overleg,
        organisatie=organisatie,
        genodigden=genodigden,
        incidenteel=is_incidentele_partner(zvh_id=overleg.zvh_id, organisatie=organisatie),
    )
    log.change(
        actor=actor,
        event=events.CASUSOVERLEG_UITGENODIGD,
        target=overleg,
        detail=f"organisatie {organisatie.pk}"
        + (" (incidenteel)" if uitnodiging.incidenteel else ""),
    )
    notificaties.mdo_uitgenodigd(uitnodiging)
    return uitnodiging


@transaction.atomic
def aanwezigheid_vastleggen(*, actor: Actor, uitnodiging, aanwezigheid) -> Uitnodiging:
    if aanwezigheid not in Aanwezigheid.values:
        raise ServiceError(_("Kies aanwezig, afwezig of afgemeld."))
    overleg = _overleg_vergrendeld(actor, uitnodiging.casusoverleg)
    if overleg.status == OverlegStatus.GEPLAND and aanwezigheid == Aanwezigheid.AANWEZIG:
        raise ServiceError(_("Aanwezigheid legt u vast als het overleg geopend is."))
    uitnodiging = overleg.uitnodigingen.get(pk=uitnodiging.pk)
    uitnodiging.aanwezigheid = aanwezigheid
    uitnodiging.save(update_fields=["aanwezigheid"])
    log.change(
        actor=actor,
        event=events.CASUSOVERLEG_AANWEZIGHEID,
        target=overleg,
        detail=f"organisatie {uitnodiging.organisatie_id}: {aanwezigheid}",
    )
    return uitnodiging


@transaction.atomic
def verklaring_vastleggen(
    *, actor: Actor, uitnodiging, naam_ondertekenaar, getekend_op, hele_casus=False
) -> Geheimhoudingsverklaring:
    """Record that an invited organisation's professional signed a geheimhoudingsverklaring,
    for this MDO or (`hele_casus`) for every MDO of the casus."""
    overleg = _overleg_vergrendeld(actor, uitnodiging.casusoverleg)
    uitnodiging = overleg.uitnodigingen.get(pk=uitnodiging.pk)
    naam = _tekst(
        naam_ondertekenaar, veld=_("de naam van de ondertekenaar"), maximum=MAX_KORT, verplicht=True
    )
    if getekend_op is None:
        raise ServiceError(_("Vul de datum van ondertekening in."))
    if getekend_op > timezone.localdate():
        raise ServiceError(_("De datum van ondertekening ligt in de toekomst."))
    verklaring = Geheimhoudingsverklaring.objects.create(
        organisatie_id=uitnodiging.organisatie_id,
        casus_id=overleg.casus_id,
        casusoverleg=None if hele_casus else overleg,
        naam_ondertekenaar=naam,
        getekend_op=getekend_op,
        vastgelegd_door_id=actor.user_id,
    )
    log.change(
        actor=actor,
        event=events.GEHEIMHOUDINGSVERKLARING_VASTGELEGD,
        target=overleg,
        detail=f"organisatie {uitnodiging.organisatie_id}"
        + (", hele casus" if hele_casus else ", dit overleg"),
    )
    return verklaring


def _poort(overleg):
    ontbrekend = ontbrekende_verklaringen(overleg)
    if ontbrekend:
        raise ServiceError(
            _(
                "Het overleg kan niet worden geopend: de geheimhoudingsverklaring ontbreekt "
                "voor %(organisaties)s."
            )
            % {"organisaties": ", ".join(u.organisatie.naam for u in ontbrekend)}
        )


_VOLGENDE_STATUS = {
    OverlegStatus.GEPLAND: OverlegStatus.GEOPEND,
    OverlegStatus.GEOPEND: OverlegStatus.GEHOUDEN,
}


@transaction.atomic
def status_wijzigen(*, actor: Actor, overleg, status) -> Casusoverleg:
    """gepland → geopend → gehouden. Neither step is taken while an invited incidentele
    partner lacks its geheimhoudingsverklaring (the gate)."""
    overleg = _overleg_vergrendeld(actor, overleg)
    if _VOLGENDE_STATUS.get(overleg.status) != status:
        raise ServiceError(
            _("Dit overleg is %(status)s; die stap kan nu niet.")
            % {"status": overleg.get_status_display().lower()}
        )
    _poort(overleg)
    overleg.status = status
    overleg.save(update_fields=["status"])
    log.change(
        actor=actor, event=events.CASUSOVERLEG_STATUS_GEWIJZIGD, target=overleg, detail=status
    )
    return overleg


def _in_gesprek(overleg):
    if overleg.status == OverlegStatus.GEPLAND:
        raise ServiceError(_("Open het overleg eerst."))


@transaction.atomic
def verslag_opslaan(*, actor: Actor, overleg, verslag, versie) -> Casusoverleg:
    """Save the minutes if nobody saved since version `versie` was read (else VerslagConflict,
    nothing overwritten)."""
    overleg = _overleg_vergrendeld(actor, overleg)
    _in_gesprek(overleg)
    verslag = _tekst(verslag, veld=_("het verslag"), maximum=MAX_VERSLAG)
    if overleg.versie != versie:
        raise VerslagConflict(overleg)
    overleg.verslag = verslag
    overleg.versie += 1
    overleg.save(update_fields=["verslag", "versie"])
    log.change(
        actor=actor,
        event=events.CASUSOVERLEG_VERSLAG_GEWIJZIGD,
        target=overleg,
        detail=f"versie {overleg.versie}",
    )
    return overleg


@transaction.atomic
def besluit_vastleggen(*, actor: Actor, overleg, tekst, eigenaar) -> Besluit:
    """A decision owned by an organisation invited to the MDO or taking part in the casus."""
    overleg = _overleg_vergrendeld(actor, overleg)
    _in_gesprek(overleg)
    tekst = _tekst(tekst, veld=_("het besluit"), maximum=MAX_BESLUIT, verplicht=True)
    if eigenaar is None:
        raise ServiceError(_("Kies de organisatie die eigenaar is van het besluit."))
    betrokken = overleg.uitnodigingen.filter(organisatie=eigenaar).exists() or (
        overleg.casus.deelnemers.filter(organisatie=eigenaar).exists()
    )
    if not betrokken:
        raise ServiceError(
            _("De eigenaar van een besluit is een uitgenodigde of deelnemende organisatie.")
        )
    besluit = Besluit(casusoverleg=overleg, tekst=tekst, eigenaar=eigenaar)
    besluit.save()
    log.change(
        actor=actor,
        event=events.CASUSOVERLEG_BESLUIT_VASTGELEGD,
        target=overleg,
        detail=f"eigenaar {eigenaar.pk}",
    )
    return besluit


@transaction.atomic
def afspraken_vastleggen(*, actor: Actor, overleg, ave_niveau, volgend_mdo_op) -> Casusoverleg:
    """The AVE level agreed (it becomes the casus's current level; the MDO keeps it as
    history) and the date of the next MDO."""
    overleg = _overleg_vergrendeld(actor, overleg)
    _in_gesprek(overleg)
    if ave_niveau not in AveNiveau.values:
        raise ServiceError(_("Kies een AVE-niveau."))
    if (
        volgend_mdo_op is not None
        and volgend_mdo_op <= timezone.localtime(overleg.begint_op).date()
    ):
        raise ServiceError(_("De datum van het volgende MDO ligt na dit overleg."))
    overleg.ave_niveau = ave_niveau
    overleg.volgend_mdo_op = volgend_mdo_op
    overleg.save(update_fields=["ave_niveau", "volgend_mdo_op"])
    casus = overleg.casus
    if casus.ave_niveau != ave_niveau:
        casus.ave_niveau = ave_niveau
        casus.save(update_fields=["ave_niveau"])
    log.change(
        actor=actor,
        event=events.CASUSOVERLEG_AFSPRAKEN_VASTGELEGD,
        target=overleg,
        detail=f"AVE {ave_niveau}" + (f", volgend MDO {volgend_mdo_op}" if volgend_mdo_op else ""),
    )
    return overleg
