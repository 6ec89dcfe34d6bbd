"""Reads of leefgebied scores and pitches, narrowed by the policy's list form.

Every page here runs a fixed number of queries however many rounds or versions there are:
the rounds with their scores (and sources) come in two queries, a pitch with its facts in two.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects

from core import policy
from partners.models import Organisatie

from .models import (
    Casus,
    Leefgebied,
    Persoon,
    Pitch,
    PitchFeit,
    Schaalwaarde,
    Score,
    Scoreformulier,
)


def casus_voor_scores(actor, pk):
    """The casus, if the actor may score its persons and write its pitch (house staff)."""
    return (
        policy.visible(actor, "casus.scoren", Casus.objects.filter(pk=pk))
        .prefetch_related("personen", "deelnemers__organisatie")
        .first()
    )


def persoon_van_casus(casus, persoon_pk):
    """A person of this casus (from the prefetched persons), or None."""
    return next((p for p in casus.personen.all() if p.pk == persoon_pk), None)


def leefgebieden(zvh_id):
    return list(Leefgebied.objects.filter(zvh_id=zvh_id, actief=True))


def schaal(zvh_id):
    return list(Schaalwaarde.objects.filter(zvh_id=zvh_id))


# A long history shows the trend of this many latest rounds and the details of fewer; every
# other round is one click away (`ronde`), so the page stays fast however many rounds there are.
TREND_RONDES = 12
DETAIL_RONDES = 6


def _datum(d):
    """A date as the pages show it in tables (7-3-2026), without a template filter per cell."""
    return f"{d.day}-{d.month}-{d.year}"


@dataclass
class Historie:
    """A person's score rounds in a casus, oldest first (`rondes`); the rounds whose scores
    were loaded (`getoond`, oldest first), and per domain its score in each of those."""

    rondes: list[Scoreformulier]
    getoond: list[Scoreformulier]
    gekozen: Scoreformulier | None
    rijen: list[tuple[Leefgebied, list[Score | None]]] = field(default_factory=list)

    @property
    def eerdere(self):
        """The rounds before those in the trend, newest first (links to their details)."""
        getoond = {r.pk for r in self.getoond}
        return [r for r in reversed(self.rondes) if r.pk not in getoond]

    def trend(self, *, niet_gescoord, niet_actueel):
        """Per domain its name and one (text, muted) cell per round shown, oldest first: the
        text precomputed here, since a template tag per cell dominates a long history."""
        return [
            (
                gebied.naam,
                [
                    (niet_gescoord, True)
                    if s is None
                    else (
                        f"{s.waarde} ({niet_actueel})" if s.niet_actueel else str(s.waarde),
                        False,
                    )
                    for s in cellen
                ],
            )
            for gebied, cellen in self.rijen
        ]

    def details(self, *, huis):
        """The rounds shown in detail, newest first: the chosen one, else the latest
        DETAIL_RONDES. Per round (round, date text, rows of (domain, value, motivation,
        source, information date text, niet actueel)); only these motivations are decrypted."""
        volgorde = {g.pk: i for i, (g, _c) in enumerate(self.rijen)}
        rondes = [self.gekozen] if self.gekozen else list(reversed(self.getoond))[:DETAIL_RONDES]
        return [
            (
                ronde,
                ronde.datum_tekst,
                [
                    (
                        s.leefgebied.naam if s.leefgebied else "",
                        s.waarde,
                        s.motivatie,
                        s.bron_organisatie.naam if s.bron_organisatie else huis,
                        _datum(s.informatie_datum),
                        s.niet_actueel,
                    )
                    for s in sorted(
                        ronde.scores.all(), key=lambda s: volgorde.get(s.leefgebied_id, 999)
                    )
                ],
            )
            for ronde in rondes
        ]

    def laatste(self):
        """Per domain code its latest score in the rounds loaded (all of them for the form)."""
        return {
            gebied.code: next((s for s in reversed(cellen) if s), None)
            for gebied, cellen in self.rijen
        }


def score_historie(
    actor, casus: Casus, persoon: Persoon, gebieden, *, ronde_id=None, alle=False
) -> Historie:
    """The rounds of `persoon` in `casus` the actor may see, with the scores of the latest
    TREND_RONDES (of every round when `alle`) and of the round `ronde_id` if asked for.

    Three queries whatever the number of rounds: the rounds, their scores, and (only when a
    source no longer takes part) its organisation; the other sources are named from the
    casus's prefetched deelnemers instead of a join per score.
    """
    rondes = list(
        policy.visible(
            actor,
            "scores.bekijken",
            Scoreformulier.objects.filter(casus=casus, persoon=persoon),
        )
        .select_related("ingevuld_door")
        .order_by("datum", "ingevuld_op")
    )
    getoond = rondes if alle else rondes[-TREND_RONDES:]
    gekozen = next((r for r in rondes if ronde_id is not None and str(r.pk) == ronde_id), None)
    te_laden = [*getoond, *([gekozen] if gekozen is not None and gekozen not in getoond else [])]
    prefetch_related_objects(te_laden, Prefetch("scores", queryset=Score.objects.all()))
    organisaties = {d.organisatie_id: d.organisatie for d in casus.deelnemers.all()}
    scores = [score for ronde in te_laden for score in ronde.scores.all()]
    ontbrekend = {s.bron_organisatie_id for s in scores} - set(organisaties) - {None}
    if ontbrekend:
        organisaties.update(Organisatie.objects.in_bulk(ontbrekend))
    namen = {g.pk: g for g in gebieden}
    for ronde in rondes:
        ronde.datum_tekst = _datum(ronde.datum)
    for ronde in te_laden:
        for score in ronde.scores.all():
            # Without a query per score: its round (for niet_actueel), domain and source.
            score.formulier = ronde
            score.leefgebied = namen.get(score.leefgebied_id)
            if score.bron_organisatie_id is not None:
                score.bron_organisatie = organisaties[score.bron_organisatie_id]
    per_ronde = [{s.leefgebied_id: s for s in ronde.scores.all()} for ronde in getoond]
    rijen = [(g, [scores.get(g.pk) for scores in per_ronde]) for g in gebieden]
    return Historie(rondes=rondes, getoond=getoond, gekozen=gekozen, rijen=rijen)


def _pitch_queryset(actor, casus):
    return (
        policy.visible(actor, "pitch.bekijken", Pitch.objects.filter(casus=casus))
        .select_related("opgesteld_door", "gereed_door")
        .prefetch_related(
            Prefetch(
                "feiten",
                queryset=PitchFeit.objects.select_related("leefgebied").order_by(
                    "leefgebied__volgorde", "leefgebied__code"
                ),
            )
        )
        .order_by("-versie")
    )


def laatste_pitch(actor, casus):
    """The latest version the actor may see: for house staff the latest saved (perhaps not
    yet gereed), for a deelnemer the latest gereed one; None when there is none."""
    return _pitch_queryset(actor, casus).first()


def laatste_gereed_pitch(actor, casus):
    """The latest version marked gereed that the actor may see (what the MDO shows)."""
    return _pitch_queryset(actor, casus).filter(gereed_op__isnull=False).first()


def pitch_versies(actor, casus):
    """Every version the actor may see, newest first: who saved it when, and whether it is
    gereed (the text itself is not read)."""
    return (
        policy.visible(actor, "pitch.bekijken", Pitch.objects.filter(casus=casus))
        .select_related("opgesteld_door", "gereed_door")
        .only(
            "id",
            "casus_id",
            "zvh_id",
            "versie",
            "opgesteld_op",
            "gereed_op",
            "opgesteld_door__first_name",
            "opgesteld_door__last_name",
            "opgesteld_door__username",
            "gereed_door__first_name",
            "gereed_door__last_name",
            "gereed_door__username",
        )
        .order_by("-versie")
    )
