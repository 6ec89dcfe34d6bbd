"""The pitch for the start-MDO: structured, encrypted and versioned (every save a new row).

A version is never changed except for being marked gereed (ready); deelnemers see only ready
versions. The version number is the optimistic lock: a save names the version it was based on.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from partners.models import Zvh

from .casus import Casus
from .scores import Leefgebied

# Server-side limits on the free text of a pitch.
PITCH_MAX_LENGTH = 10_000
FEIT_MAX_LENGTH = 4_000


class Pitch(models.Model):
    """One version of the pitch of a casus."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="pitches")
    versie = models.PositiveIntegerField(_("versie"))
    aanleiding = EncryptedTextField(_("aanleiding"))
    risicos = EncryptedTextField(_("risico's"))
    kansen = EncryptedTextField(_("kansen"))
    vraag = EncryptedTextField(_("vraag aan het overleg"))
    opgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opgesteld_op = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)
    gereed_op = models.DateTimeField(_("gereed gemeld op"), null=True, blank=True)
    gereed_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")
        ordering = ["-versie"]
        constraints = [
            models.UniqueConstraint(fields=["casus", "versie"], name="unieke_pitchversie")
        ]

    def __str__(self):
        return _("Pitch %(id)s versie %(versie)s") % {"id": self.pk, "versie": self.versie}

    @property
    def audit_casus_id(self):
        return str(self.casus_id)

    @property
    def gereed(self):
        return self.gereed_op is not None


class PitchFeit(models.Model):
    """The facts on one life domain in one version of a pitch (optional per domain)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="feiten")
    leefgebied = models.ForeignKey(Leefgebied, on_delete=models.PROTECT, related_name="+")
    tekst = EncryptedTextField(_("feiten"))

    class Meta:
        verbose_name = _("feit per leefgebied")
        verbose_name_plural = _("feiten per leefgebied")
        constraints = [
            models.UniqueConstraint(fields=["pitch", "leefgebied"], name="een_feit_per_gebied")
        ]

    def __str__(self):
        return _("Pitchfeit %(id)s") % {"id": self.pk}
