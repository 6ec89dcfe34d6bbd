"""The rows of "mijn acties", written in Python from values prepared once per page.

A worklist page holds fifty rows, each with two small forms (the status update, "Ik pak dit
op"). Written by the template engine, with a bound Django form per row, the rows were most of
the page's time; here a row is a few string formats, its values escaped. What repeats on a page (a
person's decrypted name, an owner's name, a date, a status label, a URL pattern, the
translated texts) is worked out once.

The empty update form is written from the form's own fields (`ActieBijwerkenForm.velden`)
with the markup `casus/acties/_bijwerken_form.html` gives a bound form; a refused update
shows its bound form through that template, with its errors. tests/casus/test_acties.py
holds the two side by side, so they cannot drift apart.
"""

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.rijen import vul
from core.urls import reverse_per_pk

from .forms_acties import LIJST, ActieBijwerkenForm, actie_prefix
from .models import ActieStatus

_OPPAKKEN = (
    '\n    <form method="post" action="{url}" class="inline">{csrf}\n'
    '      <input type="hidden" name="eigenaar" value="{user}">\n'
    '      <input type="hidden" name="versie" value="{versie}">\n'
    '      <input type="hidden" name="terug" value="lijst">\n'
    '      <input type="hidden" name="filter" value="{filter}">\n'
    '      <input type="hidden" name="na" value="{na}">\n'
    '      <button type="submit" class="secondary small">{knop}'
    '<span class="visually-hidden">: {omschrijving}</span></button>\n'
    "    </form>"
)

_FORMULIER = (
    '<form method="post" action="{url}" novalidate hx-post="{url}" hx-target="#actie-{pk}"'
    ' hx-swap="outerHTML">{csrf}\n'
    '  <input type="hidden" name="{prefix}-versie" value="{versie}" id="id_{prefix}-versie">\n'
    '  <input type="hidden" name="terug" value="lijst">\n'
    '  <input type="hidden" name="filter" value="{filter}">'
    '<input type="hidden" name="na" value="{na}">\n'
    '  <div class="field">\n'
    '  <label for="id_{prefix}-status">{status_label}</label>\n'
    '  <select name="{prefix}-status"{status_attrs} id="id_{prefix}-status">{opties}</select>\n'
    "</div>\n"
    '  <div class="field">\n'
    '  <label for="id_{prefix}-notitie">{notitie_label}</label>\n'
    '  <textarea name="{prefix}-notitie"{notitie_attrs} id="id_{prefix}-notitie">\n'
    "</textarea>\n"
    "</div>\n"
    '  <div class="field">\n'
    '  <label for="id_{prefix}-reden_niet_haalbaar">{reden_label}</label>\n'
    '  <textarea name="{prefix}-reden_niet_haalbaar"{reden_attrs}'
    ' id="id_{prefix}-reden_niet_haalbaar">\n'
    "</textarea>\n"
    "</div>\n"
    '  <button type="submit">{opslaan}<span class="visually-hidden">: {omschrijving}</span>'
    "</button>\n"
    "</form>"
)

_DETAILS = (
    "\n    <details{geopend}>\n"
    '      <summary>{bijwerken}<span class="visually-hidden">: {omschrijving}</span></summary>\n'
    "      {inhoud}\n"
    "    </details>"
)

_RIJ = (
    '<tr id="actie-{pk}"{klasse}>\n'
    '  <td><a href="{casus_url}">{nummer}</a></td>\n'
    "  <td>{personen}</td>\n"
    "  <td>{doel}</td>\n"
    '  <td><a href="{actie_url}">{omschrijving}</a></td>\n'
    '  <td><time datetime="{deadline}">{deadline_tekst}</time>{te_laat}</td>\n'
    "  <td>{status}</td>\n"
    "  <td>{eigenaar}{oppakken}\n"
    "  </td>\n"
    '  <td class="bijwerken">{bericht}{bijwerken}\n'
    "  </td>\n"
    "</tr>"
)


class _Open(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _vooraf(template, **waarden):
    """`template` with the page's values filled in (escaped) and each row's placeholders
    left for `vul`."""
    ingevuld = {
        key: str(conditional_escape(value)).replace("{", "{{").replace("}", "}}")
        for key, value in waarden.items()
    }
    return template.format_map(_Open(ingevuld))


class RijOpmaak:
    """Writes the rows of one worklist page (or the one row an htmx update answers with)
    for `request`: the filter `eigenaar` and the cursor `na` go along in every form, so an
    update without JavaScript returns to the same list and page."""

    def __init__(self, request, *, eigenaar, na):
        self.request = request
        self.user_id = request.actor.user_id
        self.eigenaar = eigenaar
        self.na = na or ""
        self.vandaag = timezone.localdate()
        # The template's {% csrf_token %} too gives every form of a page the same token.
        self.csrf = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        )
        self._casus_url = reverse_per_pk("casus:casus")
        self._actie_url = reverse_per_pk("casus:actie")
        self._bijwerken_url = reverse_per_pk("casus:actie_bijwerken")
        self._eigenaar_url = reverse_per_pk("casus:actie_eigenaar")
        self._statussen = {value: str(label) for value, label in ActieStatus.choices}
        velden = ActieBijwerkenForm.velden()
        self._tekst = {
            "te_laat": format_html(' — <strong class="te-laat">{}</strong>', _("over de termijn")),
            "geen_eigenaar": _("geen (de organisatie)"),
            "uit_lijst": _("De actie staat niet meer in deze lijst."),
        }
        gedeeld = {"csrf": self.csrf, "filter": self.eigenaar, "na": self.na}
        self._rij = _vooraf(_RIJ)
        self._oppakken_html = _vooraf(
            _OPPAKKEN, user=self.user_id, knop=_("Ik pak dit op"), **gedeeld
        )
        self._details = _vooraf(_DETAILS, bijwerken=_("Status of voortgang bijwerken"))
        self._formulier = _vooraf(
            _FORMULIER,
            opslaan=_("Opslaan"),
            status_label=velden["status"]["label"],
            status_attrs=velden["status"]["attrs"],
            notitie_label=velden["notitie"]["label"],
            notitie_attrs=velden["notitie"]["attrs"],
            reden_label=velden["reden_niet_haalbaar"]["label"],
            reden_attrs=velden["reden_niet_haalbaar"]["attrs"],
            **gedeeld,
        )
        self._opties = {}
        self._namen = {}
        self._eigenaren = {}
        self._datums = {}

    def html(self, actie, *, form=None, mag_bijwerken=True, bericht="", swap=False) -> SafeString:
        """The row of `actie`. `form` is a refused update's bound form (shown open, with its
        errors); without it a row that may be updated gets the empty form."""
        pk = str(actie.pk)
        lopend = actie.lopend
        verlopen = lopend and actie.deadline < self.vandaag
        omschrijving = actie.omschrijving
        return vul(
            self._rij,
            pk=pk,
            klasse=mark_safe(' class="verlopen"') if verlopen else "",
            casus_url=self._casus_url(actie.casus_id),
            nummer=actie.casus.nummer,
            personen=", ".join(self._naam(p) for p in actie.casus.lijst_personen) or "—",
            doel=actie.doel.omschrijving,
            actie_url=self._actie_url(pk),
            omschrijving=omschrijving,
            deadline=actie.deadline.isoformat(),
            deadline_tekst=self._datum(actie.deadline),
            te_laat=self._tekst["te_laat"] if verlopen else "",
            status=self._statussen[actie.status],
            eigenaar=self._eigenaar(actie),
            oppakken=self._oppakken(actie, pk)
            if lopend and actie.eigenaar_id != self.user_id
            else "",
            bericht=self._bericht(bericht, lopend) if bericht else "",
            bijwerken=self._bijwerken(actie, pk, form, swap) if mag_bijwerken else "",
        )

    def _oppakken(self, actie, pk):
        return vul(
            self._oppakken_html,
            url=self._eigenaar_url(pk),
            versie=actie.versie,
            omschrijving=actie.omschrijving,
        )

    def _bericht(self, bericht, lopend):
        return format_html(
            '\n    <p class="message success" role="status" tabindex="-1" data-focus-na-swap>'
            "{}{}</p>",
            bericht,
            "" if lopend else format_html(" {}", self._tekst["uit_lijst"]),
        )

    def _bijwerken(self, actie, pk, form, swap):
        url = self._bijwerken_url(pk)
        if form is None:
            inhoud = vul(
                self._formulier,
                url=url,
                pk=pk,
                prefix=actie_prefix(actie),
                versie=actie.versie,
                opties=self._status_opties(actie.status),
                omschrijving=actie.omschrijving,
            )
            geopend = ""
        else:
            inhoud = render_to_string(
                "casus/acties/_bijwerken_form.html",
                {
                    "actie": actie,
                    "form": form,
                    "terug": LIJST,
                    "bijwerken_url": url,
                    "eigenaar": self.eigenaar,
                    "na": self.na,
                },
                request=self.request,
            )
            geopend = ""
            if form.errors:
                geopend = " open data-focus-na-swap" if swap else " open"
        return vul(
            self._details,
            geopend=mark_safe(geopend),  # noqa: S308 (fixed attributes)
            omschrijving=actie.omschrijving,
            inhoud=inhoud,
        )

    def _naam(self, persoon):
        # Each person's name is decrypted once per page, however many rows show them.
        if persoon.pk not in self._namen:
            self._namen[persoon.pk] = persoon.naam
        return self._namen[persoon.pk]

    def _eigenaar(self, actie):
        if actie.eigenaar_id is None:
            return self._tekst["geen_eigenaar"]
        if actie.eigenaar_id not in self._eigenaren:
            eigenaar = actie.eigenaar
            self._eigenaren[actie.eigenaar_id] = eigenaar.get_full_name() or eigenaar.username
        return self._eigenaren[actie.eigenaar_id]

    def _datum(self, datum):
        if datum not in self._datums:
            self._datums[datum] = date_format(datum, "j F Y")
        return self._datums[datum]

    def _status_opties(self, status):
        if status not in self._opties:
            self._opties[status] = ActieBijwerkenForm.status_opties(status)
        return self._opties[status]
