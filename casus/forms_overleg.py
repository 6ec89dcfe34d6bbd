"""Forms of the casusoverleg pages. They check input (lengths, types); the services check the
rules (capacity, the gate, the version of the minutes, a closed casus)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput
from partners.models import Organisatie

from . import services_overleg as services
from .models import Aanwezigheid, AveNiveau, OverlegType


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class TafelForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=services.MAX_KORT)
    vaste_dag_tijd = forms.CharField(
        label=_("Vaste dag en tijd"), max_length=services.MAX_KORT, required=False
    )
    locatie = forms.CharField(
        label=_("Locatie"),
        max_length=services.MAX_KORT,
        required=False,
        help_text=_("Een adres, zaal of vergaderlink zonder persoonsgegevens."),
    )
    actief = forms.BooleanField(label=_("Actief"), required=False, initial=True)
    spoed = forms.BooleanField(label=_("Spoedtafel"), required=False)


class SessieForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DateInput)
    begin = forms.TimeField(label=_("Begin"), widget=TimeInput)
    eind = forms.TimeField(label=_("Eind"), widget=TimeInput)
    capaciteit = forms.IntegerField(
        label=_("Aantal plekken"), min_value=1, max_value=services.MAX_CAPACITEIT
    )
    plaats = forms.CharField(
        label=_("Plaats of online link"),
        max_length=300,
        required=False,
        help_text=_("Leeg: de locatie van de tafel. Geen persoonsgegevens."),
    )
    spoed = forms.BooleanField(label=_("Spoedsessie"), required=False)


class PlanForm(forms.Form):
    sessie = forms.TypedChoiceField(label=_("Sessie"), coerce=int)
    type = forms.ChoiceField(label=_("Soort overleg"), choices=OverlegType.choices)
    boven_capaciteit = forms.BooleanField(
        label=_("Spoed: boven de capaciteit plannen als de sessie vol is"), required=False
    )
    reden = forms.CharField(
        label=_("Reden (bij boven de capaciteit)"),
        max_length=services.MAX_REDEN,
        required=False,
        widget=_textarea(3),
    )

    def __init__(self, *args, sessies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessie"].choices = [
            (
                s.pk,
                _("%(tafel)s, %(datum)s %(begin)s – %(vrij)s vrij%(spoed)s")
                % {
                    "tafel": s.tafel.naam,
                    "datum": s.datum.strftime("%d-%m-%Y"),
                    "begin": s.begin.strftime("%H:%M"),
                    "vrij": s.vrij,
                    "spoed": _(", spoedsessie") if s.spoed else "",
                },
            )
            for s in sessies
            if not s.al_gepland
        ]


class UitnodigingForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisatie.objects.filter(actief=True).order_by("naam")
    )
    genodigden = forms.CharField(
        label=_("Genodigden (naam en functie, één per regel)"),
        max_length=services.MAX_GENODIGDEN,
        required=False,
        widget=_textarea(3),
        help_text=_("Alleen de professionals die deelnemen, nooit gegevens van betrokkenen."),
    )


class AanwezigheidForm(forms.Form):
    uitnodiging = forms.IntegerField(widget=forms.HiddenInput)
    aanwezigheid = forms.ChoiceField(label=_("Aanwezigheid"), choices=Aanwezigheid.choices)


class VerklaringForm(forms.Form):
    uitnodiging = forms.TypedChoiceField(label=_("Incidentele partner"), coerce=int)
    naam_ondertekenaar = forms.CharField(
        label=_("Naam ondertekenaar"), max_length=services.MAX_KORT
    )
    getekend_op = forms.DateField(label=_("Getekend op"), widget=DateInput)
    hele_casus = forms.BooleanField(
        label=_("Geldt voor alle overleggen van deze casus"), required=False
    )

    def __init__(self, *args, uitnodigingen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uitnodiging"].choices = [(u.pk, u.organisatie.naam) for u in uitnodigingen]


class VerslagForm(forms.Form):
    verslag = forms.CharField(
        label=_("Verslag"), max_length=services.MAX_VERSLAG, required=False, widget=_textarea(10)
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class BesluitForm(forms.Form):
    tekst = forms.CharField(
        label=_("Besluit"), max_length=services.MAX_BESLUIT, widget=_textarea(3)
    )
    eigenaar = forms.TypedChoiceField(label=_("Eigenaar"), coerce=int)

    def __init__(self, *args, organisaties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eigenaar"].choices = [(o.pk, o.naam) for o in organisaties]


class AfsprakenForm(forms.Form):
    ave_niveau = forms.TypedChoiceField(
        label=_("Afgesproken AVE-niveau"), choices=AveNiveau.choices, coerce=int
    )
    volgend_mdo_op = forms.DateField(label=_("Datum volgend MDO"), widget=DateInput, required=False)
