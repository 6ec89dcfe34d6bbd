"""The rows of the casus lists (the casus list and the monitoring worklists) as their tables
print them: every value ready, so fifty rows render as plain values rather than as a link
reversed, a choice label looked up, a date formatted and a name composed per cell.

The selectors prefetch a row's themes and persons into plain lists (`to_attr`), so a row
reads them without building a related manager per casus; each distinct procesregisseur's name
is composed once per page.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.rijen import escape, vul
from core.urls import reverse_per_pk

from .models import CasusStatus, OverlegType

LEEG = "—"


def datum_tekst():
    """A function date -> its text as the date filter's "j F Y" prints it (3 maart 2026) in
    the active language; a datetime is shown on its local date, as the template shows it."""
    maanden = {nr: str(naam) for nr, naam in MONTHS.items()}

    def tekst(waarde):
        if isinstance(waarde, datetime.datetime):
            waarde = timezone.localtime(waarde) if timezone.is_aware(waarde) else waarde
        return f"{waarde.day} {maanden[waarde.month]} {waarde.year}"

    return tekst


@dataclass(frozen=True)
class CasusRij:
    """One casus of a list. `personen` is only set where the list shows persons (the casus
    list); `achterstallig` and `deadline` only on "acties over de termijn"."""

    url: str
    nummer: str
    spoed: bool
    status: str
    themas: str
    ave_niveau: int
    procesregisseur: str
    geopend_op: str
    laatste_activiteit_op: str
    personen: str = ""
    achterstallig: int | None = None
    deadline: str = ""


class CasusRijen:
    """Makes the rows of one page: the link is reversed once, each procesregisseur's name
    composed once."""

    def __init__(self, url_name="casus:casus"):
        self._url = reverse_per_pk(url_name)
        self._datum = datum_tekst()
        self._statussen = {waarde: str(label) for waarde, label in CasusStatus.choices}
        self._regisseurs: dict = {}

    def _regisseur(self, casus):
        naam = self._regisseurs.get(casus.procesregisseur_id)
        if naam is None:
            medewerker = casus.procesregisseur
            naam = medewerker.get_full_name() or medewerker.username
            self._regisseurs[casus.procesregisseur_id] = naam
        return naam

    def rij(self, casus, *, themas, spoed=None, personen=None, **extra) -> CasusRij:
        """The row of `casus` with its `themas` (`spoed`: when the list marks another spoed
        than the casus's own; `personen`: where the list shows them, the persons)."""
        if personen is not None:
            extra["personen"] = ", ".join(p.naam for p in personen) or LEEG
        return CasusRij(
            url=self._url(casus.pk),
            nummer=casus.nummer,
            spoed=casus.spoed if spoed is None else spoed,
            status=self._statussen.get(casus.status, casus.status),
            themas=", ".join(t.naam for t in themas) or LEEG,
            ave_niveau=casus.ave_niveau,
            procesregisseur=self._regisseur(casus),
            geopend_op=self._datum(casus.geopend_op),
            laatste_activiteit_op=self._datum(casus.laatste_activiteit_op),
            **extra,
        )

    def datum(self, waarde) -> str:
        return self._datum(waarde)


_LIJST_RIJ = (
    "\n    <tr{klasse}>\n"
    '      <td><a href="{url}">{nummer}</a></td>\n'
    "      <td>{personen}</td>\n"
    "      <td>{spoed}</td>\n"
    "      <td>{status}</td>\n"
    "      <td>{themas}</td>\n"
    "      <td>{ave_niveau}</td>\n"
    "      <td>{procesregisseur}</td>\n"
    "      <td>{geopend_op}</td>\n"
    "    </tr>\n  "
)


def lijst_html(rijen):
    """The table rows of the casus list (casus/lijst/lijst.html) for `rijen` (CasusRij with
    persons), written as the template wrote them, every value escaped (core.rijen)."""
    spoed = mark_safe(f"<strong>{escape(_('spoed'))}</strong>")  # noqa: S308 (escaped)
    klasse = mark_safe(' class="spoed"')
    return [
        vul(
            _LIJST_RIJ,
            klasse=klasse if rij.spoed else "",
            url=rij.url,
            nummer=rij.nummer,
            personen=rij.personen,
            spoed=spoed if rij.spoed else LEEG,
            status=rij.status,
            themas=rij.themas,
            ave_niveau=localize(rij.ave_niveau),
            procesregisseur=rij.procesregisseur,
            geopend_op=rij.geopend_op,
        )
        for rij in rijen
    ]


_ACHTERSTAND_RIJ = (
    "\n    <tr{klasse}>\n"
    '      <td><a href="{url}">{nummer}</a>{spoed}</td>\n'
    "      <td>{achterstallig}</td>\n"
    "      <td>{deadline}</td>\n"
    "      <td>{themas}</td>\n"
    "      <td>{ave_niveau}</td>\n"
    "      <td>{procesregisseur}</td>\n"
    "    </tr>\n  "
)
_MDO_RIJ = (
    "\n    <tr{klasse}>\n"
    '      <td><a href="{overleg_url}">{begint_op}</a></td>\n'
    "      <td>{soort}</td>\n"
    '      <td><a href="{casus_url}">{nummer}</a></td>\n'
    "      <td>{tafel}</td>\n"
    "      <td>{procesregisseur}</td>\n"
    "    </tr>\n  "
)
_SPOED_KLASSE = mark_safe(' class="spoed"')


def achterstand_html(rijen):
    """The table rows of "acties over de termijn" (casus/monitoring/achterstand.html) for
    `rijen` (CasusRij with `achterstallig` and `deadline`), as the template wrote them."""
    spoed = mark_safe(f" <strong>{escape(_('spoed'))}</strong>")  # noqa: S308 (escaped)
    return [
        vul(
            _ACHTERSTAND_RIJ,
            klasse=_SPOED_KLASSE if rij.spoed else "",
            url=rij.url,
            nummer=rij.nummer,
            spoed=spoed if rij.spoed else "",
            achterstallig=localize(rij.achterstallig),
            deadline=rij.deadline,
            themas=rij.themas,
            ave_niveau=localize(rij.ave_niveau),
            procesregisseur=rij.procesregisseur,
        )
        for rij in rijen
    ]


def mdo_html(overleggen):
    """The table rows of the upcoming MDO's (casus/monitoring/mdo.html), as the template
    wrote them: the start as the date filter's "j F Y, H:i" on the local day, the links
    reversed once, each procesregisseur's name composed once."""
    overleg_url = reverse_per_pk("casus:overleg")
    casus_url = reverse_per_pk("casus:casus")
    datum = datum_tekst()
    soorten = {waarde: str(label) for waarde, label in OverlegType.choices}
    namen: dict = {}
    rijen = []
    for o in overleggen:
        casus = o.casus
        naam = namen.get(casus.procesregisseur_id)
        if naam is None:
            regisseur = casus.procesregisseur
            naam = namen[casus.procesregisseur_id] = regisseur.get_full_name() or regisseur.username
        begint = timezone.localtime(o.begint_op)
        rijen.append(
            vul(
                _MDO_RIJ,
                klasse=_SPOED_KLASSE if casus.spoed else "",
                overleg_url=overleg_url(o.pk),
                begint_op=f"{datum(begint)}, {begint:%H:%M}",
                soort=soorten.get(o.type, o.type),
                casus_url=casus_url(o.casus_id),
                nummer=casus.nummer,
                tafel=o.sessie.tafel.naam,
                procesregisseur=naam,
            )
        )
    return rijen
