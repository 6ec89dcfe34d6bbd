"""The plan van aanpak of a casus: doelen (each on one or more life domains) and acties (each
with exactly one responsible deelnemer organisation), and the progress partners report.

Optimistic locking, two levels:
- `PlanVanAanpak.versie` goes up with every change to the plan (a goal, an action, a status);
  a form that edits the plan's structure carries the version it was shown and the service
  refuses to write when the plan has moved on since ("stale plan version").
- `Actie.versie` goes up with every change to that action; a partner's status update carries
  it, so two partners updating different actions of one casus do not refuse each other, but
  two people updating the same action do.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from partners.models import Organisatie, Zvh

from .casus import Casus
from .overleg import Besluit
from .scores import Leefgebied

DOEL_MAX_LENGTH = 2000
ACTIE_MAX_LENGTH = 2000
NOTITIE_MAX_LENGTH = 4000


class PlanVanAanpak(models.Model):
    """One per casus, created with the first goal; `versie` counts its changes."""

    casus = models.OneToOneField(Casus, on_delete=models.CASCADE, related_name="plan")
    versie = models.PositiveIntegerField(_("versie"), default=0)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")

    def __str__(self):
        return _("Plan van aanpak %(nr)s, versie %(v)s") % {"nr": self.casus_id, "v": self.versie}


class Doel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(PlanVanAanpak, on_delete=models.CASCADE, related_name="doelen")
    omschrijving = EncryptedTextField(_("doel"), max_length=DOEL_MAX_LENGTH, blank=False)
    leefgebieden = models.ManyToManyField(
        Leefgebied, related_name="+", verbose_name=_("leefgebieden")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["plan", "volgorde", "aangemaakt_op"]

    def __str__(self):
        return _("Doel %(pk)s") % {"pk": self.pk}


class ActieStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_UITVOERING = "in_uitvoering", _("In uitvoering")
    GEREED = "gereed", _("Gereed")
    NIET_HAALBAAR = "niet_haalbaar", _("Niet haalbaar")


# Statuses in which an action still asks something of its organisation.
LOPENDE_STATUSSEN = (ActieStatus.OPEN, ActieStatus.IN_UITVOERING)


class Actie(models.Model):
    """One action of a plan: exactly one responsible organisation (a deelnemer of the casus),
    optionally a named owner in it, a due date, a status and the MDO decision it came from.

    `zvh` and `casus` are copies of the plan's (set by the services, never changed) so that
    the worklists ("mijn acties", overdue per casus, the overdue job) are one indexed range."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="+")
    # No index of its own: actie_per_casus (casus, deadline) leads with it. Every index is
    # written again when an action changes (the overdue job marks tens of thousands a day).
    casus = models.ForeignKey(
        Casus, on_delete=models.CASCADE, related_name="acties", db_index=False
    )
    doel = models.ForeignKey(Doel, on_delete=models.PROTECT, related_name="acties")
    omschrijving = EncryptedTextField(_("actie"), max_length=ACTIE_MAX_LENGTH, blank=False)
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="acties",
        verbose_name=_("verantwoordelijke organisatie"),
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="acties",
        null=True,
        blank=True,
        verbose_name=_("eigenaar"),
    )
    deadline = models.DateField(_("uiterlijk gereed op"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActieStatus.choices, default=ActieStatus.OPEN
    )
    reden_niet_haalbaar = EncryptedTextField(
        _("reden niet haalbaar"), max_length=NOTITIE_MAX_LENGTH
    )
    besluit = models.ForeignKey(
        Besluit,
        on_delete=models.PROTECT,
        related_name="acties",
        null=True,
        blank=True,
        verbose_name=_("MDO-besluit"),
    )
    versie = models.PositiveIntegerField(_("versie"), default=0)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # Set by the overdue job when it has told the responsible users (once per due date).
    verlopen_gemeld_op = models.DateField(_("achterstand gemeld voor"), null=True, blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["deadline", "aangemaakt_op"]
        indexes = [
            # "Mijn acties": the open actions of one organisation in one house, overdue first.
            # The casus and the owner ride along (as trailing key columns: SQLite, for the
            # demo, has no INCLUDE), so that counting the list (its casussen' grants, the
            # owner filter) reads only the index, not a heap page per action.
            models.Index(
                fields=["organisatie", "zvh", "deadline", "id", "casus", "eigenaar"],
                condition=models.Q(status__in=["open", "in_uitvoering"]),
                name="actie_open_per_org_casus",
            ),
            models.Index(fields=["casus", "deadline"], name="actie_per_casus"),
            # Monitoring, overdue per casus: each open casus's running actions, oldest first.
            models.Index(
                fields=["casus", "deadline"],
                condition=models.Q(status__in=["open", "in_uitvoering"]),
                name="actie_open_per_casus",
            ),
            # The overdue job and monitoring's overdue per casus: the house's running actions
            # by due date, in the worklist's keyset order (due date, casus), so a page is one
            # range of it (it replaces actie_open_per_zvh on (zvh, deadline)).
            models.Index(
                fields=["zvh", "deadline", "casus", "id"],
                condition=models.Q(status__in=["open", "in_uitvoering"]),
                name="actie_lopend_achterstand",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="niet_haalbaar")
                | models.Q(reden_niet_haalbaar__isnull=False),
                name="actie_niet_haalbaar_met_reden",
            ),
        ]

    def __str__(self):
        return _("Actie %(pk)s") % {"pk": self.pk}

    @property
    def lopend(self):
        return self.status in LOPENDE_STATUSSEN


class Voortgang(models.Model):
    """A progress report on an action: the note (encrypted), who, and the status it set."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="voortgang")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("op"), auto_now_add=True)
    status_van = models.CharField(_("status was"), max_length=20, choices=ActieStatus.choices)
    status_naar = models.CharField(_("status wordt"), max_length=20, choices=ActieStatus.choices)
    notitie = EncryptedTextField(_("voortgang"), max_length=NOTITIE_MAX_LENGTH)

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        ordering = ["actie", "op"]

    def __str__(self):
        return _("Voortgang %(pk)s") % {"pk": self.pk}
