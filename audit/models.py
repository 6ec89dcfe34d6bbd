"""The access log (NEN 7513): one append-only, hash-chained row per access, change or denial."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class PseudoniemLijst(models.TextField):
    """Space-separated pseudonyms of the persons one event showed (empty for one or none).

    `personen__bevat=<pseudonym>` finds the rows that list a person: on PostgreSQL through a
    GIN index on the array of pseudonyms (migration 0006), elsewhere by a delimited LIKE.
    """


@PseudoniemLijst.register_lookup
class Bevat(models.Lookup):
    lookup_name = "bevat"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        sql = f"(' ' || {lhs} || ' ') LIKE ('%% ' || {rhs} || ' %%')"
        return sql, [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # The same expression and predicate as the partial GIN index, so that it is used.
        sql = f"(string_to_array({lhs}, ' ') @> ARRAY[{rhs}]::text[] AND {lhs} <> '')"
        return sql, [*lhs_params, *rhs_params, *lhs_params]


class Action(models.TextChoices):
    CREATE = "create", _("aanmaken")
    READ = "read", _("inzien")
    UPDATE = "update", _("wijzigen")
    DELETE = "delete", _("verwijderen")
    SEARCH = "search", _("zoeken")
    EXPORT = "export", _("exporteren")
    PRINT = "print", _("afdrukken")
    LOGIN = "login", _("inloggen")
    LOGOUT = "logout", _("uitloggen")
    EXECUTE = "execute", _("uitvoeren")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("geslaagd")
    DENIED = "denied", _("geweigerd")
    ERROR = "error", _("fout")


class AccessLog(models.Model):
    """One audit event. Never updated, never deleted (database triggers refuse both)."""

    # No unique index: uuid4 values do not collide, and a random-key index on tens of millions of
    # rows costs every INSERT a cache miss. The id is part of the hashed row.
    event_id = models.UUIDField(_("event-id"), default=uuid.uuid4, editable=False)
    chain = models.CharField(_("keten"), max_length=40)
    seq = models.BigIntegerField(_("volgnummer"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    event_time = models.DateTimeField(_("tijdstip (UTC)"))
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices)
    event_type = models.CharField(_("gebeurtenis"), max_length=60)

    user_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)
    user_display = models.CharField(_("gebruiker"), max_length=200, blank=True)
    organisatie_id = models.BigIntegerField(null=True, blank=True)
    organisatie_naam = models.CharField(_("organisatie"), max_length=200, blank=True)
    rol = models.CharField(_("rol"), max_length=200, blank=True)
    namens = models.CharField(_("namens"), max_length=200, blank=True)
    doel = models.CharField(_("doel (grondslag)"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("netwerkadres"), null=True, blank=True)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)
    zvh_id = models.BigIntegerField(_("zvh"), null=True, blank=True)

    object_type = models.CharField(_("objecttype"), max_length=60, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    # The person the event is about (the first one shown); `personen` lists them all when the
    # event showed several (a list page, a family's referral): one row per event, not per person.
    persoon_pseudoniem = models.CharField(_("persoonspseudoniem"), max_length=64, blank=True)
    personen = PseudoniemLijst(_("getoonde personen"), blank=True, default="", db_default="")
    # The django-auditlog change entries this row covers and their digest (audit.changes):
    # "<id>,<id>,...;<sha256>", empty when it covers none. Hashed with the row.
    wijzigingen = models.TextField(_("wijzigingen"), blank=True, default="", db_default="")
    # Text: a casus UUID, or the integer id of a casus from before the UUID key (migration 0005).
    casus_id = models.CharField(_("casus"), max_length=64, null=True, blank=True)  # noqa: DJ001
    detail = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditregels")
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_uniek"),
        ]
        indexes = [
            models.Index(fields=["user_id", "event_time"], name="audit_gebruiker"),
            # Partial: most rows (logins, lists, beheer) concern no person or casus, and an
            # index they do not enter costs their INSERT nothing.
            models.Index(
                fields=["persoon_pseudoniem", "event_time"],
                name="audit_persoon",
                condition=~models.Q(persoon_pseudoniem=""),
            ),
            # Every review query is within one house; (event_time, id) is the keyset order.
            models.Index(fields=["zvh_id", "event_time", "id"], name="audit_zvh_tijd"),
            models.Index(
                fields=["casus_id", "event_time"],
                name="audit_casus",
                condition=models.Q(casus_id__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.chain}#{self.seq} {self.event_type}"

    @property
    def getoonde_personen(self):
        """Every pseudonym this row names: the person it is about and the persons listed."""
        listed = self.personen.split() if self.personen else []
        first = [self.persoon_pseudoniem] if self.persoon_pseudoniem else []
        return list(dict.fromkeys(first + listed))


class GetoondPersoon(models.Model):
    """One person one audit row shows: a read-only database view (migration 0008) that
    unfolds `personen` (or the row's single `persoon_pseudoniem`) into one line per person, so
    that the signals count every person a list page showed, not only its first."""

    pk = models.CompositePrimaryKey("log", "pseudoniem")
    log = models.ForeignKey(AccessLog, on_delete=models.DO_NOTHING, related_name="getoond")
    pseudoniem = models.CharField(max_length=64)

    class Meta:
        managed = False
        db_table = "audit_getoond_persoon"

    def __str__(self):
        return f"{self.log_id} {self.pseudoniem}"


def over_persoon(pseudoniem):
    """Q: the row is about this person or lists it among the persons it showed."""
    return models.Q(persoon_pseudoniem=pseudoniem) | models.Q(personen__bevat=pseudoniem)
