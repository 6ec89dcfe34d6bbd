"""Referrals (aanmeldingen), the criteria they are triaged against, and triage decisions."""

import json
import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casus.models import LEEFGEBIEDEN_ZRM, Jaarteller
from casus.models.persoon import RelatieType
from core.bsn import Bsn
from core.crypto import naam_index
from core.fields import EncryptedTextField
from partners.models import Organisatie, Zvh

if TYPE_CHECKING:
    from casus.models import Persoon

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
    omschrijving = models.TextField(_("omschrijving"), max_length=1_000)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("regionaal criterium")
        verbose_name_plural = _("regionale criteria")
        ordering = ["volgorde", "pk"]

    def __str__(self):
        return self.omschrijving[:80]


# The referral describes its problems on the 13 ZRM life domains, the same codes and labels as
# the information answers of a casus (one list, kept in casus).
LEEFGEBIEDEN = LEEFGEBIEDEN_ZRM


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend, wacht op triage")
    MEER_INFORMATIE = "meer_informatie", _("Meer informatie gevraagd")
    TER_BEVESTIGING = "ter_bevestiging", _("Acceptatie wacht op tweede procesregisseur")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


# States in which the referral waits for a procesregisseur (the triage queue).
IN_TRIAGE = (Status.INGEDIEND, Status.TER_BEVESTIGING)


class Afwijsreden(models.Model):
    """A configurable reason to decline a referral (lokaal oppakken, andere overlegtafel, ...)."""

    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="afwijsredenen")
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("afwijsreden")
        verbose_name_plural = _("afwijsredenen")
        ordering = ["volgorde", "pk"]

    def __str__(self):
        return self.omschrijving


class TriageInstelling(models.Model):
    """Per-house triage settings."""

    zvh = models.OneToOneField(Zvh, on_delete=models.CASCADE, related_name="triage_instelling")
    vier_ogen = models.BooleanField(
        _("acceptatie door een tweede procesregisseur laten bevestigen"), default=False
    )

    class Meta:
        verbose_name = _("triage-instelling")
        verbose_name_plural = _("triage-instellingen")

    def __str__(self):
        return str(self.zvh)


class Aanmelding(models.Model):
    """A referral. A draft until submitted; then only supplemented, never edited by the referrer.

    Free text that may carry sensitive content is encrypted; the UUID key exists before the
    INSERT so that each ciphertext is bound to this row.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    zvh = models.ForeignKey(Zvh, on_delete=models.PROTECT, related_name="aanmeldingen")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="aanmeldingen"
    )
    aangemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="aanmeldingen"
    )
    # A number to say on the phone, per house and year: A-2026-0042 (aanmelding.nummering).
    nummer = models.CharField(_("aanmeldingsnummer"), max_length=20, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    personen: "models.ManyToManyField[Persoon, AanmeldingPersoon]" = models.ManyToManyField(
        "casus.Persoon", through="AanmeldingPersoon", related_name="aanmeldingen"
    )
    telefonisch = models.BooleanField(_("telefonische aanmelding"), default=False)

    reden = EncryptedTextField(_("reden van aanmelding"))
    problemen = EncryptedTextField(_("problemen per leefgebied"))
    betrokken_organisaties = models.ManyToManyField(
        Organisatie,
        blank=True,
        related_name="+",
        verbose_name=_("betrokken organisaties"),
    )
    betrokken_partners = EncryptedTextField(_("contactpersonen bij betrokken partners"))
    geprobeerd = EncryptedTextField(_("wat is al geprobeerd"))

    wgs_a = models.BooleanField(_("criterium a"), null=True, blank=True)
    wgs_a_motivatie = EncryptedTextField(_("motivatie criterium a"))
    wgs_b = models.BooleanField(_("criterium b"), null=True, blank=True)
    wgs_b_motivatie = EncryptedTextField(_("motivatie criterium b"))
    wgs_c = models.BooleanField(_("criterium c"), null=True, blank=True)
    wgs_c_motivatie = EncryptedTextField(_("motivatie criterium c"))
    wgs_d = models.BooleanField(_("criterium d"), null=True, blank=True)
    wgs_d_motivatie = EncryptedTextField(_("motivatie criterium d"))

    spoed = models.BooleanField(_("spoed"), default=False)
    spoed_reden = EncryptedTextField(_("reden voor spoed"))

    melder_naam = models.CharField(_("naam aanmelder"), max_length=200, blank=True)
    melder_telefoon = models.CharField(_("telefoon aanmelder"), max_length=40, blank=True)
    melder_email = models.EmailField(_("e-mail aanmelder"), blank=True)

    persoon_geinformeerd = models.BooleanField(
        _("is de persoon geïnformeerd over de aanmelding?"), null=True, blank=True
    )
    geinformeerd_op = models.DateField(_("geïnformeerd op"), null=True, blank=True)
    niet_geinformeerd_reden = EncryptedTextField(_("reden om niet te informeren"))

    # Set once, when the draft is created (a default, not auto_now_add, so that imported and
    # demo referrals keep their own moment); never after `ingediend_op` (constraint below).
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    besloten_op = models.DateTimeField(_("besloten op"), null=True, blank=True)
    casus = models.OneToOneField(
        "casus.Casus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmelding",
    )

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        indexes = [
            # The triage queue, in its own order, over the waiting referrals only: page 1 and
            # deep pages are read from the index instead of sorting every waiting referral.
            models.Index(
                "zvh",
                models.F("spoed").desc(),
                "ingediend_op",
                "id",
                name="aanm_triage",
                condition=models.Q(status__in=[s.value for s in IN_TRIAGE]),
            ),
            models.Index(fields=["organisatie", "zvh", "-aangemaakt_op", "-id"], name="aanm_mijn"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["zvh", "nummer"],
                condition=~models.Q(nummer=""),
                name="aanmeldingsnummer_uniek",
            ),
            models.CheckConstraint(
                condition=models.Q(ingediend_op__isnull=True)
                | models.Q(ingediend_op__gte=models.F("aangemaakt_op")),
                name="ingediend_na_aangemaakt",
                violation_error_message=_("Een aanmelding is niet ingediend voordat zij bestond."),
            ),
        ]

    def __str__(self):
        if self.nummer:
            return _("Aanmelding %(nummer)s") % {"nummer": self.nummer}
        return _("Aanmelding van %(datum)s") % {"datum": self.aangemaakt_op.date()}

    @property
    def problemen_per_leefgebied(self):
        """{code: text} of the life domains the referrer described."""
        if not self.problemen:
            return {}
        return json.loads(self.problemen)

    @problemen_per_leefgebied.setter
    def problemen_per_leefgebied(self, value):
        filled = {code: text for code, text in value.items() if text and text.strip()}
        self.problemen = json.dumps(filled, ensure_ascii=False) if filled else ""

    def leefgebieden(self):
        """[(label, text)] in the standard order, only the described ones."""
        data = self.problemen_per_leefgebied
        return [(label, data[code]) for code, label in LEEFGEBIEDEN if code in data]

    def zelfbeoordeling(self):
        """[(letter, criterion text, answer, motivation)] of the referrer's WGS self-assessment."""
        return [
            (
                letter,
                text,
                getattr(self, f"wgs_{letter}"),
                getattr(self, f"wgs_{letter}_motivatie"),
            )
            for letter, text in WGS_CRITERIA
        ]

    @property
    def leeftijd_dagen(self):
        start = self.ingediend_op or self.aangemaakt_op
        return (timezone.now() - start).days

    @property
    def personen_geordend(self):
        """The referral's persons (AanmeldingPersoon: what the referrer entered) in the order
        they were added (uses the selectors' prefetch)."""
        return list(self.aanmeldingpersoon_set.all())

    @property
    def audit_pseudoniem(self):
        """The first person's pseudonym; views log every person through `personen`."""
        personen = self.personen_geordend
        return personen[0].audit_pseudoniem if personen else ""

    @property
    def audit_casus_id(self):
        return str(self.casus_id) if self.casus_id is not None else None


class AanmeldingTeller(Jaarteller):
    """The last aanmeldingsnummer handed out per house and year."""

    class Meta:
        verbose_name = _("aanmeldingsteller")
        verbose_name_plural = _("aanmeldingstellers")
        constraints = [
            models.UniqueConstraint(fields=["zvh", "jaar"], name="aanmeldingsteller_uniek")
        ]


class AanmeldingPersoon(models.Model):
    """A person as the referrer entered it, stored with the referral (encrypted).

    The referrer never learns whether the house already knows the person: what it typed is
    kept here, not looked up. The procesregisseur sees the possible matches at triage (exact
    BSN through `bsn_index`, name and date of birth through `naam_index`) and, at acceptance,
    links the person to one of them or registers it as new (`persoon`, empty until then;
    referrals from before this model set it when the person was added). `sleutel` is the
    pseudonym ("p-<sleutel>") of a person entered without a BSN, and the key of its
    registration when it is registered as new, so the audit rows keep naming the same person.
    """

    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE)
    persoon = models.ForeignKey("casus.Persoon", on_delete=models.PROTECT, null=True, blank=True)
    volgorde = models.PositiveSmallIntegerField(default=0)
    sleutel = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bsn = EncryptedTextField(_("BSN"))
    # NULL (not "") when there is no BSN, as on Persoon.
    bsn_index = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    voornamen = EncryptedTextField(_("voornamen"))
    achternaam = EncryptedTextField(_("achternaam"))
    geboortedatum = EncryptedTextField(_("geboortedatum"))  # ISO date (YYYY-MM-DD) or empty
    naam_index = models.CharField(max_length=64, blank=True, editable=False)
    adres = EncryptedTextField(_("straat en huisnummer"))
    postcode = EncryptedTextField(_("postcode"))
    woonplaats = EncryptedTextField(_("woonplaats"))
    telefoon = EncryptedTextField(_("telefoon"))
    email = EncryptedTextField(_("e-mail"))
    relatie = models.CharField(
        _("relatie tot de eerste persoon"), max_length=20, choices=RelatieType.choices, blank=True
    )

    class Meta:
        verbose_name = _("persoon in aanmelding")
        verbose_name_plural = _("personen in aanmelding")
        ordering = ["volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["aanmelding", "persoon"], name="persoon_eenmaal"),
            models.UniqueConstraint(
                fields=["aanmelding", "bsn_index"],
                condition=models.Q(bsn_index__isnull=False),
                name="aanmelding_bsn_eenmaal",
            ),
        ]
        indexes = [
            models.Index(fields=["bsn_index"], name="aanm_persoon_bsn"),
        ]

    def __str__(self):
        return f"{self.aanmelding_id} – {self.audit_pseudoniem}"

    def save(self, *args, **kwargs):
        bsn = Bsn.of_leeg(self.bsn)
        self.bsn = bsn.cijfers if bsn is not None else ""
        self.bsn_index = bsn.blind_index() if bsn is not None else None
        self.naam_index = (
            naam_index(self.voornamen, self.achternaam, self.geboortedatum_als_datum)
            if self.ingevoerd
            else ""
        )
        if self.pk is not None:
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "bsn_index", "naam_index"}
            super().save(*args, **kwargs)
            return
        # The ciphertexts are bound to the row's key (`table|column|pk`), which this table
        # gets from the database: insert without them, then seal them under the new key.
        sealed = {f.attname: getattr(self, f.attname) for f in _encrypted_fields(self)}
        for name in sealed:
            setattr(self, name, "")
        super().save(*args, **kwargs)
        if any(sealed.values()):
            for name, value in sealed.items():
                setattr(self, name, value)
            super().save(update_fields=list(sealed))

    @property
    def ingevoerd(self):
        """Whether the referrer's own entry is stored (not so for referrals from before)."""
        return bool((self.voornamen or "").strip() or (self.achternaam or "").strip())

    @property
    def geboortedatum_als_datum(self):
        return date.fromisoformat(self.geboortedatum) if self.geboortedatum else None

    @property
    def naam(self):
        if not self.ingevoerd and self.persoon is not None:
            return self.persoon.naam
        return " ".join(p for p in (self.voornamen, self.achternaam) if p) or "—"

    @property
    def audit_pseudoniem(self):
        """The linked registration's pseudonym; before linking the BSN's blind index (the
        same as the registration's) or "p-<sleutel>"."""
        persoon = self.persoon if self.persoon_id is not None else None
        if persoon is not None:
            return persoon.audit_pseudoniem
        return self.bsn_index or f"p-{self.sleutel}"

    @property
    def getoond(self):
        """What a page shows of this person: the referrer's entry, or for a referral from
        before the entries were stored, its linked registration."""
        if not self.ingevoerd and self.persoon is not None:
            return self.persoon
        return _Invoer(self)

    def gegevens(self):
        """The entry as the casus services take it to register a person."""
        return {
            "bsn": self.bsn,
            "voornamen": self.voornamen,
            "achternaam": self.achternaam,
            "geboortedatum": self.geboortedatum_als_datum,
            "adres": self.adres,
            "postcode": self.postcode,
            "woonplaats": self.woonplaats,
            "telefoon": self.telefoon,
            "email": self.email,
        }


class _Invoer:
    """The referrer's entry with the attributes a person page uses (a date of birth as date)."""

    def __init__(self, link):
        self.naam = link.naam
        self.bsn = link.bsn
        self.geboortedatum = link.geboortedatum_als_datum
        self.adres, self.postcode, self.woonplaats = link.adres, link.postcode, link.woonplaats
        self.telefoon, self.email = link.telefoon, link.email


def _encrypted_fields(instance):
    return [f for f in instance._meta.concrete_fields if isinstance(f, EncryptedTextField)]


class Aanvulling(models.Model):
    """A supplement to a submitted referral (the referral itself is no longer editable)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    aanmelding = models.ForeignKey(
        Aanmelding, on_delete=models.CASCADE, related_name="aanvullingen"
    )
    tekst = EncryptedTextField(_("aanvulling"), blank=False)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanvulling")
        verbose_name_plural = _("aanvullingen")
        ordering = ["op"]

    def __str__(self):
        return f"{self.aanmelding_id} – {self.op}"


class Informatieverzoek(models.Model):
    """A procesregisseur's question back to the referrer, and the referrer's answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    aanmelding = models.ForeignKey(
        Aanmelding, on_delete=models.CASCADE, related_name="informatieverzoeken"
    )
    vraag = EncryptedTextField(_("vraag"), blank=False)
    gesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    gesteld_op = models.DateTimeField(auto_now_add=True)
    antwoord = EncryptedTextField(_("antwoord"))
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    beantwoord_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("informatieverzoek")
        verbose_name_plural = _("informatieverzoeken")
        ordering = ["gesteld_op"]

    def __str__(self):
        return f"{self.aanmelding_id} – {self.gesteld_op}"


class Besluit(models.TextChoices):
    ACCEPTEREN = "accepteren", _("Accepteren: er wordt een casus geopend")
    AFWIJZEN = "afwijzen", _("Afwijzen")
    MEER_INFORMATIE = "meer_informatie", _("Meer informatie vragen aan de aanmelder")


class Triagebesluit(models.Model):
    """The triage of one referral: the criteria judged, the decision and its reasons."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    aanmelding = models.ForeignKey(
        Aanmelding, on_delete=models.PROTECT, related_name="triagebesluiten"
    )
    besluit = models.CharField(_("besluit"), max_length=20, choices=Besluit.choices)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(auto_now_add=True)
    themas = models.ManyToManyField("casus.Thema", blank=True, related_name="+")
    ave_niveau = models.PositiveSmallIntegerField(_("AVE-niveau"), null=True, blank=True)
    afwijsreden = models.ForeignKey(
        Afwijsreden, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bericht = EncryptedTextField(_("bericht aan de aanmelder"))
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    backup_procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    bevestigd_op = models.DateTimeField(null=True, blank=True)
    # At acceptance: the organisations named in the referral that take part in the casus.
    deelnemers = models.ManyToManyField(
        Organisatie, blank=True, related_name="+", verbose_name=_("deelnemende organisaties")
    )

    class Meta:
        verbose_name = _("triagebesluit")
        verbose_name_plural = _("triagebesluiten")
        ordering = ["op"]

    def __str__(self):
        return f"{self.aanmelding_id} – {self.besluit}"


class CriteriumOordeel(models.Model):
    """Yes/no with a written motivation for one WGS or regional criterion."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    triagebesluit = models.ForeignKey(
        Triagebesluit, on_delete=models.CASCADE, related_name="oordelen"
    )
    wgs_criterium = models.CharField(max_length=1, blank=True)
    regionaal_criterium = models.ForeignKey(
        RegionaalCriterium, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    voldaan = models.BooleanField()
    motivatie = EncryptedTextField(_("motivatie"), blank=False)

    class Meta:
        verbose_name = _("oordeel over een criterium")
        verbose_name_plural = _("oordelen over criteria")
        ordering = ["wgs_criterium", "regionaal_criterium__volgorde"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(wgs_criterium__in=["a", "b", "c", "d"], regionaal_criterium=None)
                    | models.Q(wgs_criterium="", regionaal_criterium__isnull=False)
                ),
                name="oordeel_wgs_of_regionaal",
            )
        ]

    def __str__(self):
        return f"{self.wgs_criterium or self.regionaal_criterium_id}: {self.voldaan}"
