"""Forms for login, second factor and functioneel beheer. Messages are Dutch."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import Organisatie, OrganisatieType, Rol

User = get_user_model()
# ASVS 2.1.2: passwords of at least 64 characters are allowed, longer than 128 are refused.
WACHTWOORD_MAX = 128


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
        # AuthenticationForm sets the username's max_length only as an HTML attribute.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        password = self.fields["password"]
        password.max_length = WACHTWOORD_MAX
        password.validators.append(MaxLengthValidator(WACHTWOORD_MAX))
        password.widget.attrs["maxlength"] = str(WACHTWOORD_MAX)


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
    huisrollen_toegestaan = forms.BooleanField(
        label=_("Medewerkers van deze organisatie mogen rollen van het huis krijgen"),
        required=False,
    )
    huisrollen_reden = forms.CharField(
        label=_("Reden voor deze uitzondering"),
        max_length=500,
        required=False,
        help_text=_("Bijvoorbeeld: gedetacheerd bij het huis. Verplicht bij een uitzondering."),
    )

    def __init__(self, *args, stamgegevens_wijzigbaar=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not stamgegevens_wijzigbaar:
            # Shared with other houses: the submitted values are ignored, the initial ones kept.
            for name in ("naam", "type", "actief"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("huisrollen_toegestaan")
            and not (cleaned.get("huisrollen_reden") or "").strip()
        ):
            self.add_error(
                "huisrollen_reden",
                _("Geef de reden waarom deze organisatie huisrollen mag krijgen."),
            )
        return cleaned


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

    def __init__(self, *args, alleen_lezen=False, **kwargs):
        super().__init__(*args, **kwargs)
        if alleen_lezen:
            for field in self.fields.values():
                field.disabled = True


class RolForm(forms.Form):
    rol = forms.ChoiceField(label=_("Rol"), choices=Rol.choices)


class RolAanvraagWeigerenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden om niet te bevestigen"),
        max_length=500,
        error_messages={"required": _("Geef aan waarom u de rol niet bevestigt.")},
    )


_PASSWORD_RULES = _(
    "Minstens 12 tekens, niet alleen cijfers, geen veelgebruikt wachtwoord en niet te veel "
    "lijkend op uw naam, gebruikersnaam of e-mailadres."
)


class NieuwWachtwoordForm(SetPasswordMixin, forms.Form):
    """A new password twice, checked by Django's password validators (AUTH_PASSWORD_VALIDATORS);
    their Dutch messages say why a password is refused."""

    error_messages = {"password_mismatch": _("De twee wachtwoorden zijn niet gelijk.")}

    new_password1 = forms.CharField(
        max_length=WACHTWOORD_MAX,
        label=_("Nieuw wachtwoord"),
        strip=False,
        help_text=_PASSWORD_RULES,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Vul een nieuw wachtwoord in.")},
    )
    new_password2 = forms.CharField(
        max_length=WACHTWOORD_MAX,
        label=_("Herhaal het nieuwe wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Vul het nieuwe wachtwoord nog een keer in.")},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return super().clean()


class WachtwoordWijzigenForm(NieuwWachtwoordForm):
    """The user's own change: the current password and a code from the app first."""

    huidig_wachtwoord = forms.CharField(
        max_length=WACHTWOORD_MAX,
        label=_("Huidig wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul uw huidige wachtwoord in.")},
    )
    token = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\d{6}$",
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "required": _("Vul de code uit uw authenticator-app in."),
            "invalid": _("Een code bestaat uit 6 cijfers."),
        },
    )
    field_order = ["huidig_wachtwoord", "token", "new_password1", "new_password2"]


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


class EmailNotificatiesForm(forms.Form):
    """The user's own choice: an e-mail (without personal data) when a notification arrives."""

    email_notificaties = forms.BooleanField(
        label=_("Stuur mij een e-mail als er een nieuwe notificatie voor mij klaarstaat"),
        required=False,
    )
