"""Setting up a house's first functioneel beheerder, for the deployment's own administrators.

Called by `manage.py maak_beheerder` instead of `createsuperuser` and the admin: whoever can
run manage.py already controls the deployment, so there is no policy check here, but every
step is audited under the command's machine actor in the house's chain.
"""

from dataclasses import replace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from audit import events, log
from core.errors import ServiceError
from core.roles import Rol

from . import nieuw_huis
from .credentials import START_PASSWORD_FIELDS, zet_startwachtwoord
from .models import Organisatie, OrganisatieType, Partnerschap, RolToewijzing, Zvh
from .services import maak_organisatie

User = get_user_model()


def _huis(actor, code, huisnaam):
    zvh = Zvh.objects.filter(code=code).first()
    if zvh is not None:
        return zvh
    if not huisnaam:
        raise ServiceError(
            _("Er is geen huis met code %(code)s. Geef --huisnaam om het aan te maken.")
            % {"code": code}
        )
    if Zvh.objects.filter(naam__iexact=huisnaam).exists():
        raise ServiceError(_("Er bestaat al een huis met deze naam."))
    zvh = Zvh.objects.create(code=code, naam=huisnaam)
    log.change(actor=actor, event=events.ZVH_AANGEMAAKT, target=zvh, zvh_id=zvh.pk)
    nieuw_huis.bij_aanmaak(actor=actor, zvh=zvh)
    return zvh


def _organisatie(actor, zvh, naam):
    organisatie = Organisatie.objects.filter(naam__iexact=naam).first()
    if organisatie is None:
        organisatie = maak_organisatie(naam=naam, type=OrganisatieType.ZVH)
        log.change(actor=actor, event=events.ORGANISATIE_AANGEMAAKT, target=organisatie)
    Partnerschap.objects.get_or_create(zvh=zvh, organisatie=organisatie)
    return organisatie


@transaction.atomic
def beheerder_inrichten(
    *,
    actor,
    zvh_code,
    username,
    huisnaam="",
    organisatie_naam="",
    voornaam="",
    achternaam="",
    email="",
    nieuw_startwachtwoord=False,
):
    """Give `username` (created when new) the functioneel beheerder role in the house.

    Returns (medewerker, role newly granted, start password or None). A new account gets a
    start password; an existing one keeps its password unless `nieuw_startwachtwoord`.
    """
    zvh = _huis(actor, zvh_code, huisnaam)
    actor = replace(actor, zvh_id=zvh.pk)
    medewerker = User.objects.filter(username__iexact=username).first()
    password = None
    if medewerker is None:
        organisatie = _organisatie(actor, zvh, organisatie_naam or zvh.naam)
        medewerker = User(
            username=User.normalize_username(username),
            first_name=voornaam,
            last_name=achternaam,
            email=User.objects.normalize_email(email),
            organisatie=organisatie,
        )
        medewerker.full_clean(exclude=["password"])
        password = zet_startwachtwoord(medewerker)
        medewerker.save()
        log.change(actor=actor, event=events.MEDEWERKER_AANGEMAAKT, target=medewerker)
    elif nieuw_startwachtwoord:
        password = zet_startwachtwoord(medewerker)
        medewerker.save(update_fields=START_PASSWORD_FIELDS)
        log.change(
            actor=actor, event=events.MEDEWERKER_GEWIJZIGD, target=medewerker, detail="wachtwoord"
        )
    if not medewerker.is_active:
        raise ServiceError(_("Dit account is gedeactiveerd; het krijgt geen beheerrol."))
    _toewijzing, created = RolToewijzing.objects.get_or_create(
        medewerker=medewerker, zvh=zvh, rol=Rol.FUNCTIONEEL_BEHEERDER
    )
    if created:
        log.change(
            actor=actor,
            event=events.ROL_TOEGEKEND,
            target=medewerker,
            detail=Rol.FUNCTIONEEL_BEHEERDER,
        )
    return medewerker, created, password
