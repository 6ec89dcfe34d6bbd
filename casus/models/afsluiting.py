"""Afschaling and afsluiting of a casus (with a reason from the house's list, an evaluation per
goal and the final AVE level), and reopening a closed casus.

A casus can be closed, reopened and closed again: each closing is its own `Afsluiting` row,
each reopening its own `Heropening`; the casus carries the current state (`status`,
`afgesloten_op`, `bewaartermijn_vanaf`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from partners.models import Organisatie, Zvh

from .casus import AveNiveau, Casus
from .plan import Doel

TOELICHTING_MAX_LENGTH = 4000


class AfsluitSoort(models.TextChoices):
    AFSCHALING = "afschaling", _("Afschaling naar het lokale netwerk")
    AFSLUITING = "afsluiting", _("Afsluiting")


# The reasons houses start with (domain brief, issue 12); seeded per house, the beheerder can
# add, rename and switch them off. `soort` empty: the reason fits both.
STANDAARD_AFSLUITREDENEN = [
    ("doelen_behaald", "Doelen behaald", ""),
    ("afgeschaald_lokaal", "Afgeschaald naar lokaal netwerk", AfsluitSoort.AFSCHALING),
    ("andere_aanpak", "Andere aanpak passender", ""),
    ("verhuisd", "Betrokkene verhuisd", AfsluitSoort.AFSLUITING),
    ("overleden", "Betrokkene overleden", AfsluitSoort.AFSLUITING),
    ("geen_medewerking", "Geen medewerking betrokkene", ""),
    ("detentie", "Langdurige detentie", AfsluitSoort.AFSLUITING),
]


class AfsluitReden(models.Model):
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="afsluitredenen")
    code = models.SlugField(_("code"), max_length=40)
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(
        _("geldt voor"), max_length=20, choices=AfsluitSoort.choices, blank=True
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("reden van afsluiting")
        verbose_name_plural = _("redenen van afsluiting")
        ordering = ["volgorde", "naam"]
        constraints = [models.UniqueConstraint(fields=["zvh", "code"], name="unieke_afsluitreden")]

    def __str__(self):
        return self.naam


class Afsluiting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="afsluitingen")
    soort = models.CharField(_("soort"), max_length=20, choices=AfsluitSoort.choices)
    reden = models.ForeignKey(
        AfsluitReden, on_delete=models.PROTECT, related_name="+", verbose_name=_("reden")
    )
    toelichting = EncryptedTextField(_("toelichting"), max_length=TOELICHTING_MAX_LENGTH)
    # For an afschaling: the local organisation (municipality, wijkteam) that takes the case.
    ontvangende_organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("ontvangende lokale organisatie"),
    )
    ave_niveau = models.PositiveSmallIntegerField(
        _("AVE-niveau bij afsluiting"), choices=AveNiveau.choices
    )
    afgesloten_op = models.DateTimeField(_("afgesloten op"), auto_now_add=True)
    afgesloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The date the closed-case retention period runs from (privacy: bewaartermijnen).
    bewaartermijn_vanaf = models.DateField(_("bewaartermijn loopt vanaf"))

    class Meta:
        verbose_name = _("afsluiting")
        verbose_name_plural = _("afsluitingen")
        ordering = ["casus", "afgesloten_op"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(soort="afschaling")
                | models.Q(ontvangende_organisatie__isnull=False),
                name="afschaling_met_ontvanger",
            ),
        ]

    def __str__(self):
        return _("Afsluiting %(pk)s") % {"pk": self.pk}


class DoelResultaat(models.TextChoices):
    BEHAALD = "behaald", _("Behaald")
    DEELS = "deels", _("Deels behaald")
    NIET = "niet", _("Niet behaald")


class DoelEvaluatie(models.Model):
    # A UUID made in Python: the encrypted toelichting is sealed with the row's key, which
    # must exist before the INSERT (core/fields.py).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    afsluiting = models.ForeignKey(Afsluiting, on_delete=models.CASCADE, related_name="evaluaties")
    doel = models.ForeignKey(Doel, on_delete=models.PROTECT, related_name="evaluaties")
    resultaat = models.CharField(_("resultaat"), max_length=20, choices=DoelResultaat.choices)
    toelichting = EncryptedTextField(_("toelichting"), max_length=TOELICHTING_MAX_LENGTH)

    class Meta:
        verbose_name = _("evaluatie van een doel")
        verbose_name_plural = _("evaluaties van doelen")
        constraints = [
            models.UniqueConstraint(fields=["afsluiting", "doel"], name="een_evaluatie_per_doel")
        ]

    def __str__(self):
        return f"{self.doel_id}: {self.resultaat}"


class Heropening(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="heropeningen")
    reden = EncryptedTextField(_("reden"), max_length=TOELICHTING_MAX_LENGTH, blank=False)
    heropend_op = models.DateTimeField(_("heropend op"), auto_now_add=True)
    heropend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("heropening")
        verbose_name_plural = _("heropeningen")
        ordering = ["casus", "heropend_op"]

    def __str__(self):
        return _("Heropening %(pk)s") % {"pk": self.pk}
