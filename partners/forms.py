"""Forms for login, second factor and functioneel beheer. Messages are Dutch."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Organisatie, OrganisatieType, Rol

User = get_user_model()


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Onjuiste gebruikersnaam of wachtwoord. Na 5 mislukte pogingen vanaf hetzelfde adres "
            "wordt inloggen op dit account vanaf dat adres tijdelijk geblokkeerd."
        ),
        "inactive": _(
            "Dit account is gedeactiveerd. Neem contact op met uw functioneel beheerder."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        min_length=6,
        help_text=_("De 6 cijfers uit uw authenticator-app, of een back-upcode."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={
            "required": _("Vul de code in."),
            "min_length": _("Een code heeft minstens 6 tekens."),
            "max_length": _("Deze code is te lang."),
        },
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class DateInput(forms.DateInput):
    input_type = "date"


class OrganisatieForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=OrganisatieType.choices)
    convenant_getekend_op = forms.DateField(
        label=_("Samenwerkingsconvenant getekend op"), required=False, widget=DateInput
    )
    privacyprotocol_getekend_op = forms.DateField(
        label=_("Privacyprotocol getekend op"), required=False, widget=DateInput
    )

    def clean_naam(self):
        naam = self.cleaned_data["naam"].strip()
        if not naam:
            raise forms.ValidationError(_("Vul een naam in."))
        return naam


class OrganisatieWijzigenForm(OrganisatieForm):
    actief = forms.BooleanField(label=_("Actief"), required=False)


class MedewerkerGegevensForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    functie = forms.CharField(label=_("Functie"), max_length=200, required=False)
    telefoon = forms.CharField(label=_("Telefoon"), max_length=40, required=False)


class MedewerkerAanmakenForm(MedewerkerGegevensForm):
    username = forms.RegexField(
        label=_("Gebruikersnaam"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={
            "invalid": _("Alleen letters, cijfers en de tekens . @ + - _ zijn toegestaan.")
        },
    )
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisatie.objects.none()
    )
    field_order = ["username", "first_name", "last_name", "email", "organisatie"]

    def __init__(self, *args, organisaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties


class MedewerkerWijzigenForm(MedewerkerGegevensForm):
    is_active = forms.BooleanField(label=_("Account actief"), required=False)


class RolForm(forms.Form):
    rol = forms.ChoiceField(label=_("Rol"), choices=Rol.choices)


class PartnerschapBeeindigenForm(forms.Form):
    datum = forms.DateField(
        label=_("Partnerschap beëindigd per"),
        widget=DateInput,
        help_text=_(
            "Vanaf deze datum heeft de organisatie geen toegang meer tot dit huis; haar "
            "deelname aan casussen wordt nu ingetrokken."
        ),
        error_messages={
            "required": _("Vul de einddatum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
