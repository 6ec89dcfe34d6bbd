"""Reads of referrals, narrowed by the policy's list form to what the actor may see."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Cast, Concat, Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casus.models import Persoon
from casus.selectors import persoon_pseudoniem_matches
from core import policy
from core.fields import opened
from core.pagination import ordering
from core.roles import Rol
from partners.models import Partnerschap, RolToewijzing, partner_met_protocol

from .models import (
    IN_TRIAGE,
    Aanmelding,
    AanmeldingPersoon,
    Afwijsreden,
    Informatieverzoek,
    RegionaalCriterium,
    Status,
    Triagebesluit,
    TriageInstelling,
)

User = get_user_model()


# What a list shows of a referral's person: its name and its pseudonym for the audit row
# (the referrer's entry, or the linked registration's for a referral from before the entries).
_NAAM_EN_PSEUDONIEM = (
    "aanmelding_id",
    "volgorde",
    "sleutel",
    "bsn_index",
    "voornamen",
    "achternaam",
    "persoon__zvh",
    "persoon__bsn_index",
    "persoon__voornamen",
    "persoon__achternaam",
)


def _met_personen(queryset, *, alleen_namen=False):
    """`queryset` with each referral's persons in order, and their linked registrations with
    their creators (which the policy "persoon.details" reads). `alleen_namen`: only what a
    list shows of them (names and pseudonyms), no addresses, contact details or creators."""
    if alleen_namen:
        links = AanmeldingPersoon.objects.select_related("persoon").only(*_NAAM_EN_PSEUDONIEM)
    else:
        links = AanmeldingPersoon.objects.select_related("persoon__aangemaakt_door")
    return queryset.prefetch_related(
        Prefetch("aanmeldingpersoon_set", queryset=links.order_by("volgorde"))
    )


# The worklists' orders, ending in the key; each has an index in the same order (see models).
TRIAGE_VOLGORDE = [("spoed", True), ("ingediend_op", False), ("id", False)]
MIJN_VOLGORDE = [("aangemaakt_op", True), ("id", True)]


def _wachtend(actor):
    return policy.visible(
        actor, "triage.werkvoorraad", Aanmelding.objects.filter(status__in=IN_TRIAGE)
    )


def triage_werkvoorraad(actor):
    """Referrals waiting for triage in the actor's house: spoed first, then the oldest first."""
    return _met_personen(
        _wachtend(actor).select_related("organisatie").order_by(*ordering(TRIAGE_VOLGORDE)),
        alleen_namen=True,
    )


# What a row of the triage queue shows of a referral; its persons: `getoonde_personen`.
TRIAGE_KOLOMMEN = (
    "id",
    "nummer",
    "spoed",
    "status",
    "ingediend_op",
    "aangemaakt_op",
    "organisatie__naam",
)


def triage_werkvoorraad_waarden(actor, *, nummer=""):
    """The triage queue in its order as plain values, one dict of TRIAGE_KOLOMMEN per
    referral: a page is built from tuples, not from fifty referrals, their organisations and
    a hundred persons as model instances. `nummer` keeps the referral with that number."""
    queryset = _wachtend(actor)
    if nummer:
        queryset = queryset.filter(nummer=nummer)
    return queryset.order_by(*ordering(TRIAGE_VOLGORDE)).values(*TRIAGE_KOLOMMEN)


@dataclass(frozen=True)
class GetoondePersoon:
    """A referral's person as a worklist shows it: its name and the pseudonym the page's audit
    row lists (the same as AanmeldingPersoon.naam and .audit_pseudoniem). `volledig`: whether
    the actor may see it in full (see `getoonde_personen`)."""

    naam: str
    audit_pseudoniem: str
    volledig: bool = True


_GETOOND = (
    "aanmelding_id",
    "id",
    "sleutel",
    "bsn_index",
    "voornamen",
    "achternaam",
    "persoon_id",
    "persoon__bsn_index",
    "persoon__voornamen",
    "persoon__achternaam",
)


def getoonde_personen(aanmelding_ids, *, actor=None):
    """{referral id: [GetoondePersoon, ...] in the order they were added} for the referrals
    `aanmelding_ids`, in one query of plain values: the referrer's entry, or for a referral
    from before the entries were stored its linked registration's name. Only names and
    pseudonyms are read; the names are decrypted here, as the instances would on access.

    With `actor`, a person without an entry is `volledig` only when the actor may see its
    linked registration's details (policy "persoon.details", its list form in the same
    query); a person with an entry always is."""
    per_aanmelding: dict = {pk: [] for pk in aanmelding_ids}
    links = AanmeldingPersoon.objects.filter(aanmelding_id__in=per_aanmelding).order_by(
        "volgorde", "pk"
    )
    if actor is not None:
        details = policy.visible(
            actor, "persoon.details", Persoon.objects.filter(pk=OuterRef("persoon_id"))
        )
        links = links.annotate(details=Exists(details))
    else:
        links = links.annotate(details=Value(True))
    rows: Any = links.values_list(*_GETOOND, "details")
    for row in rows:
        aanmelding_id, pk, sleutel, bsn_index, voor, achter, p_pk, p_bsn, p_voor, p_achter = row[
            :-1
        ]
        voornamen = opened(AanmeldingPersoon, "voornamen", pk, voor)
        achternaam = opened(AanmeldingPersoon, "achternaam", pk, achter)
        ingevoerd = bool(voornamen.strip() or achternaam.strip())
        volledig = ingevoerd or row[-1]
        if not ingevoerd and p_pk is not None:
            voornamen = opened(Persoon, "voornamen", p_pk, p_voor)
            achternaam = opened(Persoon, "achternaam", p_pk, p_achter)
        # Persoon.audit_pseudoniem of the linked registration, else AanmeldingPersoon's own.
        linked = p_pk is not None
        pseudoniem = (p_bsn or f"p-{p_pk}") if linked else (bsn_index or f"p-{sleutel}")
        naam = " ".join(part for part in (voornamen, achternaam) if part) or "—"
        per_aanmelding[aanmelding_id].append(GetoondePersoon(naam, pseudoniem, volledig))
    return per_aanmelding


# What a row of "mijn aanmeldingen" shows of a referral; its persons: `getoonde_personen`.
MIJN_KOLOMMEN = (
    "id",
    "nummer",
    "spoed",
    "status",
    "aangemaakt_op",
    "aangemeld_door__first_name",
    "aangemeld_door__last_name",
    "aangemeld_door__username",
)


def mijn_aanmeldingen_waarden(actor):
    """ "Mijn aanmeldingen" in its order as plain values, one dict of MIJN_KOLOMMEN each."""
    return (
        policy.visible(actor, "aanmelding.mijn", Aanmelding.objects.all())
        .order_by(*ordering(MIJN_VOLGORDE))
        .values(*MIJN_KOLOMMEN)
    )


def aanmelding_in_zvh(zvh, pk):
    """One referral of `zvh` with everything its detail page shows, or None."""
    return (
        _met_personen(Aanmelding.objects.filter(zvh=zvh, pk=pk))
        .select_related("organisatie", "aangemeld_door", "casus")
        .prefetch_related(
            "aanvullingen",
            "betrokken_organisaties",
            Prefetch(
                "informatieverzoeken",
                queryset=Informatieverzoek.objects.order_by("gesteld_op"),
            ),
            Prefetch(
                "triagebesluiten",
                queryset=Triagebesluit.objects.select_related("afwijsreden", "door")
                .prefetch_related("oordelen__regionaal_criterium", "themas")
                .order_by("op"),
            ),
        )
        .first()
    )


@dataclass(frozen=True)
class MogelijkePersoon:
    """A registration of the house that may be a referral person, and why."""

    persoon: Persoon
    op_bsn: bool
    op_naam: bool
    gekoppeld: bool

    @property
    def reden(self):
        if self.op_bsn:
            return _("zelfde BSN")
        if self.op_naam:
            return _("zelfde naam en geboortedatum")
        return _("gekoppeld")


def mogelijke_personen(aanmelding):
    """{AanmeldingPersoon pk: [MogelijkePersoon]}: per referral person the registrations of
    the house with the same BSN (blind index) or the same name and date of birth (its blind
    index), and the one it is linked to. One query. For the procesregisseur at triage only:
    the caller records the read of these persons."""
    links = aanmelding.personen_geordend
    bsns = {link.bsn_index for link in links if link.bsn_index}
    namen = {link.naam_index for link in links if link.naam_index}
    gekoppeld = {link.persoon_id for link in links if link.persoon_id}
    gevonden = list(
        Persoon.objects.filter(zvh_id=aanmelding.zvh_id)
        .filter(Q(bsn_index__in=bsns) | Q(naam_index__in=namen) | Q(pk__in=gekoppeld))
        .order_by("aangemaakt_op", "pk")
    )
    result = {}
    for link in links:
        matches = []
        for persoon in gevonden:
            op_bsn = bool(link.bsn_index) and persoon.bsn_index == link.bsn_index
            op_naam = bool(link.naam_index) and persoon.naam_index == link.naam_index
            is_link = persoon.pk == link.persoon_id
            if op_bsn or op_naam or is_link:
                matches.append(MogelijkePersoon(persoon, op_bsn, op_naam, is_link))
        # An exact BSN match first: it is the same person.
        result[link.pk] = sorted(matches, key=lambda m: (not m.op_bsn, not m.gekoppeld))
    return result


def eerdere_aanmeldingen(actor, aanmelding, personen):
    """Other submitted referrals of the actor's house that involve one of `personen` (the
    referral's possible registrations) or a person entered with one of the same BSNs."""
    bsns = AanmeldingPersoon.objects.filter(aanmelding=aanmelding, bsn_index__isnull=False).values(
        "bsn_index"
    )
    zelfde_persoon = AanmeldingPersoon.objects.filter(aanmelding=OuterRef("pk")).filter(
        Q(persoon__in=personen) | Q(bsn_index__in=bsns)
    )
    andere = Aanmelding.objects.exclude(pk=aanmelding.pk).filter(Exists(zelfde_persoon))
    return (
        policy.visible(actor, "triage.besluiten", andere)
        .select_related("organisatie")
        .order_by("-ingediend_op")
    )


def procesregisseurs(zvh_id):
    rol = RolToewijzing.objects.filter(
        medewerker=OuterRef("pk"), zvh_id=zvh_id, rol=Rol.PROCESREGISSEUR
    )
    return User.objects.filter(Exists(rol), is_active=True).order_by("last_name", "first_name")


def genoemde_organisaties(zvh_id, aanmelding):
    """The active organisations the referral names as involved, without the referrer itself
    and without those whose partnership with the house ended, each with `is_partner` (a full
    partnership with the house), by name."""
    volwaardig = Partnerschap.objects.filter(
        partner_met_protocol(), zvh_id=zvh_id, organisatie=OuterRef("pk")
    )
    beeindigd = Partnerschap.objects.filter(
        zvh_id=zvh_id, organisatie=OuterRef("pk"), beeindigd_op__lte=timezone.localdate()
    )
    return (
        aanmelding.betrokken_organisaties.exclude(pk=aanmelding.organisatie_id)
        .filter(actief=True)
        .exclude(Exists(beeindigd))
        .annotate(is_partner=Exists(volwaardig))
        .order_by("naam")
    )


def regionale_criteria(zvh_id):
    return RegionaalCriterium.objects.filter(zvh_id=zvh_id, actief=True).order_by("volgorde", "pk")


def triage_instelling(zvh_id):
    """The house's triage settings (four-eyes), or None while it has not set them."""
    return TriageInstelling.objects.filter(zvh_id=zvh_id).first()


def afwijsredenen(zvh_id):
    return Afwijsreden.objects.filter(zvh_id=zvh_id, actief=True).order_by("volgorde", "pk")


def aanmeldingen_van_persoon(actor, persoon):
    """The submitted referrals of a person that the actor may triage, newest first."""
    ingediend = Aanmelding.objects.filter(aanmeldingpersoon__persoon=persoon).exclude(
        status=Status.CONCEPT
    )
    return (
        policy.visible(actor, "triage.besluiten", ingediend)
        .select_related("organisatie")
        .order_by("-ingediend_op")
    )


def _no_hyphens(expression):
    return Replace(expression, Value("-"), Value(""))


def audit_relaties(zvh_id, organisatie, pseudoniem):
    """Exists() conditions for the audit signals: the row's organisation referred an
    aanmelding of this house with the row's person: the person as entered (by the BSN's blind
    index or "p-<sleutel>") or its linked registration (see `casus.selectors.audit_relaties`)."""
    verwezen = AanmeldingPersoon.objects.filter(
        aanmelding__zvh_id=zvh_id, aanmelding__organisatie_id=organisatie
    )
    sleutel_vorm = Concat(Value("p"), _no_hyphens(Cast("sleutel", output_field=CharField())))
    return [
        Exists(verwezen.filter(bsn_index=pseudoniem)),
        Exists(
            verwezen.alias(sleutel_vorm=sleutel_vorm).filter(sleutel_vorm=_no_hyphens(pseudoniem))
        ),
        *[
            Exists(
                personen.filter(
                    aanmeldingen__zvh_id=zvh_id, aanmeldingen__organisatie_id=organisatie
                )
            )
            for personen in persoon_pseudoniem_matches(zvh_id, pseudoniem)
        ],
    ]


def persoon_verwijzingen(actor, persoon):
    """Links to a person's referrals, for the person page (registered with casus)."""
    return [
        {
            "url": reverse("aanmelding:triage", args=[a.pk]),
            "tekst": _("Aanmelding van %(datum)s door %(org)s: %(status)s")
            % {
                "datum": date_format(timezone.localtime(a.ingediend_op), "j F Y")
                if a.ingediend_op
                else "—",
                "org": a.organisatie,
                "status": a.get_status_display(),
            },
        }
        for a in aanmeldingen_van_persoon(actor, persoon)[:50]
    ]
