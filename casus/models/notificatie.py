"""In-app notifications (the bell) for the users responsible for something in a casus.

A notification stores no text and no personal data: only its kind and what it points at. The
text is written when it is shown, and it is shown (and e-mailed) only while the recipient may
still see what it points at, so a user who lost access meanwhile gets nothing and learns
nothing from it. `sleutel` makes creating one idempotent (the overdue job can run on several
workers, or twice, and still tells each user once).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Zvh

from .casus import Casus
from .overleg import Casusoverleg
from .plan import Actie
from .verrijking import Uitvraag


class NotificatieSoort(models.TextChoices):
    ACTIE_VERLOPEN = "actie_verlopen", _("Actie over de termijn")
    ACTIE_TOEGEWEZEN = "actie_toegewezen", _("Actie toegewezen")
    UITVRAAG = "uitvraag", _("Informatieverzoek ontvangen")
    MDO_UITNODIGING = "mdo_uitnodiging", _("Uitnodiging voor een MDO")


class Notificatie(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The house is the casus's (copied when the notification is made, never changed): the
    # casus's own foreign key to its house holds it, so this one has no constraint or index
    # of its own. The overdue job inserts tens of thousands of notifications a day, and the
    # database checks every constraint and writes every index for each. PROTECT still
    # applies: Django checks it before a house is deleted.
    zvh = models.ForeignKey(
        Zvh, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    # No index of its own: the list, the unread index and the uniqueness constraint all lead
    # with it. The overdue job writes tens of thousands of notifications a day, and every
    # index is written with each.
    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notificaties",
        db_index=False,
    )
    soort = models.CharField(_("soort"), max_length=30, choices=NotificatieSoort.choices)
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="+")
    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="+", null=True)
    # Indexed only where set (below): most notifications point at neither.
    uitvraag = models.ForeignKey(
        Uitvraag, on_delete=models.CASCADE, related_name="+", null=True, db_index=False
    )
    casusoverleg = models.ForeignKey(
        Casusoverleg, on_delete=models.CASCADE, related_name="+", null=True, db_index=False
    )
    sleutel = models.CharField(_("sleutel"), max_length=200)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    gemaild_op = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [
            models.Index(
                fields=["ontvanger", "zvh", "-aangemaakt_op", "-id"], name="notificatie_lijst"
            ),
            models.Index(
                fields=["ontvanger", "zvh"],
                condition=models.Q(gelezen_op__isnull=True),
                name="notificatie_ongelezen",
            ),
            models.Index(
                fields=["uitvraag"],
                condition=models.Q(uitvraag__isnull=False),
                name="notificatie_uitvraag",
            ),
            models.Index(
                fields=["casusoverleg"],
                condition=models.Q(casusoverleg__isnull=False),
                name="notificatie_casusoverleg",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["ontvanger", "sleutel"], name="notificatie_eenmalig")
        ]

    def __str__(self):
        return f"{self.soort} → {self.ontvanger_id}"
