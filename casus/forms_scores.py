"""Forms for a score round and a pitch version; the services check everything again."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput

from .models import FEIT_MAX_LENGTH, PITCH_MAX_LENGTH
from .services_scores import MOTIVATIE_MAX_LENGTH, ScoreInvoer

NIET_GESCOORD = ""
BRON_HUIS = "huis"


class ScoreformulierForm(forms.Form):
    """One round: a date, and per domain a value ("niet gescoord" by default), a motivation,
    a source (the house or a deelnemer) and the date of that information."""

    datum = forms.DateField(label=_("Datum van het scoreformulier"), widget=DateInput)

    def __init__(self, *args, gebieden, schaal, deelnemers, **kwargs):
        super().__init__(*args, **kwargs)
        self.gebieden = gebieden
        self.fields["datum"].initial = timezone.localdate()
        laagste, hoogste = (schaal[0].waarde, schaal[-1].waarde) if schaal else (0, 0)
        waarden = [(NIET_GESCOORD, _("Niet gescoord"))] + [
            (str(s.waarde), f"{s.waarde} – {s.label}") for s in schaal
        ]
        bronnen = [(BRON_HUIS, _("Het huis zelf"))] + [
            (str(d.organisatie_id), str(d.organisatie)) for d in deelnemers
        ]
        buiten_schaal = _(
            "Kies een score van %(laagste)s tot en met %(hoogste)s, of 'niet gescoord'."
        ) % {
            "laagste": laagste,
            "hoogste": hoogste,
        }
        for gebied in gebieden:
            code = gebied.code
            self.fields[f"waarde_{code}"] = forms.ChoiceField(
                label=_("Score"),
                choices=waarden,
                required=False,
                error_messages={"invalid_choice": buiten_schaal},
            )
            self.fields[f"motivatie_{code}"] = forms.CharField(
                label=_("Motivatie"),
                required=False,
                max_length=MOTIVATIE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"bron_{code}"] = forms.ChoiceField(
                label=_("Bron"),
                choices=bronnen,
                required=False,
                error_messages={
                    "invalid_choice": _("Kies een deelnemer aan deze casus of het huis zelf.")
                },
            )
            self.fields[f"informatie_datum_{code}"] = forms.DateField(
                label=_("Datum van de informatie"), required=False, widget=DateInput
            )

    def rijen(self):
        """(gebied, its four bound fields) per domain, in the house's order."""
        return [
            (
                g,
                self[f"waarde_{g.code}"],
                self[f"motivatie_{g.code}"],
                self[f"bron_{g.code}"],
                self[f"informatie_datum_{g.code}"],
            )
            for g in self.gebieden
        ]

    def clean(self):
        cleaned = super().clean()
        for gebied in self.gebieden:
            code = gebied.code
            if not cleaned.get(f"waarde_{code}"):
                continue
            if not (cleaned.get(f"motivatie_{code}") or "").strip():
                self.add_error(f"motivatie_{code}", _("Geef een motivatie bij deze score."))
            if not cleaned.get(f"bron_{code}"):
                self.add_error(f"bron_{code}", _("Kies de bron van deze score."))
            if not cleaned.get(f"informatie_datum_{code}"):
                self.add_error(f"informatie_datum_{code}", _("Geef de datum van de informatie."))
        return cleaned

    def scores(self):
        """The scored domains as the service takes them."""
        result = {}
        for gebied in self.gebieden:
            code = gebied.code
            waarde = self.cleaned_data.get(f"waarde_{code}")
            if not waarde:
                continue
            bron = self.cleaned_data[f"bron_{code}"]
            result[code] = ScoreInvoer(
                waarde=int(waarde),
                motivatie=self.cleaned_data[f"motivatie_{code}"],
                bron_organisatie_id=None if bron == BRON_HUIS else int(bron),
                informatie_datum=self.cleaned_data[f"informatie_datum_{code}"],
            )
        return result


class PitchForm(forms.Form):
    """A new version of the pitch, based on version `versie` (the optimistic lock)."""

    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    aanleiding = forms.CharField(
        label=_("Aanleiding"), max_length=PITCH_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    risicos = forms.CharField(
        label=_("Risico's"),
        required=False,
        max_length=PITCH_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kansen = forms.CharField(
        label=_("Kansen"),
        required=False,
        max_length=PITCH_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    vraag = forms.CharField(
        label=_("Vraag aan het overleg"),
        max_length=PITCH_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, gebieden, **kwargs):
        super().__init__(*args, **kwargs)
        self.gebieden = gebieden
        for gebied in gebieden:
            self.fields[f"feit_{gebied.code}"] = forms.CharField(
                label=gebied.naam,
                required=False,
                max_length=FEIT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def feit_velden(self):
        return [self[f"feit_{g.code}"] for g in self.gebieden]

    def feiten(self):
        return {g.code: self.cleaned_data.get(f"feit_{g.code}", "") for g in self.gebieden}

    @classmethod
    def initial_van(cls, pitch):
        """The form's starting values: the latest version's text, or empty for the first."""
        if pitch is None:
            return {"versie": 0}
        initial = {
            "versie": pitch.versie,
            "aanleiding": pitch.aanleiding,
            "risicos": pitch.risicos,
            "kansen": pitch.kansen,
            "vraag": pitch.vraag,
        }
        initial.update({f"feit_{f.leefgebied.code}": f.tekst for f in pitch.feiten.all()})
        return initial
