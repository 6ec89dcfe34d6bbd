"""Reads of persons and casussen, narrowed to what the actor may see (the policy's list form)."""

import uuid

from django.db.models import CharField, Exists, OuterRef, Prefetch, Value
from django.db.models.functions import Cast, Concat, Replace

from core import policy
from partners.models import Partnerschap, partner_met_protocol

from .models import Casus, CasusGroupObjectPermission, Deelnemer, Persoon, PersoonRelatie


def persoon_voor(actor, pk):
    """One person of the actor's house with its relations, if the actor may open it."""
    return (
        policy.visible(actor, "persoon.bekijken", Persoon.objects.filter(pk=pk))
        .select_related("aangemaakt_door")
        .prefetch_related(
            Prefetch("relaties_van", queryset=PersoonRelatie.objects.select_related("naar")),
            Prefetch("relaties_naar", queryset=PersoonRelatie.objects.select_related("van")),
        )
        .first()
    )


def casus_voor(actor, pk):
    """One casus with everything its page shows, if the actor may open it."""
    return (
        policy.visible(actor, "casus.bekijken", Casus.objects.filter(pk=pk))
        .select_related("procesregisseur", "backup_procesregisseur")
        .prefetch_related(
            "themas",
            # In the order of registration: meeting mode numbers the persons in this order.
            Prefetch("personen", queryset=Persoon.objects.order_by("aangemaakt_op", "pk")),
            Prefetch("deelnemers", queryset=deelnemers_gemarkeerd()),
        )
        .first()
    )


def deelnemers_gemarkeerd():
    """Deelnemers with their organisation, by name, each marked `incidenteel` when the
    organisation has no full partnership (privacy protocol signed) with the casus's house."""
    volwaardig = Partnerschap.objects.filter(
        partner_met_protocol(),
        zvh_id=OuterRef("casus__zvh_id"),
        organisatie_id=OuterRef("organisatie_id"),
    )
    return (
        Deelnemer.objects.select_related("organisatie")
        .annotate(incidenteel=~Exists(volwaardig))
        .order_by("organisatie__naam")
    )


def casussen_van_persoon(actor, persoon):
    """The casussen of a person that the actor may see, newest first."""
    return policy.visible(actor, "casus.bekijken", Casus.objects.filter(personen=persoon)).order_by(
        "-geopend_op"
    )


def casussen_van_personen(actor, personen):
    """The casussen the actor may see of any of these persons (a queryset of Persoon pks)."""
    return (
        policy.visible(actor, "casus.bekijken", Casus.objects.filter(personen__in=personen))
        .distinct()
        .order_by("-geopend_op")
    )


def deelname_drift():
    """Casussen where membership and grant disagree: [(casus id, organisation id, what)].

    A `Deelnemer` without the view grant to its organisation's group, or a grant without a
    `Deelnemer`. Both must be empty; the services write them together.
    """
    grant = CasusGroupObjectPermission.objects.filter(
        content_object_id=OuterRef("casus_id"),
        group__organisatie__id=OuterRef("organisatie_id"),
        permission__codename="view_casus",
    )
    zonder_grant = [
        (casus_id, organisatie_id, "deelnemer zonder recht")
        for casus_id, organisatie_id in Deelnemer.objects.filter(~Exists(grant)).values_list(
            "casus_id", "organisatie_id"
        )
    ]
    deelnemer = Deelnemer.objects.filter(
        casus_id=OuterRef("content_object_id"),
        organisatie__groep_id=OuterRef("group_id"),
    )
    zonder_deelnemer = [
        (casus_id, organisatie_id, "recht zonder deelnemer")
        for casus_id, organisatie_id in CasusGroupObjectPermission.objects.filter(
            ~Exists(deelnemer), permission__codename="view_casus"
        ).values_list("content_object_id", "group__organisatie__id")
    ]
    return sorted(zonder_grant + zonder_deelnemer, key=str)


def _no_hyphens(expression):
    return Replace(expression, Value("-"), Value(""))


def persoon_pseudoniem_matches(zvh_id, pseudoniem):
    """Persons of the house matched to an audit row's pseudonym, one queryset per form.

    A person is named by either form of its pseudonym (`Persoon.audit_pseudoniem`): the BSN
    blind index, or "p-<uuid>", which is also how rows written before a BSN was known name the
    person. The UUID is compared without hyphens: PostgreSQL casts a uuid to text with
    hyphens, SQLite stores 32 hex digits. Each is an equality without OR, so that PostgreSQL
    plans the audit signal as an anti-join rather than a subquery per row.
    """
    uuid_vorm = Concat(Value("p"), _no_hyphens(Cast("pk", output_field=CharField())))
    personen = Persoon.objects.filter(zvh_id=zvh_id).alias(uuid_vorm=uuid_vorm)
    return [
        personen.filter(bsn_index=pseudoniem),
        personen.filter(uuid_vorm=_no_hyphens(pseudoniem)),
    ]


def audit_persoon_naam(zvh_id, pseudoniem):
    """The display name of the person of house `zvh_id` an audit pseudonym stands for (the
    BSN blind index, or "p-<uuid>"), decrypted; None when the house has no such person."""
    if pseudoniem.startswith("p-"):
        try:
            match = Persoon.objects.filter(pk=uuid.UUID(pseudoniem[2:]))
        except ValueError:
            return None
    else:
        match = Persoon.objects.filter(bsn_index=pseudoniem)
    persoon = match.filter(zvh_id=zvh_id).only("voornamen", "achternaam").first()
    return persoon.naam if persoon is not None else None


def audit_relaties(zvh_id, organisatie, pseudoniem):
    """Exists() conditions for the audit signals: the row's organisation is a deelnemer of a
    casus of this house with the row's person."""
    return [
        Exists(
            personen.filter(
                casussen__zvh_id=zvh_id, casussen__deelnemers__organisatie_id=organisatie
            )
        )
        for personen in persoon_pseudoniem_matches(zvh_id, pseudoniem)
    ]
