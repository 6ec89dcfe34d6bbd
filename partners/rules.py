"""The access rules of functioneel beheer, registered in the policy from `PartnersConfig.ready`.

A beheerder *sees* the staff of the organisations of its house, but *manages* an account only
when the house alone is responsible for it (`beheer.account`):

* every role of the account lies in the beheerder's own house;
* an account without any role: the house created it (`Medewerker.aangemaakt_in`), or its
  organisation takes part in this house and in no other;
* never a superuser (the deployment's administrators manage those).

An account that also works for another house is administered by the deployment's
administrators; the beheer screen shows it read-only, naming the houses where it holds roles.
Likewise an organisation's master data (name, type, active) is changed here only when the
organisation takes part in this house alone (`beheer.organisatie_stamgegevens`); a house always
changes its own Partnerschap record.
"""

from django.db.models import Exists, OuterRef, Q

from core.policy import Rule
from core.roles import Rol

from .models import Medewerker, Organisatie, Partnerschap, RolAanvraag, RolToewijzing

BEHEER = frozenset({Rol.FUNCTIONEEL_BEHEERDER})


def _partnerschap(actor, *, hier, organisatie):
    found = Partnerschap.objects.filter(organisatie=OuterRef(organisatie))
    return found.filter(zvh_id=actor.zvh_id) if hier else found.exclude(zvh_id=actor.zvh_id)


def _rollen(actor, *, hier):
    found = RolToewijzing.objects.filter(medewerker=OuterRef("pk"))
    return found.filter(zvh_id=actor.zvh_id) if hier else found.exclude(zvh_id=actor.zvh_id)


def _organisaties_van_huis(actor):
    # Organisations with a partnership in the beheerder's house.
    return Q(partnerschappen__zvh_id=actor.zvh_id)


def _organisaties_van_huis_alleen(actor):
    # ... and with no partnership in any other house: their master data is this house's own.
    return _organisaties_van_huis(actor) & ~Q(
        Exists(_partnerschap(actor, hier=False, organisatie="pk"))
    )


def _medewerkers_van_huis(actor):
    # Staff of organisations that take part in this house, and anyone holding a role here.
    return Q(Exists(_partnerschap(actor, hier=True, organisatie="organisatie_id"))) | Q(
        Exists(_rollen(actor, hier=True))
    )


def _accounts_van_huis(actor):
    # See the module docstring: every role here; without roles, created here or only here.
    zonder_rollen = Q(aangemaakt_in_id=actor.zvh_id) | (
        Q(Exists(_partnerschap(actor, hier=True, organisatie="organisatie_id")))
        & ~Q(Exists(_partnerschap(actor, hier=False, organisatie="organisatie_id")))
    )
    return (
        Q(is_superuser=False)
        & _medewerkers_van_huis(actor)
        & ~Q(Exists(_rollen(actor, hier=False)))
        & (Q(Exists(_rollen(actor, hier=True))) | zonder_rollen)
    )


RULES = [
    Rule("beheer.organisaties", BEHEER, Organisatie, _organisaties_van_huis, tenant=None),
    Rule(
        "beheer.organisatie_stamgegevens",
        BEHEER,
        Organisatie,
        _organisaties_van_huis_alleen,
        tenant=None,
    ),
    Rule("beheer.medewerkers", BEHEER, Medewerker, _medewerkers_van_huis, tenant=None),
    Rule("beheer.account", BEHEER, Medewerker, _accounts_van_huis, tenant=None),
    Rule("beheer.rollen", BEHEER, RolToewijzing),
    Rule("beheer.rolaanvragen", BEHEER, RolAanvraag),
]

# Ending an organisation's partnership with the beheerder's own house.
RULES += [Rule("partnerschap.beeindigen", BEHEER, Partnerschap)]
