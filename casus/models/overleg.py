"""Casusoverleggen (MDO's): tafels per house, their sessions with timed slots, the MDO record
(invitations, attendance, minutes, decisions, the AVE level agreed) and the
geheimhoudingsverklaringen of incidentele partners.

A session has N explicit slots, created with the session; planning a casus takes one (the
one-to-one from Casusoverleg to Slot makes "one casus per slot" a fact the database keeps).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from partners.models import Organisatie, Zvh

from .casus import AveNiveau, Casus


class Overlegtafel(models.Model):
    """A standing meeting of the house, e.g. "PVG-tafel, dinsdag 9–12"."""

    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="overlegtafels")
    naam = models.CharField(_("naam"), max_length=200)
    vaste_dag_tijd = models.CharField(_("vaste dag en tijd"), max_length=200, blank=True)
    locatie = models.CharField(
        _("locatie"),
        max_length=200,
        blank=True,
        help_text=_("Een adres, zaal of vergaderlink zonder persoonsgegevens."),
    )
    actief = models.BooleanField(_("actief"), default=True)
    spoed = models.BooleanField(_("spoedtafel"), default=False)

    class Meta:
        verbose_name = _("overlegtafel")
        verbose_name_plural = _("overlegtafels")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["zvh", "naam"], name="overlegtafel_naam_uniek")
        ]

    def __str__(self):
        return self.naam


class Sessie(models.Model):
    """One meeting of a tafel on a date, with `capaciteit` timed slots."""

    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="+")
    tafel = models.ForeignKey(Overlegtafel, on_delete=models.PROTECT, related_name="sessies")
    datum = models.DateField(_("datum"))
    begin = models.TimeField(_("begin"))
    eind = models.TimeField(_("eind"))
    plaats = models.CharField(
        _("plaats of online link"),
        max_length=300,
        blank=True,
        help_text=_("Leeg: de locatie van de tafel. Geen persoonsgegevens."),
    )
    capaciteit = models.PositiveSmallIntegerField(_("aantal plekken"))
    spoed = models.BooleanField(_("spoedsessie"), default=False)

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        ordering = ["datum", "begin"]
        indexes = [models.Index(fields=["tafel", "datum", "begin"], name="sessie_tafel_datum")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(eind__gt=models.F("begin")), name="sessie_eind_na_begin"
            ),
            models.CheckConstraint(condition=models.Q(capaciteit__gte=1), name="sessie_capaciteit"),
        ]

    def __str__(self):
        return f"{self.tafel} {self.datum:%Y-%m-%d} {self.begin:%H:%M}"

    @property
    def plaats_of_locatie(self):
        return self.plaats or self.tafel.locatie


class Slot(models.Model):
    """One timed place on a session's agenda."""

    sessie = models.ForeignKey(Sessie, on_delete=models.CASCADE, related_name="slots")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    begintijd = models.TimeField(_("begintijd"))
    duur_minuten = models.PositiveSmallIntegerField(_("duur (minuten)"))

    class Meta:
        verbose_name = _("plek")
        verbose_name_plural = _("plekken")
        ordering = ["sessie", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["sessie", "volgorde"], name="slot_volgorde_uniek")
        ]

    def __str__(self):
        return f"{self.sessie_id}#{self.volgorde} {self.begintijd:%H:%M}"


class OverlegType(models.TextChoices):
    START = "start", _("Start-MDO")
    VERVOLG = "vervolg", _("Vervolg-MDO")
    EVALUATIE = "evaluatie", _("Evaluatie-MDO")
    SPOED = "spoed", _("Spoed-MDO")


class OverlegStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    GEOPEND = "geopend", _("Geopend")
    GEHOUDEN = "gehouden", _("Gehouden")


class Casusoverleg(models.Model):
    """One MDO of a casus on a session: in a slot, or over capacity (spoed, with a reason).

    `versie` guards the minutes: a save names the version it started from, and a save from an
    older version is refused (optimistic locking). `ave_niveau` is the level agreed here; the
    casus carries the current one, the MDO's value stays as history.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="overleggen")
    sessie = models.ForeignKey(Sessie, on_delete=models.PROTECT, related_name="overleggen")
    slot = models.OneToOneField(
        Slot, on_delete=models.PROTECT, null=True, blank=True, related_name="overleg"
    )
    type = models.CharField(_("soort overleg"), max_length=20, choices=OverlegType.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=OverlegStatus.choices, default=OverlegStatus.GEPLAND
    )
    begint_op = models.DateTimeField(_("begint op"))
    eindigt_op = models.DateTimeField(_("eindigt op"))
    boven_capaciteit = models.BooleanField(_("boven de capaciteit"), default=False)
    reden_boven_capaciteit = EncryptedTextField(_("reden boven de capaciteit"))
    verslag = EncryptedTextField(_("verslag"))
    versie = models.PositiveIntegerField(_("versie van het verslag"), default=0)
    ave_niveau = models.PositiveSmallIntegerField(
        _("afgesproken AVE-niveau"), choices=AveNiveau.choices, null=True, blank=True
    )
    volgend_mdo_op = models.DateField(_("datum volgend MDO"), null=True, blank=True)
    gepland_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    gepland_op = models.DateTimeField(_("gepland op"), auto_now_add=True)

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        indexes = [
            models.Index(fields=["sessie", "begint_op"], name="overleg_sessie_tijd"),
            models.Index(fields=["casus", "begint_op"], name="overleg_casus_tijd"),
            # Monitoring: the house's planned MDO's from now on, in the worklist's order.
            models.Index(
                fields=["zvh", "begint_op", "id"],
                condition=models.Q(status="gepland"),
                name="overleg_gepland_tijd",
            ),
            # Monitoring, casussen without a next MDO: each open casus probes its planned
            # MDO's from now on, from the index alone.
            models.Index(
                fields=["casus", "begint_op"],
                condition=models.Q(status="gepland"),
                name="overleg_gepland_per_casus",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sessie", "casus"], name="overleg_casus_eens_per_sessie"
            ),
            models.CheckConstraint(
                condition=models.Q(slot__isnull=False) | models.Q(boven_capaciteit=True),
                name="overleg_slot_of_boven_capaciteit",
            ),
        ]

    def __str__(self):
        return _("Casusoverleg %(pk)s") % {"pk": self.pk}

    @property
    def audit_casus_id(self):
        return str(self.casus_id)


class Aanwezigheid(models.TextChoices):
    ONBEKEND = "onbekend", _("Nog niet vastgelegd")
    AANWEZIG = "aanwezig", _("Aanwezig")
    AFWEZIG = "afwezig", _("Afwezig")
    AFGEMELD = "afgemeld", _("Afgemeld")


class Uitnodiging(models.Model):
    """An organisation invited to an MDO, with the professionals it sends (name and function,
    never a betrokkene). `incidenteel`: the organisation had no current partnership with a
    signed privacy protocol in this house when it was invited."""

    casusoverleg = models.ForeignKey(
        Casusoverleg, on_delete=models.CASCADE, related_name="uitnodigingen"
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    genodigden = models.TextField(_("genodigden (naam en functie)"), max_length=1000, blank=True)
    incidenteel = models.BooleanField(_("incidentele partner"), default=False)
    aanwezigheid = models.CharField(
        _("aanwezigheid"),
        max_length=20,
        choices=Aanwezigheid.choices,
        default=Aanwezigheid.ONBEKEND,
    )

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["casusoverleg", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["casusoverleg", "organisatie"], name="uitnodiging_eens_per_organisatie"
            )
        ]
        indexes = [models.Index(fields=["organisatie", "casusoverleg"], name="uitnodiging_org")]

    def __str__(self):
        return f"{self.organisatie_id} → {self.casusoverleg_id}"


class Geheimhoudingsverklaring(models.Model):
    """A signed confidentiality declaration of an incidentele partner, recorded by the
    procesregisseur: for one MDO, or (`casusoverleg` empty) for every MDO of the casus."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey(
        Casus, on_delete=models.PROTECT, related_name="geheimhoudingsverklaringen"
    )
    casusoverleg = models.ForeignKey(
        Casusoverleg,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="geheimhoudingsverklaringen",
    )
    naam_ondertekenaar = models.CharField(_("naam ondertekenaar"), max_length=200)
    getekend_op = models.DateField(_("getekend op"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("geheimhoudingsverklaring")
        verbose_name_plural = _("geheimhoudingsverklaringen")
        indexes = [
            models.Index(fields=["organisatie", "casus"], name="verklaring_org_casus"),
        ]

    def __str__(self):
        return f"{self.organisatie_id} / {self.casus_id}"


class Besluit(models.Model):
    """A decision of an MDO with the organisation that owns it (an invited one)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    casusoverleg = models.ForeignKey(
        Casusoverleg, on_delete=models.CASCADE, related_name="besluiten"
    )
    tekst = EncryptedTextField(_("besluit"))
    eigenaar = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar")
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["casusoverleg", "vastgelegd_op"]

    def __str__(self):
        return _("Besluit %(pk)s") % {"pk": self.pk}
