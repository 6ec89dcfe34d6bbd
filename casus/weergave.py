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
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
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


# The casus page's long repeated rows, written here rather than by the template language (which
# renders dozens of nodes per row): the same markup, each value escaped by format_html.


def overleg_rijen(overleggen) -> SafeString:
    """The rows of the MDO table (casus.selectors_overzicht.OverlegRegel, `url` set or None)."""
    return format_html_join(
        "",
        '\n    <tr><td><time datetime="{}">{}</time></td>\n      <td>{}</td>\n'
        "      <td>{}</td><td>{}</td>\n      <td>{}</td></tr>\n  ",
        (
            (
                o.begint_iso,
                o.begint_tekst,
                format_html('<a href="{}">{}</a>', o.url, o.type_label) if o.url else o.type_label,
                o.status_label,
                o.tafel,
                format_html("AVE {}", o.ave_niveau) if o.ave_niveau else "—",
            )
            for o in overleggen
        ),
    )


def ave_elementen(g) -> SafeString:
    """The AVE chart's gridlines, line, dots and dates (casus.grafieken.AveGrafiek), as the
    SVG inside its <svg> element."""
    raster = format_html_join(
        "",
        '<line class="raster" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="as" x="{}" y="{}" dy="4" text-anchor="end">AVE {}</text>',
        ((g.links, g.rechts, y, y, g.links - 6, y, niveau) for niveau, y in g.rasterlijnen),
    )
    lijn = format_html('<polyline class="lijn" points="{}"/>', g.lijn) if len(g.stippen) > 1 else ""
    stippen = format_html_join(
        "", '<circle class="stip" cx="{}" cy="{}" r="4"/>', ((s.x, s.y) for s in g.stippen)
    )
    datums = format_html_join(
        "",
        '<text class="as" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((d.x, d.y, d.label) for d in g.datums),
    )
    return format_html("  {}\n  {}\n  {}\n  {}\n", raster, lijn, stippen, datums)


def ave_tabelrijen(g) -> SafeString:
    """The rows of the table under the AVE chart."""
    return format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>AVE {}</td></tr>",
        ((p.datum_label, p.bron, p.niveau) for p in g.punten),
    )


def actie_rijen(acties) -> SafeString:
    """The rows of the running actions (casus.selectors_overzicht.ActieRegel)."""
    verlopen = format_html(" <strong>{}</strong>", gettext("(verlopen)"))
    return format_html_join(
        "",
        '\n    <tr{}><td>{}</td><td class="pre">{}</td><td>{}</td>\n      <td>{}</td>\n'
        "      <td>{}{}</td>\n      <td>{}</td>\n      <td>{}</td></tr>\n  ",
        (
            (
                mark_safe(' class="verlopen"') if a.verlopen else "",
                a.doel_nummer or "—",
                a.actie.omschrijving,
                a.actie.organisatie.naam,
                a.eigenaar,
                a.deadline,
                verlopen if a.verlopen else "",
                a.status,
                format_html(
                    '<span class="pre notitie">{}</span> <span class="muted">({}, {})</span>',
                    a.notitie.tekst,
                    a.notitie.organisatie,
                    a.notitie.op,
                )
                if a.notitie
                else "—",
            )
            for a in acties
        ),
    )
