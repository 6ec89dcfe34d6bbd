"""Informatieverrijking: the coordinator asks a deelnemer organisation of a casus for what it
knows (an `Uitvraag`), and a partner user of that organisation answers it, per life domain.

The answer lives on the request itself: one answer per request, amended until the due date.
Question and answer are personal free text and stored encrypted, bound to their row.
"""

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from partners.models import Organisatie, Zvh

from .casus import Casus

# The 13 life domains of the Zelfredzaamheid-Matrix, by code. An answer stores its text per
# domain under these codes; the referral's problems use this same list
# (`aanmelding.models.LEEFGEBIEDEN`), and the house's leefgebied configuration is seeded with
# the same codes (`scores.ZRM_LEEFGEBIEDEN`, a test keeps them equal).
LEEFGEBIEDEN_ZRM = [
    ("financien", _("Financiën")),
    ("werk_opleiding", _("Werk en opleiding")),
    ("tijdsbesteding", _("Tijdsbesteding")),
    ("huisvesting", _("Huisvesting")),
    ("huiselijke_relaties", _("Huiselijke relaties")),
    ("geestelijke_gezondheid", _("Geestelijke gezondheid")),
    ("lichamelijke_gezondheid", _("Lichamelijke gezondheid")),
    ("middelengebruik", _("Middelengebruik")),
    ("basale_adl", _("Basale ADL")),
    ("instrumentele_adl", _("Instrumentele ADL")),
    ("sociaal_netwerk", _("Sociaal netwerk")),
    ("maatschappelijke_participatie", _("Maatschappelijke participatie")),
    ("justitie", _("Justitie")),
]
LEEFGEBIED_CODES = frozenset(code for code, _label in LEEFGEBIEDEN_ZRM)


class Uitvraag(models.Model):
    """A request for information to one organisation taking part in a casus, and its answer.

    `zvh` repeats the casus's house so that the worklists read one index each: the
    organisation's "uitvragen" (open first, then by due date) and the house's open requests.
    `beantwoord` is the worklist's sort column (NOT NULL, unlike `beantwoord_op`).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="uitvragen")
    # Indexed as the first column of uitvraag_werkvoorraad.
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="uitvragen", db_index=False
    )
    vraag = EncryptedTextField(_("vraag"))
    uiterlijk_op = models.DateField(_("uiterlijk beantwoorden op"))
    gesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    gesteld_op = models.DateTimeField(_("gesteld op"), auto_now_add=True)
    beantwoord = models.BooleanField(_("beantwoord"), default=False)
    niets_bekend = models.BooleanField(_("niets bekend"), default=False)
    antwoord_algemeen = EncryptedTextField(_("algemeen antwoord"))
    # JSON {leefgebied code: text}, only the domains answered (codes of LEEFGEBIEDEN_ZRM).
    antwoord_leefgebieden = EncryptedTextField(_("antwoord per leefgebied"))
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    gewijzigd_op = models.DateTimeField(_("antwoord gewijzigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitvraag")
        verbose_name_plural = _("uitvragen")
        indexes = [
            # Each ends in the casus (after the unique id, so the order is the worklist's),
            # so that the capped counts, which check the casus per row, read the index alone.
            # A key column rather than INCLUDE: SQLite (the demo) has no INCLUDE.
            models.Index(
                fields=["organisatie", "zvh", "beantwoord", "uiterlijk_op", "id", "casus"],
                name="uitvraag_werkvoorraad",
            ),
            models.Index(
                fields=["zvh", "uiterlijk_op", "id", "casus"],
                name="uitvraag_openstaand",
                condition=models.Q(beantwoord=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(beantwoord=False, beantwoord_op__isnull=True)
                | models.Q(beantwoord=True, beantwoord_op__isnull=False),
                name="uitvraag_beantwoord_met_tijd",
            ),
        ]

    def __str__(self):
        return _("Uitvraag %(id)s") % {"id": self.pk}

    @property
    def audit_casus_id(self):
        return str(self.casus_id)

    @property
    def antwoord_per_leefgebied(self) -> dict[str, str]:
        """{code: text} of the life domains answered."""
        if not self.antwoord_leefgebieden:
            return {}
        return json.loads(self.antwoord_leefgebieden)

    @antwoord_per_leefgebied.setter
    def antwoord_per_leefgebied(self, value: dict[str, str]) -> None:
        filled = {code: text for code, text in value.items() if text and text.strip()}
        self.antwoord_leefgebieden = json.dumps(filled, ensure_ascii=False) if filled else ""

    def leefgebieden(self):
        """[(label, text)] in the ZRM order, only the domains answered."""
        data = self.antwoord_per_leefgebied
        return [(label, data[code]) for code, label in LEEFGEBIEDEN_ZRM if code in data]

    @property
    def antwoord_wijzigbaar(self) -> bool:
        """Not answered yet (an overdue answer is still welcome), or amended until the due date."""
        return not self.beantwoord or timezone.localdate() <= self.uiterlijk_op

    @property
    def te_laat(self) -> bool:
        """Past its due date without an answer."""
        return not self.beantwoord and self.uiterlijk_op < timezone.localdate()
