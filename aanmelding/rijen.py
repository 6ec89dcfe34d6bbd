"""The rows of the referral worklists (triage queue, "mijn aanmeldingen"), written in Python.

Fifty rows a page, every value prepared once per page (a link pattern, the status labels, the
translated texts) and each row one format string with its values escaped (core.rijen): the
template engine's lookups and filters per cell were most of the page's Python time. The
markup is what the templates wrote per row; the templates print the rows as they are.
"""

from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.rijen import escape, vul
from core.urls import reverse_per_pk

from .models import Status

_WERKVOORRAAD = (
    "\n    <tr{klasse}>\n"
    "      <td>{nummer}</td>\n"
    "      <td>{spoed}</td>\n"
    "      <td>{datum}</td>\n"
    '      <td><a href="{url}">{personen}</a></td>\n'
    "      <td>{door}</td>\n"
    "      <td>{status}</td>\n"
    "    </tr>\n  "
)
_MIJN = (
    "\n    <tr>\n"
    '      <td><a href="{url}">{nummer}</a></td>\n'
    "      <td>{datum}</td>\n"
    "      <td>{personen}</td>\n"
    "      <td>{door}</td>\n"
    "      <td>{spoed}</td>\n"
    "      <td>{status}</td>\n"
    "    </tr>\n  "
)
_SPOED_KLASSE = mark_safe(' class="spoed"')


def _statussen():
    return {waarde: str(label) for waarde, label in Status.choices}


def werkvoorraad(page, personen):
    """The rows of the triage queue: `page` of selectors.triage_werkvoorraad_waarden,
    `personen` of selectors.getoonde_personen. The waiting time is Aanmelding.leeftijd_dagen."""
    statussen = _statussen()
    url = reverse_per_pk("aanmelding:triage")
    vandaag = _("vandaag")
    zonder_personen = _("Aanmelding zonder personen")
    spoed = mark_safe(f"<strong>{escape(_('spoed'))}</strong>")  # noqa: S308 (escaped)
    nu = timezone.now()
    rijen = []
    for a in page:
        dagen = (nu - (a["ingediend_op"] or a["aangemaakt_op"])).days
        rijen.append(
            vul(
                _WERKVOORRAAD,
                klasse=_SPOED_KLASSE if a["spoed"] else "",
                nummer=a["nummer"] or "—",
                spoed=spoed if a["spoed"] else "—",
                datum=vandaag
                if dagen == 0
                else ngettext("%(dagen)s dag", "%(dagen)s dagen", dagen)
                % {"dagen": localize(dagen)},
                url=url(a["id"]),
                personen=", ".join(p.naam for p in personen[a["id"]]) or zonder_personen,
                door=a["organisatie__naam"],
                status=statussen.get(a["status"], a["status"]),
            )
        )
    return rijen


def mijn_aanmeldingen(page, personen):
    """The rows of "mijn aanmeldingen": `page` of selectors.mijn_aanmeldingen_waarden,
    `personen` of selectors.getoonde_personen with the actor; a person whose details the
    actor may not see shows as an existing registration."""
    statussen = _statussen()
    url = reverse_per_pk("aanmelding:detail")
    bestaand = _("bestaande registratie")
    zonder_nummer = _("zonder nummer")
    spoed = _("spoed")
    datums: dict = {}
    rijen = []
    for a in page:
        dag = timezone.localtime(a["aangemaakt_op"]).date()
        if dag not in datums:
            datums[dag] = date_filter(dag, "j F Y")
        door = " ".join(
            (a["aangemeld_door__first_name"], a["aangemeld_door__last_name"])
        ).strip()  # Medewerker.get_full_name
        rijen.append(
            vul(
                _MIJN,
                url=url(a["id"]),
                nummer=a["nummer"] or zonder_nummer,
                datum=datums[dag],
                personen=", ".join(p.naam if p.volledig else bestaand for p in personen[a["id"]])
                or "—",
                door=door or a["aangemeld_door__username"],
                spoed=spoed if a["spoed"] else "—",
                status=statussen.get(a["status"], a["status"]),
            )
        )
    return rijen
