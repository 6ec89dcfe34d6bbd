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

# Roles that work on cases besides the procesregisseur: the informatiecoördinator on every
# case of the house, a ketenpartner through its organisation's grant (never a manager or an
# officer; see casus.rules).
CASUS_WERK_ROLLEN = frozenset({Rol.KETENPARTNER, Rol.INFORMATIECOORDINATOR})

# Roles of the house itself: only for staff of the house's own organisation (or of a partner
# organisation for which the house set an explicit, audited exception).
EIGEN_ORGANISATIE_ROLLEN = frozenset(
    {
        Rol.PROCESREGISSEUR,
        Rol.INFORMATIECOORDINATOR,
        Rol.PRIVACY_OFFICER,
        Rol.MANAGER,
        Rol.FUNCTIONEEL_BEHEERDER,
    }
)

# Roles for staff of organisations with a current partnership (convenant and privacy protocol).
PARTNER_ROLLEN = frozenset({Rol.KETENPARTNER, Rol.ZSM})

# Granting these needs a second functioneel beheerder of the house to confirm (four-eyes).
VIER_OGEN_ROLLEN = frozenset({Rol.PRIVACY_OFFICER, Rol.FUNCTIONEEL_BEHEERDER})

# Separation of duties: a functioneel beheerder who also holds one of these is a signal.
NIET_MET_BEHEER_ROLLEN = frozenset({Rol.PRIVACY_OFFICER, Rol.PROCESREGISSEUR})
