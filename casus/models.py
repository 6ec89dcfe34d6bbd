"""Casus configuration per house. Themes are configuration, not code (see the domain brief)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Zvh

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
