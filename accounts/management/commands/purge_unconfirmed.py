from django.core.management.base import BaseCommand

from accounts.deletion import resume_deletions
from accounts.models import UNCONFIRMED_LIFETIME
from accounts.services import purge_unconfirmed


class Command(BaseCommand):
    help = (
        f"Delete sign-ups whose e-mail address was not confirmed within {UNCONFIRMED_LIFETIME.days} days, and "
        "hand account deletions whose worker died to a new task. Run daily."
    )

    def handle(self, *args, **options):
        count = purge_unconfirmed()
        self.stdout.write(f"Removed {count} unconfirmed account{'' if count == 1 else 's'}.")
        count = resume_deletions()
        if count:
            self.stdout.write(f"Resumed {count} account deletion{'' if count == 1 else 's'}.")
