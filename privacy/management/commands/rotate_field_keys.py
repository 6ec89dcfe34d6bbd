"""Re-encrypt every encrypted field still sealed with an older key, after a key change.

Set the new key as FIELD_ENCRYPTION_KEY and keep the old one in FIELD_ENCRYPTION_OLD_KEYS, run
this command, then remove the old key. Rows are locked and rewritten in small transactions.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from audit import events, log
from core.actor import machine_actor
from core.crypto import needs_rotation
from core.fields import EncryptedTextField, Sealed


def encrypted_models():
    """[(model, [encrypted fields])] of every installed model with encrypted fields."""
    result = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            result.append((model, fields))
    return result


def rotate_model(model, fields, batch=500):
    """Rewrite the rows of `model` with a field sealed by an older key; returns how many."""
    rewritten = 0
    last = None
    while True:
        # Keyset batches: memory stays flat however many rows the table holds.
        page = model._base_manager.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        pks = list(page.values_list("pk", flat=True)[:batch])
        if not pks:
            break
        last = pks[-1]
        with transaction.atomic():
            for obj in model._base_manager.select_for_update().filter(pk__in=pks):
                stale = [
                    f.attname
                    for f in fields
                    if isinstance(obj.__dict__.get(f.attname), Sealed)
                    and needs_rotation(obj.__dict__[f.attname])
                ]
                if stale:
                    for name in stale:
                        getattr(obj, name)  # opens the old ciphertext
                    obj.save(update_fields=stale)
                    rewritten += 1
    return rewritten


class Command(BaseCommand):
    help = "Versleutelt velden die nog met een oude sleutel zijn versleuteld opnieuw."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, batch, **options):
        actor = machine_actor("commando:rotate_field_keys", doel="sleutelrotatie")
        for model, fields in encrypted_models():
            count = rotate_model(model, fields, batch=batch)
            with transaction.atomic():
                log.system(
                    actor=actor,
                    event=events.VELDSLEUTEL_GEROTEERD,
                    object_type=model._meta.label_lower,
                    detail=f"{count} rijen opnieuw versleuteld",
                )
            self.stdout.write(f"{model._meta.label}: {count} rijen opnieuw versleuteld")
