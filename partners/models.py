"""Tenants (Zvh), partner organisations, their convenant status per house, staff and roles.

The role vocabulary itself (`Rol`) lives in `core.roles`, where every rule reads it.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Rol

# The second-factor devices live in their own module; imported here so Django registers them.
from .devices import AuthenticatorDevice, BackupCode, BackupCodeDevice  # noqa: F401


class Zvh(models.Model):
    """A zorg- en veiligheidshuis: the tenant. Every role and every casus belongs to one."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    regio = models.CharField(_("regio"), max_length=200, blank=True)
    actief = models.BooleanField(_("actief"), default=True)

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


class Partnerschap(models.Model):
    """An organisation's place in one house: the convenant registry entry."""

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
        """A partner signed both documents; others join a casus as incidentele partner."""
        return bool(self.convenant_getekend_op and self.privacyprotocol_getekend_op)


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
    # A start password (set by a beheerder or `maak_beheerder`) is replaced at first login and
    # stops working when it has not been used in time.
    wachtwoord_moet_wijzigen = models.BooleanField(
        _("wachtwoord moet worden gewijzigd"), default=False
    )
    startwachtwoord_geldig_tot = models.DateTimeField(
        _("startwachtwoord geldig tot"), null=True, blank=True
    )

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
