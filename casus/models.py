"""Persons (betrokkenen), casussen and their deelnemers; themes per house are configuration."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from partners.models import Organisatie, Zvh
from privacy.crypto import blind_index, naam_index, validate_bsn
from privacy.fields import EncryptedTextField

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


class RelatieType(models.TextChoices):
    PARTNER = "partner", _("Partner")
    KIND = "kind", _("Kind")
    OUDER = "ouder", _("Ouder")
    BROER_ZUS = "broer_zus", _("Broer of zus")
    HUISGENOOT = "huisgenoot", _("Huisgenoot")
    EX_PARTNER = "ex_partner", _("Ex-partner")
    OVERIG = "overig", _("Overig familie of netwerk")


class Persoon(models.Model):
    """A betrokkene, registered once per house. BSN, names, address and contact are encrypted.

    The primary key is generated in Python so that every encrypted column is bound to its row
    (`table|column|pk`) before the INSERT. `bsn_index` and `naam_index` are HMAC blind indexes
    for exact lookups; neither reveals the value without the key.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="personen")
    bsn = EncryptedTextField(_("BSN"))
    # NULL (not "") when there is no BSN: the per-house uniqueness skips NULLs.
    bsn_index = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    voornamen = EncryptedTextField(_("voornamen"))
    achternaam = EncryptedTextField(_("achternaam"))
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    naam_index = models.CharField(max_length=64, editable=False)
    adres = EncryptedTextField(_("straat en huisnummer"))
    postcode = EncryptedTextField(_("postcode"))
    woonplaats = EncryptedTextField(_("woonplaats"))
    telefoon = EncryptedTextField(_("telefoon"))
    email = EncryptedTextField(_("e-mail"))
    aangemaakt_op = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            models.UniqueConstraint(
                fields=["zvh", "bsn_index"],
                condition=models.Q(bsn_index__isnull=False),
                name="persoon_bsn_uniek_per_zvh",
            )
        ]
        indexes = [
            models.Index(fields=["bsn_index"], name="persoon_bsn_index"),
            models.Index(fields=["zvh", "naam_index"], name="persoon_naam_index"),
        ]

    def __str__(self):
        return self.naam

    def save(self, *args, **kwargs):
        if self.bsn:
            self.bsn = validate_bsn(self.bsn)
            self.bsn_index = blind_index(self.bsn)
        else:
            self.bsn_index = None
        self.naam_index = naam_index(self.voornamen, self.achternaam, self.geboortedatum)
        if kwargs.get("update_fields") is not None:
            # The indexes follow the values they are derived from, also on partial saves.
            kwargs["update_fields"] = {*kwargs["update_fields"], "bsn_index", "naam_index"}
        super().save(*args, **kwargs)

    @property
    def naam(self):
        return " ".join(part for part in (self.voornamen, self.achternaam) if part) or "—"

    @property
    def audit_pseudoniem(self):
        """The blind index when the BSN is known, else "p-<uuid>" (the audit convention)."""
        return self.bsn_index or f"p-{self.pk}"

    def clean(self):
        if not (self.voornamen or "").strip() and not (self.achternaam or "").strip():
            raise ValidationError(_("Vul ten minste een voornaam of achternaam in."))
        if self.geboortedatum and self.geboortedatum > timezone.localdate():
            raise ValidationError(_("De geboortedatum ligt in de toekomst."))


class PersoonRelatie(models.Model):
    """`van` is the `type` of `naar` (e.g. van = kind of naar)."""

    van = models.ForeignKey(Persoon, on_delete=models.CASCADE, related_name="relaties_van")
    naar = models.ForeignKey(Persoon, on_delete=models.CASCADE, related_name="relaties_naar")
    type = models.CharField(_("relatie"), max_length=20, choices=RelatieType.choices)

    class Meta:
        verbose_name = _("relatie tussen personen")
        verbose_name_plural = _("relaties tussen personen")
        constraints = [
            models.UniqueConstraint(fields=["van", "naar", "type"], name="unieke_relatie"),
            models.CheckConstraint(
                condition=~models.Q(van=models.F("naar")), name="geen_zelfrelatie"
            ),
        ]

    def __str__(self):
        return f"{self.van_id} {self.type} {self.naar_id}"


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
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casussen_regie"
    )
    backup_procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casussen_backup"
    )
    geopend_op = models.DateTimeField(_("geopend op"), auto_now_add=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        indexes = [models.Index(fields=["zvh", "status"], name="casus_zvh_status")]
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


class CasusTeller(models.Model):
    """The last casusnummer handed out per house and year; rows are locked while counting."""

    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    laatste = models.PositiveIntegerField(_("laatste volgnummer"), default=0)

    class Meta:
        verbose_name = _("casusteller")
        verbose_name_plural = _("casustellers")
        constraints = [
            models.UniqueConstraint(fields=["zvh", "jaar"], name="casusteller_uniek_per_jaar")
        ]

    def __str__(self):
        return f"{self.zvh_id}/{self.jaar}: {self.laatste}"


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
