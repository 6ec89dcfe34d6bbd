"""What each role can do now: the navigation and the home page are both built from MENU."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import policy
from .models import Rol


@dataclass(frozen=True)
class MenuItem:
    label: str
    description: str
    url_name: str
    actie: str
    rollen: tuple


# Later features add their entries here; an entry shows only when the policy allows its actie.
MENU = [
    MenuItem(
        _("Triage"),
        _("Ingediende aanmeldingen beoordelen: spoed eerst, dan de oudste."),
        "aanmelding:werkvoorraad",
        "triage.werkvoorraad",
        (Rol.PROCESREGISSEUR,),
    ),
    MenuItem(
        _("Aanmelden"),
        _("Een casus aanmelden bij dit huis (ook een telefonische aanmelding vastleggen)."),
        "aanmelding:nieuw",
        "aanmelding.aanmaken",
        policy.AANMELDER_ROLLEN,
    ),
    MenuItem(
        _("Mijn aanmeldingen"),
        _("De aanmeldingen van uw organisatie, met status en uitkomst."),
        "aanmelding:mijn",
        "aanmelding.mijn",
        policy.AANMELDER_ROLLEN,
    ),
    MenuItem(
        _("Organisaties"),
        _("Partnerorganisaties van dit huis, met convenant en privacyprotocol."),
        "partners:beheer_organisaties",
        "beheer.organisaties",
        (Rol.FUNCTIONEEL_BEHEERDER,),
    ),
    MenuItem(
        _("Medewerkers en rollen"),
        _("Accounts, rollen in dit huis en het resetten van de tweede factor."),
        "partners:beheer_medewerkers",
        "beheer.medewerkers",
        (Rol.FUNCTIONEEL_BEHEERDER,),
    ),
    MenuItem(
        _("Triage-instellingen"),
        _("Regionale criteria, redenen van afwijzing en het vier-ogenprincipe."),
        "aanmelding:beheer",
        "beheer.triage",
        (Rol.FUNCTIONEEL_BEHEERDER,),
    ),
    MenuItem(
        _("Auditlog"),
        _(
            "Wie zag wat, wanneer en waarom: zoeken, exporteren, inzageoverzicht per persoon "
            "en signalen."
        ),
        "audit:zoeken",
        "audit.review",
        (Rol.PRIVACY_OFFICER,),
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


def _allowed(request, item):
    return policy.may(request.user, item.actie, zvh=request.zvh)


def navigation(request):
    return [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in MENU
        if _allowed(request, item)
    ]


def sections_for(request):
    """One section per role the user holds in the current house, with what it can do now."""
    sections = []
    for rol in Rol:
        if rol not in request.rollen:
            continue
        items = [
            {"label": i.label, "description": i.description, "url": reverse(i.url_name)}
            for i in MENU
            if rol in i.rollen and _allowed(request, i)
        ]
        sections.append({"rol": rol.label, "purpose": ROLE_PURPOSE[rol], "items": items})
    return sections
