"""Leefgebied scores (PGA scoreformulier / Zelfredzaamheid-Matrix): the domains and the scale
of a house, and per person of a casus the score rounds with a score per scored domain.

"Niet gescoord" is the default and a normal answer: a round stores a `Score` only for the
domains that were scored, so nothing is registered for the others.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from partners.models import Organisatie, Zvh

from .casus import Casus
from .persoon import Persoon

# The ZRM's 13 domains as (code, naam). Other parts (informatieverrijking) key their answers
# by these codes; a house may rename, reorder or switch off its domains, never the codes.
ZRM_LEEFGEBIEDEN = [
    ("financien", "Financiën"),
    ("werk_opleiding", "Werk & opleiding"),
    ("tijdsbesteding", "Tijdsbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke_relaties", "Huiselijke relaties"),
    ("geestelijke_gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke_gezondheid", "Lichamelijke gezondheid"),
    ("middelengebruik", "Middelengebruik"),
    ("basale_adl", "Basale ADL"),
    ("instrumentele_adl", "Instrumentele ADL"),
    ("sociaal_netwerk", "Sociaal netwerk"),
    ("maatschappelijke_participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]

# The ZRM's 1–5 scale as (waarde, label).
ZRM_SCHAAL = [
    (1, "Acute problematiek"),
    (2, "Niet zelfredzaam"),
    (3, "Beperkt zelfredzaam"),
    (4, "Voldoende zelfredzaam"),
    (5, "Volledig zelfredzaam"),
]

# Information older than this (before the round's date) does not count for a current score.
ACTUEEL_DAGEN = 30


class Leefgebied(models.Model):
    """One life domain a house scores, in its order on the form."""

    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="leefgebieden")
    code = models.SlugField(_("code"), max_length=40)
    naam = models.CharField(_("naam"), max_length=200)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("leefgebied")
        verbose_name_plural = _("leefgebieden")
        ordering = ["volgorde", "code"]
        constraints = [models.UniqueConstraint(fields=["zvh", "code"], name="uniek_leefgebied")]

    def __str__(self):
        return self.naam


class Schaalwaarde(models.Model):
    """One value of a house's score scale with its label (the ZRM: 1–5)."""

    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="schaalwaarden")
    waarde = models.SmallIntegerField(_("waarde"))
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        verbose_name = _("schaalwaarde")
        verbose_name_plural = _("schaalwaarden")
        ordering = ["waarde"]
        constraints = [
            models.UniqueConstraint(fields=["zvh", "waarde"], name="unieke_schaalwaarde")
        ]

    def __str__(self):
        return f"{self.waarde} – {self.label}"


class Scoreformulier(models.Model):
    """One score round for one person of a casus, at a date (typically before an MDO)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="scoreformulieren")
    persoon = models.ForeignKey(Persoon, on_delete=models.PROTECT, related_name="+")
    datum = models.DateField(_("datum"))
    ingevuld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ingevuld_op = models.DateTimeField(_("ingevuld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("scoreformulier")
        verbose_name_plural = _("scoreformulieren")
        indexes = [
            models.Index(fields=["casus", "persoon", "datum"], name="scoreformulier_historie")
        ]

    def __str__(self):
        return _("Scoreformulier %(id)s") % {"id": self.pk}

    @property
    def audit_casus_id(self):
        return str(self.casus_id)


class Score(models.Model):
    """The score of one domain in one round: a value on the house's scale, a motivation
    (encrypted), the source it rests on (a deelnemer organisation, or the house itself when
    empty) and the date of that information."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    formulier = models.ForeignKey(Scoreformulier, on_delete=models.CASCADE, related_name="scores")
    leefgebied = models.ForeignKey(Leefgebied, on_delete=models.PROTECT, related_name="+")
    waarde = models.SmallIntegerField(_("score"))
    motivatie = EncryptedTextField(_("motivatie"))
    bron_organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bron"),
    )
    informatie_datum = models.DateField(_("datum van de informatie"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["formulier", "leefgebied"], name="een_score_per_gebied")
        ]

    def __str__(self):
        return _("Score %(id)s") % {"id": self.pk}

    @property
    def niet_actueel(self):
        """True when the information is older than ACTUEEL_DAGEN before the round's date."""
        grens = self.formulier.datum - datetime.timedelta(days=ACTUEEL_DAGEN)
        return self.informatie_datum < grens
