"""Every state change of a referral, its persons and its triage: policy-checked and audited.

Each function is keyword-only, takes the acting `actor` (never the HTTP request) and runs in
one transaction; a refusal raises ServiceError with a message for the user and leaves the
database as it was. Persons and casussen are registered and opened by the casus services.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import events, log
from audit.models import Outcome
from casus import services as casus_services
from casus.models import RelatieType
from core import policy
from core.bsn import Bsn
from core.errors import ServiceError
from partners import services as partner_services
from partners.models import Partnerschap

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
from .nummering import volgend_aanmeldingsnummer

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


class AlBesloten(ServiceError):
    """Someone else decided first; nothing was changed."""


def triage_concept_sleutel(aanmelding):
    """The key of the procesregisseurs' drafts of the triage of `aanmelding`."""
    return f"triage:{aanmelding.pk}"


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
def aanmelding_aanmaken(*, actor, gegevens, telefonisch=False):
    """A new draft referral of the user's organisation in the current house."""
    policy.require(actor, "aanmelding.aanmaken")
    nu = timezone.now()
    aanmelding = Aanmelding(
        zvh_id=actor.zvh_id,
        organisatie_id=actor.organisatie_id,
        aangemeld_door_id=actor.user_id,
        telefonisch=telefonisch,
        aangemaakt_op=nu,
        nummer=volgend_aanmeldingsnummer(zvh_id=actor.zvh_id, moment=nu),
    )
    _vul(aanmelding, gegevens)
    aanmelding.save()
    _betrokken(aanmelding, gegevens)
    log.change(
        actor=actor, event=events.AANMELDING_AANGEMAAKT, target=aanmelding, detail=aanmelding.nummer
    )
    return aanmelding


@transaction.atomic
def aanmelding_wijzigen(*, actor, aanmelding, gegevens):
    """Change a draft. A submitted referral is only supplemented (aanmelding_aanvullen)."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(actor, "aanmelding.wijzigen", aanmelding)
    _vul(aanmelding, gegevens)
    aanmelding.save()
    _betrokken(aanmelding, gegevens)
    log.change(actor=actor, event=events.AANMELDING_GEWIJZIGD, target=aanmelding)
    return aanmelding


PERSOON_VELDEN = (
    "voornamen",
    "achternaam",
    "adres",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
)


@transaction.atomic
def persoon_toevoegen(*, actor, aanmelding, gegevens, relatie=""):
    """Add a person, as the referrer entered it, to a draft referral.

    Nothing is looked up among the house's registrations: the referrer never learns whether
    the house knows the person. The procesregisseur links the entry to a registration (or
    registers it) at acceptance. Refused only on the referrer's own input: no name, a date of
    birth in the future, an invalid BSN, or the same BSN twice in this referral.
    """
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(actor, "aanmelding.wijzigen", aanmelding)
    link = AanmeldingPersoon(aanmelding=aanmelding)
    for veld in PERSOON_VELDEN:
        setattr(link, veld, str(gegevens.get(veld) or "").strip())
    if not link.ingevoerd:
        raise ServiceError(_("Vul ten minste een voornaam of achternaam in."))
    geboortedatum = gegevens.get("geboortedatum")
    if geboortedatum and geboortedatum > timezone.localdate():
        raise ServiceError(_("De geboortedatum ligt in de toekomst."))
    link.geboortedatum = geboortedatum.isoformat() if geboortedatum else ""
    try:
        bsn = Bsn.of_leeg(gegevens.get("bsn"))
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages)) from exc
    link.bsn = bsn.cijfers if bsn is not None else ""
    eerdere = list(AanmeldingPersoon.objects.filter(aanmelding=aanmelding))
    if bsn is not None and any(e.bsn_index == bsn.blind_index() for e in eerdere):
        raise ServiceError(_("Een persoon met dit BSN staat al in deze aanmelding."))
    if relatie and relatie not in RelatieType.values:
        raise ServiceError(_("Kies een relatie uit de lijst."))
    link.relatie = relatie if eerdere else ""
    link.volgorde = len(eerdere)
    link.save()
    log.change(
        actor=actor,
        event=events.AANMELDING_PERSOON_TOEGEVOEGD,
        target=link,
        detail=f"aanmelding {aanmelding.pk}",
    )
    return link


@transaction.atomic
def persoon_verwijderen(*, actor, aanmelding, persoon_pk):
    """Take a person out of a draft referral (the referrer's own organisation's, not yet
    submitted). The others keep their order; when the first person goes, the relations to it
    go too (they named that person). A person not in this referral: ServiceError."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(actor, "aanmelding.wijzigen", aanmelding)
    links = list(AanmeldingPersoon.objects.filter(aanmelding=aanmelding).order_by("volgorde", "pk"))
    weg = next((link for link in links if link.pk == persoon_pk), None)
    if weg is None:
        raise ServiceError(_("Deze persoon staat niet (meer) in deze aanmelding."))
    log.change(
        actor=actor,
        event=events.AANMELDING_PERSOON_VERWIJDERD,
        target=weg,
        personen=[weg],
        detail=f"aanmelding {aanmelding.pk}",
    )
    weg.delete()
    blijven = [link for link in links if link.pk != weg.pk]
    for volgorde, link in enumerate(blijven):
        relatie = "" if volgorde == 0 or links.index(weg) == 0 else link.relatie
        if link.volgorde != volgorde or link.relatie != relatie:
            link.volgorde, link.relatie = volgorde, relatie
            link.save(update_fields=["volgorde", "relatie"])
    return aanmelding


@transaction.atomic
def aanmelding_verwijderen(*, actor, aanmelding):
    """Delete a draft referral with its persons (own organisation, never after submission).
    Each removed person and the referral get an audit row; nothing of their content."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(actor, "aanmelding.wijzigen", aanmelding)
    links = list(AanmeldingPersoon.objects.filter(aanmelding=aanmelding))
    log.change(
        actor=actor,
        event=events.AANMELDING_VERWIJDERD,
        target=aanmelding,
        personen=links,
        detail=f"{aanmelding.nummer}; personen: {len(links)}",
    )
    # One by one, not by a database cascade: django-auditlog records each deletion.
    for link in links:
        link.delete()
    aanmelding.betrokken_organisaties.clear()
    aanmelding.delete()


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
def aanmelding_indienen(*, actor, aanmelding):
    """Submit a complete draft. Submitting an already submitted referral changes nothing."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(actor, "aanmelding.bekijken", aanmelding, not_found=True)
    if aanmelding.status != Status.CONCEPT:
        return aanmelding, False
    policy.require(actor, "aanmelding.wijzigen", aanmelding)
    missing = ontbrekend_voor_indienen(aanmelding)
    if missing:
        raise ServiceError(" ".join(missing))
    aanmelding.status = Status.INGEDIEND
    aanmelding.ingediend_op = timezone.now()
    aanmelding.save(update_fields=["status", "ingediend_op"])
    log.change(
        actor=actor,
        event=events.AANMELDING_INGEDIEND,
        target=aanmelding,
        detail="spoed" if aanmelding.spoed else "",
    )
    return aanmelding, True


@transaction.atomic
def aanmelding_aanvullen(*, actor, aanmelding, tekst):
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(actor, "aanmelding.aanvullen", aanmelding)
    if not tekst.strip():
        raise ServiceError(_("Een aanvulling mag niet leeg zijn."))
    aanvulling = Aanvulling.objects.create(
        aanmelding=aanmelding, tekst=tekst, door_id=actor.user_id
    )
    log.change(actor=actor, event=events.AANMELDING_AANGEVULD, target=aanmelding)
    return aanvulling


@transaction.atomic
def informatieverzoek_beantwoorden(*, actor, aanmelding, antwoord):
    """The referrer answers the open question; the referral returns to the triage queue."""
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    policy.require(actor, "aanmelding.beantwoorden", aanmelding)
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
    verzoek.beantwoord_door_id = actor.user_id
    verzoek.beantwoord_op = timezone.now()
    verzoek.save()
    aanmelding.status = Status.INGEDIEND
    aanmelding.save(update_fields=["status"])
    log.change(actor=actor, event=events.INFORMATIEVERZOEK_BEANTWOORD, target=aanmelding)
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


def _kies_personen(aanmelding, koppelingen):
    """Record the procesregisseur's choice per referral person: link to one of its possible
    matches (a Persoon) or register it as new (None). Persons not in `koppelingen` keep their
    link (a referral from before the entries were stored) or are registered as new."""
    matches = selectors.mogelijke_personen(aanmelding)
    links = aanmelding.personen_geordend
    keuzes = {}
    for link in links:
        keuze = koppelingen.get(link.pk, link.persoon)
        if keuze is not None and keuze.pk not in {m.persoon.pk for m in matches[link.pk]}:
            raise ServiceError(
                _("Koppel %(naam)s alleen aan een van de getoonde mogelijke personen.")
                % {"naam": link.naam}
            )
        if keuze is None and any(m.op_bsn for m in matches[link.pk]):
            raise ServiceError(
                _(
                    "Er is in dit huis al een persoon met het BSN van %(naam)s. Koppel de "
                    "aanmelding aan die persoon."
                )
                % {"naam": link.naam}
            )
        keuzes[link.pk] = keuze
    gekozen = [k.pk for k in keuzes.values() if k is not None]
    if len(gekozen) != len(set(gekozen)):
        raise ServiceError(_("Koppel twee personen van de aanmelding niet aan dezelfde persoon."))
    gewijzigd = [link for link in links if keuzes[link.pk] != link.persoon]
    # Unlink first, then link: a registration may move from one referral person to another.
    for link in gewijzigd:
        if link.persoon_id is not None:
            link.persoon = None
            link.save(update_fields=["persoon"])
    for link in gewijzigd:
        if keuzes[link.pk] is not None:
            link.persoon = keuzes[link.pk]
            link.save(update_fields=["persoon"])


def _registreer_personen(*, actor, aanmelding):
    """The casus's persons: each referral person's chosen registration, or a new one."""
    links = aanmelding.personen_geordend
    for link in links:
        if link.persoon_id is not None:
            log.change(
                actor=actor,
                event=events.PERSOON_GEKOPPELD,
                target=link.persoon,
                personen=[link.persoon, link.bsn_index or f"p-{link.sleutel}"],
                detail=f"aanmelding {aanmelding.pk}",
            )
            continue
        link.persoon = casus_services.persoon_registreren(
            actor=actor, gegevens=link.gegevens(), naamgelijkenis_bevestigd=True, pk=link.sleutel
        )
        link.save(update_fields=["persoon"])
    for link in links[1:]:
        if link.relatie and link.persoon_id != links[0].persoon_id:
            casus_services.persoon_relateren(
                actor=actor, van=link.persoon, naar=links[0].persoon, type=link.relatie
            )
    return [link.persoon for link in links]


def _open_casus(*, actor, aanmelding, besluit):
    if aanmelding.casus_id is not None:
        raise AlBesloten(_("Voor deze aanmelding is al een casus geopend."))
    casus = casus_services.casus_openen(
        actor=actor,
        ave_niveau=besluit.ave_niveau,
        procesregisseur=besluit.procesregisseur,
        backup_procesregisseur=besluit.backup_procesregisseur,
        personen=_registreer_personen(actor=actor, aanmelding=aanmelding),
        themas=besluit.themas.all(),
        aanmelder_organisatie=aanmelding.organisatie,
        deelnemers=besluit.deelnemers.select_related("groep").order_by("naam"),
        spoed=aanmelding.spoed,
        detail=f"aanmelding {aanmelding.pk}",
    )
    aanmelding.casus = casus
    aanmelding.status = Status.GEACCEPTEERD
    aanmelding.besloten_op = timezone.now()
    aanmelding.save(update_fields=["casus", "status", "besloten_op"])
    return casus


def _lock_for_decision(actor, aanmelding, *statussen):
    policy.require(actor, "triage.besluiten", aanmelding, not_found=True)
    locked = (
        Aanmelding.objects.select_for_update()
        .prefetch_related("aanmeldingpersoon_set__persoon")
        .get(pk=aanmelding.pk)
    )
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
    actor,
    aanmelding,
    besluit,
    oordelen,
    themas=(),
    ave_niveau=None,
    afwijsreden=None,
    bericht="",
    procesregisseur=None,
    backup_procesregisseur=None,
    koppelingen=None,
    deelnemers=(),
):
    """Record a procesregisseur's triage and act on it.

    Only the four WGS criteria and this house's active regional criteria are judged (other keys
    in `oordelen` are ignored). Regional criteria need an answer and a motivation but, unlike
    the WGS criteria, a "nee" does not block acceptance: the law sets the bar, the house adds
    what it wants weighed.
    accept: all four WGS criteria "ja", themes, AVE level and two different procesregisseurs,
    and per referral person `koppelingen` {AanmeldingPersoon pk: Persoon to link to, or None
    to register it as new}, and `deelnemers`, organisations named in the referral that take
    part in the casus from the start (as partner, incidental where they have no privacy
    protocol with the house); opens the casus at once (registering and linking the persons), or
    waits for a second procesregisseur when the house asks for it.
    decline: a reason from the house's list and a message. more information: the question.
    """
    aanmelding = _lock_for_decision(actor, aanmelding, Status.INGEDIEND)
    zvh_id = actor.zvh_id
    regionaal = list(selectors.regionale_criteria(zvh_id))
    _check_oordelen(oordelen, regionaal, volledig=besluit != Besluit.MEER_INFORMATIE)
    bericht = (bericht or "").strip()
    if besluit == Besluit.ACCEPTEREN:
        if not all(oordelen[letter][0] for letter in WGS_LETTERS):
            raise ServiceError(
                _("Accepteren kan alleen als aan alle vier de WGS-criteria is voldaan.")
            )
        if not themas:
            raise ServiceError(_("Kies ten minste één thema."))
        if any(t.zvh_id != zvh_id for t in themas):
            raise ServiceError(_("Kies thema's van dit huis."))
        if ave_niveau not in (1, 2, 3, 4):
            raise ServiceError(_("Kies het AVE-niveau."))
        regisseurs = set(selectors.procesregisseurs(zvh_id).values_list("pk", flat=True))
        if procesregisseur is None or backup_procesregisseur is None:
            raise ServiceError(_("Wijs een procesregisseur en een back-up toe."))
        if procesregisseur.pk == backup_procesregisseur.pk:
            raise ServiceError(_("De back-up moet een andere procesregisseur zijn."))
        if not {procesregisseur.pk, backup_procesregisseur.pk} <= regisseurs:
            raise ServiceError(_("Wijs procesregisseurs van dit huis toe."))
        _kies_personen(aanmelding, koppelingen or {})
        genoemd = set(
            selectors.genoemde_organisaties(zvh_id, aanmelding).values_list("pk", flat=True)
        )
        if any(o.pk not in genoemd for o in deelnemers):
            raise ServiceError(_("Kies deelnemers uit de organisaties die de aanmelding noemt."))
    elif besluit == Besluit.AFWIJZEN:
        if afwijsreden is None or afwijsreden.zvh_id != zvh_id or not afwijsreden.actief:
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
        door_id=actor.user_id,
        ave_niveau=ave_niveau if accept else None,
        afwijsreden=afwijsreden if besluit == Besluit.AFWIJZEN else None,
        bericht=bericht,
        procesregisseur=procesregisseur if accept else None,
        backup_procesregisseur=backup_procesregisseur if accept else None,
    )
    if accept:
        triage.themas.set(themas)
        triage.deelnemers.set(deelnemers)
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

    # The decision is taken: every draft of this triage is out of date.
    partner_services.concept_verwijderen(
        actor=actor, sleutel=triage_concept_sleutel(aanmelding), van_iedereen=True
    )
    casus = None
    if accept:
        instelling = TriageInstelling.objects.filter(zvh_id=zvh_id).first()
        if instelling is not None and instelling.vier_ogen:
            aanmelding.status = Status.TER_BEVESTIGING
            aanmelding.save(update_fields=["status"])
        else:
            casus = _open_casus(actor=actor, aanmelding=aanmelding, besluit=triage)
    elif besluit == Besluit.AFWIJZEN:
        aanmelding.status = Status.AFGEWEZEN
        aanmelding.besloten_op = timezone.now()
        aanmelding.save(update_fields=["status", "besloten_op"])
    else:
        Informatieverzoek.objects.create(
            aanmelding=aanmelding, vraag=bericht, gesteld_door_id=actor.user_id
        )
        aanmelding.status = Status.MEER_INFORMATIE
        aanmelding.save(update_fields=["status"])
    log.change(
        actor=actor,
        event=events.TRIAGE_BESLUIT,
        target=aanmelding,
        casus_id=str(casus.pk) if casus else None,
        detail=f"{besluit}; status {aanmelding.status}; {_detail_personen(aanmelding)}"[:500],
    )
    return aanmelding


@transaction.atomic
def triage_bevestigen(*, actor, aanmelding):
    """Four-eyes: a second procesregisseur confirms an acceptance; the casus opens."""
    aanmelding = _lock_for_decision(actor, aanmelding, Status.TER_BEVESTIGING)
    triage = aanmelding.triagebesluiten.filter(besluit=Besluit.ACCEPTEREN).latest("op")
    if triage.door_id == actor.user_id:
        raise ServiceError(
            _("Een andere procesregisseur moet de acceptatie bevestigen (vier-ogenprincipe).")
        )
    triage.bevestigd_door_id = actor.user_id
    triage.bevestigd_op = timezone.now()
    triage.save(update_fields=["bevestigd_door", "bevestigd_op"])
    casus = _open_casus(actor=actor, aanmelding=aanmelding, besluit=triage)
    log.change(actor=actor, event=events.TRIAGE_BEVESTIGD, target=aanmelding, casus_id=casus.pk)
    return aanmelding


@transaction.atomic
def triage_bevestiging_weigeren(*, actor, aanmelding, reden):
    """Four-eyes: the second procesregisseur does not confirm; the referral returns to the
    queue for a new triage. The unconfirmed decision stays on record."""
    aanmelding = _lock_for_decision(actor, aanmelding, Status.TER_BEVESTIGING)
    triage = aanmelding.triagebesluiten.filter(besluit=Besluit.ACCEPTEREN).latest("op")
    if triage.door_id == actor.user_id:
        raise ServiceError(
            _("Een andere procesregisseur beoordeelt de acceptatie (vier-ogenprincipe).")
        )
    if not (reden or "").strip():
        raise ServiceError(_("Geef aan waarom u de acceptatie niet bevestigt."))
    aanmelding.status = Status.INGEDIEND
    aanmelding.save(update_fields=["status"])
    log.change(
        actor=actor,
        event=events.TRIAGE_BEVESTIGD,
        outcome=Outcome.DENIED,
        target=aanmelding,
        detail="niet bevestigd; terug naar triage",
    )
    return aanmelding


@transaction.atomic
def triage_besluit_geweigerd(*, actor, aanmelding, reden):
    """Put a refused decision on record (the refused change itself was rolled back)."""
    log.change(
        actor=actor,
        event=events.TRIAGE_BESLUIT,
        outcome=Outcome.ERROR,
        target=aanmelding,
        detail=str(reden)[:500],
    )


@transaction.atomic
def triage_beheer_opslaan(*, actor, soort, data):
    """Add a regional criterion or decline reason, or set four-eyes, for the current house."""
    policy.require(actor, "beheer.triage")
    zvh_id = actor.zvh_id
    obj: RegionaalCriterium | Afwijsreden | TriageInstelling
    if soort == "criterium":
        obj = RegionaalCriterium.objects.create(zvh_id=zvh_id, **data)
    elif soort == "afwijsreden":
        obj = Afwijsreden.objects.create(zvh_id=zvh_id, **data)
    elif soort == "instelling":
        obj, _created = TriageInstelling.objects.select_for_update().get_or_create(zvh_id=zvh_id)
        obj.vier_ogen = data["vier_ogen"]
        obj.save()
    else:
        raise ServiceError(_("Onbekende instelling."))
    log.change(
        actor=actor,
        event=events.TRIAGE_INSTELLINGEN_GEWIJZIGD,
        target=obj,
        detail=f"{soort} opgeslagen",
    )
    return obj


@transaction.atomic
def triage_beheer_deactiveren(*, actor, soort, pk):
    """Switch off a regional criterion or decline reason (kept: earlier triages refer to it)."""
    policy.require(actor, "beheer.triage")
    modellen: dict[str, type[RegionaalCriterium] | type[Afwijsreden]] = {
        "criterium": RegionaalCriterium,
        "afwijsreden": Afwijsreden,
    }
    model = modellen.get(soort)
    obj = (
        model.objects.select_for_update().filter(zvh_id=actor.zvh_id, pk=pk).first()
        if model is not None
        else None
    )
    if obj is None:
        raise policy.Geweigerd("beheer.triage", not_found=True)
    obj.actief = False
    obj.save(update_fields=["actief"])
    log.change(
        actor=actor,
        event=events.TRIAGE_INSTELLINGEN_GEWIJZIGD,
        target=obj,
        detail=f"{soort} uitgeschakeld",
    )
    return obj
