from django.core.management.commands.migrate import Command as MigrateCommand

from core.dblock import migration_lock


class Command(MigrateCommand):
    help = (
        "Django's migrate, one host at a time: on PostgreSQL it first waits for a database lock, so a second "
        "host deploying at once runs after the first and finds nothing left to do. Takes migrate's options."
    )

    def handle(self, *args, **options):
        with migration_lock(options["database"]):
            return super().handle(*args, **options)
