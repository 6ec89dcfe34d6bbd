"""Search forms of the review workspace. Every message is Dutch; a BSN never leaves the form.

A BSN is turned into the person's audit pseudonym (blind index) in `clean` and is never
rendered back: the next page carries the pseudonym in a hidden field instead.
"""

import re
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import BsnField, DateInput

from . import hooks, selectors
from .events import EVENTS, event_label
from .hooks import resolve_casus
from .models import Outcome

User = get_user_model()
_PSEUDONIEM = re.compile(
    r"^([0-9a-f]{64}|p-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)
_CASUSNUMMER = re.compile(r"^\d{4}-\d{4,}$")


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class PeriodeForm(forms.Form):
    van = forms.DateField(label=_("Van (datum)"), required=False, widget=DateInput)
    tot = forms.DateField(label=_("Tot en met (datum)"), required=False, widget=DateInput)

    def clean(self):
        cleaned = cast(dict[str, Any], super().clean())  # Form.clean returns cleaned_data
        van, tot = cleaned.get("van"), cleaned.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return cleaned

    def period(self):
        """(start, end) as aware datetimes, end exclusive; None where not given."""
        van, tot = self.cleaned_data.get("van"), self.cleaned_data.get("tot")
        start = _start_of(van) if van else None
        end = _start_of(tot + timedelta(days=1)) if tot else None
        return start, end


if TYPE_CHECKING:
    _FormBase = forms.Form
else:
    _FormBase = object


class PersoonMixin(_FormBase):
    """A BSN (validated, then blind-indexed) or a carried pseudonym, with a required purpose."""

    def clean_persoon(self):
        value = self.cleaned_data.get("persoon", "").strip()
        if value and not _PSEUDONIEM.match(value):
            # A hidden field: the message goes to the form as a whole, where it is shown.
            self.add_error(None, _("Deze persoonsverwijzing is ongeldig; zoek opnieuw."))
            return ""
        return value

    def pseudoniem(self):
        bsn = self.cleaned_data.get("bsn")
        return bsn.blind_index() if bsn else self.cleaned_data.get("persoon", "")

    def _require_purpose(self, cleaned, message):
        if (cleaned.get("bsn") or cleaned.get("persoon")) and not cleaned.get("doel"):
            self.add_error("doel", message)


def _cursor_field():
    return forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)


def _check_cursor(form, cleaned):
    if cleaned.get("na"):
        try:
            selectors.decode_cursor(cleaned["na"])
        except selectors.InvalidCursor:
            form.add_error(None, _("De paginaverwijzing is ongeldig. Zoek opnieuw."))


def _event_choices():
    """Every event by its Dutch label, alphabetically; the code is the submitted value."""
    labelled = sorted((event_label(name), name) for name in EVENTS)
    return [("", _("alle gebeurtenissen"))] + [(name, label) for label, name in labelled]


class ZoekForm(PersoonMixin, PeriodeForm):
    gebruiker = forms.CharField(
        label=_("Gebruikersnaam"),
        required=False,
        max_length=150,
        help_text=_("De gebruikersnaam waarmee de medewerker inlogt."),
    )
    organisatie: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Organisatie"),
        required=False,
        queryset=None,
        empty_label=_("alle organisaties"),
    )
    bsn = BsnField(
        label=_("BSN van de persoon"),
        required=False,
        help_text=_("Wordt niet opgeslagen: Casus zoekt op het pseudoniem van dit BSN."),
    )
    persoon = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    doel = forms.CharField(
        label=_("Doel van deze zoekvraag"),
        required=False,
        max_length=200,
        help_text=_(
            "Verplicht bij zoeken op een persoon en bij exporteren, bijvoorbeeld "
            "'inzageverzoek 2026-014'. Het doel wordt vastgelegd."
        ),
    )
    casus = forms.CharField(
        label=_("Casusnummer"),
        required=False,
        max_length=20,
        help_text=_("Bijvoorbeeld 2026-0042."),
    )
    gebeurtenis = forms.ChoiceField(label=_("Gebeurtenis"), required=False, choices=())
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst"),
        required=False,
        choices=[("", _("alle uitkomsten")), *Outcome.choices],
    )
    na = _cursor_field()

    field_order = [
        "gebruiker",
        "organisatie",
        "bsn",
        "doel",
        "casus",
        "gebeurtenis",
        "uitkomst",
        "van",
        "tot",
    ]

    def __init__(self, *args, zvh, require_purpose=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.zvh = zvh
        self.require_purpose = require_purpose
        self.casus_ids = []
        # self.fields holds the ModelChoiceField and ChoiceField declared above, typed as Field;
        # partners registers the hook in AppConfig.ready.
        self.fields["organisatie"].queryset = hooks.organisaties(zvh.pk)  # type: ignore[attr-defined,misc]
        self.fields["gebeurtenis"].choices = _event_choices()  # type: ignore[attr-defined]

    def clean_gebruiker(self):
        value = self.cleaned_data.get("gebruiker", "").strip()
        if not value:
            return None
        # Only accounts of this house's organisations or with rows here: no probing of others.
        logged_here = selectors.rows_in_zvh(self.zvh).filter(user_id=OuterRef("pk"))
        user_id = (
            User.objects.filter(username__iexact=value)
            # partners registers the hook in AppConfig.ready.
            .filter(Q(pk__in=hooks.medewerker_ids(self.zvh.pk)) | Exists(logged_here))  # type: ignore[misc]
            .values_list("pk", flat=True)
            .first()
        )
        if user_id is None:
            raise forms.ValidationError(_("Er is geen medewerker met deze gebruikersnaam."))
        return user_id

    def clean_casus(self):
        """The number as typed; the casus ids it stands for in this house go to `casus_ids`."""
        value = self.cleaned_data.get("casus", "").strip()
        if not value:
            return ""
        if not _CASUSNUMMER.match(value):
            raise forms.ValidationError(_("Vul een casusnummer in zoals 2026-0042."))
        self.casus_ids = resolve_casus(self.zvh.pk, value)
        if not self.casus_ids:
            raise forms.ValidationError(_("Er is in dit huis geen casus met dit nummer."))
        return value

    def clean(self):
        cleaned = super().clean()
        self._require_purpose(
            cleaned, _("Vul het doel in: zoeken op een persoon mag alleen met een reden.")
        )
        if self.require_purpose and not cleaned.get("doel") and "doel" not in self.errors:
            self.add_error("doel", _("Vul het doel van de export in."))
        _check_cursor(self, cleaned)
        return cleaned

    def filters(self):
        data = self.cleaned_data
        start, end = self.period()
        organisatie = data.get("organisatie")
        return {
            "user_id": data.get("gebruiker"),
            "organisatie_id": organisatie.pk if organisatie else None,
            "persoon_pseudoniem": self.pseudoniem(),
            "casus_ids": self.casus_ids or None,
            "event_type": data.get("gebeurtenis", ""),
            "outcome": data.get("uitkomst", ""),
            "start": start,
            "end": end,
        }

    def describe(self):
        """A short, non-personal summary of the filters for the audit row."""
        filters = self.filters()
        parts = []
        for key in ("user_id", "organisatie_id", "event_type", "outcome"):
            if filters[key] not in (None, ""):
                parts.append(f"{key}={filters[key]}")
        if self.cleaned_data.get("casus"):
            parts.append(f"casus={self.cleaned_data['casus']}")
        if filters["persoon_pseudoniem"]:
            parts.append("persoon")
        for key in ("van", "tot"):
            if self.cleaned_data.get(key):
                parts.append(f"{key}={self.cleaned_data[key].isoformat()}")
        return " ".join(parts) or "geen filter"

    def carried(self):
        """Hidden fields for the next page: the filters as entered, with the pseudonym."""
        data = self.cleaned_data
        organisatie = data.get("organisatie")
        values = {
            "gebruiker": self.data.get("gebruiker", ""),
            "organisatie": organisatie.pk if organisatie else "",
            "persoon": self.pseudoniem(),
            "doel": data.get("doel", ""),
            "casus": data.get("casus") or "",
            "gebeurtenis": data.get("gebeurtenis", ""),
            "uitkomst": data.get("uitkomst", ""),
            "van": data["van"].isoformat() if data.get("van") else "",
            "tot": data["tot"].isoformat() if data.get("tot") else "",
        }
        return {k: v for k, v in values.items() if v not in ("", None)}


class InzageForm(PersoonMixin, forms.Form):
    bsn = BsnField(
        label=_("BSN van de persoon"),
        required=False,
        help_text=_("Wordt niet opgeslagen: Casus zoekt op het pseudoniem van dit BSN."),
    )
    persoon = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    doel = forms.CharField(
        label=_("Doel"),
        max_length=200,
        help_text=_("Bijvoorbeeld het nummer van het inzageverzoek. Het doel wordt vastgelegd."),
        error_messages={"required": _("Vul het doel in, bijvoorbeeld het inzageverzoek.")},
    )
    na = _cursor_field()

    def clean(self):
        cleaned = cast(dict[str, Any], super().clean())  # Form.clean returns cleaned_data
        if not cleaned.get("bsn") and not cleaned.get("persoon") and "bsn" not in self.errors:
            self.add_error("bsn", _("Vul het BSN van de persoon in."))
        _check_cursor(self, cleaned)
        return cleaned

    def carried(self):
        return {"persoon": self.pseudoniem(), "doel": self.cleaned_data["doel"]}


class SignalenForm(PeriodeForm):
    DEFAULT_DAYS = 30

    def period(self):
        start, end = super().period()
        now = timezone.now()
        if end is None:
            end = _start_of(timezone.localdate(now) + timedelta(days=1))
        if start is None:
            start = end - timedelta(days=self.DEFAULT_DAYS + 1)
        return start, end
