"""Who may refer, read, change and triage referrals; registered from `AanmeldingConfig.ready`."""

from django.db.models import Q

from core.policy import NOTHING, Rule
from core.roles import AANMELDER_ROLLEN, Rol

from .models import Aanmelding, Status

REGISSEUR = frozenset({Rol.PROCESREGISSEUR})
BEHEER = frozenset({Rol.FUNCTIONEEL_BEHEERDER})
AANVULBAAR = (Status.INGEDIEND, Status.MEER_INFORMATIE, Status.TER_BEVESTIGING)


def _heeft_organisatie(actor):
    return actor.organisatie_id is not None


def _eigen_organisatie(actor):
    """A referrer works on the referrals of its own organisation only."""
    if actor.organisatie_id is None or not actor.heeft(*AANMELDER_ROLLEN):
        return NOTHING
    return Q(organisatie_id=actor.organisatie_id)


def _bekijken(actor):
    """A procesregisseur reads every submitted referral of the house (and own drafts); a
    referrer those of its own organisation."""
    scope = _eigen_organisatie(actor)
    if actor.heeft(Rol.PROCESREGISSEUR):
        scope = scope | ~Q(status=Status.CONCEPT)
        if actor.organisatie_id is not None:
            scope = scope | Q(organisatie_id=actor.organisatie_id)
    return scope


def _eigen_in_status(*statussen):
    def scope(actor):
        return _eigen_organisatie(actor) & Q(status__in=statussen)

    return scope


def _ingediend(actor):
    return ~Q(status=Status.CONCEPT)


RULES = [
    Rule("aanmelding.aanmaken", AANMELDER_ROLLEN, when=_heeft_organisatie),
    Rule(
        "aanmelding.mijn", AANMELDER_ROLLEN, Aanmelding, _eigen_organisatie, when=_heeft_organisatie
    ),
    Rule("aanmelding.bekijken", AANMELDER_ROLLEN | REGISSEUR, Aanmelding, _bekijken),
    Rule(
        "aanmelding.wijzigen",
        AANMELDER_ROLLEN,
        Aanmelding,
        _eigen_in_status(Status.CONCEPT),
        when=_heeft_organisatie,
    ),
    Rule(
        "aanmelding.aanvullen",
        AANMELDER_ROLLEN,
        Aanmelding,
        _eigen_in_status(*AANVULBAAR),
        when=_heeft_organisatie,
    ),
    Rule(
        "aanmelding.beantwoorden",
        AANMELDER_ROLLEN,
        Aanmelding,
        _eigen_in_status(Status.MEER_INFORMATIE),
        when=_heeft_organisatie,
    ),
    Rule("triage.werkvoorraad", REGISSEUR, Aanmelding),
    Rule("triage.besluiten", REGISSEUR, Aanmelding, _ingediend),
    Rule("beheer.triage", BEHEER),
]
