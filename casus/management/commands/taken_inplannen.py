"""Enqueue the periodic background jobs (casus.tasks.PERIODIEK) for the worker.

Run by a timer (deploy/systemd/casus-taken.timer) and once by `make demo`. A job that still
waits in the queue is not enqueued again, so a stopped worker does not come back to a pile of
identical runs; running this on several machines is harmless (the jobs are idempotent).
"""

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from casus.tasks import PERIODIEK


class Command(BaseCommand):
    help = "Zet de periodieke achtergrondtaken (achterstand melden, notificaties mailen) klaar."

    def handle(self, *args, **options):
        for taak in PERIODIEK:
            if DBTaskResult.objects.ready().filter(task_path=taak.module_path).exists():
                self._zeg(options, f"{taak.name}: wacht al in de wachtrij")
                continue
            taak.enqueue()
            self._zeg(options, f"{taak.name}: ingepland")

    def _zeg(self, options, tekst):
        if options["verbosity"] >= 1:
            self.stdout.write(tekst)
