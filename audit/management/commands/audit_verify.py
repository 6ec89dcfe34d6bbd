"""manage.py audit_verify: check the audit chains; exit non-zero on any break, gap or truncation."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit import changes, checkpoints
from audit.recorder import chain_for
from audit.verify import MAX_BREAKS, verify


def _positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = _("Controleert de hashketens van het auditlog en meldt elke gebroken regel.")

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--zvh", type=int, help=_("Alleen de keten van dit huis (id)."))
        scope.add_argument("--chain", help=_("Alleen deze keten (bijv. zvh:3 of systeem)."))
        parser.add_argument(
            "--from-checkpoint",
            dest="from_checkpoint",
            help=_("Begin bij dit checkpointbestand in plaats van bij het begin van de keten."),
        )
        parser.add_argument(
            "--max-fouten",
            dest="max_fouten",
            type=_positive,
            default=MAX_BREAKS,
            help=_("Stop per keten na zoveel gebroken regels (standaard %(default)s)."),
        )

    def _changes(self, max_fouten):
        """The change entries (django-auditlog) against the chained rows that cover them."""
        result = changes.verify_changes(max_breaks=max_fouten)
        if result.ok:
            self.stdout.write(
                _(
                    "wijzigingslog: %(covered)s regels gedekt door de keten, %(before)s van "
                    "vóór de koppeling of uit verwijderde maanden"
                )
                % {"covered": result.covered, "before": result.before_chain}
            )
            return []
        for problem in result.breaks:
            self.stderr.write(_("GEBROKEN: %(fout)s") % {"fout": problem})
        if result.capped:
            self.stderr.write(
                _("wijzigingslog: na %(n)s fouten gestopt; er kunnen er meer zijn (--max-fouten).")
                % {"n": len(result.breaks)}
            )
        return [result]

    def handle(
        self, *args, zvh=None, chain=None, from_checkpoint=None, max_fouten=MAX_BREAKS, **options
    ):
        chains = None
        if zvh is not None:
            chains = [chain_for(zvh)]
        elif chain:
            chains = [chain]
        try:
            results = verify(
                chains=chains, from_checkpoint_path=from_checkpoint, max_breaks=max_fouten
            )
        except checkpoints.CheckpointError as exc:
            raise CommandError(_("Checkpoint onbruikbaar: %(fout)s") % {"fout": exc}) from exc
        broken: list = []
        for result in results:
            if result.ok:
                self.stdout.write(
                    _("keten %(keten)s: %(rows)s regels in orde (t/m seq %(head)s)")
                    % {"keten": result.chain, "rows": result.rows, "head": result.head_seq}
                )
                continue
            broken.append(result)
            for problem in result.breaks:
                self.stderr.write(_("GEBROKEN: %(fout)s") % {"fout": problem})
            if result.capped:
                self.stderr.write(
                    _(
                        "keten %(keten)s: na %(n)s fouten gestopt; er kunnen er meer zijn "
                        "(--max-fouten)."
                    )
                    % {"keten": result.chain, "n": len(result.breaks)}
                )
        if not results:
            self.stdout.write(_("Geen ketens gevonden."))
        if chains is None and from_checkpoint is None:
            broken += self._changes(max_fouten)
        if broken:
            raise CommandError(
                _(
                    "Auditlog niet intact: %(n)s keten(s) gebroken, %(fouten)s fout(en); "
                    "eerste: %(eerste)s"
                )
                % {
                    "n": len(broken),
                    "fouten": sum(len(r.breaks) for r in broken),
                    "eerste": broken[0].breaks[0],
                }
            )
