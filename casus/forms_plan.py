"""Forms of the plan van aanpak: a goal, an action, and the rows that turn one MDO decision into
actions. They check the input (required, lengths, dates); the services check the rules (a
deelnemer organisation, its owner, the plan version, a closed casus).

The choices come from lists the page already read (goals, deelnemers, owners, decisions), so a
form costs no query of its own; `invoer()` hands the chosen objects to the service.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_renderer import FAST_WIDGETS
from core.widgets import DateInput

from .models import ACTIE_MAX_LENGTH, DOEL_MAX_LENGTH, OverlegType
from .rijen import datum_tekst
from .services_plan import ActieInvoer

# Blank rows of the "acties van een besluit" form, and how many "Meer rijen" adds (no
# JavaScript needed: the button posts the form back with more rows).
BESLUIT_RIJEN = 3
MEER_RIJEN = 3
MAX_RIJEN = 30

VERLEDEN = _("De uiterste datum ligt in het verleden; kies vandaag of later.")
GEEN_DATUM = _("Geef de datum waarop de actie uiterlijk gereed moet zijn.")
GEEN_ORGANISATIE = _("Kies de verantwoordelijke organisatie.")
GEEN_DOEL = _("Kies het doel waaraan de actie bijdraagt.")
GEEN_ACTIE = _("Beschrijf de actie.")
ONGELDIGE_DATUM = _("Vul een geldige datum in (dag-maand-jaar).")


def _versie():
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _doel_keuzes(doelen):
    return [("", _("Kies een doel")), *((str(d.pk), d.omschrijving[:120]) for d in doelen)]


def _organisatie_keuzes(organisaties):
    return [("", _("Kies een organisatie")), *((str(o.pk), o.naam) for o in organisaties)]


def _eigenaar_keuzes(eigenaren):
    """Owners grouped by organisation (an <optgroup> each), after "no named owner"."""
    groepen: dict[str, list] = {}
    for m in eigenaren:
        naam = m.get_full_name() or m.username
        groepen.setdefault(m.organisatie.naam, []).append((str(m.pk), naam))
    return [("", _("Geen (de hele organisatie)")), *groepen.items()]


def besluit_labels(besluiten):
    """(pk, label) of each decision: "Start-MDO 3 maart 2026: Huisbezoek binnen een week"
    (the decision's first words). The MDO types and the month names are looked up once."""
    datum = datum_tekst()
    soorten = {waarde: str(label) for waarde, label in OverlegType.choices}
    patroon = str(_("%(soort)s %(datum)s: %(tekst)s"))
    labels = []
    for besluit in besluiten:
        overleg = besluit.casusoverleg
        tekst = besluit.tekst if len(besluit.tekst) <= 80 else besluit.tekst[:79] + "…"
        soort = soorten.get(overleg.type, overleg.type)
        labels.append(
            (
                str(besluit.pk),
                patroon % {"soort": soort, "datum": datum(overleg.begint_op), "tekst": tekst},
            )
        )
    return labels


class DoelForm(forms.Form):
    default_renderer = FAST_WIDGETS
    omschrijving = forms.CharField(
        label=_("Doel"),
        max_length=DOEL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beschrijf het doel.")},
    )
    leefgebieden = forms.TypedMultipleChoiceField(
        label=_("Leefgebieden"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één leefgebied.")},
    )
    versie = _versie()

    def __init__(self, *args, leefgebieden=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leefgebieden"].choices = [(g.pk, g.naam) for g in leefgebieden]


class _Kiezer:
    """Maps the posted ids of a form's choices back to the objects they stand for."""

    def __init__(self, objecten):
        self._per_id = {str(o.pk): o for o in objecten}

    def __call__(self, waarde):
        return self._per_id.get(str(waarde)) if waarde else None


class ActieForm(forms.Form):
    """One action on the plan page (new: `nieuw`, the due date may not be in the past)."""

    default_renderer = FAST_WIDGETS
    doel = forms.ChoiceField(label=_("Doel"), error_messages={"required": GEEN_DOEL})
    omschrijving = forms.CharField(
        label=_("Actie"),
        max_length=ACTIE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": GEEN_ACTIE},
    )
    organisatie = forms.ChoiceField(
        label=_("Verantwoordelijke organisatie"),
        error_messages={"required": GEEN_ORGANISATIE},
        help_text=_("Een organisatie die deelneemt aan de casus."),
    )
    eigenaar = forms.ChoiceField(
        label=_("Eigenaar (optioneel)"),
        required=False,
        help_text=_("Een medewerker van de verantwoordelijke organisatie."),
    )
    deadline = forms.DateField(
        label=_("Uiterlijk gereed op"),
        widget=DateInput,
        error_messages={"required": GEEN_DATUM, "invalid": ONGELDIGE_DATUM},
    )
    besluit = forms.ChoiceField(label=_("Uit MDO-besluit (optioneel)"), required=False)
    versie = _versie()

    def __init__(
        self, *args, doelen=(), organisaties=(), eigenaren=(), besluiten=(), nieuw=True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.nieuw = nieuw
        self._doel, self._organisatie = _Kiezer(doelen), _Kiezer(organisaties)
        self._eigenaar, self._besluit = _Kiezer(eigenaren), _Kiezer(besluiten)
        self.fields["doel"].choices = _doel_keuzes(doelen)
        self.fields["organisatie"].choices = _organisatie_keuzes(organisaties)
        self.fields["eigenaar"].choices = _eigenaar_keuzes(eigenaren)
        if nieuw:
            self.fields["besluit"].choices = [
                ("", _("Geen")),
                *besluit_labels(besluiten),
            ]
        else:
            del self.fields["besluit"]  # where an action came from does not change

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        if self.nieuw and value < timezone.localdate():
            raise forms.ValidationError(VERLEDEN, code="verleden")
        return value

    def invoer(self) -> ActieInvoer:
        data = self.cleaned_data
        return ActieInvoer(
            omschrijving=data["omschrijving"],
            organisatie=self._organisatie(data["organisatie"]),
            deadline=data["deadline"],
            doel=self._doel(data["doel"]),
            eigenaar=self._eigenaar(data["eigenaar"]),
        )

    def gekozen_besluit(self):
        return self._besluit(self.cleaned_data.get("besluit"))


def _rij(nr, melding):
    return _("Actie %(nr)d: %(melding)s") % {"nr": nr, "melding": melding}


class BesluitActiesForm(forms.Form):
    """Rows of actions for one MDO decision, e.g. one per partner organisation. A row left
    blank is skipped; a row begun must be complete. `rijen` blank rows are shown."""

    default_renderer = FAST_WIDGETS
    rijen = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_RIJEN)
    versie = _versie()

    VELDEN = ("organisatie", "eigenaar", "omschrijving", "deadline", "doel")

    def __init__(self, *args, rijen=BESLUIT_RIJEN, doelen=(), organisaties=(), eigenaren=(), **kw):
        super().__init__(*args, **kw)
        if self.is_bound:
            try:
                rijen = int(self.data.get("rijen", rijen))
            except (TypeError, ValueError):
                rijen = BESLUIT_RIJEN
        self.aantal = max(1, min(rijen, MAX_RIJEN))
        self.initial["rijen"] = self.aantal
        self._doel, self._organisatie = _Kiezer(doelen), _Kiezer(organisaties)
        self._eigenaar = _Kiezer(eigenaren)
        for nr in range(1, self.aantal + 1):
            self.fields[f"organisatie_{nr}"] = forms.ChoiceField(
                label=_("Verantwoordelijke organisatie, actie %(nr)d") % {"nr": nr},
                choices=_organisatie_keuzes(organisaties),
                required=False,
            )
            self.fields[f"eigenaar_{nr}"] = forms.ChoiceField(
                label=_("Eigenaar (optioneel), actie %(nr)d") % {"nr": nr},
                choices=_eigenaar_keuzes(eigenaren),
                required=False,
            )
            self.fields[f"omschrijving_{nr}"] = forms.CharField(
                label=_("Actie %(nr)d") % {"nr": nr},
                max_length=ACTIE_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"deadline_{nr}"] = forms.DateField(
                label=_("Uiterlijk gereed op, actie %(nr)d") % {"nr": nr},
                widget=DateInput,
                required=False,
                error_messages={"invalid": ONGELDIGE_DATUM},
            )
            self.fields[f"doel_{nr}"] = forms.ChoiceField(
                label=_("Doel, actie %(nr)d") % {"nr": nr},
                choices=_doel_keuzes(doelen),
                required=False,
            )

    def rij_velden(self):
        """The bound fields per row: [(nr, {name: bound field})]."""
        return [
            (nr, {naam: self[f"{naam}_{nr}"] for naam in self.VELDEN})
            for nr in range(1, self.aantal + 1)
        ]

    def _ingevuld(self, nr):
        return any((self.data.get(f"{naam}_{nr}") or "").strip() for naam in self.VELDEN)

    def clean(self):
        data = super().clean()
        verplicht = {
            "organisatie": GEEN_ORGANISATIE,
            "omschrijving": GEEN_ACTIE,
            "deadline": GEEN_DATUM,
            "doel": GEEN_DOEL,
        }
        self.ingevulde_rijen = [nr for nr in range(1, self.aantal + 1) if self._ingevuld(nr)]
        for nr in self.ingevulde_rijen:
            for naam, melding in verplicht.items():
                veld = f"{naam}_{nr}"
                if veld not in self.errors and not data.get(veld):
                    self.add_error(veld, _rij(nr, melding))
            deadline = data.get(f"deadline_{nr}")
            if deadline and deadline < timezone.localdate():
                self.add_error(f"deadline_{nr}", _rij(nr, VERLEDEN))
        if not self.ingevulde_rijen and not self.errors:
            raise forms.ValidationError(_("Vul ten minste één actie in."), code="leeg")
        return data

    def rij_invoer(self) -> list[ActieInvoer]:
        data = self.cleaned_data
        return [
            ActieInvoer(
                omschrijving=data[f"omschrijving_{nr}"],
                organisatie=self._organisatie(data[f"organisatie_{nr}"]),
                deadline=data[f"deadline_{nr}"],
                doel=self._doel(data[f"doel_{nr}"]),
                eigenaar=self._eigenaar(data[f"eigenaar_{nr}"]),
            )
            for nr in self.ingevulde_rijen
        ]

    def rij_fouten(self, per_rij):
        """Show the service's messages per row (numbered among the rows filled in) on the
        row's description field."""
        for index, fouten in per_rij.items():
            nr = self.ingevulde_rijen[index - 1]
            for fout in fouten:
                self.add_error(f"omschrijving_{nr}", _rij(nr, fout))
