"""What each role can do now: the navigation and the home page are both built from MENU.

An entry names a policy action; it shows when the policy allows that action, and under the
roles the action's rule grants it to, so the menu holds no role lists of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casus import selectors_acties as acties_teller
from casus import selectors_monitoring as monitoring
from casus import selectors_verrijking as casus_teller
from core import policy
from core.roles import Rol


@dataclass(frozen=True)
class MenuItem:
    label: str
    description: str
    url_name: str
    actie: str
    # What the home page counts beside the entry (e.g. overdue requests), as text.
    aantal: Callable | None = None
    # Sub-entries the home page lists under the entry, each (entry, count), e.g. the
    # monitoring worklists the actor may open with their capped counts.
    tellers: Callable | None = None

    @property
    def rollen(self) -> frozenset[str]:
        rule = policy.rule(self.actie)
        return rule.rollen if rule is not None else frozenset()


# Later features add their entries here.
MENU = [
    MenuItem(
        _("Triage"),
        _("Ingediende aanmeldingen beoordelen: spoed eerst, dan de oudste."),
        "aanmelding:werkvoorraad",
        "triage.werkvoorraad",
    ),
    MenuItem(
        _("Casussen"),
        _("Alle casussen van dit huis: filteren en zoeken op casusnummer, BSN of exacte naam."),
        "casus:lijst",
        "casus.werklijst",
    ),
    MenuItem(
        _("Mijn casussen"),
        _("De casussen waaraan uw organisatie deelneemt."),
        "casus:mijn",
        "casus.mijn",
    ),
    MenuItem(
        _("Aanmelden"),
        _("Een casus aanmelden bij dit huis (ook een telefonische aanmelding vastleggen)."),
        "aanmelding:nieuw",
        "aanmelding.aanmaken",
    ),
    MenuItem(
        _("Mijn aanmeldingen"),
        _("De aanmeldingen van uw organisatie, met status en uitkomst."),
        "aanmelding:mijn",
        "aanmelding.mijn",
    ),
    MenuItem(
        _("Overlegtafels"),
        _("Overlegtafels en hun sessies met plekken voor casusoverleggen."),
        "casus:overleg_tafels",
        "overleg.tafels_beheren",
    ),
    MenuItem(
        _("Uitvragen"),
        _("Vragen van het huis om informatie over een casus: beantwoorden vóór de uiterste datum."),
        "casus:uitvragen",
        "uitvraag.werkvoorraad",
    ),
    MenuItem(
        _("Mijn acties"),
        _("De open acties van uw organisatie in alle casussen, de verlopen eerst: bijwerken."),
        "casus:mijn_acties",
        "actie.werkvoorraad",
        aantal=acties_teller.verlopen_voor,
    ),
    MenuItem(
        _("Openstaande uitvragen"),
        _("Uitvragen aan deelnemers zonder antwoord, de verlopen eerst."),
        "casus:uitvragen_openstaand",
        "uitvraag.openstaand",
        aantal=casus_teller.te_laat_voor,
    ),
    MenuItem(
        _("Monitoring"),
        _(
            "Mijn casussen, komende MDO's, acties over de termijn, stilstaande casussen, "
            "spoedcasussen en casussen zonder volgend MDO."
        ),
        "casus:monitoring",
        "monitoring.bekijken",
        tellers=monitoring.tellers,
    ),
    MenuItem(
        _("Monitoring-instellingen"),
        _("Na hoeveel weken zonder activiteit een open casus stilstaat."),
        "casus:monitoring_instellingen",
        "monitoring.instellen",
    ),
    MenuItem(
        _("Organisaties"),
        _("Partnerorganisaties van dit huis, met convenant en privacyprotocol."),
        "partners:beheer_organisaties",
        "beheer.organisaties",
    ),
    MenuItem(
        _("Medewerkers en rollen"),
        _("Accounts, rollen in dit huis en het resetten van de tweede factor."),
        "partners:beheer_medewerkers",
        "beheer.medewerkers",
    ),
    MenuItem(
        _("Rolaanvragen"),
        _("Rollen van privacy officer en functioneel beheerder bevestigen (vier-ogenprincipe)."),
        "partners:beheer_rolaanvragen",
        "beheer.rolaanvragen",
    ),
    MenuItem(
        _("Triage-instellingen"),
        _("Regionale criteria, redenen van afwijzing en het vier-ogenprincipe."),
        "aanmelding:beheer",
        "beheer.triage",
    ),
    MenuItem(
        _("Redenen van afsluiting"),
        _("De redenen waaruit de procesregisseur kiest bij afschalen of afsluiten."),
        "casus:afsluitredenen",
        "beheer.afsluitredenen",
    ),
    MenuItem(
        _("Auditlog"),
        _(
            "Wie zag wat, wanneer en waarom: zoeken, exporteren, inzageoverzicht per persoon "
            "en signalen."
        ),
        "audit:zoeken",
        "audit.review",
    ),
]

ROLE_PURPOSE = {
    Rol.PROCESREGISSEUR: _("Triage van aanmeldingen, casusoverleggen en het plan van aanpak."),
    Rol.INFORMATIECOORDINATOR: _("Informatieverrijking en de pitch voor het start-MDO."),
    Rol.KETENPARTNER: _("Aanmelden, informatie inbrengen en de acties van uw organisatie."),
    Rol.PRIVACY_OFFICER: _("Toezicht op het auditlog, inzageverzoeken en datalekken."),
    Rol.MANAGER: _("Kengetallen van het huis, zonder persoonsgegevens."),
    Rol.FUNCTIONEEL_BEHEERDER: _("Organisaties, medewerkers, rollen en regionale instellingen."),
    Rol.ZSM: _("Dat-informatie: is deze verdachte bekend bij het zorg- en veiligheidshuis?"),
}


def navigation(actor):
    return [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in MENU
        if policy.may(actor, item.actie)
    ]


def sections_for(actor):
    """One section per role the actor holds in the current house, with what it can do now."""
    sections = []
    for rol in Rol:
        if rol not in actor.rollen:
            continue
        items = [
            {
                "label": i.label,
                "description": i.description,
                "url": reverse(i.url_name),
                "aantal": i.aantal(actor) if i.aantal is not None else None,
                "tellers": i.tellers(actor) if i.tellers is not None else None,
            }
            for i in MENU
            if rol in i.rollen and policy.may(actor, i.actie)
        ]
        sections.append({"rol": rol.label, "purpose": ROLE_PURPOSE[rol], "items": items})
    return sections
