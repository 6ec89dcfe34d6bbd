"""The casus aggregate: a casus, its deelnemers and their object permissions; themes per house."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from partners.models import Organisatie, Zvh

from .persoon import Persoon

# The themes houses register (domain brief); seeded per house, extendable by the beheerder.
STANDAARD_THEMAS = [
    ("hg", "Huiselijk geweld"),
    ("pvg", "Personen met verward/onbegrepen gedrag"),
    ("radicalisering", "Radicalisering en extremisme"),
    ("ex_justitiabelen", "Ex-justitiabelen / re-integratie"),
    ("hic", "High impact crime"),
    ("jeugd", "Jeugd"),
    ("mensenhandel", "Mensenhandel"),
    ("levensloop", "Levensloopaanpak"),
]


class Thema(models.Model):
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="themas")
    code = models.SlugField(_("code"), max_length=40)
    naam = models.CharField(_("naam"), max_length=200)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["zvh", "code"], name="uniek_thema")]

    def __str__(self):
        return self.naam


class CasusStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class AveNiveau(models.IntegerChoices):
    AVE1 = 1, _("AVE 1 – geen problemen of alleen zorgen")
    AVE2 = 2, _("AVE 2 – een vraag of een probleem")
    AVE3 = 3, _("AVE 3 – complexe problemen op meerdere leefgebieden")
    AVE4 = 4, _("AVE 4 – volledige escalatie")


class Casus(models.Model):
    """An accepted referral: persons, themes, deelnemers and its procesregisseurs.

    The primary key is a UUID (it appears in URLs and audit rows and reveals no volume); people
    talk about a casus by its `nummer`, `<year>-<n>` per house (see casus/nummering.py).
    Casussen created before the UUID key have `UUID(int=<old id>)` (migration 0003).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="casussen")
    nummer = models.CharField(_("casusnummer"), max_length=20, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=CasusStatus.choices, default=CasusStatus.OPEN
    )
    personen = models.ManyToManyField(Persoon, related_name="casussen")
    themas = models.ManyToManyField(Thema, related_name="casussen", verbose_name=_("thema's"))
    ave_niveau = models.PositiveSmallIntegerField(_("AVE-niveau"), choices=AveNiveau.choices)
    # The level the casus was opened with (the triage's), kept when MDO's change `ave_niveau`:
    # the first point of the AVE trend. Empty for casussen whose opening level is not known.
    ave_niveau_bij_opening = models.PositiveSmallIntegerField(
        _("AVE-niveau bij opening"), choices=AveNiveau.choices, null=True, blank=True
    )
    # Taken from the referral at opening: a spoed casus may be enriched by its procesregisseur.
    spoed = models.BooleanField(_("spoed"), default=False)
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casussen_regie"
    )
    backup_procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casussen_backup"
    )
    geopend_op = models.DateTimeField(_("geopend op"), auto_now_add=True)
    # The last change to the casus or its plan, MDO's and actions (set by the casus services):
    # "stalled cases" are open ones whose last activity is older than the house's setting.
    laatste_activiteit_op = models.DateTimeField(_("laatste activiteit"), default=timezone.now)
    # Set when the casus is closed (afschaling or afsluiting), cleared when it is reopened.
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    bewaartermijn_vanaf = models.DateField(_("bewaartermijn loopt vanaf"), null=True, blank=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        indexes = [
            models.Index(fields=["zvh", "status"], name="casus_zvh_status"),
            # The casus list, newest first, in its keyset order.
            models.Index(fields=["zvh", "-geopend_op", "-id"], name="casus_lijst"),
            # Monitoring: stalled open cases, oldest activity first.
            models.Index(
                fields=["zvh", "laatste_activiteit_op", "id"],
                condition=models.Q(status="open"),
                name="casus_open_activiteit",
            ),
            # Monitoring: open cases newest first (cases without a next MDO) and the open
            # spoed cases, each an index range in the worklist's keyset order.
            models.Index(
                fields=["zvh", "-geopend_op", "-id"],
                condition=models.Q(status="open"),
                name="casus_open_geopend",
            ),
            models.Index(
                fields=["zvh", "-geopend_op", "-id"],
                condition=models.Q(status="open", spoed=True),
                name="casus_open_spoed",
            ),
            # "Not in a closed casus" (mijn acties and its counts) as an anti-join against
            # the few closed ones, read from this index instead of the whole table.
            models.Index(
                fields=["id"], condition=models.Q(status="afgesloten"), name="casus_afgesloten"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(procesregisseur=models.F("backup_procesregisseur")),
                name="casus_backup_is_ander",
            ),
            models.UniqueConstraint(fields=["zvh", "nummer"], name="casusnummer_uniek_per_zvh"),
        ]

    def __str__(self):
        return _("Casus %(nr)s") % {"nr": self.nummer}

    @property
    def audit_casus_id(self):
        return str(self.pk)


class Jaarteller(models.Model):
    """The last number handed out per house and year (casus.nummering locks it while counting).

    Abstract: each kind of number (casussen, aanmeldingen) has its own table of counters."""

    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    laatste = models.PositiveIntegerField(_("laatste volgnummer"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.zvh_id}/{self.jaar}: {self.laatste}"


class CasusTeller(Jaarteller):
    """The last casusnummer handed out per house and year; rows are locked while counting."""

    class Meta:
        verbose_name = _("casusteller")
        verbose_name_plural = _("casustellers")
        constraints = [
            models.UniqueConstraint(fields=["zvh", "jaar"], name="casusteller_uniek_per_jaar")
        ]


class DeelnemerRol(models.TextChoices):
    AANMELDER = "aanmelder", _("Aanmelder")
    PARTNER = "partner", _("Partner")


class Deelnemer(models.Model):
    """An organisation taking part in one casus; its group holds the object permission."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="deelnemers")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="deelnames")
    rol = models.CharField(_("rol"), max_length=20, choices=DeelnemerRol.choices)
    sinds = models.DateTimeField(_("sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        constraints = [
            models.UniqueConstraint(fields=["casus", "organisatie"], name="unieke_deelnemer")
        ]

    def __str__(self):
        return f"{self.organisatie} – {self.casus}"


class CasusGroupObjectPermission(GroupObjectPermissionBase):
    """Direct-FK guardian grants on a casus, given to organisation groups (not to users)."""

    content_object = models.ForeignKey(Casus, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
