from django.core.management.base import BaseCommand

from training_log.models import IMPORT_STOPPED_AFTER
from training_log.transfer.services import (
    UNCONFIRMED_IMPORT_LIFETIME,
    purge_stopped_imports,
    purge_unconfirmed_imports,
)


class Command(BaseCommand):
    help = (
        f"Delete uploaded imports nobody confirmed within {UNCONFIRMED_IMPORT_LIFETIME.days} day, and end the "
        f"imports that stopped (no progress for {IMPORT_STOPPED_AFTER.seconds // 60} minutes: their worker died) "
        "and their tasks. Run daily."
    )

    def handle(self, *args, **options):
        count = purge_unconfirmed_imports()
        self.stdout.write(f"Removed {count} unconfirmed import{'' if count == 1 else 's'}.")
        count = purge_stopped_imports()
        self.stdout.write(f"Ended {count} stopped import{'' if count == 1 else 's'}.")
