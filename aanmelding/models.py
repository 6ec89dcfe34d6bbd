"""The criteria a referral is triaged against: the four WGS criteria and a house's own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Zvh

# WGS aanmeldcriteria a–d (Wet gegevensverwerking door samenwerkingsverbanden); fixed by law.
WGS_CRITERIA = [
    (
        "a",
        _(
            "Problematiek bij de persoon, of in de gezinssituatie voor zover relevant voor "
            "de persoon."
        ),
    ),
    ("b", _("Problemen op meerdere leefgebieden waarbij criminogene factoren aanwezig zijn.")),
    (
        "c",
        _(
            "De problemen leiden, hebben geleid of zullen op grond van duidelijke en objectieve "
            "aanwijzingen zonder interventie leiden tot ernstige overlast, criminaliteit of "
            "onveilige situaties voor personen of in een gebied."
        ),
    ),
    (
        "d",
        _(
            "Samenwerking tussen deelnemers uit meerdere domeinen is nodig om tot een effectieve "
            "aanpak te komen."
        ),
    ),
]


class RegionaalCriterium(models.Model):
    """An extra criterion a house adds to the WGS criteria (set by the functioneel beheerder)."""

    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="regionale_criteria")
    omschrijving = models.TextField(_("omschrijving"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("regionaal criterium")
        verbose_name_plural = _("regionale criteria")
        ordering = ["volgorde", "pk"]

    def __str__(self):
        return self.omschrijving[:80]
