"""manage.py audit_retentie: checkpoint, then remove whole months older than the retention."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from audit import retention


class Command(BaseCommand):
    help = _(
        "Verwijdert hele maanden auditregels ouder dan AUDIT_RETENTION_DAYS, na een checkpoint. "
        "Draait in productie onder de eigenaarsrol van de database."
    )

    def handle(self, *args, **options):
        checkpoint, removals = retention.remove_expired()
        self.stdout.write(_("Checkpoint geschreven: %(pad)s") % {"pad": checkpoint})
        self.stdout.write(
            _("Verwijderd vóór %(grens)s:") % {"grens": retention.cutoff().date().isoformat()}
        )
        for removal in removals:
            self.stdout.write(
                _("keten %(keten)s: %(n)s regels t/m seq %(seq)s")
                % {"keten": removal.chain, "n": removal.rows, "seq": removal.through_seq}
            )
        if not removals:
            self.stdout.write(_("Niets verlopen."))
