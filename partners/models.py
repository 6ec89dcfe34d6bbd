"""Tenants (Zvh), partner organisations, their convenant status per house, staff and roles.

The role vocabulary itself (`Rol`) lives in `core.roles`, where every rule reads it.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.roles import Rol

# The second-factor devices live in their own module; imported here so Django registers them.
from .devices import AuthenticatorDevice, BackupCode, BackupCodeDevice  # noqa: F401


class Zvh(models.Model):
    """A zorg- en veiligheidshuis: the tenant. Every role and every casus belongs to one."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    regio = models.CharField(_("regio"), max_length=200, blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    # Monitoring: an open casus without activity for this many weeks counts as stalled.
    stilstand_weken = models.PositiveSmallIntegerField(
        _("stilstand na (weken)"),
        default=6,
        help_text=_("Een open casus zonder activiteit in zoveel weken staat stil."),
    )

    class Meta:
        verbose_name = _("zorg- en veiligheidshuis")
        verbose_name_plural = _("zorg- en veiligheidshuizen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class OrganisatieType(models.TextChoices):
    POLITIE = "politie", _("Politie")
    OPENBAAR_MINISTERIE = "om", _("Openbaar Ministerie")
    RECLASSERING = "reclassering", _("Reclassering")
    DJI = "dji", _("Dienst Justitiële Inrichtingen")
    RAAD_KINDERBESCHERMING = "rvdk", _("Raad voor de Kinderbescherming")
    GGZ = "ggz", _("GGZ")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    GEMEENTE = "gemeente", _("Gemeente")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    ZVH = "zvh", _("Zorg- en veiligheidshuis")
    OVERIG = "overig", _("Overig")


class Organisatie(models.Model):
    """A partner organisation. It takes part in one or more houses through a Partnerschap."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=OrganisatieType.choices)
    actief = models.BooleanField(_("actief"), default=True)
    groep = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="organisatie",
        verbose_name=_("groep voor objectrechten"),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


def huidig_partnerschap(prefix="", *, op=None) -> Q:
    """The current partnership as a condition (on Partnerschap, or through `prefix`): the
    convenant is signed, the partnership has not ended (by `op`, default today) and the
    organisation is active."""
    op = op or timezone.localdate()
    return (
        Q(**{f"{prefix}convenant_getekend_op__isnull": False})
        & (Q(**{f"{prefix}beeindigd_op__isnull": True}) | Q(**{f"{prefix}beeindigd_op__gt": op}))
        & Q(**{f"{prefix}organisatie__actief": True})
    )


def partner_met_protocol(prefix="", *, op=None) -> Q:
    """A full partnership as a condition: current (see above) and the privacy protocol signed,
    as `Partnerschap.is_partner`. An organisation without one joins a casus as incidentele
    partner."""
    return huidig_partnerschap(prefix, op=op) & Q(
        **{f"{prefix}privacyprotocol_getekend_op__isnull": False}
    )


class Partnerschap(models.Model):
    """An organisation's place in one house: the convenant registry entry. It ends on
    `beeindigd_op`; from then on the organisation's users hold no partner role there."""

    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="partnerschappen")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="partnerschappen"
    )
    convenant_getekend_op = models.DateField(
        _("samenwerkingsconvenant getekend op"), null=True, blank=True
    )
    privacyprotocol_getekend_op = models.DateField(
        _("privacyprotocol getekend op"), null=True, blank=True
    )
    # The one exception to "house roles go only to the house's own staff", set per house by
    # its beheerder with a reason (for example staff seconded to the house): audited.
    huisrollen_toegestaan = models.BooleanField(
        _("huisrollen toegestaan"),
        default=False,
        help_text=_(
            "Medewerkers van deze organisatie mogen rollen van het huis zelf krijgen "
            "(bijvoorbeeld bij detachering). Alleen bij een getekend convenant en privacyprotocol."
        ),
    )
    huisrollen_reden = models.CharField(_("reden voor huisrollen"), max_length=500, blank=True)
    beeindigd_op = models.DateField(_("partnerschap beëindigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("partnerschap")
        verbose_name_plural = _("partnerschappen")
        constraints = [
            models.UniqueConstraint(fields=["zvh", "organisatie"], name="uniek_partnerschap")
        ]

    def __str__(self):
        return f"{self.organisatie} – {self.zvh}"

    @property
    def is_partner(self):
        """A partner signed both documents and has not left; others join a casus as
        incidentele partner."""
        return (
            bool(self.convenant_getekend_op and self.privacyprotocol_getekend_op)
            and not self.is_beeindigd
        )

    @property
    def is_beeindigd(self):
        return self.beeindigd_op is not None and self.beeindigd_op <= timezone.localdate()


class Medewerker(AbstractUser):
    """A person who logs in. Belongs to one organisation; holds roles per house."""

    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="medewerkers",
        null=True,
        blank=True,
        verbose_name=_("organisatie"),
    )
    functie = models.CharField(_("functie"), max_length=200, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=40, blank=True)
    # The house whose beheerder created the account: it manages the account while it holds
    # no roles (see partners.rules).
    aangemaakt_in = models.ForeignKey(
        Zvh,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt in"),
    )
    # A start password (set by a beheerder or `maak_beheerder`) is replaced at first login and
    # stops working when it has not been used in time.
    wachtwoord_moet_wijzigen = models.BooleanField(
        _("wachtwoord moet worden gewijzigd"), default=False
    )
    startwachtwoord_geldig_tot = models.DateTimeField(
        _("startwachtwoord geldig tot"), null=True, blank=True
    )
    # Notifications by e-mail as well as in the app (opt-in; the mail carries no personal data).
    email_notificaties = models.BooleanField(_("notificaties ook per e-mail"), default=False)

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def startwachtwoord_verlopen(self):
        """True when the account still has its start password and that has expired."""
        return bool(
            self.wachtwoord_moet_wijzigen
            and self.startwachtwoord_geldig_tot is not None
            and self.startwachtwoord_geldig_tot <= timezone.now()
        )


class RolToewijzing(models.Model):
    """One role of one medewerker in one house. Roles in one house give nothing in another."""

    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rollen"
    )
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="roltoewijzingen")
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)
    toegekend_op = models.DateTimeField(_("toegekend op"), auto_now_add=True)
    toegekend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("roltoewijzing")
        verbose_name_plural = _("roltoewijzingen")
        constraints = [
            models.UniqueConstraint(fields=["medewerker", "zvh", "rol"], name="unieke_rol")
        ]
        indexes = [models.Index(fields=["zvh", "rol"])]

    def __str__(self):
        return f"{self.medewerker} – {self.get_rol_display()} – {self.zvh}"


class AanvraagStatus(models.TextChoices):
    OPEN = "open", _("wacht op bevestiging")
    BEVESTIGD = "bevestigd", _("bevestigd")
    GEWEIGERD = "geweigerd", _("niet bevestigd")


class RolAanvraag(models.Model):
    """A grant of a role that needs a second beheerder (four-eyes) before it exists.

    Until it is confirmed there is no RolToewijzing, so a pending grant gives no access
    anywhere: every place that reads roles reads RolToewijzing only.
    """

    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rolaanvragen"
    )
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="rolaanvragen")
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AanvraagStatus.choices, default=AanvraagStatus.OPEN
    )
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reden = models.CharField(_("reden"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("rolaanvraag")
        verbose_name_plural = _("rolaanvragen")
        constraints = [
            models.UniqueConstraint(
                fields=["medewerker", "zvh", "rol"],
                condition=models.Q(status="open"),
                name="een_open_rolaanvraag",
            )
        ]
        indexes = [models.Index(fields=["zvh", "status"])]

    def __str__(self):
        return f"{self.get_rol_display()} – {self.get_status_display()}"


class MeldingSoort(models.TextChoices):
    TWEEDE_FACTOR = "tweede_factor", _("tweede factor opnieuw ingesteld")
    WACHTWOORD = "wachtwoord", _("wachtwoord opnieuw ingesteld")


class AccountMelding(models.Model):
    """A notice to the account holder that a beheerder reset its credentials, shown once at the
    next visit to the home page and then marked seen."""

    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accountmeldingen"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=MeldingSoort.choices)
    door_naam = models.CharField(_("door"), max_length=300)
    op = models.DateTimeField(_("op"), auto_now_add=True)
    gezien_op = models.DateTimeField(_("gezien op"), null=True, blank=True)

    class Meta:
        verbose_name = _("accountmelding")
        verbose_name_plural = _("accountmeldingen")
        indexes = [models.Index(fields=["medewerker", "gezien_op"])]

    def __str__(self):
        return self.get_soort_display()

    @property
    def tekst(self):
        datum = date_format(localtime(self.op), "j F Y")
        if self.soort == MeldingSoort.TWEEDE_FACTOR:
            tekst = _("Uw tweede factor is op %(datum)s opnieuw ingesteld door %(naam)s.")
        else:
            tekst = _("Uw wachtwoord is op %(datum)s opnieuw ingesteld door %(naam)s.")
        return tekst % {"datum": datum, "naam": self.door_naam}


class Formulierconcept(models.Model):
    """A user's unfinished form, kept on the server so that a session timeout loses no work.

    One per user, house and form (`sleutel`, e.g. "triage:<aanmelding pk>"). The payload is the
    form's submitted fields as JSON; it may hold personal data, so it is encrypted and bound to
    this row. Only its owner reads it (partners.services.concept_ophalen).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    zvh = models.ForeignKey(Zvh, on_delete=models.CASCADE, related_name="+")
    sleutel = models.CharField(_("formulier"), max_length=100)
    payload = EncryptedTextField(_("inhoud"))
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("formulierconcept")
        verbose_name_plural = _("formulierconcepten")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "zvh", "sleutel"], name="formulierconcept_uniek"
            )
        ]
        indexes = [models.Index(fields=["zvh", "sleutel"], name="formulierconcept_sleutel")]

    def __str__(self):
        return self.sleutel
