"""Forms for afschaling, afsluiting and heropening, and for the house's list of reasons. They
check the input; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AfsluitSoort, AveNiveau, DoelResultaat
from .models.afsluiting import TOELICHTING_MAX_LENGTH
from .services_afsluiting import NAAM_MAX_LENGTH, Evaluatie


class AfsluitForm(forms.Form):
    """The closing: kind, reason, explanation, receiving organisation (afschaling only), final
    AVE level, and a result with an explanation for every goal (`doelen`)."""

    soort = forms.ChoiceField(
        label=_("Soort"),
        choices=AfsluitSoort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies afschaling naar het lokale netwerk of afsluiting.")},
    )
    reden = forms.ModelChoiceField(
        label=_("Reden"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Kies een reden."),
            "invalid_choice": _("Kies een reden uit de lijst van dit huis."),
        },
    )
    ontvangende_organisatie = forms.ModelChoiceField(
        label=_("Ontvangende lokale organisatie"),
        help_text=_("Alleen bij afschaling: de gemeente of het wijkteam dat de casus overneemt."),
        queryset=None,
        required=False,
        empty_label=_("Kies een organisatie"),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    ave_niveau = forms.TypedChoiceField(
        label=_("AVE-niveau bij afsluiting"),
        choices=AveNiveau.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies het AVE-niveau bij afsluiting.")},
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        max_length=TOELICHTING_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, doelen, redenen, ontvangers, **kwargs):
        super().__init__(*args, **kwargs)
        self.doelen = list(doelen)
        self.fields["reden"].queryset = redenen
        self.fields["reden"].label_from_instance = self._reden_label
        self.fields["ontvangende_organisatie"].queryset = ontvangers
        self.fields["ontvangende_organisatie"].label_from_instance = lambda o: o.naam
        if not self.doelen:
            self.fields["toelichting"].help_text = _(
                "Deze casus heeft geen doelen in het plan van aanpak: licht toe waarom zij "
                "wordt afgesloten."
            )
        for nummer, doel in enumerate(self.doelen, start=1):
            self.fields[f"resultaat_{doel.pk}"] = forms.ChoiceField(
                label=_("Resultaat van doel %(n)d") % {"n": nummer},
                choices=DoelResultaat.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies het resultaat van doel %(n)d.") % {"n": nummer}
                },
            )
            self.fields[f"evaluatie_{doel.pk}"] = forms.CharField(
                label=_("Toelichting bij doel %(n)d") % {"n": nummer},
                max_length=TOELICHTING_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": _("Licht het resultaat van doel %(n)d toe.") % {"n": nummer}
                },
            )

    @staticmethod
    def _reden_label(reden):
        if reden.soort:
            return _("%(naam)s (alleen bij %(soort)s)") % {
                "naam": reden.naam,
                "soort": AfsluitSoort(reden.soort).label.lower(),
            }
        return reden.naam

    def evaluatie_rijen(self):
        """(goal, result field, explanation field) per goal, in the plan's order."""
        return [
            (doel, self[f"resultaat_{doel.pk}"], self[f"evaluatie_{doel.pk}"])
            for doel in self.doelen
        ]

    def clean(self):
        data = super().clean()
        soort, reden = data.get("soort"), data.get("reden")
        if soort == AfsluitSoort.AFSCHALING:
            if data.get("ontvangende_organisatie") is None and "ontvangende_organisatie" not in (
                self.errors
            ):
                self.add_error(
                    "ontvangende_organisatie",
                    _("Kies bij een afschaling de lokale organisatie die de casus overneemt."),
                )
        elif soort:
            # Hidden for an afsluiting: a choice left from switching the kind does not count.
            data["ontvangende_organisatie"] = None
        if soort and reden is not None and reden.soort not in ("", soort):
            self.add_error(
                "reden",
                _("De reden “%(reden)s” past niet bij een %(soort)s.")
                % {"reden": reden.naam, "soort": AfsluitSoort(soort).label.lower()},
            )
        zonder_toelichting = not (data.get("toelichting") or "").strip()
        if not self.doelen and zonder_toelichting and "toelichting" not in self.errors:
            self.add_error(
                "toelichting",
                _(
                    "Deze casus heeft geen doelen in het plan van aanpak: licht in de "
                    "toelichting toe waarom zij wordt afgesloten."
                ),
            )
        return data

    def samenvatting(self):
        """What the confirmation step shows of the valid input, as labels."""
        data = self.cleaned_data
        soort = AfsluitSoort(data["soort"])
        ontvanger = data.get("ontvangende_organisatie")
        return {
            "soort": soort.label,
            "soort_werkwoord": (
                _("afschalen") if soort == AfsluitSoort.AFSCHALING else _("afsluiten")
            ),
            "reden": data["reden"].naam,
            "ontvanger": ontvanger.naam if ontvanger is not None else "",
            "ave_niveau": AveNiveau(data["ave_niveau"]).label,
            "toelichting": data["toelichting"],
            "evaluaties": [
                (doel, DoelResultaat(evaluatie.resultaat).label, evaluatie.toelichting)
                for doel, evaluatie in zip(self.doelen, self.evaluaties().values(), strict=True)
            ],
        }

    def evaluaties(self):
        return {
            doel.pk: Evaluatie(
                self.cleaned_data[f"resultaat_{doel.pk}"], self.cleaned_data[f"evaluatie_{doel.pk}"]
            )
            for doel in self.doelen
        }


class HeropenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van heropening"),
        max_length=TOELICHTING_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Geef de reden waarom de casus wordt heropend.")},
    )


class AfsluitRedenForm(forms.Form):
    naam = forms.CharField(
        label=_("Naam"),
        max_length=NAAM_MAX_LENGTH,
        error_messages={"required": _("Geef de reden een naam.")},
    )
    soort = forms.ChoiceField(
        label=_("Geldt voor"),
        choices=[("", _("Afschaling en afsluiting")), *AfsluitSoort.choices],
        required=False,
    )
    actief = forms.BooleanField(label=_("Actief: aangeboden bij het afsluiten"), required=False)
