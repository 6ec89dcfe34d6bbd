"""manage.py audit_verify: check the audit chains; exit non-zero on any break, gap or truncation."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit import checkpoints
from audit.recorder import chain_for
from audit.verify import verify


class Command(BaseCommand):
    help = _("Controleert de hashketens van het auditlog en meldt de eerste gebroken regel.")

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--zvh", type=int, help=_("Alleen de keten van dit huis (id)."))
        scope.add_argument("--chain", help=_("Alleen deze keten (bijv. zvh:3 of systeem)."))
        parser.add_argument(
            "--from-checkpoint",
            dest="from_checkpoint",
            help=_("Begin bij dit checkpointbestand in plaats van bij het begin van de keten."),
        )

    def handle(self, *args, zvh=None, chain=None, from_checkpoint=None, **options):
        chains = None
        if zvh is not None:
            chains = [chain_for(zvh)]
        elif chain:
            chains = [chain]
        try:
            results = verify(chains=chains, from_checkpoint_path=from_checkpoint)
        except checkpoints.CheckpointError as exc:
            raise CommandError(_("Checkpoint onbruikbaar: %(fout)s") % {"fout": exc}) from exc
        broken = []
        for result in results:
            if result.ok:
                self.stdout.write(
                    _("keten %(keten)s: %(rows)s regels in orde (t/m seq %(head)s)")
                    % {"keten": result.chain, "rows": result.rows, "head": result.head_seq}
                )
            else:
                broken.extend(result.breaks)
        if not results:
            self.stdout.write(_("Geen ketens gevonden."))
        if broken:
            for problem in broken:
                self.stderr.write(_("GEBROKEN: %(fout)s") % {"fout": problem})
            raise CommandError(
                _("Auditlog niet intact: %(n)s keten(s) gebroken; eerste: %(eerste)s")
                % {"n": len(broken), "eerste": broken[0]}
            )
