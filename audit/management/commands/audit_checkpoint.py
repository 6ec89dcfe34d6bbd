"""manage.py audit_checkpoint: write a signed checkpoint of every chain's head.

Run on a schedule (every 5 minutes: deploy/systemd/casus-audit-checkpoint.timer). When no
chain moved since the newest checkpoint, nothing is written: running it twice is harmless.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit import checkpoints


class Command(BaseCommand):
    help = _(
        "Schrijft een ondertekend checkpoint (keten, seq, hash, tijd) naar AUDIT_CHECKPOINT_DIR, "
        "tenzij geen keten veranderde sinds het nieuwste checkpoint."
    )

    def handle(self, *args, **options):
        try:
            path, entries, written = checkpoints.write_checkpoint_if_changed()
        except checkpoints.CheckpointError as exc:
            raise CommandError(
                _("Het nieuwste checkpoint is onbruikbaar: %(fout)s") % {"fout": exc}
            ) from exc
        for chain, (seq, _hash) in sorted(entries.items()):
            self.stdout.write(_("keten %(keten)s: seq %(seq)s") % {"keten": chain, "seq": seq})
        if written:
            self.stdout.write(_("Checkpoint geschreven: %(pad)s") % {"pad": path})
        else:
            self.stdout.write(
                _("Geen keten veranderd sinds %(pad)s; geen nieuw checkpoint.") % {"pad": path}
            )
