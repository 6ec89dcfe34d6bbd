"""Forms of the referral and the triage. They check input; the services check the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from casus.models import AveNiveau, RelatieType, Thema
from core.widgets import BsnField, DateInput
from partners.models import Organisatie
from partners.selectors import organisaties_in_zvh

from . import selectors
from .models import LEEFGEBIEDEN, WGS_CRITERIA, Afwijsreden, Besluit, RegionaalCriterium

JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]
NIEUW = "nieuw"
# Free text is bounded on the server (the browser's maxlength is only a hint): a few pages of
# text for the reason for referral, a page for every other text.
REDEN_MAX = 10_000
TEKST_MAX = 4_000


def _persoon_label(match):
    """A possible registration in a choice: who, and why it may be the referral's person."""
    persoon = match.persoon
    geboren = date_format(persoon.geboortedatum, "j F Y") if persoon.geboortedatum else "—"
    return _("Koppelen aan %(naam)s, geboren %(geboren)s, geregistreerd %(op)s (%(reden)s)") % {
        "naam": persoon.naam,
        "geboren": geboren,
        "op": date_format(timezone.localtime(persoon.aangemaakt_op), "j F Y"),
        "reden": match.reden,
    }


def _ja_nee(label, required=False):
    return forms.TypedChoiceField(
        label=label,
        choices=JA_NEE,
        coerce=lambda value: value == "ja",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


def _as_ja_nee(value):
    return None if value is None else ("ja" if value else "nee")


def _tekst(label, required=False, rows=3, help_text="", max_length=TEKST_MAX):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _niet_in_toekomst(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("Deze datum ligt in de toekomst."), code="toekomst")


class AanmeldingForm(forms.Form):
    """The referral itself. A draft may be incomplete; submitting checks completeness."""

    reden = _tekst(_("Reden van aanmelding"), required=True, rows=5, max_length=REDEN_MAX)
    betrokken_organisaties = forms.ModelMultipleChoiceField(
        label=_("Organisaties die al betrokken zijn"),
        queryset=Organisatie.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    betrokken_partners = _tekst(
        _("Contactpersonen bij de betrokken partners"),
        help_text=_("Naam, organisatie en telefoonnummer of e-mailadres."),
    )
    geprobeerd = _tekst(_("Wat is al geprobeerd?"))
    spoed = forms.BooleanField(label=_("Deze aanmelding heeft spoed"), required=False)
    spoed_reden = _tekst(_("Reden voor spoed"), rows=2)
    melder_naam = forms.CharField(label=_("Uw naam"), max_length=200, required=False)
    melder_telefoon = forms.CharField(label=_("Uw telefoonnummer"), max_length=40, required=False)
    melder_email = forms.EmailField(label=_("Uw e-mailadres"), required=False)
    persoon_geinformeerd = _ja_nee(_("Is de persoon geïnformeerd over deze aanmelding?"))
    geinformeerd_op = forms.DateField(
        label=_("Datum waarop de persoon is geïnformeerd"),
        required=False,
        widget=DateInput,
        validators=[_niet_in_toekomst],
    )
    niet_geinformeerd_reden = _tekst(_("Reden om de persoon (nog) niet te informeren"), rows=2)

    def __init__(self, *args, zvh, aanmelding=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["betrokken_organisaties"].queryset = organisaties_in_zvh(zvh).filter(
            actief=True
        )
        for code, label in LEEFGEBIEDEN:
            self.fields[f"leefgebied_{code}"] = _tekst(label, rows=2)
        for letter, text in WGS_CRITERIA:
            self.fields[f"wgs_{letter}"] = _ja_nee(
                _("Criterium %(c)s: %(tekst)s") % {"c": letter, "tekst": text}
            )
            self.fields[f"wgs_{letter}_motivatie"] = _tekst(
                _("Motivatie bij criterium %(c)s") % {"c": letter}, rows=2
            )
        if aanmelding is not None and not self.is_bound:
            self.initial.update(self._initial_from(aanmelding))

    @staticmethod
    def _initial_from(aanmelding):
        initial = {
            name: getattr(aanmelding, name)
            for name in (
                "reden",
                "betrokken_partners",
                "geprobeerd",
                "spoed",
                "spoed_reden",
                "melder_naam",
                "melder_telefoon",
                "melder_email",
                "geinformeerd_op",
                "niet_geinformeerd_reden",
            )
        }
        initial["persoon_geinformeerd"] = _as_ja_nee(aanmelding.persoon_geinformeerd)
        initial["betrokken_organisaties"] = list(aanmelding.betrokken_organisaties.all())
        for code, text in aanmelding.problemen_per_leefgebied.items():
            initial[f"leefgebied_{code}"] = text
        for letter, _text, answer, motivatie in aanmelding.zelfbeoordeling():
            initial[f"wgs_{letter}"] = _as_ja_nee(answer)
            initial[f"wgs_{letter}_motivatie"] = motivatie
        return initial

    def leefgebied_fields(self):
        return [self[f"leefgebied_{code}"] for code, _label in LEEFGEBIEDEN]

    def wgs_fields(self):
        return [(self[f"wgs_{c}"], self[f"wgs_{c}_motivatie"]) for c, _t in WGS_CRITERIA]

    def clean(self):
        data = super().clean()
        # A cross-field check only looks at fields that passed their own checks: one error
        # per cause (a too long text is not also reported as missing).
        if data.get("spoed") and data.get("spoed_reden") == "":
            self.add_error("spoed_reden", _("Geef de reden voor spoed."))
        informed = data.get("persoon_geinformeerd")
        if informed is True and not data.get("geinformeerd_op") and "geinformeerd_op" in data:
            self.add_error(
                "geinformeerd_op", _("Vul de datum in waarop de persoon is geïnformeerd.")
            )
        if informed is False and data.get("niet_geinformeerd_reden") == "":
            self.add_error(
                "niet_geinformeerd_reden", _("Geef de reden om de persoon niet te informeren.")
            )
        return data

    def gegevens(self):
        data = dict(self.cleaned_data)
        data["problemen"] = {code: data.pop(f"leefgebied_{code}") for code, _l in LEEFGEBIEDEN}
        return data


class PersoonForm(forms.Form):
    bsn = BsnField(
        label=_("BSN"),
        required=False,
        help_text=_("Burgerservicenummer, 9 cijfers. Laat leeg als het niet bekend is."),
    )
    voornamen = forms.CharField(label=_("Voornamen"), required=False, max_length=200)
    achternaam = forms.CharField(label=_("Achternaam"), required=False, max_length=200)
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=DateInput,
        validators=[_niet_in_toekomst],
    )
    adres = forms.CharField(label=_("Straat en huisnummer"), required=False, max_length=200)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)
    woonplaats = forms.CharField(label=_("Woonplaats"), required=False, max_length=200)
    telefoon = forms.CharField(label=_("Telefoon"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False)
    relatie = forms.ChoiceField(
        label=_("Relatie tot de eerste persoon in deze aanmelding"),
        required=False,
        choices=[("", _("Geen of onbekend")), *RelatieType.choices],
    )

    def __init__(self, *args, met_relatie=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not met_relatie:
            del self.fields["relatie"]

    def clean(self):
        data = super().clean()
        # Only when both names passed their own checks: a too long name is one error, not two.
        if data.get("voornamen") == "" and data.get("achternaam") == "":
            raise ValidationError(_("Vul ten minste een voornaam of achternaam in."))
        return data


class AanvullingForm(forms.Form):
    tekst = _tekst(_("Aanvulling"), required=True, rows=4)


class AntwoordForm(forms.Form):
    antwoord = _tekst(_("Uw antwoord"), required=True, rows=4)


class TriageForm(forms.Form):
    """Every WGS and regional criterion yes/no with motivation, and the decision."""

    themas = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Thema.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ave_niveau = forms.TypedChoiceField(
        label=_("AVE-niveau"),
        choices=AveNiveau.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    procesregisseur = forms.ModelChoiceField(
        label=_("Procesregisseur"), queryset=None, required=False
    )
    backup_procesregisseur = forms.ModelChoiceField(
        label=_("Back-up procesregisseur"), queryset=None, required=False
    )
    deelnemers = forms.ModelMultipleChoiceField(
        label=_("Deelnemers aan de casus"),
        help_text=_(
            "De organisaties die de aanmelding noemt. Aangevinkte organisaties nemen vanaf het "
            "begin deel aan de casus; de aanmelder neemt altijd deel."
        ),
        queryset=Organisatie.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    besluit = forms.ChoiceField(
        label=_("Besluit"), choices=Besluit.choices, widget=forms.RadioSelect
    )
    afwijsreden = forms.ModelChoiceField(
        label=_("Reden van afwijzing"),
        queryset=Afwijsreden.objects.none(),
        required=False,
        empty_label=_("Kies een reden"),
    )
    bericht = _tekst(
        _("Bericht of vraag aan de aanmelder"),
        rows=3,
        help_text=_("Bij afwijzen: de toelichting. Bij meer informatie: de vraag."),
    )

    def __init__(
        self, *args, zvh, aanmelding=None, mogelijk=None, standaard_regisseur=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.aanmelding = aanmelding
        self._koppel_velden = self._personen_kiezen(aanmelding, mogelijk or {})
        self.regionaal = list(selectors.regionale_criteria(zvh.pk))
        self.fields["themas"].queryset = Thema.objects.filter(zvh=zvh, actief=True)
        regisseurs = selectors.procesregisseurs(zvh.pk)
        self.fields["procesregisseur"].queryset = regisseurs
        self.fields["backup_procesregisseur"].queryset = regisseurs
        for field in ("procesregisseur", "backup_procesregisseur"):
            self.fields[field].label_from_instance = lambda u: u.get_full_name() or u.username
        if standaard_regisseur is not None:
            # The procesregisseur who triages usually takes the casus: preselected, changeable.
            self.fields["procesregisseur"].initial = standaard_regisseur.pk
        self.fields["afwijsreden"].queryset = selectors.afwijsredenen(zvh.pk)
        self._deelnemers_aanbieden(zvh, aanmelding)
        criteria = [
            (c, _("Criterium %(c)s: %(tekst)s") % {"c": c, "tekst": t}) for c, t in WGS_CRITERIA
        ]
        criteria += [(f"r{c.pk}", c.omschrijving) for c in self.regionaal]
        for key, label in criteria:
            self.fields[f"oordeel_{key}"] = _ja_nee(label)
            self.fields[f"oordeel_{key}_motivatie"] = _tekst(_("Motivatie"), rows=2)
        self._criteria_keys = [key for key, _label in criteria]

    def _deelnemers_aanbieden(self, zvh, aanmelding):
        """The organisations the referral names (not the referrer itself), all checked; one
        without a privacy protocol with the house is labelled incidentele partner."""
        field = self.fields["deelnemers"]
        if aanmelding is None:
            return
        field.queryset = selectors.genoemde_organisaties(zvh.pk, aanmelding)
        field.initial = [o.pk for o in field.queryset]
        field.label_from_instance = lambda o: (
            o.naam if o.is_partner else _("%(naam)s (incidentele partner)") % {"naam": o.naam}
        )

    def criterium_fields(self):
        return [(self[f"oordeel_{k}"], self[f"oordeel_{k}_motivatie"]) for k in self._criteria_keys]

    def criteria(self):
        """Per criterion its two fields and, for a WGS criterion, the referrer's own
        assessment {"antwoord": "ja"/"nee"/None, "motivatie": ...} to show beside it."""
        zelf = self._zelfbeoordeling()
        return [
            {
                "key": key,
                "antwoord": self[f"oordeel_{key}"],
                "motivatie": self[f"oordeel_{key}_motivatie"],
                "zelf": zelf.get(key),
            }
            for key in self._criteria_keys
        ]

    def _zelfbeoordeling(self):
        if self.aanmelding is None:
            return {}
        return {
            letter: {"antwoord": _as_ja_nee(antwoord), "motivatie": motivatie}
            for letter, _omschrijving, antwoord, motivatie in self.aanmelding.zelfbeoordeling()
            if antwoord is not None or motivatie
        }

    def invoer(self, data):
        """The form's own fields of submitted `data` (a QueryDict) as {name: [values]}: what a
        draft keeps, and what `initial_uit` turns back into a form."""
        return {name: data.getlist(name) for name in self.fields if name in data}

    def initial_uit(self, invoer):
        """Initial values for an unbound form showing `invoer` ({name: [values]}) again."""
        initial = {}
        for name, waarden in invoer.items():
            field = self.fields.get(name)
            if field is None or not isinstance(waarden, list):
                continue
            meervoud = isinstance(field.widget, forms.CheckboxSelectMultiple)
            initial[name] = waarden if meervoud else (waarden[0] if waarden else None)
        return initial

    def overnemen(self, invoer, key):
        """`invoer` with the referrer's assessment of WGS criterion `key` (or of every one,
        "alle") adopted: its answer and motivation, to be edited before deciding."""
        invoer = dict(invoer)
        zelf = self._zelfbeoordeling()
        for letter in list(zelf) if key == "alle" else [key]:
            if letter not in zelf:
                continue
            if zelf[letter]["antwoord"] is not None:
                invoer[f"oordeel_{letter}"] = [zelf[letter]["antwoord"]]
            invoer[f"oordeel_{letter}_motivatie"] = [zelf[letter]["motivatie"]]
        return invoer

    def _personen_kiezen(self, aanmelding, mogelijk):
        """Per referral person: link to one of its possible registrations, or register new.
        Preselected: the current link, else a registration with the same BSN, else new."""
        velden = {}
        for link in aanmelding.personen_geordend if aanmelding is not None else []:
            matches = mogelijk.get(link.pk, [])
            choices = [(str(m.persoon.pk), _persoon_label(m)) for m in matches] + [
                (NIEUW, _("Als nieuwe persoon registreren"))
            ]
            voorkeur = next((m for m in matches if m.gekoppeld), None) or next(
                (m for m in matches if m.op_bsn), None
            )
            name = f"persoon_{link.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("%(naam)s: koppelen of nieuw registreren") % {"naam": link.naam},
                choices=choices,
                initial=str(voorkeur.persoon.pk) if voorkeur else NIEUW,
                required=False,
                widget=forms.RadioSelect,
            )
            velden[name] = (link, {str(m.persoon.pk): m.persoon for m in matches})
        return velden

    def persoon_fields(self):
        return [self[name] for name in self._koppel_velden]

    def koppelingen(self):
        """{AanmeldingPersoon pk: Persoon or None (register as new)} for the service; a
        person left unanswered is left out (the service registers it as new)."""
        result = {}
        for name, (link, personen) in self._koppel_velden.items():
            keuze = self.cleaned_data.get(name)
            if keuze:
                result[link.pk] = personen.get(keuze)
        return result

    def oordelen(self):
        """{"a": (bool|None, motivatie), ..., <RegionaalCriterium pk>: (...)} for the service."""
        result = {}
        for key in self._criteria_keys:
            target = int(key[1:]) if key.startswith("r") else key
            result[target] = (
                self.cleaned_data.get(f"oordeel_{key}"),
                self.cleaned_data.get(f"oordeel_{key}_motivatie", ""),
            )
        return result


class RegionaalCriteriumForm(forms.ModelForm):
    class Meta:
        model = RegionaalCriterium
        fields = ["omschrijving", "volgorde"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 2})}


class AfwijsredenForm(forms.ModelForm):
    class Meta:
        model = Afwijsreden
        fields = ["omschrijving", "volgorde"]


class NietBevestigenForm(forms.Form):
    reden = forms.CharField(
        label=_("Waarom bevestigt u de acceptatie niet?"),
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef aan waarom u de acceptatie niet bevestigt.")},
    )


class TriageInstellingForm(forms.Form):
    vier_ogen = forms.BooleanField(
        label=_("Acceptatie door een tweede procesregisseur laten bevestigen (vier ogen)"),
        required=False,
    )
