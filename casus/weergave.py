"""How the casus page is shown: normally, in meeting mode (on a shared screen in an MDO) or
as the version to print. One place says which fields are sensitive and what each mode hides;
the selector leaves a hidden field out of what it hands the template, so a template cannot
show it by mistake.

Meeting mode (`?modus=overleg`) hides every field in GEVOELIG and, unless the casus is on
today's agenda, the names of its persons. A casus is on today's agenda when it has an MDO
(Casusoverleg) that begins today (local date) and that the viewer may see; then every person
of the casus is on that agenda and keeps its name. Otherwise each person is shown as
"Persoon 1", "Persoon 2", ... in the casus's order of persons (relations read the same), and
the pitch (free text written for the MDO, which names the persons) is not shown.

The print version (`?modus=afdruk`) leaves out the BSN; the print stylesheet also hides it (and
the navigation and forms) when the normal page is printed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Modus(models.TextChoices):
    NORMAAL = "normaal", _("Normale weergave")
    OVERLEG = "overleg", _("Overlegmodus")
    AFDRUK = "afdruk", _("Afdrukversie")


# The person's fields as the page shows them, in order, each with its label.
PERSOON_VELDEN = (
    ("bsn", _("BSN")),
    ("geboortedatum", _("Geboortedatum")),
    ("adres", _("Adres")),
    ("postcode", _("Postcode")),
    ("woonplaats", _("Woonplaats")),
    ("telefoon", _("Telefoon")),
    ("email", _("E-mail")),
)

# Progress notes written by an organisation other than the viewer's own.
NOTITIE_ANDERE_ORGANISATIE = "notitie_andere_organisatie"

# The fields marked sensitive, each with how the page names it: what meeting mode hides.
GEVOELIGE_VELDEN = {
    "bsn": _("BSN"),
    "geboortedatum": _("geboortedatum"),
    "adres": _("adres"),
    "postcode": _("postcode"),
    "woonplaats": _("woonplaats"),
    "telefoon": _("telefoonnummer"),
    "email": _("e-mailadres"),
    NOTITIE_ANDERE_ORGANISATIE: _("voortgangsnotities van andere organisaties"),
}
GEVOELIG = frozenset(GEVOELIGE_VELDEN)

VERBORGEN = {
    Modus.NORMAAL: frozenset(),
    Modus.OVERLEG: GEVOELIG,
    Modus.AFDRUK: frozenset({"bsn"}),
}


def modus_uit(waarde: str | None) -> Modus | None:
    """The mode a `modus` parameter asks for (empty: normal), or None for an unknown value."""
    if not waarde:
        return Modus.NORMAAL
    try:
        return Modus(waarde)
    except ValueError:
        return None


def verborgen(modus: Modus, veld: str) -> bool:
    return veld in VERBORGEN[modus]


def namen_verborgen(modus: Modus, *, vandaag_op_agenda: bool) -> bool:
    """Meeting mode hides the persons' names unless the casus is on today's agenda."""
    return modus == Modus.OVERLEG and not vandaag_op_agenda


def schuilnaam(volgnummer: int) -> str:
    """The name a person gets when its own is hidden: its place among the casus's persons."""
    return str(_("Persoon %(n)s") % {"n": volgnummer})
