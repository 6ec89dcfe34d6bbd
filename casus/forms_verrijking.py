"""Forms of the informatieverrijking. They check the input; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput

from .models import LEEFGEBIEDEN_ZRM
from .services_verrijking import ANTWOORD_MAX, VRAAG_MAX


class UitvraagForm(forms.Form):
    organisaties = forms.ModelMultipleChoiceField(
        label=_("Organisaties"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één organisatie.")},
    )
    vraag = forms.CharField(
        label=_("Vraag"),
        max_length=VRAAG_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Stel een vraag.")},
    )
    uiterlijk_op = forms.DateField(
        label=_("Uiterlijk beantwoorden op"),
        widget=DateInput,
        error_messages={
            "required": _("Geef de datum waarop het antwoord er uiterlijk moet zijn."),
            "invalid": _("Vul een geldige datum in."),
        },
    )

    def __init__(self, *args, deelnemers, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisaties"]
        field.queryset = deelnemers
        field.label_from_instance = lambda organisatie: organisatie.naam

    def clean_uiterlijk_op(self):
        value = self.cleaned_data["uiterlijk_op"]
        if value < timezone.localdate():
            raise forms.ValidationError(
                _("De uiterste datum ligt in het verleden; kies vandaag of later."), code="verleden"
            )
        return value


class AntwoordForm(forms.Form):
    niets_bekend = forms.BooleanField(
        label=_("Niets bekend: onze organisatie heeft geen informatie over deze personen"),
        required=False,
    )
    algemeen = forms.CharField(
        label=_("Algemeen antwoord"),
        required=False,
        max_length=ANTWOORD_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, uitvraag=None, **kwargs):
        if uitvraag is not None and uitvraag.beantwoord and "initial" not in kwargs:
            kwargs["initial"] = {
                "niets_bekend": uitvraag.niets_bekend,
                "algemeen": uitvraag.antwoord_algemeen,
                **{f"leefgebied_{c}": t for c, t in uitvraag.antwoord_per_leefgebied.items()},
            }
        super().__init__(*args, **kwargs)
        for code, label in LEEFGEBIEDEN_ZRM:
            self.fields[f"leefgebied_{code}"] = forms.CharField(
                label=label,
                required=False,
                max_length=ANTWOORD_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def leefgebied_fields(self):
        return [self[f"leefgebied_{code}"] for code, _label in LEEFGEBIEDEN_ZRM]

    def per_leefgebied(self):
        return {code: self.cleaned_data[f"leefgebied_{code}"] for code, _label in LEEFGEBIEDEN_ZRM}
