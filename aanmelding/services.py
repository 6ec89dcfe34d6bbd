"""Every state change of a referral, its persons and its triage: policy-checked and audited.

Each function is keyword-only and runs in one transaction; a refusal raises ServiceError with a
message for the user and leaves the database as it was.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from audit import events, record
from audit.models import Outcome
from casus.models import Casus, Deelnemer, DeelnemerRol, Persoon, PersoonRelatie
from casus.nummering import casusjaar, volgend_casusnummer
from partners import policy
from partners.models import Partnerschap
from partners.services import ServiceError
from privacy.crypto import blind_index, naam_index, normalise_bsn

from . import selectors
from .models import (
    WGS_CRITERIA,
    Aanmelding,
    AanmeldingPersoon,
    Aanvulling,
    Afwijsreden,
    Besluit,
    CriteriumOordeel,
    Informatieverzoek,
    RegionaalCriterium,
    Status,
    Triagebesluit,
    TriageInstelling,
)

WGS_LETTERS = [letter for letter, _text in WGS_CRITERIA]

AANMELDING_VELDEN = (
    "reden",
    "betrokken_partners",
    "geprobeerd",
    "wgs_a",
    "wgs_a_motivatie",
    "wgs_b",
    "wgs_b_motivatie",
    "wgs_c",
    "wgs_c_motivatie",
    "wgs_d",
    "wgs_d_motivatie",
    "spoed",
    "spoed_reden",
    "melder_naam",
    "melder_telefoon",
    "melder_email",
    "persoon_geinformeerd",
    "geinformeerd_op",
    "niet_geinformeerd_reden",
)

PERSOON_VELDEN = (
    "bsn",
    "voornamen",
    "achternaam",
    "geboortedatum",
    "adres",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
)


class BestaandePersoon(ServiceError):
    """The BSN is already registered in this house; `persoon` is that registration."""

    def __init__(self, persoon):
        super().__init__(_("Deze persoon (BSN) is al geregistreerd in dit huis."))
        self.persoon = persoon


class MogelijkeDubbel(ServiceError):
    """A person with the same name and date of birth exists; the user must confirm."""

    def __init__(self):
        super().__init__(
            _(
                "Er is al een persoon met dezelfde naam en geboortedatum geregistreerd. "
                "Controleer of het om een andere persoon gaat en bevestig dat."
            )
        )


class AlBesloten(ServiceError):
    """Someone else decided first; nothing was changed."""


def _detail_personen(aanmelding):
    andere = [p.audit_pseudoniem for p in aanmelding.personen_geordend[1:]]
    return f"ook: {','.join(andere)}" if andere else ""


def _vul(aanmelding, gegevens):
    for veld in AANMELDING_VELDEN:
        if veld in gegevens:
            setattr(aanmelding, veld, gegevens[veld])
    if "problemen" in gegevens:
        aanmelding.problemen_per_leefgebied = gegevens["problemen"]
    if not aanmelding.spoed:
        aanmelding.spoed_reden = ""
    if aanmelding.persoon_geinformeerd is True:
        aanmelding.niet_geinformeerd_reden = ""
    elif aanmelding.persoon_geinformeerd is False:
        aanmelding.geinformeerd_op = None


def _betrokken(aanmelding, gegevens):
    """Involved organisations: only organisations taking part in the referral's house."""
    if "betrokken_organisaties" not in gegevens:
        return
    organisaties = list(gegevens["betrokken_organisaties"])
    toegestaan = set(
        Partnerschap.objects.filter(
            zvh_id=aanmelding.zvh_id, organisatie__in=organisaties
        ).values_list("organisatie_id", flat=True)
    )
    if any(o.pk not in toegestaan for o in organisaties):
        raise ServiceError(_("Kies organisaties die deelnemen aan dit huis."))
    aanmelding.betrokken_organisaties.set(organisaties)


@transaction.atomic
def aanmelding_aanmaken(*, request, gegevens, telefonisch=False):
    """A new draft referral of the user's organisation in the current house."""
    policy.require(request, "aanmelding.aanmaken")
    user = request.user
    aanmelding = Aanmelding(
        zvh=request.zvh,
        organisatie_id=user.organisatie_id,
        aangemeld_door=user,
        telefonisch=telefonisch,
    )
    _vul(aanmelding, gegevens)
    aanmelding.save()
    _betrokken(aanmelding, gegevens)
    record(event=events.AANMELDING_AANGEMAAKT, request=request, target=aanmelding)
    return aanmelding


@transaction.atomic
def aanmelding_wijzigen(*, request, aanmelding, gegevens):
    """Change a draft. A submitted referral is only supplemented (aanmelding_aanvullen)."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(request, "aanmelding.wijzigen", aanmelding)
    _vul(aanmelding, gegevens)
    aanmelding.save()
    _betrokken(aanmelding, gegevens)
    record(event=events.AANMELDING_GEWIJZIGD, request=request, target=aanmelding)
    return aanmelding


def _nieuwe_persoon(*, request, gegevens):
    persoon = Persoon(zvh=request.zvh, aangemaakt_door=request.user)
    for veld in PERSOON_VELDEN:
        setattr(persoon, veld, gegevens.get(veld) or ("" if veld != "geboortedatum" else None))
    try:
        persoon.clean()
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages)) from exc
    return persoon


def _koppel(aanmelding, persoon, relatie):
    if AanmeldingPersoon.objects.filter(aanmelding=aanmelding, persoon=persoon).exists():
        raise ServiceError(_("Deze persoon staat al in deze aanmelding."))
    links = list(AanmeldingPersoon.objects.filter(aanmelding=aanmelding).order_by("volgorde"))
    AanmeldingPersoon.objects.create(aanmelding=aanmelding, persoon=persoon, volgorde=len(links))
    if relatie and links:
        PersoonRelatie.objects.get_or_create(van=persoon, naar_id=links[0].persoon_id, type=relatie)


@transaction.atomic
def persoon_toevoegen(*, request, aanmelding, gegevens, relatie="", naamgelijkenis_bevestigd=False):
    """Register a new person in the house and add it to a draft referral.

    Refused when the BSN is already registered in the house (BestaandePersoon); warns when the
    name and date of birth match an existing person (MogelijkeDubbel) until confirmed.
    """
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(request, "aanmelding.wijzigen", aanmelding)
    persoon = _nieuwe_persoon(request=request, gegevens=gegevens)
    if persoon.bsn:
        bestaand = Persoon.objects.filter(
            zvh=request.zvh, bsn_index=blind_index(persoon.bsn)
        ).first()
        if bestaand is not None:
            raise BestaandePersoon(bestaand)
    if not naamgelijkenis_bevestigd:
        index = naam_index(persoon.voornamen, persoon.achternaam, persoon.geboortedatum)
        if Persoon.objects.filter(zvh=request.zvh, naam_index=index).exists():
            raise MogelijkeDubbel()
    try:
        with transaction.atomic():
            persoon.save()
    except IntegrityError as exc:
        # Registered by someone else between our check and our insert.
        bestaand = Persoon.objects.get(zvh=request.zvh, bsn_index=blind_index(persoon.bsn))
        raise BestaandePersoon(bestaand) from exc
    _koppel(aanmelding, persoon, relatie)
    record(event=events.PERSOON_GEREGISTREERD, request=request, target=persoon)
    return persoon


@transaction.atomic
def persoon_koppelen(*, request, aanmelding, bsn, relatie=""):
    """Add an already registered person to a draft referral. Only by BSN: whoever links a
    person must know the number, so the house's registrations cannot be browsed this way."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(request, "aanmelding.wijzigen", aanmelding)
    persoon = Persoon.objects.filter(
        zvh=request.zvh, bsn_index=blind_index(normalise_bsn(bsn))
    ).first()
    if persoon is None:
        raise ServiceError(_("Er is in dit huis geen persoon met dit BSN geregistreerd."))
    _koppel(aanmelding, persoon, relatie)
    record(event=events.PERSOON_GEKOPPELD, request=request, target=persoon, detail="aanmelding")
    return persoon


def ontbrekend_voor_indienen(aanmelding):
    """What a referral still lacks before it can be submitted, as Dutch messages."""
    missing = []
    if not AanmeldingPersoon.objects.filter(aanmelding=aanmelding).exists():
        missing.append(_("Voeg ten minste één persoon toe."))
    if not aanmelding.reden.strip():
        missing.append(_("Beschrijf de reden van aanmelding."))
    if not aanmelding.problemen_per_leefgebied:
        missing.append(_("Beschrijf de problemen op ten minste één leefgebied."))
    for letter in WGS_LETTERS:
        if getattr(aanmelding, f"wgs_{letter}") is None:
            missing.append(_("Beantwoord WGS-criterium %(c)s met ja of nee.") % {"c": letter})
        if not getattr(aanmelding, f"wgs_{letter}_motivatie").strip():
            missing.append(_("Motiveer uw antwoord bij WGS-criterium %(c)s.") % {"c": letter})
    if aanmelding.spoed and not aanmelding.spoed_reden.strip():
        missing.append(_("Geef de reden voor spoed."))
    if not (aanmelding.melder_naam and (aanmelding.melder_telefoon or aanmelding.melder_email)):
        missing.append(_("Vul uw naam en een telefoonnummer of e-mailadres in."))
    if aanmelding.persoon_geinformeerd is None:
        missing.append(_("Geef aan of de persoon over de aanmelding is geïnformeerd."))
    elif aanmelding.persoon_geinformeerd and not aanmelding.geinformeerd_op:
        missing.append(_("Vul de datum in waarop de persoon is geïnformeerd."))
    elif not aanmelding.persoon_geinformeerd and not aanmelding.niet_geinformeerd_reden.strip():
        missing.append(_("Geef de reden om de persoon niet te informeren."))
    return missing


@transaction.atomic
def aanmelding_indienen(*, request, aanmelding):
    """Submit a complete draft. Submitting an already submitted referral changes nothing."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(request, "aanmelding.bekijken", aanmelding, not_found=True)
    if aanmelding.status != Status.CONCEPT:
        return aanmelding, False
    policy.require(request, "aanmelding.wijzigen", aanmelding)
    missing = ontbrekend_voor_indienen(aanmelding)
    if missing:
        raise ServiceError(" ".join(missing))
    aanmelding.status = Status.INGEDIEND
    aanmelding.ingediend_op = timezone.now()
    aanmelding.save(update_fields=["status", "ingediend_op"])
    record(
        event=events.AANMELDING_INGEDIEND,
        request=request,
        target=aanmelding,
        detail="spoed" if aanmelding.spoed else "",
    )
    return aanmelding, True


@transaction.atomic
def aanmelding_aanvullen(*, request, aanmelding, tekst):
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(request, "aanmelding.aanvullen", aanmelding)
    if not tekst.strip():
        raise ServiceError(_("Een aanvulling mag niet leeg zijn."))
    aanvulling = Aanvulling.objects.create(aanmelding=aanmelding, tekst=tekst, door=request.user)
    record(event=events.AANMELDING_AANGEVULD, request=request, target=aanmelding)
    return aanvulling


@transaction.atomic
def informatieverzoek_beantwoorden(*, request, aanmelding, antwoord):
    """The referrer answers the open question; the referral returns to the triage queue."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(request, "aanmelding.beantwoorden", aanmelding)
    if not antwoord.strip():
        raise ServiceError(_("Het antwoord mag niet leeg zijn."))
    verzoek = (
        Informatieverzoek.objects.filter(aanmelding=aanmelding, beantwoord_op__isnull=True)
        .order_by("-gesteld_op")
        .first()
    )
    if verzoek is None:
        raise ServiceError(_("Er staat geen vraag open bij deze aanmelding."))
    verzoek.antwoord = antwoord
    verzoek.beantwoord_door = request.user
    verzoek.beantwoord_op = timezone.now()
    verzoek.save()
    aanmelding.status = Status.INGEDIEND
    aanmelding.save(update_fields=["status"])
    record(event=events.INFORMATIEVERZOEK_BEANTWOORD, request=request, target=aanmelding)
    return verzoek


def _check_oordelen(oordelen, regionaal, volledig):
    """`oordelen`: {"a": (bool, motivatie), ..., <RegionaalCriterium pk>: (bool, motivatie)}."""
    verwacht = [*WGS_LETTERS, *[c.pk for c in regionaal]]
    for key in verwacht:
        voldaan, motivatie = oordelen.get(key, (None, ""))
        if voldaan is None and not volledig and not (motivatie or "").strip():
            continue
        if voldaan is None:
            raise ServiceError(_("Beantwoord elk criterium met ja of nee."))
        if not (motivatie or "").strip():
            raise ServiceError(_("Elk criterium heeft een schriftelijke motivatie nodig."))


def _open_casus(*, request, aanmelding, besluit):
    if aanmelding.casus_id is not None:
        raise AlBesloten(_("Voor deze aanmelding is al een casus geopend."))
    casus = Casus.objects.create(
        zvh_id=aanmelding.zvh_id,
        nummer=volgend_casusnummer(zvh_id=aanmelding.zvh_id, jaar=casusjaar()),
        ave_niveau=besluit.ave_niveau,
        procesregisseur=besluit.procesregisseur,
        backup_procesregisseur=besluit.backup_procesregisseur,
    )
    personen = list(
        AanmeldingPersoon.objects.filter(aanmelding=aanmelding).values_list("persoon", flat=True)
    )
    casus.personen.set(personen)
    casus.themas.set(besluit.themas.all())
    deelnemer = Deelnemer.objects.create(
        casus=casus, organisatie=aanmelding.organisatie, rol=DeelnemerRol.AANMELDER
    )
    assign_perm("casus.view_casus", deelnemer.organisatie.groep, casus)
    aanmelding.casus = casus
    aanmelding.status = Status.GEACCEPTEERD
    aanmelding.besloten_op = timezone.now()
    aanmelding.save(update_fields=["casus", "status", "besloten_op"])
    record(
        event=events.CASUS_AANGEMAAKT,
        request=request,
        target=casus,
        persoon_pseudoniem=aanmelding.audit_pseudoniem,
        detail=f"aanmelding {aanmelding.pk}",
    )
    return casus


def _lock_for_decision(request, aanmelding, *statussen):
    policy.require(request, "triage.besluiten", aanmelding, not_found=True)
    locked = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if locked.status not in statussen:
        raise AlBesloten(
            _(
                "Over deze aanmelding is intussen al besloten (status: %(status)s). "
                "Er is niets gewijzigd."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def triage_besluiten(
    *,
    request,
    aanmelding,
    besluit,
    oordelen,
    themas=(),
    ave_niveau=None,
    afwijsreden=None,
    bericht="",
    procesregisseur=None,
    backup_procesregisseur=None,
):
    """Record a procesregisseur's triage and act on it.

    Only the four WGS criteria and this house's active regional criteria are judged (other keys
    in `oordelen` are ignored). Regional criteria need an answer and a motivation but, unlike
    the WGS criteria, a "nee" does not block acceptance: the law sets the bar, the house adds
    what it wants weighed.
    accept: all four WGS criteria "ja", themes, AVE level and two different procesregisseurs;
    opens the casus at once, or waits for a second procesregisseur when the house asks for it.
    decline: a reason from the house's list and a message. more information: the question.
    """
    aanmelding = _lock_for_decision(request, aanmelding, Status.INGEDIEND)
    zvh = request.zvh
    regionaal = list(selectors.regionale_criteria(zvh))
    _check_oordelen(oordelen, regionaal, volledig=besluit != Besluit.MEER_INFORMATIE)
    bericht = (bericht or "").strip()
    if besluit == Besluit.ACCEPTEREN:
        if not all(oordelen[letter][0] for letter in WGS_LETTERS):
            raise ServiceError(
                _("Accepteren kan alleen als aan alle vier de WGS-criteria is voldaan.")
            )
        if not themas:
            raise ServiceError(_("Kies ten minste één thema."))
        if any(t.zvh_id != zvh.pk for t in themas):
            raise ServiceError(_("Kies thema's van dit huis."))
        if ave_niveau not in (1, 2, 3, 4):
            raise ServiceError(_("Kies het AVE-niveau."))
        regisseurs = set(selectors.procesregisseurs(zvh).values_list("pk", flat=True))
        if procesregisseur is None or backup_procesregisseur is None:
            raise ServiceError(_("Wijs een procesregisseur en een back-up toe."))
        if procesregisseur.pk == backup_procesregisseur.pk:
            raise ServiceError(_("De back-up moet een andere procesregisseur zijn."))
        if not {procesregisseur.pk, backup_procesregisseur.pk} <= regisseurs:
            raise ServiceError(_("Wijs procesregisseurs van dit huis toe."))
    elif besluit == Besluit.AFWIJZEN:
        if afwijsreden is None or afwijsreden.zvh_id != zvh.pk or not afwijsreden.actief:
            raise ServiceError(_("Kies een reden van afwijzing."))
        if not bericht:
            raise ServiceError(_("Schrijf een bericht voor de aanmelder."))
    elif besluit == Besluit.MEER_INFORMATIE:
        if not bericht:
            raise ServiceError(_("Schrijf de vraag aan de aanmelder."))
    else:
        raise ServiceError(_("Kies een besluit."))

    accept = besluit == Besluit.ACCEPTEREN
    triage = Triagebesluit.objects.create(
        aanmelding=aanmelding,
        besluit=besluit,
        door=request.user,
        ave_niveau=ave_niveau if accept else None,
        afwijsreden=afwijsreden if besluit == Besluit.AFWIJZEN else None,
        bericht=bericht,
        procesregisseur=procesregisseur if accept else None,
        backup_procesregisseur=backup_procesregisseur if accept else None,
    )
    if accept:
        triage.themas.set(themas)
    for key in [*WGS_LETTERS, *[c.pk for c in regionaal]]:
        voldaan, motivatie = oordelen.get(key, (None, ""))
        if voldaan is None:
            continue
        CriteriumOordeel.objects.create(
            triagebesluit=triage,
            wgs_criterium=key if key in WGS_LETTERS else "",
            regionaal_criterium_id=None if key in WGS_LETTERS else key,
            voldaan=voldaan,
            motivatie=motivatie.strip(),
        )

    casus = None
    if accept:
        instelling = TriageInstelling.objects.filter(zvh=zvh).first()
        if instelling is not None and instelling.vier_ogen:
            aanmelding.status = Status.TER_BEVESTIGING
            aanmelding.save(update_fields=["status"])
        else:
            casus = _open_casus(request=request, aanmelding=aanmelding, besluit=triage)
    elif besluit == Besluit.AFWIJZEN:
        aanmelding.status = Status.AFGEWEZEN
        aanmelding.besloten_op = timezone.now()
        aanmelding.save(update_fields=["status", "besloten_op"])
    else:
        Informatieverzoek.objects.create(
            aanmelding=aanmelding, vraag=bericht, gesteld_door=request.user
        )
        aanmelding.status = Status.MEER_INFORMATIE
        aanmelding.save(update_fields=["status"])
    record(
        event=events.TRIAGE_BESLUIT,
        request=request,
        target=aanmelding,
        casus_id=str(casus.pk) if casus else None,
        detail=f"{besluit}; status {aanmelding.status}; {_detail_personen(aanmelding)}"[:500],
    )
    return aanmelding


@transaction.atomic
def triage_bevestigen(*, request, aanmelding):
    """Four-eyes: a second procesregisseur confirms an acceptance; the casus opens."""
    aanmelding = _lock_for_decision(request, aanmelding, Status.TER_BEVESTIGING)
    triage = aanmelding.triagebesluiten.filter(besluit=Besluit.ACCEPTEREN).latest("op")
    if triage.door_id == request.user.pk:
        raise ServiceError(
            _("Een andere procesregisseur moet de acceptatie bevestigen (vier-ogenprincipe).")
        )
    triage.bevestigd_door = request.user
    triage.bevestigd_op = timezone.now()
    triage.save(update_fields=["bevestigd_door", "bevestigd_op"])
    casus = _open_casus(request=request, aanmelding=aanmelding, besluit=triage)
    record(
        event=events.TRIAGE_BEVESTIGD, request=request, target=aanmelding, casus_id=str(casus.pk)
    )
    return aanmelding


@transaction.atomic
def triage_bevestiging_weigeren(*, request, aanmelding, reden):
    """Four-eyes: the second procesregisseur does not confirm; the referral returns to the
    queue for a new triage. The unconfirmed decision stays on record."""
    aanmelding = _lock_for_decision(request, aanmelding, Status.TER_BEVESTIGING)
    triage = aanmelding.triagebesluiten.filter(besluit=Besluit.ACCEPTEREN).latest("op")
    if triage.door_id == request.user.pk:
        raise ServiceError(
            _("Een andere procesregisseur beoordeelt de acceptatie (vier-ogenprincipe).")
        )
    if not (reden or "").strip():
        raise ServiceError(_("Geef aan waarom u de acceptatie niet bevestigt."))
    aanmelding.status = Status.INGEDIEND
    aanmelding.save(update_fields=["status"])
    record(
        event=events.TRIAGE_BEVESTIGD,
        outcome=Outcome.DENIED,
        request=request,
        target=aanmelding,
        detail="niet bevestigd; terug naar triage",
    )
    return aanmelding


@transaction.atomic
def triage_besluit_geweigerd(*, request, aanmelding, reden):
    """Put a refused decision on record (the refused change itself was rolled back)."""
    record(
        event=events.TRIAGE_BESLUIT,
        outcome=Outcome.ERROR,
        request=request,
        target=aanmelding,
        detail=str(reden)[:500],
    )


@transaction.atomic
def triage_beheer_opslaan(*, request, soort, data):
    """Add a regional criterion or decline reason, or set four-eyes, for the current house."""
    policy.require(request, "beheer.triage")
    zvh = request.zvh
    if soort == "criterium":
        obj = RegionaalCriterium.objects.create(zvh=zvh, **data)
    elif soort == "afwijsreden":
        obj = Afwijsreden.objects.create(zvh=zvh, **data)
    elif soort == "instelling":
        obj, _created = TriageInstelling.objects.select_for_update().get_or_create(zvh=zvh)
        obj.vier_ogen = data["vier_ogen"]
        obj.save()
    else:
        raise ServiceError(_("Onbekende instelling."))
    record(
        event=events.TRIAGE_INSTELLINGEN_GEWIJZIGD,
        request=request,
        target=obj,
        detail=f"{soort} opgeslagen",
    )
    return obj


@transaction.atomic
def triage_beheer_deactiveren(*, request, soort, pk):
    """Switch off a regional criterion or decline reason (kept: earlier triages refer to it)."""
    policy.require(request, "beheer.triage")
    model = {"criterium": RegionaalCriterium, "afwijsreden": Afwijsreden}.get(soort)
    obj = model and model.objects.select_for_update().filter(zvh=request.zvh, pk=pk).first()
    if obj is None:
        raise policy.Geweigerd("beheer.triage", not_found=True)
    obj.actief = False
    obj.save(update_fields=["actief"])
    record(
        event=events.TRIAGE_INSTELLINGEN_GEWIJZIGD,
        request=request,
        target=obj,
        detail=f"{soort} uitgeschakeld",
    )
    return obj
