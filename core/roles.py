"""The roles a medewerker can hold in a house, and the role groups the rules share.

Every rule, the audit signals and the navigation take their role lists from here, so that
"who is house-wide staff" is decided in one place.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    PROCESREGISSEUR = "procesregisseur", _("Procesregisseur")
    INFORMATIECOORDINATOR = "informatiecoordinator", _("Informatiecoördinator")
    KETENPARTNER = "ketenpartner", _("Ketenpartner")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    MANAGER = "manager", _("Manager")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")
    ZSM = "zsm", _("ZSM")


# Staff of the house whose work spans every case (triage, information gathering, review):
# their person views are never "outside their cases" in the audit signals.
HUISBREDE_ROLLEN = frozenset({Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR, Rol.PRIVACY_OFFICER})

# Roles that may refer a case: partners, and house staff entering a referral received by phone.
AANMELDER_ROLLEN = frozenset({Rol.KETENPARTNER, Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR})

# House staff who may record a referral as received by telephone.
TELEFONISCH_AANMELDEN_ROLLEN = frozenset({Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR})

# Roles that work on cases through their organisation's grant (never a manager or an officer).
CASUS_WERK_ROLLEN = frozenset({Rol.KETENPARTNER, Rol.INFORMATIECOORDINATOR})

# Roles an organisation holds through its partnership in the house: gone when the partnership
# is no longer current (convenant ended, organisation inactive). House roles do not depend on it.
PARTNER_ROLLEN = frozenset({Rol.KETENPARTNER, Rol.ZSM})
