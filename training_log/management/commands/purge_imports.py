from django.core.management.base import BaseCommand

from training_log.transfer.services import UNCONFIRMED_IMPORT_LIFETIME, purge_unconfirmed_imports


class Command(BaseCommand):
    help = f"Delete uploaded imports nobody confirmed within {UNCONFIRMED_IMPORT_LIFETIME.days} day. Run daily."

    def handle(self, *args, **options):
        count = purge_unconfirmed_imports()
        self.stdout.write(f"Removed {count} unconfirmed import{'' if count == 1 else 's'}.")
