"""The action rows of the plan van aanpak, written in Python from values prepared once per page.

The rich casus holds 150 actions over its goals; written by the template engine (an object
per action with its organisation, owner, decision and MDO, and a dozen lookups, tags and
translations per cell) they were most of the page's time. Here the selector reads only the
columns a row prints (`selectors_plan.actie_rijen`), and a row is one string format with its
values escaped. What repeats (a date's month name, a status or MDO type label, a URL pattern,
the translated texts) is worked out once per page.

The markup is exactly what `templates/casus/plan/plan.html` printed per row before;
tests/casus/test_plan_rijen.py renders that template fragment beside these rows, with
markup in every value, so the two cannot drift apart.
"""

from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.fields import opened
from core.urls import reverse_per_pk

from .models import LOPENDE_STATUSSEN, Actie, ActieStatus, OverlegType
from .rijen import LEEG, datum_tekst

# One row of a goal's table; every value is escaped before it goes in.
_RIJ = (
    "\n      <tr>\n"
    '        <td class="pre">{omschrijving}</td>\n'
    "        <td>{organisatie}</td>\n"
    "        <td>{eigenaar}</td>\n"
    "        <td>{deadline}{verlopen}</td>\n"
    '        <td><a href="{actie_url}">{status}<span class="visually-hidden"> – '
    "{voortgang_label}</span></a></td>\n"
    "        <td>{besluit}</td>\n"
    "        {wijzig}\n"
    "      </tr>\n    "
)
_WIJZIG = '<td><a href="{url}" aria-label="{label}">{wijzigen}</a></td>'
_BESLUIT_LINK = '<a href="{url}">{tekst}</a>'
# One decision of the "Besluiten van de MDO's" list (the procesregisseur's).
_BESLUIT = (
    '\n    <li><span class="pre">{tekst}</span> ({soort} {datum}, {eigenaar}) – '
    '<a href="{url}" aria-label="{label}">{maak}</a></li>\n  '
)


def _e(waarde) -> str:
    return conditional_escape(waarde)


def omschrijving(rij) -> str:
    """The action's description in clear text, as the model's attribute reads it: the
    column read by `values()` is still sealed, bound to the action's own row."""
    return opened(Actie, "omschrijving", rij["id"], rij["omschrijving"])


def _escaped_per_pk(name, *args):
    """As reverse_per_pk, the path already escaped: a key (a UUID, hex digits and hyphens)
    needs no escaping, so the path is escaped once and each row's key put in its place."""
    stand_in = "00000000-0000-0000-0000-00000000beef"
    pattern = str(_e(reverse_per_pk(name, *args)(stand_in)))
    return lambda pk: pattern.replace(stand_in, str(pk))


class PlanRijen:
    """Writes the action rows of one plan page; `mag_bewerken` adds the "Wijzigen" column.

    What repeats over the rows is escaped once: a name, a date, a label's pattern (its
    numbers need no escaping), a URL's path (its key needs none)."""

    def __init__(self, casus, *, mag_bewerken):
        self._mag_bewerken = mag_bewerken
        self._datum = datum_tekst()
        self._vandaag = timezone.localdate()
        self._statussen = {waarde: _e(str(label)) for waarde, label in ActieStatus.choices}
        self._soorten = {waarde: str(label) for waarde, label in OverlegType.choices}
        self._voortgang_label = str(_e(_("voortgang van actie %(nr)s van doel %(doel)s")))
        self._wijzig_label = str(_e(_("Wijzigen: actie %(nr)s van doel %(doel)s")))
        self._verlopen = f" <strong>{_e(_('verlopen'))}</strong>"
        self._wijzigen = _e(_("Wijzigen"))
        self._actie_url = _escaped_per_pk("casus:actie")
        self._wijzig_url = _escaped_per_pk("casus:plan_actie", casus.pk)
        self._overleg_url = _escaped_per_pk("casus:overleg")
        self._escaped: dict = {}

    def _esc(self, tekst) -> str:
        """`tekst` escaped; a text that recurs (a name, a date) is escaped once."""
        escaped = self._escaped.get(tekst)
        if escaped is None:
            escaped = self._escaped[tekst] = _e(tekst)
        return escaped

    def _besluit(self, rij, leesbaar):
        if not rij["besluit_id"]:
            return LEEG
        soort, begint_op = (
            rij["besluit__casusoverleg__type"],
            rij["besluit__casusoverleg__begint_op"],
        )
        tekst = self._esc(f"{self._soorten.get(soort, soort)} {self._datum(begint_op)}")
        if rij["besluit_id"] in leesbaar:
            return _BESLUIT_LINK.format(
                url=self._overleg_url(rij["besluit__casusoverleg_id"]), tekst=tekst
            )
        return tekst

    def rij(self, rij, *, nr, doel_nr, leesbaar) -> str:
        """The <tr> of one action (a dict from `actie_rijen`), number `nr` of goal `doel_nr`;
        `leesbaar`: the ids of the decisions the actor may read (their MDO is linked)."""
        plek = {"nr": int(nr), "doel": int(doel_nr)}
        wijzig = ""
        if self._mag_bewerken:
            wijzig = _WIJZIG.format(
                url=self._wijzig_url(rij["id"]),
                label=self._wijzig_label % plek,
                wijzigen=self._wijzigen,
            )
        eigenaar = LEEG
        if rij["eigenaar_id"]:
            volledig = f"{rij['eigenaar__first_name']} {rij['eigenaar__last_name']}".strip()
            eigenaar = volledig or rij["eigenaar__username"]
        verlopen = rij["status"] in LOPENDE_STATUSSEN and rij["deadline"] < self._vandaag
        return _RIJ.format(
            omschrijving=_e(omschrijving(rij)),
            organisatie=self._esc(rij["organisatie__naam"]),
            eigenaar=self._esc(eigenaar),
            deadline=self._esc(self._datum(rij["deadline"])),
            verlopen=self._verlopen if verlopen else "",
            actie_url=self._actie_url(rij["id"]),
            status=self._statussen.get(rij["status"]) or _e(rij["status"]),
            voortgang_label=self._voortgang_label % plek,
            besluit=self._besluit(rij, leesbaar),
            wijzig=wijzig,
        )

    def per_doel(self, doelen, rijen, leesbaar) -> None:
        """Sets each goal's `plan_html`: the rows of its actions (in `rijen`' order, by due
        date) as one safe string, or "" for a goal without actions."""
        per_doel: dict = {}
        for rij in rijen:
            per_doel.setdefault(rij["doel_id"], []).append(rij)
        for doel_nr, doel in enumerate(doelen, start=1):
            doel.plan_html = mark_safe(  # noqa: S308 (every value is escaped above)
                "".join(
                    self.rij(rij, nr=nr, doel_nr=doel_nr, leesbaar=leesbaar)
                    for nr, rij in enumerate(per_doel.get(doel.pk, ()), start=1)
                )
            )


def besluiten_html(casus, besluiten) -> str:
    """The items of the "Besluiten van de MDO's" list: each decision's text, its MDO (type,
    date), the owner organisation, and the link to turn it into actions."""
    datum = datum_tekst()
    soorten = {waarde: _e(str(label)) for waarde, label in OverlegType.choices}
    url = reverse_per_pk("casus:plan_besluit", casus.pk)
    label = _("Maak acties van dit besluit (besluit %(nr)s)")
    maak = _e(_("Maak acties van dit besluit"))
    return mark_safe(  # noqa: S308 (every value is escaped)
        "".join(
            _BESLUIT.format(
                tekst=_e(besluit.tekst),
                soort=soorten.get(overleg.type) or _e(overleg.type),
                datum=_e(datum(overleg.begint_op)),
                eigenaar=_e(besluit.eigenaar.naam),
                url=_e(url(besluit.pk)),
                label=_e(label % {"nr": nr}),
                maak=maak,
            )
            for nr, besluit in enumerate(besluiten, start=1)
            for overleg in (besluit.casusoverleg,)
        )
    )
