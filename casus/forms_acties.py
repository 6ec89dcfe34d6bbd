"""Forms of "mijn acties" and an action's page. They check the input; the services check the
rules (who, which version, a closed casus)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.form_renderer import FAST_WIDGETS
from core.pagination import CURSOR_MAX_LENGTH

from .models import NOTITIE_MAX_LENGTH, ActieStatus
from .selectors_acties import MIJN, ORGANISATIE

NIET_HAALBAAR_ZONDER_REDEN = _("Geef de reden waarom de actie niet haalbaar is.")

# Where a status update returns to: the worklist or the action's own page.
LIJST = "lijst"
ACTIE = "actie"


def actie_prefix(actie):
    """Each row of the worklist has a form of its own: unique field ids per action."""
    return f"actie-{actie.pk}"


class ActieBijwerkenForm(forms.Form):
    # One per row of "mijn acties": its widgets are written without a template each.
    default_renderer = FAST_WIDGETS

    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActieStatus.choices,
        error_messages={"required": _("Kies een status."), "invalid_choice": _("Kies een status.")},
    )
    notitie = forms.CharField(
        label=_("Voortgang (optioneel)"),
        required=False,
        max_length=NOTITIE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reden_niet_haalbaar = forms.CharField(
        label=_("Reden (verplicht bij niet haalbaar)"),
        required=False,
        max_length=NOTITIE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    versie = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("Het formulier is onvolledig; laad de pagina opnieuw."),
            "invalid": _("Het formulier is onvolledig; laad de pagina opnieuw."),
        },
    )

    def __init__(self, *args, actie=None, **kwargs):
        if actie is not None:
            kwargs.setdefault("prefix", actie_prefix(actie))
            kwargs.setdefault(
                "initial",
                {
                    "status": actie.status,
                    "versie": actie.versie,
                    "reden_niet_haalbaar": "",
                },
            )
        super().__init__(*args, **kwargs)

    @classmethod
    def velden(cls):
        """What the worklist writes of the empty form, per field: its label and the widget's
        attributes other than name and id (casus/rijen_acties.py writes the fields from
        these, as the bound form would; tests/casus/test_acties.py compares the two)."""
        return {
            name: {
                "label": field.label,
                "attrs": flatatt(
                    field.widget.build_attrs(field.widget.attrs, field.widget_attrs(field.widget))
                ),
            }
            for name, field in cls.base_fields.items()
        }

    @classmethod
    def status_opties(cls, status):
        """The <option>s of the status select with `status` selected."""
        return format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if value == status else "", label)
                for value, label in cls.base_fields["status"].choices
            ),
        ) + mark_safe("\n")

    def clean(self):
        data = super().clean()
        reden = (data.get("reden_niet_haalbaar") or "").strip()
        if data.get("status") == ActieStatus.NIET_HAALBAAR and not reden:
            self.add_error("reden_niet_haalbaar", NIET_HAALBAAR_ZONDER_REDEN)
        return data


class TerugForm(forms.Form):
    """Hidden fields of a status update: where to return, with the worklist's filter and page."""

    terug = forms.ChoiceField(choices=[(LIJST, LIJST), (ACTIE, ACTIE)], required=False)
    filter = forms.ChoiceField(choices=[(ORGANISATIE, ""), (MIJN, "")], required=False)
    na = forms.CharField(required=False, max_length=CURSOR_MAX_LENGTH)

    def waarden(self):
        """(terug, owner filter, na), with the defaults for anything missing or invalid."""
        if not self.is_valid():
            return LIJST, ORGANISATIE, ""
        data = self.cleaned_data
        return data["terug"] or LIJST, data["filter"] or ORGANISATIE, data["na"]


class MijnActiesFilterForm(forms.Form):
    eigenaar = forms.ChoiceField(
        label=_("Toon"),
        choices=[
            (ORGANISATIE, _("Acties van mijn organisatie")),
            (MIJN, _("Alleen acties waarvan ik eigenaar ben")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )

    def keuze(self):
        if self.is_bound and self.is_valid() and self.cleaned_data["eigenaar"]:
            return self.cleaned_data["eigenaar"]
        return ORGANISATIE


class EigenaarForm(forms.Form):
    eigenaar = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=None,
        required=False,
        empty_label=_("Geen eigenaar: de hele organisatie"),
        error_messages={"invalid_choice": _("Kies een medewerker uit de lijst.")},
    )
    versie = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("Het formulier is onvolledig; laad de pagina opnieuw."),
            "invalid": _("Het formulier is onvolledig; laad de pagina opnieuw."),
        },
    )

    def __init__(self, *args, kandidaten, actie=None, **kwargs):
        if actie is not None:
            kwargs.setdefault("initial", {"eigenaar": actie.eigenaar_id, "versie": actie.versie})
        super().__init__(*args, **kwargs)
        field = self.fields["eigenaar"]
        field.queryset = kandidaten
        field.label_from_instance = lambda m: m.get_full_name() or m.username
