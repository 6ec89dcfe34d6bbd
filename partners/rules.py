"""The access rules of functioneel beheer, registered in the policy from `PartnersConfig.ready`."""

from django.db.models import Q

from core.policy import Rule
from core.roles import Rol

from .models import Medewerker, Organisatie, Partnerschap, RolToewijzing

BEHEER = frozenset({Rol.FUNCTIONEEL_BEHEERDER})


def _organisaties_van_huis(actor):
    # Organisations with a partnership in the beheerder's house.
    return Q(partnerschappen__zvh_id=actor.zvh_id)


def _medewerkers_van_huis(actor):
    # A beheerder manages the staff of organisations that take part in this house.
    return Q(organisatie__partnerschappen__zvh_id=actor.zvh_id)


RULES = [
    Rule("beheer.organisaties", BEHEER, Organisatie, _organisaties_van_huis, tenant=None),
    Rule("beheer.medewerkers", BEHEER, Medewerker, _medewerkers_van_huis, tenant=None),
    Rule("beheer.rollen", BEHEER, RolToewijzing),
]

# Ending an organisation's partnership with the beheerder's own house.
RULES += [Rule("partnerschap.beeindigen", BEHEER, Partnerschap)]
