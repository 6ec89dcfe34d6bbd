"""The persoon aggregate: a betrokkene registered once per house, and relations between persons."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bsn import Bsn
from core.crypto import achternaam_index, naam_index
from core.fields import EncryptedDateField, EncryptedTextField
from partners.models import Zvh


class RelatieType(models.TextChoices):
    PARTNER = "partner", _("Partner")
    KIND = "kind", _("Kind")
    OUDER = "ouder", _("Ouder")
    BROER_ZUS = "broer_zus", _("Broer of zus")
    HUISGENOOT = "huisgenoot", _("Huisgenoot")
    EX_PARTNER = "ex_partner", _("Ex-partner")
    OVERIG = "overig", _("Overig familie of netwerk")


class Persoon(models.Model):
    """A betrokkene, registered once per house. BSN, names, date of birth, address and contact
    are encrypted.

    The primary key is generated in Python so that every encrypted column is bound to its row
    (`table|column|pk`) before the INSERT. `bsn_index`, `naam_index` and `achternaam_index` are
    HMAC blind indexes for exact lookups; neither reveals the value without the key.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="personen")
    bsn = EncryptedTextField(_("BSN"))
    # NULL (not "") when there is no BSN: the per-house uniqueness skips NULLs.
    bsn_index = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    voornamen = EncryptedTextField(_("voornamen"))
    achternaam = EncryptedTextField(_("achternaam"))
    geboortedatum = EncryptedDateField(_("geboortedatum"))
    naam_index = models.CharField(max_length=64, editable=False)
    # The surname alone (normalised, keyed): the exact name search of the casus list.
    achternaam_index = models.CharField(max_length=64, editable=False, default="")
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
            models.Index(fields=["zvh", "achternaam_index"], name="persoon_achternaam_index"),
        ]

    def __str__(self):
        # No personal data: this is what django-auditlog stores as `object_repr` in its
        # append-only change table, and what admin and error pages print. Pages use `naam`.
        return _("Persoon %(pseudoniem)s") % {"pseudoniem": self.audit_pseudoniem}

    def save(self, *args, **kwargs):
        bsn = Bsn.of_leeg(self.bsn)
        self.bsn = bsn.cijfers if bsn is not None else ""
        self.bsn_index = bsn.blind_index() if bsn is not None else None
        self.naam_index = naam_index(self.voornamen, self.achternaam, self.geboortedatum)
        self.achternaam_index = achternaam_index(self.achternaam)
        if kwargs.get("update_fields") is not None:
            # The indexes follow the values they are derived from, also on partial saves.
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "bsn_index",
                "naam_index",
                "achternaam_index",
            }
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
