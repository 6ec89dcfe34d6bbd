"""The casus list's filters and search, and adding a deelnemer."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.bsn import Bsn, normalise
from core.crypto import achternaam_index, normalise_naam

from .models import AveNiveau, CasusStatus, DeelnemerRol, Thema
from .selectors_lijst import Zoekopdracht, organisaties_om_toe_te_voegen, procesregisseurs

CASUSNUMMER = re.compile(r"^(\d{4})-(\d{1,6})$")
JA_NEE = [("", _("Alle")), ("ja", _("Spoed")), ("nee", _("Geen spoed"))]


def _naam(medewerker):
    return medewerker.get_full_name() or medewerker.username


def _keuzes_vooraf(field):
    """Read a model choice field's options once, in one plain query: its own iterator reads
    them through a server-side cursor (declare, fetch, close) each time the select renders.
    The options are the same; a submitted value is still checked against the queryset."""
    iterator = field.iterator(field)
    leeg = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = leeg + [iterator.choice(obj) for obj in list(field.queryset)]


class CasusZoekForm(forms.Form):
    """GET form of the casus list. One search box: a casusnummer (2026-0042), a BSN (nine
    digits, exact) or a surname (exact, through its blind index: never a partial match)."""

    zoek = forms.CharField(
        label=_("Zoeken op casusnummer, BSN of achternaam"),
        help_text=_(
            "Een casusnummer (2026-0042), een BSN (9 cijfers) of een achternaam. Op naam wordt "
            "alleen de exacte naam gevonden: de volledige achternaam, met tussenvoegsel "
            "(“de Vries”), hoofdletters en accenten doen niet mee."
        ),
        max_length=100,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *CasusStatus.choices], required=False
    )
    thema = forms.ModelChoiceField(
        label=_("Thema"), queryset=Thema.objects.none(), required=False, empty_label=_("Alle")
    )
    ave_niveau = forms.TypedChoiceField(
        label=_("AVE-niveau"),
        choices=[("", _("Alle")), *AveNiveau.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    procesregisseur = forms.ModelChoiceField(
        label=_("Procesregisseur (ook als back-up)"),
        queryset=None,
        required=False,
        empty_label=_("Alle"),
    )
    spoed = forms.ChoiceField(label=_("Spoed"), choices=JA_NEE, required=False)

    def __init__(self, *args, zvh, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].queryset = Thema.objects.filter(zvh=zvh)
        self.fields["procesregisseur"].queryset = procesregisseurs(zvh.pk)
        self.fields["procesregisseur"].label_from_instance = _naam
        for naam in ("thema", "procesregisseur"):
            _keuzes_vooraf(self.fields[naam])

    def clean_zoek(self):
        tekst = " ".join(self.cleaned_data["zoek"].split())
        if not tekst:
            return None
        nummer = CASUSNUMMER.match(tekst)
        if nummer:
            return ("nummer", f"{nummer[1]}-{int(nummer[2]):04d}")
        cijfers = normalise(tekst)
        if cijfers.isdigit():
            try:
                return ("bsn", Bsn(cijfers).blind_index())
            except ValidationError as exc:
                raise ValidationError(
                    _("Dit is geen geldig BSN of casusnummer: %(reden)s")
                    % {"reden": " ".join(exc.messages)}
                ) from exc
        if not normalise_naam(tekst):
            raise ValidationError(
                _("Vul een casusnummer (2026-0042), een BSN of een achternaam in.")
            )
        return ("naam", achternaam_index(tekst))

    def opdracht(self) -> Zoekopdracht:
        """The valid filters as a search for the selector (an invalid form: no filters)."""
        if not self.is_valid():
            return Zoekopdracht()
        data = self.cleaned_data
        return Zoekopdracht(
            status=data["status"],
            thema_id=data["thema"].pk if data["thema"] else None,
            ave_niveau=data["ave_niveau"],
            procesregisseur_id=data["procesregisseur"].pk if data["procesregisseur"] else None,
            spoed={"ja": True, "nee": False}.get(data["spoed"]),
            zoeken=data["zoek"],
        )


class DeelnemerForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=None,
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies de organisatie die deelneemt."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )
    rol = forms.ChoiceField(
        label=_("Rol in de casus"),
        choices=DeelnemerRol.choices,
        initial=DeelnemerRol.PARTNER,
        error_messages={"required": _("Kies de rol van de organisatie.")},
    )

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties_om_toe_te_voegen(casus)
        self.fields["organisatie"].label_from_instance = lambda o: (
            str(o.naam) if o.is_partner else _("%(naam)s (incidentele partner)") % {"naam": o.naam}
        )
        _keuzes_vooraf(self.fields["organisatie"])
