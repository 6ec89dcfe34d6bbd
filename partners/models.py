"""Tenants (Zvh), partner organisations, their convenant status per house, staff and roles.

The role vocabulary itself (`Rol`) lives in `core.roles`, where every rule reads it.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Rol


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
        """A partner signed both documents; others join a casus as incidentele partner."""
        return bool(self.convenant_getekend_op and self.privacyprotocol_getekend_op)

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

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username


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
