"""manage.py audit_checkpoint: write a signed checkpoint of every chain's head."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from audit import checkpoints


class Command(BaseCommand):
    help = _(
        "Schrijft een ondertekend checkpoint (keten, seq, hash, tijd) naar AUDIT_CHECKPOINT_DIR."
    )

    def handle(self, *args, **options):
        path, entries = checkpoints.write_checkpoint()
        for chain, (seq, _hash) in sorted(entries.items()):
            self.stdout.write(_("keten %(keten)s: seq %(seq)s") % {"keten": chain, "seq": seq})
        self.stdout.write(_("Checkpoint geschreven: %(pad)s") % {"pad": path})
