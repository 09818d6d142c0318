from django.core.management.base import BaseCommand

from accounts.models import UNCONFIRMED_LIFETIME
from accounts.services import purge_unconfirmed


class Command(BaseCommand):
    help = f"Delete sign-ups whose e-mail address was not confirmed within {UNCONFIRMED_LIFETIME.days} days. Run daily."

    def handle(self, *args, **options):
        count = purge_unconfirmed()
        self.stdout.write(f"Removed {count} unconfirmed account{'' if count == 1 else 's'}.")
